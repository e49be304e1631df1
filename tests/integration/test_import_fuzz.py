"""Fuzzing the importers with hostile but plausible files: supervision logs built from the real
column names with garbage in the cells (bad and future dates, unknown kinds, unknown and
ambiguous people, huge notes, NULs, formulas, BOMs, blank and ragged rows), XLSX cells of every
type, calendars, securebase's own export with broken lines, and plain random bytes.

A supervisor's file must never crash an import or leave half of itself behind: every input is
imported, or refused with a securebase error naming the line and the field at fault, and a
refused import writes nothing. The fuzzers marked xfail (strict) find a bug today; each reason
gives the smallest input found. One store per test, not per example, keeps the file quick."""

import csv
import io
import itertools
import re
import string
from datetime import date, datetime, time, timedelta, timezone
from uuid import NAMESPACE_URL, uuid5
from zoneinfo import ZoneInfo

import icalendar
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from domain.catalogue import KINDS
from domain.commands import CreateTeam, JoinMember, LogSupport, MemberDated, Retract, SetGoal, SetRules
from domain.errors import SecureBaseError
from domain.team import Team
from importers.calendar import Calendar
from importers.dates import FORMATS
from importers.jsonl import export, import_export
from importers.records import MODES
from importers.run import ImportRejected, run_import
from importers.synonyms import BUILT_IN, Synonyms
from importers.tabular import REQUIRED, ROLES, Mapping, Spreadsheet
from services.bootstrap import build_app
from tests.conftest import NOW

JOINED = date(2026, 1, 5)
PEOPLE = {"Sam Patel": "sam.patel@example.org", "Sunil Patel": None, "Jo Okoro": "jo.okoro@example.org",
          "Zoë Lambert": None, "José Núñez": None, "Lee Gone": "lee.gone@example.org"}
LEFT = {"Lee Gone": date(2026, 2, 27)}

text = st.text(st.characters(codec="utf-8"), max_size=30)  # NULs, control characters, right-to-left, emoji
printable = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=30)
formulas = st.sampled_from(["=1+1", '=HYPERLINK("http://evil.example","check in")', "+cmd|' /C calc'!A0",
                            "@SUM(A1:A9)", "-2+3", "=cmd|'/c calc'!A1"])
huge = st.builds(str.__mul__, st.sampled_from(["x", "é", "check in ", "\x00", '"']), st.integers(400, 40_000))


def fuzz(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def in_any_case(words: str) -> st.SearchStrategy[str]:
    return st.sampled_from([str.lower, str.upper, str.title, lambda s: f"  {s}\t"]).map(lambda case: case(words))


day_times = st.datetimes(datetime(2024, 1, 1), datetime(2027, 12, 31))  # before joining, in range, in the future
dates = st.one_of(
    st.tuples(day_times, st.sampled_from(FORMATS)).map(lambda d: d[0].strftime(d[1])),
    st.sampled_from(["31/02/2026", "2026-02-30", "29/02/2025", "00/00/0000", "13/13/2026", "2026-13-01",
                     "05/03/2026 25:61", "yesterday", "1e5", "0", "-1", "46090", "46090.75", "2958466", "NaN",
                     "inf", "٠٥/٠٣/٢٠٢٦", "²", "", " "]),
    st.integers(-10**6, 3 * 10**6).map(str), st.floats().map(str), text, formulas)
activities = st.one_of(
    st.sampled_from([*BUILT_IN, *KINDS]).flatmap(in_any_case),
    st.tuples(st.sampled_from([*BUILT_IN]), printable).map(" ".join),
    st.sampled_from(["coffee and cake", "", "_", "check_in_", "debrief!!"]), text, formulas, huge)
one_person = st.one_of(st.sampled_from([*PEOPLE]).flatmap(in_any_case),
                       st.sampled_from([e for e in PEOPLE.values() if e]).flatmap(in_any_case),
                       st.sampled_from(["S. Patel", "Patel", "J. Okoro", "J Okoro", "Z Lambert", "Nobody Here",
                                        "Sam Patel\x00", "sam@", "@", "Zoe Lambert", "JOSE NUNEZ"]))
people = st.one_of(
    st.tuples(st.lists(one_person, max_size=4), st.sampled_from(["; ", ",", " / ", " and ", " & ", ";;", "\n"]))
    .map(lambda p: p[1].join(p[0])), text, formulas, huge)
modes = st.one_of(st.sampled_from([*MODES, "in_person", "carrier pigeon", ""]).flatmap(in_any_case), text)
notes = st.one_of(text, st.text(min_size=495, max_size=505), huge, formulas)
CELLS = {"date": dates, "activity": activities, "people": people, "mode": modes, "note": notes}


@st.composite
def supervision_logs(draw) -> list[list[str]]:
    """The rows of a log: maybe a title, then a header of the usual column names, then any rows."""
    roles = [*REQUIRED, *draw(st.lists(st.sampled_from(["mode", "note"]), unique=True))]
    columns = [(draw(st.sampled_from(ROLES[role]).flatmap(in_any_case)), CELLS[role]) for role in roles]
    columns += [(name, text) for name in draw(st.lists(text, max_size=2))]  # columns the importer ignores
    columns = draw(st.permutations(columns))
    titles = draw(st.lists(st.lists(printable, max_size=2), max_size=2))
    body = draw(st.lists(st.one_of(st.tuples(*(cells for _, cells in columns)).map(list),
                                   st.lists(text, max_size=len(columns) + 1),  # ragged or junk
                                   st.just([]), st.just([" "] * len(columns))), max_size=6))
    return [*titles, [name for name, _ in columns], *body]


def as_csv(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue()


@pytest.fixture
def store(sqlite_url):
    """North Team: two Patels (so "S. Patel" is ambiguous), accented names, and one who has left."""
    app = build_app(sqlite_url, clock=lambda: NOW)
    app.create_team(CreateTeam.parse(name="North Team"))
    team_id = app.team_named("North Team").id
    for name, email in PEOPLE.items():
        cmd = JoinMember.parse(team_id=team_id, name=name, email=email, joined_on=JOINED)
        app.join_member(cmd)
        if name in LEFT:
            app.member_left(MemberDated.parse(team_id=team_id, member_id=cmd.member_id, on=LEFT[name]))
    yield app, team_id
    app.close()


def imports_or_refuses(app, attempt) -> None:
    """The import succeeds, or is refused with a securebase error that says where, writing nothing."""
    before = app.recorder.max_notification_id()
    try:
        attempt()
        return
    except ImportRejected as error:
        where = [f"line {bad.line}, column {bad.column!r}" for bad in error.report.rejected]
        assert where and all(w in str(error) for w in where), str(error)
    except SecureBaseError as error:
        assert error.field and str(error).startswith(error.field), str(error)
    assert app.recorder.max_notification_id() == before, "a refused import wrote to the store"


@fuzz(1200)
@given(rows=supervision_logs(), bom=st.booleans(), dry_run=st.booleans())
def test_a_supervision_log_with_garbage_in_its_cells(store, tmp_path, rows, bom, dry_run):
    app, team_id = store
    path = tmp_path / "log.csv"
    path.write_text(as_csv(rows), encoding="utf-8-sig" if bom else "utf-8", newline="")
    before = app.recorder.max_notification_id()
    imports_or_refuses(app, lambda: run_import(app, team_id, Spreadsheet(path, Mapping()), "ann", dry_run=dry_run))
    if dry_run:
        assert app.recorder.max_notification_id() == before


xlsx_cells = st.one_of(
    printable, formulas, st.integers(-10**12, 10**12), st.floats(), st.booleans(), st.none(), st.times(),
    st.datetimes(datetime(1900, 3, 1), datetime(9999, 12, 31)), st.dates(date(1900, 3, 1), date(9999, 12, 31)))


@fuzz(400)
@given(rows=supervision_logs(), typed=st.lists(st.lists(xlsx_cells, min_size=1, max_size=5), max_size=4))
def test_an_excel_log_with_any_type_of_cell(store, tmp_path, rows, typed):
    """Cells as Excel holds them: dates, times, numbers, booleans, formulas and empty cells."""
    app, team_id = store
    book = Workbook()
    for row in rows:
        book.active.append([re.sub(r"[\x00-\x1f]", "", cell) for cell in row])  # Excel cannot hold them
    for row in typed:
        book.active.append(row)
    book.save(tmp_path / "log.xlsx")
    imports_or_refuses(app, lambda: run_import(app, team_id, Spreadsheet(tmp_path / "log.xlsx", Mapping()), "ann"))


@st.composite
def calendars(draw) -> bytes:
    """Well-formed .ics files (every event has a start) whose titles, people and places are anything."""
    calendar = icalendar.Calendar()
    for _ in range(draw(st.integers(0, 4))):
        event = icalendar.Event()
        start = draw(st.one_of(st.dates(date(2025, 6, 1), date(2026, 12, 31)),
                               st.builds(datetime.replace, st.datetimes(datetime(2025, 6, 1), datetime(2026, 12, 31)),
                                         tzinfo=st.sampled_from([None, timezone.utc, ZoneInfo("Europe/London"),
                                                                 ZoneInfo("Pacific/Kiritimati")]))))
        event.add("dtstart", start)
        if draw(st.booleans()):
            event.add("dtend", start + timedelta(hours=draw(st.integers(-5, 30))) if isinstance(start, datetime)
                      else start + timedelta(days=draw(st.integers(0, 3))))
        if draw(st.booleans()):
            event.add("rrule", {"freq": draw(st.sampled_from(["daily", "weekly", "monthly"])),
                                "count": draw(st.integers(1, 12))})
        for name, values in [("uid", st.one_of(printable, st.just("same@example.org"))),
                             ("summary", st.one_of(activities.filter(lambda a: "\x00" not in a), printable)),
                             ("location", st.sampled_from(["Microsoft Teams Meeting", "Zoom", "Room 4", ""])),
                             ("categories", st.lists(st.one_of(activities, printable), min_size=1, max_size=2)),
                             ("attendee", st.sampled_from([*(f"mailto:{e}" for e in PEOPLE.values() if e),
                                                           "MAILTO:SAM.PATEL@EXAMPLE.ORG", "mailto:guest@elsewhere.org",
                                                           "mailto:", "Sam Patel", "tel:+441234567890"]))]:
            for _ in range(draw(st.integers(0, 2))):
                event.add(name, draw(values))
        calendar.add_component(event)
    return calendar.to_ical()


@fuzz(500)
@given(ics=calendars(), first=st.dates(date(2025, 1, 1), date(2027, 1, 1)), days=st.integers(-30, 600))
def test_a_calendar_of_meetings_with_anything_in_them(store, tmp_path, ics, first, days):
    app, team_id = store
    (tmp_path / "team.ics").write_bytes(ics)
    source = Calendar(tmp_path / "team.ics", first, first + timedelta(days=days), Synonyms())
    imports_or_refuses(app, lambda: run_import(app, team_id, source, "ann"))


def import_file(app, team_id, path) -> None:
    """Imports a file as the command line does, by its suffix."""
    if path.suffix == ".jsonl":
        import_export(app, path, "ann")
        return
    source = (Calendar(path, date(2026, 1, 1), date(2026, 6, 30), Synonyms()) if path.suffix == ".ics"
              else Spreadsheet(path, Mapping()))
    run_import(app, team_id, source, "ann")


@pytest.mark.xfail(strict=True, reason="a file that is not a log crashes the import: b'' as .csv raises a plain "
                   "ValueError (no header row), b'\\x80' as .csv UnicodeDecodeError, b'' as .xlsx "
                   "zipfile.BadZipFile, b'x' as .ics ValueError, b'[]' as .jsonl TypeError")
@fuzz(300)
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".csv", ".xlsx", ".ics", ".jsonl"]))
def test_any_bytes_in_any_format(store, tmp_path, data, suffix):
    app, team_id = store
    path = tmp_path / f"upload{suffix}"
    path.write_bytes(data)
    imports_or_refuses(app, lambda: import_file(app, team_id, path))
