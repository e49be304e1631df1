"""Fuzzing the importers with hostile but plausible files: supervision logs built from the real
column names with garbage in the cells (bad and future dates, unknown kinds, unknown and
ambiguous people, huge notes, NULs, formulas, BOMs, blank and ragged rows), Excel cells of every
type, calendars, securebase's own export with broken lines, other encodings and random bytes.

A supervisor's file must never crash an import or leave half of itself behind: every input is
imported, or refused with a securebase error naming the line and the field at fault, and a
refused import writes nothing. The smallest inputs the fuzzers found breaking this are kept below
as examples. One store per test, not per example, keeps the file quick."""

import csv
import io
import itertools
import re
from datetime import date, datetime, timedelta, timezone
from uuid import NAMESPACE_URL, uuid5
from zoneinfo import ZoneInfo

import icalendar
import orjson
import pytest
from hypothesis import HealthCheck, example, given, settings
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
from importers.sources import Format, format_of, source_for
from importers.synonyms import BUILT_IN, Synonyms
from importers.tabular import REQUIRED, ROLES, Mapping, Spreadsheet
from services.bootstrap import build_app
from tests.conftest import NOW

pytestmark = pytest.mark.slow  # fuzzers, property tests and the browser: `pytest -m 'not slow'` skips them

JOINED = date(2026, 1, 5)
PEOPLE = {"Sam Patel": "sam.patel@example.org", "Sunil Patel": None, "Jo Okoro": "jo.okoro@example.org",
          "Zoë Lambert": None, "José Núñez": None, "Lee Gone": "lee.gone@example.org"}
LEFT = {"Lee Gone": date(2026, 2, 27)}


def fuzz(examples: int):
    """Hypothesis settings for a fuzzer."""
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def in_any_case(words: str) -> st.SearchStrategy[str]:
    return st.sampled_from([str.lower, str.upper, str.title, lambda s: f"  {s}\t"]).map(lambda case: case(words))


text = st.text(st.characters(codec="utf-8"), max_size=30)  # NULs, control characters, right-to-left, emoji
printable = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=30)
formulas = st.sampled_from(["=1+1", '=HYPERLINK("http://evil.example","check in")', "+cmd|' /C calc'!A0",
                            "@SUM(A1:A9)", "-2+3", "=cmd|'/c calc'!A1"])
huge = st.builds(str.__mul__, st.sampled_from(["x", "é", "check in ", "\x00", '"']), st.integers(400, 12_000))
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
        where = [f"{bad.place}, column {bad.column!r}" for bad in error.report.rejected]
        assert where and all(w in str(error) for w in where), str(error)
    except SecureBaseError as error:
        assert error.field and str(error).startswith(error.field), str(error)
    assert app.recorder.max_notification_id() == before, "a refused import wrote to the store"


def import_file(app, team_id, path) -> None:
    """Imports a file as the command line does, by its suffix."""
    if format_of(path) is Format.EXPORT:
        import_export(app, path, "ann")
        return
    run_import(app, team_id, source_for(path, Mapping(), date(2026, 1, 1), date(2026, 6, 30)), "ann")


@fuzz(700)
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


@fuzz(150)
@given(rows=supervision_logs(), typed=st.lists(st.lists(xlsx_cells, min_size=1, max_size=5), max_size=4))
def test_an_excel_log_with_any_type_of_cell(store, tmp_path, rows, typed):
    """Cells as Excel holds them: dates, times, numbers, booleans, formulas and empty cells."""
    app, team_id = store
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append([re.sub(r"[\x00-\x1f]", "", cell) for cell in row])  # Excel cannot hold them
    for row in typed:
        sheet.append(row)
    book.save(tmp_path / "log.xlsx")
    imports_or_refuses(app, lambda: import_file(app, team_id, tmp_path / "log.xlsx"))


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
        for name, values, most in [
                ("uid", st.one_of(printable, st.just("same@example.org")), 1),
                ("summary", activities, 1),
                ("location", st.sampled_from(["Microsoft Teams Meeting", "Zoom", "Room 4", ""]), 1),
                ("categories", st.lists(st.one_of(activities, printable), min_size=1, max_size=2), 2),
                ("attendee", st.sampled_from([*(f"mailto:{e}" for e in PEOPLE.values() if e), "mailto:",
                                              "MAILTO:SAM.PATEL@EXAMPLE.ORG", "mailto:guest@elsewhere.org",
                                              "Sam Patel", "tel:+441234567890"]), 3)]:
            for _ in range(draw(st.integers(0, most))):
                event.add(name, draw(values))
        calendar.add_component(event)
    return calendar.to_ical()


@fuzz(200)
@given(ics=calendars(), first=st.dates(date(2025, 1, 1), date(2027, 1, 1)), days=st.integers(-30, 600))
def test_a_calendar_of_meetings_with_anything_in_them(store, tmp_path, ics, first, days):
    app, team_id = store
    (tmp_path / "team.ics").write_bytes(ics)
    source = Calendar(tmp_path / "team.ics", first, first + timedelta(days=days), Synonyms())
    imports_or_refuses(app, lambda: run_import(app, team_id, source, "ann"))


SOUTH = Team.create_id("South Team")
CREATED = (b'{"event":"Team.Created","id":"%s","version":1,"recorded_at":"2026-06-01T09:00:00+00:00",'
           b'"name":"South Team"}\n' % str(SOUTH).encode())
JOINED_SOON = (b'{"event":"Team.MemberJoined","id":"%s","version":2,"recorded_at":"2026-06-01T09:00:00+00:00",'
               b'"member_id":"%s","name":"Ann","role":"social worker","email":null,"joined_on":"soon"}\n'
               % (str(SOUTH).encode(), str(uuid5(NAMESPACE_URL, "ann")).encode()))
NO_START = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:check in\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
STARTED = b"DTSTART:20260302T100000\r\n"
LOGGED_STRANGER = (b'{"event":"SupportEntry.Logged","id":"%s","version":1,"recorded_at":"2026-06-01T09:00:00+00:00",'
                   b'"team_id":"%s","kind":"check_in","member_ids":["%s"],"occurred_at":"2026-03-02T10:00:00",'
                   b'"mode":"in_person","note":null,"logged_by":"ann","regarding":null}\n'
                   % (str(uuid5(NAMESPACE_URL, "entry")).encode(), str(SOUTH).encode(),
                      str(uuid5(NAMESPACE_URL, "stranger")).encode()))


@pytest.mark.parametrize("name, content", [  # each with how it broke the import
    pytest.param("log.csv", b"", id="ValueError: no header row (a plain ValueError: a traceback on the command line)"),
    pytest.param("log.csv", b"date,activity,people\r\n05/03/2026,welcome,Zo\xeb Lambert\r\n",
                 id="UnicodeDecodeError: a log saved by Excel as Windows-1252"),
    pytest.param("log.csv", b"date;activity;people;note\r\n05/03/2026;welcome;Sam Patel;tea, cake, biscuits, fruit, "
                 b"crisps, juice, sweets, and a chat\r\n",
                 id="ValueError: no header row (a semicolon log whose notes hold more commas than it has semicolons)"),
    pytest.param("log.csv", "date,activity,people\r\n05/03/2026,welcome,Sam Patel; Jo Okoro; Zoë Lambert; José Núñez; "
                 "Sunil Patel; Lee Gone\r\n".encode(),
                 id="ValueError: no header row (a comma log listing people as the README shows: 'A; B')"),
    pytest.param("log.csv", b"date,activity,people,note\r\n05/03/2026,welcome,Sam Patel," + b"x" * 131_073 + b"\r\n",
                 id="_csv.Error: field larger than field limit (131072)"),
    pytest.param("log.xlsx", b"", id="zipfile.BadZipFile: File is not a zip file"),
    pytest.param("team.ics", b"not a calendar", id="ValueError: Content line could not be parsed into parts"),
    pytest.param("team.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" * 2,
                 id="ValueError: Found multiple components where only one is allowed (two calendars in one file)"),
    pytest.param("team.ics", NO_START, id="KeyError: 'DTSTART' (an event with no start)"),
    pytest.param("team.ics", NO_START.replace(b"END:VEVENT", b"DTSTART:garbage\r\nEND:VEVENT"),
                 id="icalendar.error.BrokenCalendarProperty: Cannot access 'dt' on broken property 'DTSTART'"),
    pytest.param("team.ics", NO_START.replace(b"END:VEVENT", STARTED + b"UID:a\r\nUID:a\r\nEND:VEVENT"),
                 id="TypeError: unhashable type: 'list' (an event with two UIDs)"),
    pytest.param("team.ics", NO_START.replace(b"END:VEVENT", STARTED + b"RRULE:FREQ=BOGUS\r\nEND:VEVENT"),
                 id="BadRuleStringFormat: UNTIL parameter is missing"),
    pytest.param("export.jsonl", b"not json\n", id="ValueError: export.jsonl line 1: not JSON (a plain ValueError)"),
    pytest.param("export.jsonl", b"[]\n", id="TypeError: list indices must be integers or slices, not str"),
    pytest.param("export.jsonl", b"{}\n", id="KeyError: 'id'"),
    pytest.param("export.jsonl", CREATED + JOINED_SOON, id="partial write: South Team stayed, then joined_on 'soon'"),
    pytest.param("export.jsonl", CREATED + LOGGED_STRANGER, id="partial write: South Team stayed, then NotFound member"),
])
def test_the_smallest_files_the_fuzzers_found(store, tmp_path, name, content):
    app, team_id = store
    (tmp_path / name).write_bytes(content)
    imports_or_refuses(app, lambda: import_file(app, team_id, tmp_path / name))


@fuzz(300)
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".csv", ".xlsx", ".ics", ".jsonl"]))
def test_any_bytes_in_any_format(store, tmp_path, data, suffix):
    app, team_id = store
    path = tmp_path / f"upload{suffix}"
    path.write_bytes(data)
    imports_or_refuses(app, lambda: import_file(app, team_id, path))


@fuzz(200)
@given(rows=supervision_logs(), encoding=st.sampled_from(["utf-8", "cp1252", "latin-1", "utf-16", "mac-roman"]),
       delimiter=st.sampled_from([",", ";", "\t"]))
def test_a_supervision_log_saved_another_way(store, tmp_path, rows, encoding, delimiter):
    """Encodings and delimiters that Excel and LibreOffice write."""
    app, team_id = store
    (tmp_path / "log.csv").write_bytes(as_csv(rows, delimiter).encode(encoding, errors="replace"))
    imports_or_refuses(app, lambda: import_file(app, team_id, tmp_path / "log.csv"))


BROKEN = [b"DTSTART:garbage", b"DTSTART:20261399T100000", b"DTSTART;TZID=Mars/Olympus:20260302T100000",
          b"RRULE:FREQ=BOGUS", b"RRULE:FREQ=DAILY;UNTIL=soon", b"EXDATE:yesterday", b"DURATION:forever",
          b"UID:twice", b"BEGIN:VEVENT", b"END:VEVENT", b"END:VCALENDAR", b' ATTENDEE;CN="unclosed:mailto:x']


@st.composite
def broken_calendars(draw) -> bytes:
    """A well-formed calendar with lines dropped, repeated, or replaced by broken ones."""
    lines = draw(calendars()).splitlines()
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines)))
        lines[at:at + draw(st.integers(0, 1))] = draw(st.lists(st.one_of(
            st.sampled_from(BROKEN), st.sampled_from(lines or [b""]), printable.map(str.encode)), max_size=2))
    return b"\r\n".join(lines)


@fuzz(150)
@given(ics=broken_calendars())
def test_a_broken_calendar(store, tmp_path, ics):
    app, team_id = store
    (tmp_path / "team.ics").write_bytes(ics)
    imports_or_refuses(app, lambda: import_file(app, team_id, tmp_path / "team.ics"))


@pytest.fixture
def south_export(tmp_path) -> list[dict]:
    """South Team's record as securebase exports it: joiners and a leaver, a difficult visit and
    its debrief, an amendment, a retraction, a goal and rules."""
    app = build_app(f"sqlite:///{tmp_path / 'south.db'}", clock=lambda: NOW)
    app.create_team(CreateTeam.parse(name="South Team"))
    ids = []
    for name in ("Ann Lee", "Bo Chan"):
        cmd = JoinMember.parse(team_id=SOUTH, name=name, email=f"{name[:2].lower()}@example.org", joined_on=JOINED)
        app.join_member(cmd)
        ids.append(cmd.member_id)
    visit = LogSupport.parse(team_id=SOUTH, kind="difficult_visit", members=ids[:1], at=datetime(2026, 3, 2, 10),
                             logged_by="ann")
    debrief = LogSupport.parse(team_id=SOUTH, kind="debrief", members=ids[:1], at=datetime(2026, 3, 3, 10),
                               regarding=visit.entry_id, note="went over the visit", logged_by="ann")
    check_in = LogSupport.parse(team_id=SOUTH, kind="check_in", members=ids, at=datetime(2026, 3, 4), logged_by="ann")
    app.log_many([visit, debrief, check_in])
    app.amend(check_in.entry_id, "bea", mode="phone")
    app.retract(Retract.parse(entry_id=debrief.entry_id, reason="logged twice", by="bea"))
    app.set_goal(SetGoal.parse(team_id=SOUTH, domain="sensitivity", target=4))
    app.set_rules(SetRules.parse(team_id=SOUTH, thresholds={"no_check_in": 14}, closed_days=[date(2026, 12, 25)]))
    app.member_left(MemberDated.parse(team_id=SOUTH, member_id=ids[1], on=date(2026, 5, 1)))
    out = io.StringIO()
    export(app, out)
    app.close()
    return [orjson.loads(line) for line in out.getvalue().splitlines()]


def test_a_whole_export_imports_amendments_included(store, south_export, tmp_path):
    """The fuzzer's starting point, which once crashed ('str' object has no attribute 'hex')."""
    app, _ = store
    (tmp_path / "export.jsonl").write_bytes(b"\n".join(orjson.dumps(line) for line in south_export))
    assert import_export(app, tmp_path / "export.jsonl", "ann") == (len(south_export), 0)


UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
teams = itertools.count(1)


def as_another_team(lines: list[dict]) -> list:
    """The same record under a new team name and fresh ids, so no example finds it already imported."""
    name = f"South Team {next(teams)}"
    fresh = {str(SOUTH): str(Team.create_id(name))}
    exported = orjson.dumps(lines).decode().replace('"South Team"', f'"{name}"')
    return orjson.loads(UUID_TEXT.sub(lambda m: fresh.setdefault(m[0], str(uuid5(NAMESPACE_URL, name + m[0]))),
                                      exported))


json_values = st.recursive(st.none() | st.booleans() | st.integers(-2**63, 2**63 - 1) | st.floats() | text,
                           lambda inner: st.lists(inner, max_size=2) | st.dictionaries(text, inner, max_size=2),
                           max_leaves=4)
line_edits = st.lists(st.tuples(st.sampled_from(["drop", "repeat", "swap", "cut", "set", "insert"]),
                                st.integers(0, 99), st.integers(0, 999), json_values), max_size=4)


def edited(lines: list, edits) -> bytes:
    """The export's lines with lines dropped, repeated, swapped, cut short, given a wrong value or inserted."""
    for edit, at, other, value in edits:
        at, other = at % (len(lines) or 1), other % (len(lines) or 1)
        if edit == "insert" or not lines:
            lines.insert(at, value)
        elif edit == "drop":
            del lines[at]
        elif edit == "repeat":
            lines.insert(other, lines[at])
        elif edit == "swap":
            lines[at], lines[other] = lines[other], lines[at]
        elif edit == "cut":
            whole = lines[at] if isinstance(lines[at], bytes) else orjson.dumps(lines[at])
            lines[at] = whole[:other % (len(whole) or 1)]
        elif isinstance(lines[at], dict) and lines[at]:
            lines[at] = lines[at] | {sorted(lines[at])[other % len(lines[at])]: value}
    return b"\n".join(line if isinstance(line, bytes) else orjson.dumps(line) for line in lines)


@fuzz(150)
@given(edits=line_edits)
@example(edits=[("drop", 1, 0, None)])
def test_an_export_with_broken_lines(store, south_export, tmp_path, edits):
    app, _ = store
    (tmp_path / "export.jsonl").write_bytes(edited(as_another_team(south_export), edits))
    imports_or_refuses(app, lambda: import_export(app, tmp_path / "export.jsonl", "ann"))
