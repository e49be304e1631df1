"""The dashboard's Import page, through Streamlit's AppTest: an upload is read from memory, so
its name, whatever folders it names, writes nothing anywhere and leaves nothing behind; it is
the same source as the file given to `securebase import`; and a calendar is refused on the page
with the command line's words."""

import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from cli.base import application_for, view_for
from cli.main import app as cli_app
from domain.commands import JoinMember
from importers.jsonl import export
from services.bootstrap import build_app
from tests.conftest import add_team
from tests.e2e.conftest import add_user

APP = str(Path(__file__).parents[2] / "dashboard" / "streamlit_app.py")
FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"
JOINED = date.today() - timedelta(days=400)
LOG = b"date,activity,people\n2026-03-02,check in,Sam Patel\n2026-03-03,debrief,Jo Okoro\n"


@pytest.fixture
def store(sqlite_url, tmp_path, monkeypatch):
    """North Team, ann to sign in, and a temporary folder of the test's own, to see what is left in it."""
    monkeypatch.setenv("SECUREBASE_DB_URL", sqlite_url)
    monkeypatch.setenv("SECUREBASE_USER", "ann")
    app = build_app(sqlite_url)
    ids = add_team(app, "North Team", ("Sam Patel", JOINED), ("Zoë Lambert", JOINED), ("José Núñez", JOINED))
    app.join_member(JoinMember.parse(team_id=ids["team"], name="Jo Okoro", email="jo.okoro@example.org",
                                     joined_on=JOINED, by="ann"))
    app.close()
    add_user(sqlite_url, "ann")
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    application_for.cache_clear()
    view_for.cache_clear()
    return tmp_path


def import_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"], at.session_state["seen"] = "ann", time.time()
    at.run()
    return at.switch_page("app_pages/import_records.py").run()


def upload(name: str, data: bytes) -> AppTest:
    at = import_page()
    at.file_uploader[0].set_value((name, data, "application/octet-stream")).run()
    assert not at.exception, at.exception
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


@pytest.mark.parametrize("name", ["../../evil.csv", "/tmp/evil.csv", "..\\..\\evil.csv", "ABSOLUTE"])
def test_an_upload_writes_no_file_wherever_its_name_points_and_leaves_none_behind(store, name):
    name = str(store / "evil.csv") if name == "ABSOLUTE" else name
    before = set(Path("/tmp").glob("evil.csv"))
    at = upload(name, LOG)
    assert metrics(at)["New entries"] == "2"
    at.button[0].click().run()
    assert "added 2" in at.success[0].value
    assert not list(store.rglob("evil.csv")) and set(Path("/tmp").glob("evil.csv")) == before
    assert not list((store / "tmp").iterdir())  # the upload was never on disk: nothing to outlive the import


def test_an_upload_is_the_same_source_as_the_file_on_disk(store):
    result = CliRunner().invoke(cli_app, ["import", str(FIXTURES / "supervision_log.csv"), "--team", "North Team"])
    assert "added 6, 0 already imported" in result.output, result.output
    at = upload("C:\\Users\\ann\\supervision_log.csv", (FIXTURES / "supervision_log.csv").read_bytes())
    assert metrics(at) == {"New entries": "0", "Already imported": "6", "Duplicate rows": "0",
                            "Rows with problems": "0"}


def test_a_calendar_past_its_caps_is_refused_in_the_page_as_on_the_command_line(store):
    """One code path: the page's preview and `securebase import` refuse it with the same line."""
    start = f"{date.today() - timedelta(days=3):%Y%m%d}T090000Z"
    data = (f"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:every-minute@example.org\r\n"
            f"SUMMARY:Check-in ![x](https://evil.example/x.png)\r\nDTSTART:{start}\r\nRRULE:FREQ=MINUTELY\r\n"
            f"END:VEVENT\r\nEND:VCALENDAR\r\n").encode()
    (store / "team.ics").write_bytes(data)
    result = CliRunner().invoke(cli_app, ["import", str(store / "team.ics"), "--team", "North Team"])
    assert result.exit_code == 1
    refusal = result.output.strip().removeprefix("error: ")
    assert refusal.startswith("file 'team.ics': event 'Check-in ![x](https://evil.example/x.png)' (UID "
                              "'every-minute@example.org') takes the calendar past 1,000 times between"), refusal
    at = upload("team.ics", data)
    [shown] = [error.value for error in at.error]
    assert "\\!\\[x\\]\\(https" in shown  # the title's Markdown image is text, loading nothing
    assert shown.replace("\\", "") == refusal and not at.metric


def test_a_manager_replays_an_export_on_the_page_and_a_supervisor_is_refused(store, sqlite_url, tmp_path):
    other = f"sqlite:///{tmp_path / 'other.db'}"
    source = build_app(other)
    add_team(source, "South Team", ("Ann Lee", JOINED))
    with (tmp_path / "everything.jsonl").open("w", encoding="utf-8") as out:
        count = export(source, out)
    source.close()
    data = (tmp_path / "everything.jsonl").read_bytes()
    at = upload("everything.jsonl", data)
    at.button[0].click().run()
    assert at.success[0].value == f"Applied {count} events; 0 were already here."
    app = build_app(sqlite_url)
    north = app.team_named("North Team").id
    app.close()
    add_user(sqlite_url, "bea", "supervisor", (north,))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"], at.session_state["seen"] = "bea", time.time()
    at.run()
    at = at.switch_page("app_pages/import_records.py").run()
    at.file_uploader[0].set_value(("everything.jsonl", data, "application/octet-stream")).run()
    at.button[0].click().run()
    assert [e.value.replace("\\", "") for e in at.error] == [
        "user 'bea': as a supervisor may not manage users and teams, or erase or export a person"]


def test_a_mapping_file_uploaded_beside_a_log_names_its_columns(store):
    data = "When it happened,What we did,Who\n2026-03-02,reflective space,Sam Patel\n".encode()
    at = upload("our_log.csv", data)
    assert "no header row names a date" in at.error[0].value
    at.file_uploader[1].set_value(("mapping.toml", (FIXTURES / "mapping.toml").read_bytes(), "text/plain")).run()
    assert metrics(at)["New entries"] == "1"
    at.file_uploader[1].set_value(("mapping.toml", b"[columns\n", "text/plain")).run()
    assert at.error[0].value.replace("\\", "").startswith("mapping 'mapping.toml': is not a readable TOML file")


def test_the_preview_says_how_many_meetings_were_not_support(store):
    calendar = Path(__file__).parents[1] / "fixtures" / "calendars" / "no_uid.ics"
    at = upload("team.ics", calendar.read_bytes())
    assert [c.value for c in at.caption if "not support" in c.value] == [
        "2 meetings were not support (they name no kind of support, none of the team took part, or they are "
        "still to come): they are passed over."]
