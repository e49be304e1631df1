"""securebase digest and the users' addresses and rhythms, from the command line, against a real
SMTP server in the test process."""

from aiosmtpd.controller import Controller

from bench.browser import free_port
from tests.e2e.conftest import PASSWORD
from tests.integration.test_digest import Inbox


def test_addresses_rhythms_a_dry_run_and_a_run_that_cannot_reach_someone(team, monkeypatch):
    team("log", "difficult_visit", "--team", "North Team", "-m", "Sam Patel", "--note", "SECRET-NOTE")
    team("--as", "boss", "user", "add", "boss", "--role", "manager", "--password", PASSWORD, "--email", "boss@example.org")
    team("--as", "boss", "user", "add", "sue", "--role", "supervisor", "--team", "North Team", "--password",
         PASSWORD, "--email", "sue@example.org")
    team("--as", "sue", "user", "set-digest", "sue", "daily")
    assert "escalated to managers after 10 days" in team("--as", "sue", "rules", "set", "--team", "North Team",
                                                         "--escalate-after", "10").output
    team("--as", "sue", "user", "set-digest", "boss", "off", ok=False)  # only a manager changes someone else's
    listing = team("--as", "boss", "user", "list").output
    assert "digest weekly to boss@example.org" in listing and "digest daily to sue@example.org" in listing

    preview = team("--as", "boss", "digest", "--dry-run").output
    assert "--- to sue <sue@example.org>" in preview and "== North Team ==" in preview
    assert "SECRET-NOTE" not in preview
    team("--as", "sue", "digest", "--dry-run", "--user", "sue")  # one's own preview
    team("--as", "sue", "digest", "--dry-run", ok=False)  # everyone's: managers only

    handler = Inbox()
    handler.refuse.add("sue@example.org")
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        monkeypatch.setenv("SECUREBASE_SMTP_URL", f"smtp://127.0.0.1:{port}")
        monkeypatch.setenv("SECUREBASE_MAIL_FROM", "securebase@example.org")
        failed = team("--as", "boss", "digest", ok=False)
        assert "not reached: sue: refused by the mail server (550" in failed.output
        assert [rcpt for rcpt, _ in handler.messages] == ["boss@example.org"]
        handler.refuse.clear()
        assert "sent 1 digest(s): sue" in team("--as", "boss", "digest").output  # boss's went already
    finally:
        controller.stop()
