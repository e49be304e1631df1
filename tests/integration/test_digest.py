"""The e-mail digest against a real SMTP server in the test process (aiosmtpd), on both backends:
who receives what, links, no notes, nothing sent twice, escalation to the manager once, and a
failed send not recorded and delivered on the next run."""

from datetime import date, datetime, time, timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from bench.browser import free_port
from domain.commands import AddUser, EraseMember, LogSupport, SetDigest, SetEmail, SetEscalation
from services.auth import hash_password
from services.bootstrap import build_app, build_view
from services.digest import send_all
from services.mail import Mailer
from services.reading import Reader
from tests.conftest import add_team
from tests.integration.test_pulse import rows

MONDAY = date(2026, 6, 15)
SECRET = "SECRET-NOTE about a hard week"
HASHED = hash_password("correct horse battery")


class Inbox:
    """An SMTP server's handler that keeps what it is sent and refuses or fails the addresses
    it is told to."""

    def __init__(self):
        self.messages, self.refuse, self.down = [], set(), set()

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: ANN001, ANN201, N802
        if address in self.refuse:
            return "550 5.1.1 no such mailbox here"
        if address in self.down:
            return "421 4.3.2 service not available, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        self.messages.append((envelope.rcpt_tos[0], message_from_bytes(envelope.content, policy=policy.default)))
        return "250 Message accepted"

    def to(self, address: str) -> list:
        return [m for rcpt, m in self.messages if rcpt == address]


@pytest.fixture
def inbox():
    handler, port = Inbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, Mailer(f"smtp://127.0.0.1:{port}", "securebase@example.org")
    controller.stop()


@pytest.fixture
def world(make_app, monkeypatch):
    """North Team (sue supervises; Sam joined with no induction; Jo had a difficult visit 10 days
    ago and another yesterday) and South Team (bob supervises, daily); boss manages."""
    monkeypatch.setenv("SECUREBASE_PUBLIC_URL", "https://securebase.example.org")
    clock = {"now": datetime.combine(MONDAY, time(7))}
    app = make_app(lambda: clock["now"])
    north = add_team(app, "North Team", ("Sam Patel", MONDAY - timedelta(days=30)), ("Jo Okoro", date(2026, 1, 5)))
    south = add_team(app, "South Team", ("Ola Berg", date(2026, 1, 5)))
    for days in (10, 1):
        then = datetime.combine(MONDAY - timedelta(days=days), time(9))
        clock["now"] = then
        app.log_support(LogSupport.parse(team_id=north["team"], kind="difficult_visit", members=[north["Jo Okoro"]],
                                         at=then, note=SECRET, logged_by="boss"))
    clock["now"] = datetime.combine(MONDAY, time(7))
    for name, role, teams in (("boss", "manager", []), ("sue", "supervisor", [north["team"]]),
                              ("bob", "supervisor", [south["team"]])):
        app.add_user(AddUser.parse(name=name, role=role, teams=teams, password_hash=HASHED, by="boss"))
        app.set_email(SetEmail.parse(name=name, email=f"{name}@example.org", by="boss"))
    app.set_digest(SetDigest.parse(name="bob", rhythm="daily", by="bob"))
    return app, build_view(app), clock, north


def run(world, mailer, today: date):  # noqa: ANN001
    app, view, clock, _ = world
    clock["now"] = datetime.combine(today, time(7))
    view.catch_up()
    return send_all(app, view, mailer, today)


def text(message) -> str:  # noqa: ANN001
    return message.get_body(("plain",)).get_content()


def html(message) -> str:  # noqa: ANN001
    return message.get_body(("html",)).get_content()


def test_each_role_hears_what_it_can_act_on_with_links_and_no_notes(world, inbox):
    handler, mailer = inbox
    sent, failed = run(world, mailer, MONDAY)
    assert (sorted(sent), failed) == (["bob", "boss", "sue"], {})
    [sue] = handler.to("sue@example.org")
    body = text(sue)
    assert "== North Team ==" in body and "South Team" not in body
    assert "Falls due in the coming days (https://securebase.example.org/log_support)" in body
    assert f"Jo Okoro, debrief overdue: difficult visit on {MONDAY - timedelta(days=1):%-d %b %Y}" in body
    assert "New gaps since your last digest (https://securebase.example.org/gaps)" in body
    assert f"- Jo Okoro: debrief overdue: difficult visit on {MONDAY - timedelta(days=10):%-d %b %Y}" in body
    assert 'href="https://securebase.example.org/gaps"' in html(sue)
    [boss] = handler.to("boss@example.org")
    assert "== North Team ==" in text(boss) and "== South Team ==" in text(boss)
    assert "Falls due" not in text(boss) and "Escalated" not in text(boss)  # one line per team
    for _, message in handler.messages:  # nothing sensitive leaves by e-mail
        assert "SECRET-NOTE" not in message.as_string()
    app, view, _, north = world
    sends = [(i.by, i.note) for i in Reader(app, view, None).history(Reader.ref(app.team(north["team"])))
             if i.what == "digest sent"]
    assert sorted(sends) == [("boss", "named 0 gap(s)"), ("sue", "named 1 gap(s)")]  # History shows them


def test_nothing_is_sent_twice_and_an_ignored_gap_reaches_the_manager_once(world, inbox):
    handler, mailer = inbox
    app, _, _, north = world
    run(world, mailer, MONDAY)
    assert run(world, mailer, MONDAY) == ([], {})
    assert "sue" not in run(world, mailer, MONDAY + timedelta(days=2))[0]  # weekly: not again this week
    sent, _ = run(world, mailer, MONDAY + timedelta(days=7))
    assert "sue" in sent
    second = text(handler.to("sue@example.org")[-1])
    assert "Still open" in second and "Jo Okoro: debrief overdue" in second.split("Still open")[1]
    assert "Escalated" not in text(handler.to("boss@example.org")[-1])  # told 7 days ago: under 14
    first_visit = f"North Team: Jo Okoro: debrief overdue: difficult visit on {MONDAY - timedelta(days=10):%-d %b %Y}"
    app.set_escalation(SetEscalation.parse(team_id=north["team"], days=10, by="boss"))  # the team's own limit
    app.set_digest(SetDigest.parse(name="boss", rhythm="daily", by="boss"))
    run(world, mailer, MONDAY + timedelta(days=9))
    assert "Escalated" not in text(handler.to("boss@example.org")[-1])  # told 9 days ago
    run(world, mailer, MONDAY + timedelta(days=10))  # 10 days: the team's limit, though under the default 14
    assert first_visit in text(handler.to("boss@example.org")[-1]).split("Escalated to you")[1]
    run(world, mailer, MONDAY + timedelta(days=11))
    assert first_visit not in text(handler.to("boss@example.org")[-1])  # once


def test_a_failed_send_is_not_recorded_and_goes_on_the_next_run(world, inbox):
    handler, mailer = inbox
    handler.refuse.add("sue@example.org")
    handler.down.add("boss@example.org")
    sent, failed = run(world, mailer, MONDAY)
    assert set(failed) == {"sue", "boss"} and "550" in failed["sue"] and "421" in failed["boss"]
    app = world[0]
    assert app.mailbox(app.directory().account("sue").id) is None  # nothing marked sent that was not
    handler.refuse.clear()
    handler.down.clear()
    sent, failed = run(world, mailer, MONDAY + timedelta(days=1))
    assert {"sue", "boss"} <= set(sent) and failed == {}
    assert len(handler.to("sue@example.org")) == 1


def test_an_erased_persons_address_is_gone_with_them(world):
    app, _, _, north = world
    app.add_user(AddUser.parse(name="jo", role="member", teams=[north["team"]], member_id=north["Jo Okoro"],
                               password_hash=HASHED, by="boss"))
    app.set_email(SetEmail.parse(name="jo", email="jo.unmistakable@example.org", by="boss"))
    app.erase_member(EraseMember.parse(team_id=north["team"], member_id=north["Jo Okoro"], by="boss"))
    fresh = build_app(app.env["SQLALCHEMY_URL"])  # a new process reads the log afresh
    assert [a.email for a in fresh.directory().by_id.values() if a.member_id == north["Jo Okoro"]] == [None]
    assert not [row for row in rows(app.env["SQLALCHEMY_URL"]) if "jo.unmistakable" in " ".join(row[1])]
