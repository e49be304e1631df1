"""Importing what teams already keep, on both backends: messy spreadsheets, calendars and
securebase's own export; idempotent; all or nothing unless asked otherwise."""

import io
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook

from domain.commands import CreateTeam, JoinMember
from domain.support import SupportEntry
from importers.calendar import Calendar
from importers.jsonl import export, import_export
from importers.run import ImportRejected, run_import
from importers.synonyms import Synonyms
from importers.tabular import Mapping, Spreadsheet
from services.bootstrap import build_app, build_view
from services.demo import seed_demo
from services.reading import Reader
from tests.conftest import PG_URL, clear_postgres
from tests.integration.test_projections import snapshot

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"
JOINED = date(2026, 1, 5)
PEOPLE = ["Sam Patel", "Jo Okoro", "Zoë Lambert", "José Núñez", "Sunil Patel"]


EMAILS = {"Sam Patel": "sam.patel@example.org", "Jo Okoro": "jo.okoro@example.org"}


@pytest.fixture
def team(app):
    """North Team, two of whose members have emails (calendars and some logs name people so)."""
    app.create_team(CreateTeam.parse(name="North Team"))
    team_id = app.team_named("North Team").id
    for name in PEOPLE:
        app.join_member(JoinMember.parse(team_id=team_id, name=name, email=EMAILS.get(name), joined_on=JOINED))
    return {"team": team_id}


def entries(app, team_id):
    view = build_view(app)
    view.catch_up()
    return [(h.when, h.what, h.members, h.mode, h.note)
            for h in Reader(app, view, None).history(Reader.ref(app.team(team_id))) if h.ref]


def spreadsheet(name: str, mapping: str | None = None) -> Spreadsheet:
    return Spreadsheet(FIXTURES / name, Mapping(FIXTURES / mapping if mapping else None))


def test_a_messy_excel_csv_imports_every_row(app, team):
    report = run_import(app, team["team"], spreadsheet("supervision_log.csv"), "ann")
    assert (report.added, report.duplicates, report.rejected) == (6, 0, [])
    assert sorted(entries(app, team["team"])) == [  # the debrief is on two rows of the log: two entries
        (datetime(2026, 3, 5, 12), "debrief", ["Sam Patel"], "in_person", "after the visit"),
        (datetime(2026, 3, 5, 12), "debrief", ["Sam Patel"], "in_person", "after the visit"),
        (datetime(2026, 3, 6, 14, 30), "welcome", ["Zoë Lambert", "Jo Okoro"], "online", None),
        (datetime(2026, 3, 7, 9, 15), "buddying", ["José Núñez"], "phone", None),
        (datetime(2026, 3, 9, 12), "milestone_marked", ["Jo Okoro"], "in_person", "passed, well done"),
        (datetime(2026, 3, 10, 12), "team_meeting", [], "in_person", None),
    ]


def test_importing_the_same_file_twice_adds_nothing(app, team):
    run_import(app, team["team"], spreadsheet("supervision_log.csv"), "ann")
    before = app.recorder.max_notification_id()
    again = run_import(app, team["team"], spreadsheet("supervision_log.csv"), "ann")
    assert (again.added, again.already_imported) == (0, 6)
    assert again.summary() == "added 0, 6 already imported, 0 duplicate rows, 0 rejected"
    assert app.recorder.max_notification_id() == before


def test_a_log_that_grew_since_its_last_import_adds_only_its_new_rows(app, team, tmp_path):
    # The log's first two rows are imported under another name
    lines = (FIXTURES / "supervision_log.csv").read_bytes().splitlines(keepends=True)
    (tmp_path / "march so far.csv").write_bytes(b"".join(lines[:3]))
    first = run_import(app, team["team"], Spreadsheet(tmp_path / "march so far.csv", Mapping()), "ann")
    assert (first.added, first.already_imported) == (2, 0)
    # The whole log adds the other four, and says the two were there
    whole = run_import(app, team["team"], spreadsheet("supervision_log.csv"), "ann")
    assert (whole.added, whole.already_imported) == (4, 2)
    assert len(entries(app, team["team"])) == 6


def test_two_imports_of_one_log_at_once_add_each_row_once(make_app, team, tmp_path):
    # A log longer than two batches, imported by two supervisors at the same moment
    rows = 11_000
    log = tmp_path / "log.csv"
    start = datetime(2026, 2, 1, 8, 0)
    log.write_text("date,activity,people,note\n" + "".join(
        f"{start + timedelta(minutes=10 * i):%d/%m/%Y %H:%M},check in,Sam Patel,row {i}\n" for i in range(rows)))
    apps = [make_app(), make_app()]
    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda app: run_import(app, team["team"], Spreadsheet(log, Mapping()), "ann"), apps))
    # Between them every row went in once: what one added, the other found stored
    assert sum(report.added for report in reports) == rows
    assert [report.added + report.already_imported for report in reports] == [rows, rows]
    assert sum(1 for _ in apps[0].read_log(SupportEntry.Logged)) == rows


def test_one_bad_row_rejects_the_whole_file_with_every_reason(app, team):
    before = app.recorder.max_notification_id()
    with pytest.raises(ImportRejected) as caught:
        run_import(app, team["team"], spreadsheet("with_errors.csv"), "ann")
    assert [(r.line, r.column, r.value) for r in caught.value.report.rejected] == [
        (3, "people", "Nobody Here"), (4, "people", "S. Patel"), (5, "date", "31/02/2026"),
        (6, "activity", "coffee and cake"), (7, "mode", "carrier pigeon"), (8, "date", "2027-01-01 12:00")]
    reasons = [r.reason for r in caught.value.report.rejected]
    assert reasons[1] == "'S. Patel' could be any of Sam Patel, Sunil Patel"
    assert reasons[5] == "is in the future"
    assert "line 3, column 'people', value 'Nobody Here': no member of the team is called 'Nobody Here'" in str(caught.value)
    assert app.recorder.max_notification_id() == before


def test_skip_invalid_imports_the_good_rows_and_keeps_the_bad_ones_beside(app, team, tmp_path):
    source = tmp_path / "with_errors.csv"
    source.write_bytes((FIXTURES / "with_errors.csv").read_bytes())
    report = run_import(app, team["team"], Spreadsheet(source, Mapping()), "ann", skip_invalid=True,
                        rejected_csv=source.with_suffix(".rejected.csv"))
    assert (report.added, len(report.rejected)) == (2, 6)
    rejected = source.with_suffix(".rejected.csv").read_text().splitlines()
    assert rejected[0] == "line,column,value,reason" and len(rejected) == 7
    assert rejected[3].startswith('5,date,31/02/2026,"not a date')


def test_a_dry_run_writes_nothing(app, team):
    before = app.recorder.max_notification_id()
    report = run_import(app, team["team"], spreadsheet("supervision_log.csv"), "ann", dry_run=True)
    assert report.summary(dry_run=True) == "would add 6, 0 already imported, 0 duplicate rows, 0 rejected"
    assert app.recorder.max_notification_id() == before


def test_an_xlsx_with_a_title_row_and_its_own_column_names(app, team, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["North Team supervision log 2026"])
    sheet.append([])
    sheet.append(["When it happened", "What we did", "Who"])
    sheet.append([datetime(2026, 3, 2, 11, 0), "Reflective space", "Sam Patel, J. Okoro"])
    sheet.append([46090, "check-in", "sunil patel"])
    book.save(tmp_path / "log.xlsx")
    report = run_import(app, team["team"], Spreadsheet(tmp_path / "log.xlsx", Mapping(FIXTURES / "mapping.toml")), "ann")
    assert report.added == 2
    assert sorted(entries(app, team["team"])) == [
        (datetime(2026, 3, 2, 11), "thinking_together", ["Sam Patel", "Jo Okoro"], "in_person", None),
        (datetime(2026, 3, 9, 12), "check_in", ["Sunil Patel"], "in_person", None)]


def test_a_calendar_expands_recurring_meetings_and_keeps_only_support(app, team):
    team_id = team["team"]
    source = Calendar(FIXTURES / "team_calendar.ics", date(2026, 3, 1), date(2026, 3, 25), Synonyms())
    report = run_import(app, team_id, source, "ann")
    found = sorted(entries(app, team_id))
    assert report.added == 5  # four weekly sessions in range and the all-day away day; not the budget review
    assert [(w.date(), kind) for w, kind, *_ in found] == [
        (date(2026, 3, 2), "thinking_together"), (date(2026, 3, 9), "thinking_together"),
        (date(2026, 3, 16), "thinking_together"), (date(2026, 3, 20), "away_day"),
        (date(2026, 3, 23), "thinking_together")]
    assert found[0][2:4] == (["Sam Patel", "Jo Okoro"], "online")  # the outside guest is passed over
    again = run_import(app, team_id, source, "ann")
    assert (again.added, again.already_imported) == (0, 5)


def test_an_export_imported_into_an_empty_store_gives_identical_read_models(make_app, db_url, tmp_path):
    original = make_app(clock=datetime.now)
    seed_demo(original)
    path = tmp_path / "export.jsonl"
    with path.open("w") as out:
        count = export(original, out)
    expected = _read_models(original)
    copy_url = f"sqlite:///{tmp_path / 'copy.db'}" if db_url.startswith("sqlite") else None
    if copy_url is None:  # PostgreSQL: replay into the same, emptied, database
        original.close()
        clear_postgres(PG_URL)
        copy_url = PG_URL
    copy = build_app(copy_url)
    assert import_export(copy, path, "ann") == (count, 0)
    assert _read_models(copy) == expected
    assert import_export(copy, path, "ann") == (0, count)


def _read_models(app):
    view = build_view(app)
    view.catch_up()
    return snapshot(view, opened=True)  # each store seals with its own people's keys


def test_the_export_is_json_lines(app, team):
    out = io.StringIO()
    assert export(app, out) == 1 + len(PEOPLE)
    assert out.getvalue().splitlines()[0].startswith('{"event":"Team.Created"')
