"""Supervisors' logs as Excel and LibreOffice save them, imported the way the command line and
the Import page import them, on both backends. Every format records the same entries; a row's
entry is named by what the row says, so a renamed copy, an upload or the log in another format
adds nothing, and a copy with one more identical row adds one; a password-protected, damaged or
hostile file is refused in one line and writes nothing. The files are made by
tests/fixtures/spreadsheets/make.py."""

import io
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from cli.base import application_for, view_for
from cli.main import app as cli_app
from domain.commands import CreateTeam, JoinMember
from domain.errors import InvalidInput
from importers.records import Upload
from importers.run import ImportRejected, run_import
from importers.sources import source_for
from importers.tabular import Mapping
from tests.integration.test_import import entries

FIXTURES = Path(__file__).parents[1] / "fixtures" / "spreadsheets"
WORKBOOKS = ["excel_log.xlsx", "strict_log.xlsx", "macro_log.xlsm", "legacy_log.xls", "libreoffice_log.ods"]
LOGS = [*WORKBOOKS, "unicode_text.txt", "windows_1252.csv"]
THE_LOG = [  # what make.py wrote into every one of them: two check-ins with Sam on the 9th
    (datetime(2026, 3, 5, 12), "debrief", ["Sam Patel"], "in_person", "after the visit"),
    (datetime(2026, 3, 6, 14, 30), "welcome", ["Zoë Brontë", "Jo Okoro"], "online", None),
    (datetime(2026, 3, 9, 12), "check_in", ["Sam Patel"], "phone", None),
    (datetime(2026, 3, 9, 12), "check_in", ["Sam Patel"], "phone", None),
    (datetime(2026, 3, 10, 12), "milestone_marked", ["Jo Okoro"], "in_person", "passed – well done"),
    (datetime(2026, 3, 11, 9, 15), "team_meeting", ["Sam Patel", "Zoë Brontë", "Jo Okoro"], "in_person", None),
]
PROTECTED = "is password-protected: save a copy without a password and import that"
DAMAGED = ("cannot be read as a spreadsheet (it may be damaged): open it in Excel or LibreOffice, save a copy as "
           ".xlsx and import that")


@pytest.fixture
def team(app):
    app.create_team(CreateTeam.parse(name="North Team"))
    team_id = app.team_named("North Team").id
    for name, email in [("Sam Patel", None), ("Jo Okoro", "jo.okoro@example.org"), ("Zoë Brontë", None)]:
        app.join_member(JoinMember.parse(team_id=team_id, name=name, email=email, joined_on=date(2026, 1, 5)))
    return team_id


def imported(app, team_id, file):
    return run_import(app, team_id, source_for(file, Mapping()), "ann")


def refusal(app, team_id, file) -> str:
    """The one line an import of `file` is refused with; nothing is written."""
    before = app.recorder.max_notification_id()
    with pytest.raises(InvalidInput) as refused:
        imported(app, team_id, file)
    assert app.recorder.max_notification_id() == before
    assert "\n" not in str(refused.value)
    return str(refused.value)


@pytest.mark.parametrize("name", LOGS)
def test_every_format_records_the_log(app, team, name):
    report = imported(app, team, FIXTURES / name)
    assert (report.added, report.rejected) == (6, [])
    assert sorted(entries(app, team)) == THE_LOG


@pytest.mark.parametrize("name", LOGS)
def test_a_renamed_copy_or_an_upload_of_it_adds_nothing(app, team, name, tmp_path):
    imported(app, team, FIXTURES / name)
    before = app.recorder.max_notification_id()
    # the same file under another name, on disk and uploaded
    copy = shutil.copy(FIXTURES / name, tmp_path / f"log (2){Path(name).suffix}")
    again = imported(app, team, copy)
    uploaded = imported(app, team, Upload(f"C:\\Users\\ann\\Downloads\\log (3){Path(name).suffix}", copy.read_bytes()))
    assert [(r.added, r.already_imported) for r in (again, uploaded)] == [(0, 6), (0, 6)]
    assert app.recorder.max_notification_id() == before


def test_the_log_saved_in_another_format_adds_nothing(app, team):
    reports = [imported(app, team, FIXTURES / name) for name in LOGS]
    assert [r.added for r in reports] == [6] + [0] * (len(LOGS) - 1)
    assert sorted(entries(app, team)) == THE_LOG


def with_one_more_check_in(name: str, tmp_path: Path) -> Path:
    """A copy of the log with a third check-in with Sam on the 9th, typed as the others are."""
    copy = tmp_path / f"log with one more{Path(name).suffix}"
    if name.endswith(".csv"):
        copy.write_bytes((FIXTURES / name).read_bytes() + "09/03/2026;Check-in;Sam Patel;Phone;\r\n".encode("cp1252"))
    else:
        book = load_workbook(FIXTURES / name)
        book.active.append([date(2026, 3, 9), "Check-in", "Sam Patel", "Phone", None])
        book.save(copy)
    return copy


@pytest.mark.parametrize("name", ["excel_log.xlsx", "windows_1252.csv"])
def test_a_copy_with_one_more_identical_row_adds_one(app, team, name, tmp_path):
    imported(app, team, FIXTURES / name)
    report = imported(app, team, with_one_more_check_in(name, tmp_path))
    assert (report.added, report.already_imported) == (1, 6)
    assert [e for e in entries(app, team) if e[1] == "check_in"] == [THE_LOG[2]] * 3


def test_a_row_typed_another_way_is_the_same_row_and_a_changed_row_is_new(app, team, tmp_path):
    imported(app, team, FIXTURES / "windows_1252.csv")
    lines = (FIXTURES / "windows_1252.csv").read_text(encoding="cp1252").splitlines()
    # case, spacing, accents, the people's order, a synonym, the date's form, "face to face" for in person
    lines[1] = "2026-03-05 12:00;  DEBRIEF ;sam  patel;in person;after the visit  "
    lines[6] = '11/03/2026 09:15;huddle;"jo okoro; ZOE BRONTE; Sam Patel";in person;'
    retyped = tmp_path / "retyped.csv"
    retyped.write_text("\r\n".join(lines), encoding="utf-8")
    assert (imported(app, team, retyped).added, len(entries(app, team))) == (0, 6)
    # another day, or another note, is another entry
    lines[1] = "06/03/2026;Debrief after home visit;Sam Patel;Face to face;after the visit"
    lines[5] = "10/03/2026;ASYE passed;jo.okoro@example.org;;passed - well done!"
    changed = tmp_path / "changed.csv"
    changed.write_text("\r\n".join(lines), encoding="utf-8")
    assert imported(app, team, changed).added == 2


@pytest.mark.parametrize("name", ["password_log.xlsx", "password_log.xls", "password_log.ods"])
def test_a_password_protected_file_is_refused_in_one_line(app, team, name):
    assert refusal(app, team, FIXTURES / name) == f"file '{name}': {PROTECTED}"
    assert refusal(app, team, Upload(name, (FIXTURES / name).read_bytes())) == f"file '{name}': {PROTECTED}"
    assert entries(app, team) == []


def test_the_command_line_says_so_in_one_line(db_url, monkeypatch):
    monkeypatch.setenv("SECUREBASE_DB_URL", db_url)
    application_for.cache_clear()
    view_for.cache_clear()
    runner = CliRunner()
    assert runner.invoke(cli_app, ["team", "create", "North Team"]).exit_code == 0
    result = runner.invoke(cli_app, ["import", str(FIXTURES / "password_log.xlsx"), "--team", "North Team"])
    assert (result.exit_code, result.output) == (1, f"error: file 'password_log.xlsx': {PROTECTED}\n")
    application_for(db_url).close()
    application_for.cache_clear()
    view_for.cache_clear()


def wide_xlsx() -> bytes:
    """5 kB whose sheet runs from A1 to XFD1048576: read whole, 17 billion cells. It once ended
    the process that read it."""
    book = Workbook()
    book.active.append(["Date", "Activity", "People"])
    book.active["XFD1048576"] = "x"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


LEGACY = (FIXTURES / "legacy_log.xls").read_bytes()


@pytest.mark.parametrize("name, data, reason", [
    ("log.xlsx", wide_xlsx(), DAMAGED),
    ("log.xls", LEGACY[:3000], DAMAGED),  # cut short
    ("log.xls", LEGACY[:1024] + bytes(len(LEGACY) - 1024), DAMAGED),  # its directory and records lost
    ("log.xlsx", b"PK\x03\x04" + bytes(200), DAMAGED),  # a zip that is not one
    ("log.ods", (FIXTURES / "excel_log.xlsx").read_bytes()[:2000], DAMAGED),
    ("log.xlsx", b"date,activity,people\n05/03/2026,check in,Sam Patel\n",
     "is not a spreadsheet, whatever its name says: open it in Excel or LibreOffice, save a copy as .xlsx and "
     "import that"),
    ("log.csv", b"date,activity,people\n05/03/2026,check in,Sam Patel\x81\n",
     "is not text in UTF-8, UTF-16 or Windows-1252: save it as CSV UTF-8 and import that"),
])
def test_a_damaged_or_hostile_file_is_refused_in_one_line(app, team, name, data, reason):
    assert refusal(app, team, Upload(name, data)) == f"file '{name}': {reason}"


def test_a_workbook_with_a_written_log_behind_a_hidden_sheet(app, team, tmp_path):
    book = Workbook()
    book.active.title = "Lists"
    book.active.sheet_state = "hidden"
    book.active.append(["Date", "Activity", "People"])  # a hidden sheet of drop-down values, not the log
    book.active.append(["01/01/2026", "debrief", "Sam Patel"])
    book.create_sheet("Log").append(["Date", "Activity", "People"])
    book["Log"].append([datetime(2026, 3, 2, 10), "check in", "Jo Okoro"])
    book.save(tmp_path / "log.xlsx")
    assert imported(app, team, tmp_path / "log.xlsx").added == 1
    assert entries(app, team) == [(datetime(2026, 3, 2, 10), "check_in", ["Jo Okoro"], "in_person", None)]


@pytest.mark.parametrize("name", ["excel_log.xlsx", "unicode_text.txt"])
def test_a_bad_row_is_named_by_the_row_number_the_spreadsheet_shows(app, team, name, tmp_path):
    path = tmp_path / name
    if name.endswith(".xlsx"):
        book = load_workbook(FIXTURES / name)
        book.active["C6"] = "Nobody Here"  # the first check-in, below a title, a blank row and the header
        book.save(path)
    else:
        text = (FIXTURES / name).read_bytes().decode("utf-16")
        path.write_bytes(text.replace("\tSam Patel\tPhone", "\tNobody Here\tPhone", 1).encode("utf-16"))
    before = app.recorder.max_notification_id()
    with pytest.raises(ImportRejected) as rejected:
        imported(app, team, path)
    assert [(r.line, r.column, r.value) for r in rejected.value.report.rejected] == [
        (6, "Staff", "Nobody Here")]
    assert app.recorder.max_notification_id() == before


def damaged(data: bytes, flips: list[tuple[int, int]], cut: int | None) -> bytes:
    out = bytearray(data[:cut] if cut else data)
    for at, value in flips:
        out[at % len(out)] = value
    return bytes(out)


@pytest.mark.slow
@pytest.mark.parametrize("name", WORKBOOKS)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=20),
       cut=st.one_of(st.none(), st.integers(1, 20_000)))
def test_a_damaged_workbook_imports_or_is_refused_in_one_line(app, team, name, flips, cut):
    """Bytes changed or cut off: calamine raises, panics or aborts on some of these."""
    before = app.recorder.max_notification_id()
    try:
        imported(app, team, Upload(name, damaged((FIXTURES / name).read_bytes(), flips, cut)))
    except ImportRejected:
        assert app.recorder.max_notification_id() == before
    except InvalidInput as refused:
        assert str(refused).startswith(f"file '{name}': ") and "\n" not in str(refused)
        assert app.recorder.max_notification_id() == before
