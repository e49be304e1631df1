"""Fuzzing the command line's arguments: every command, given its real options in any order,
repeated or missing, with plausible values mixed with bad and extreme dates, negative and huge
numbers, unknown options, stray tokens, huge strings and unicode; names and notes with control,
zero-width, non-breaking, combining and direction characters and look-alike letters slipped in.

Whatever a supervisor types, securebase answers with success (0), its one-line `error: ...` (1)
or a usage error (2), never a traceback; a command that does not succeed writes nothing; and
nothing it prints holds a control character a terminal would obey (only line breaks and tabs).
The smallest arguments the fuzzer found to crash a command are kept below as examples, so each
stays fixed. One store per command, not per example."""

import re
import shutil
from datetime import date, timedelta
from pathlib import Path
from uuid import NAMESPACE_URL, uuid5

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cli.base import application_for, view_for
from cli.main import app
from domain.catalogue import KINDS, Domain, Mode
from domain.commands import CreateTeam, JoinMember, LogSupport, MemberDated
from domain.gaps import Rule

pytestmark = pytest.mark.slow  # fuzzers, property tests and the browser: `pytest -m 'not slow'` skips them

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"
FILES = ["supervision_log.csv", "with_errors.csv", "team_calendar.ics", "mapping.toml", "export.jsonl", "notes.txt"]
VISIT, CHECK_IN = uuid5(NAMESPACE_URL, "fuzz/visit"), uuid5(NAMESPACE_URL, "fuzz/check-in")
runner = CliRunner()
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # what a terminal obeys: all but line breaks and tabs

UNSEEN = ["\x1b", "\x1b[31m", "\x1b]0;owned\x07", "\x07", "\x08", "\r", "\n", "\t", "\x0b", "\x7f", "\x85", "\x9b",
          "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",  # control, then zero-width characters
          "\u00a0", "\u202f", "\u2009", "\u3000", " ",  # spaces that do not break, or are wide
          "\u0301", "\u0308", "\u0303",  # combining accents
          "\u202e", "\u202d", "\u2066", "\u2067", "\u2069", "\u200f", "\u061c",  # direction overrides and marks
          "\u0430", "\u0435", "\u043e", "\u0440", "\u03bf", "\u0391"]  # Cyrillic and Greek letters that look Latin


def typed_with(*plausible: str) -> st.SearchStrategy[str]:
    """A plausible value with characters that do not show, or show as something else, slipped in."""
    def slip(value: str, slipped: list[tuple[int, str]]) -> str:
        for at, c in slipped:
            value = value[:at] + c + value[at:]
        return value
    return st.builds(slip, st.sampled_from(plausible),
                     st.lists(st.tuples(st.integers(0, 12), st.sampled_from(UNSEEN)), min_size=1, max_size=3))


hostile = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=20),  # no NUL: argv cannot hold one
    st.builds(str.__mul__, st.sampled_from(["x", "é", "🙂", "-", " "]), st.integers(100, 5000)),
    st.integers().map(str),
    st.sampled_from(["", " ", "-", "--", "-1", "--team", "-m", "--bogus", "--help", "null", "１２", "٣"]),
    typed_with("North Team", "Sam Patel", "2026-03-02", "everything.jsonl", "--team", "12"))


def either(*plausible: str) -> st.SearchStrategy[str]:
    """A plausible value three times in four, anything otherwise."""
    return st.integers(0, 3).flatmap(lambda n: st.sampled_from(plausible) if n else hostile)


def written(*plausible: str) -> st.SearchStrategy[str]:
    """What a person types in a name or a note: as `either`, or with unseen characters slipped in."""
    return st.one_of(either(*plausible), typed_with(*plausible))


teams = either("North Team", "north team", "  North   Team ", "Nowhere")
people = written("Sam Patel", "sam patel", "Jo Okoro", "jo.okoro@example.org", "J. Okoro", "Lee Chan", "Nobody",
                 "Zoë Lambert", "Zoe\u0308 Lambert")
notes = written("after court", "called back\nall fine", "first\r\nsecond", "item\tdone")
days = st.one_of(st.integers(-5, 420).map(lambda n: (date.today() - timedelta(days=n)).isoformat()), st.one_of(
    st.dates().map(date.isoformat), hostile,
    st.sampled_from(["0001-01-01", "9999-12-31", "2026-02-30", "2026-13-01", "20260105", "2026-W10-1", "05/01/2026"])))
moments = st.one_of(days, st.sampled_from(["2026-03-02 10:30", "2026-03-02T25:00", "2026-03-02 10:30+05:00", "now"]))
numbers = st.one_of(st.integers(-5, 600).map(str), hostile,
                    st.sampled_from(["0", "-1", "2147483648", "9223372036854775807", "9223372036854775808", "1e3"]))
modes = either(*map(str, Mode))
refs = either(VISIT.hex[:8], CHECK_IN.hex[:8], VISIT.hex[:6], str(CHECK_IN), CHECK_IN.hex[:5], "abcdef", "deadbeef")
paths = either(*FILES, "missing.csv", ".")
COMMANDS = {  # the words of each command, its arguments, and its options (None for a flag)
    "team create": (["team", "create"], [teams], {}),
    "team list": (["team", "list"], [], {}),
    "member join": (["member", "join"], [people], {"--team": teams, "--role": either("social worker"), "--on": days,
                                                  "--email": either("bo@example.org", "bo@", "BO@EXAMPLE.ORG")}),
    "member leave": (["member", "leave"], [people], {"--team": teams, "--on": days}),
    "member start-leave": (["member", "start-leave"], [people], {"--team": teams, "--on": days}),
    "member return": (["member", "return"], [people], {"--team": teams, "--on": days}),
    "member list": (["member", "list"], [], {"--team": teams}),
    "log": (["log"], [either(*KINDS)], {"--team": teams, "--member": people, "-m": people, "--at": moments,
                                        "--mode": modes, "--note": notes, "--about": refs}),
    "amend": (["amend"], [refs], {"--kind": either(*KINDS), "-m": people, "--at": moments, "--mode": modes,
                                  "--note": notes}),
    "retract": (["retract"], [refs], {"--reason": written("logged twice", "a duplicate\nof 1a2b3c4d")}),
    "history": (["history"], [], {"--team": teams, "--limit": numbers}),
    "goals set": (["goals", "set"], [either(*map(str, Domain)), numbers],
                  {"--team": teams, "--per": either("month", "week")}),
    "goals show": (["goals", "show"], [], {"--team": teams}),
    "rules set": (["rules", "set"], [], {"--team": teams, "--closed-day": days, "--clear-closed-days": None,
                                         "-t": st.tuples(either(*map(str, Rule)), numbers).map("=".join),
                                         "--threshold": either("no_check_in=14", "no_check_in", "=", "bedtime=3")}),
    "rules show": (["rules", "show"], [], {"--team": teams}),
    "summary": (["summary"], [], {"--team": teams, "--as-of": days,
                                  "--period": either("2026-03", "2026-W10", "2026-13", "2026-W99", "2026")}),
    "gaps": (["gaps"], [], {"--team": teams, "--open": None, "--closed": None, "--as-of": days}),
    "import": (["import"], [paths], {"--team": teams, "--mapping": paths, "--dry-run": None, "--skip-invalid": None,
                                     "--from": days, "--to": days}),
    "export": (["export"], [either("everything.jsonl", "missing/everything.jsonl", ".", "", "x" * 300)], {}),
}
EVERY_OPTION = sorted({name for _, _, options in COMMANDS.values() for name in options} | {"--bogus", "-x", "--"})
FOUND = [  # the smallest arguments the fuzzer found to crash a command, each with how it did
    ["history", "--team", "North Team", "--limit", "9223372036854775808"],  # OverflowError (SQLite INTEGER)
    ["summary", "--team", "North Team", "--period", "2026-13"],  # ValueError: month must be in 1..12
    ["summary", "--team", "North Team", "--period", "March"],  # ValueError: invalid literal for int()
    ["gaps", "--as-of", "0001-01-01"],  # OverflowError: date value out of range
    ["gaps", "--as-of", "9999-12-31"],  # ValueError: year 10000 is out of range
    ["import", "notes.txt", "--team", "North Team"],  # ValueError: notes.txt: no header row names a date...
    ["import", "supervision_log.csv", "--team", "North Team", "--mapping", "notes.txt"],  # tomllib.TOMLDecodeError
    ["import", "supervision_log.csv", "--team", "North Team", "--mapping", "."],  # IsADirectoryError
    ["import", "team_calendar.ics", "--team", "North Team", "--from", "0001-01-01"],  # OverflowError
    ["export", "missing/everything.jsonl"],  # FileNotFoundError
    ["export", "."],  # IsADirectoryError
]


@st.composite
def arguments(draw, command: str) -> list[str]:
    """The command's words, then its arguments and options (some missing, some twice, in any
    order), and now and then a stray token or two anywhere."""
    words, positionals, options = COMMANDS[command]
    args = [draw(value) for value in positionals if draw(st.integers(0, 9))]
    names = [name for name in options if draw(st.integers(0, 7)) > (0 if name == "--team" else 3)]
    if options:
        names += draw(st.lists(st.sampled_from(sorted(options)), max_size=2))
    for name in draw(st.permutations(names)):
        args += [name] if options[name] is None else [name, draw(options[name])]
    if not draw(st.integers(0, 3)):
        for stray in draw(st.lists(st.one_of(hostile, st.sampled_from(EVERY_OPTION),
                                             st.tuples(st.sampled_from(EVERY_OPTION), hostile).map("=".join)),
                                   min_size=1, max_size=2)):
            args.insert(draw(st.integers(0, len(args))), stray)
    return [*words, *args]


@pytest.fixture
def store(sqlite_url, tmp_path, monkeypatch):
    """North Team with three members (one on leave) and two entries of known reference, and files
    to import, in a working directory of the test's own (exports and rejected rows land there)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SECUREBASE_DB_URL", sqlite_url)
    monkeypatch.setenv("SECUREBASE_USER", "ann")
    application_for.cache_clear()  # each test's database is new
    view_for.cache_clear()
    for name in FILES[:4]:
        shutil.copy(FIXTURES / name, tmp_path)
    (tmp_path / "notes.txt").write_text("not a log\n")
    store = application_for(sqlite_url)
    store.create_team(CreateTeam.parse(name="North Team"))
    team = store.team_named("North Team")
    members = [JoinMember.parse(team_id=team.id, name=name, email=email, joined_on=date.today() - timedelta(days=400))
               for name, email in (("Sam Patel", None), ("Jo Okoro", "jo.okoro@example.org"), ("Lee Chan", None))]
    for member in members:
        store.join_member(member)
    store.leave_started(MemberDated.parse(team_id=team.id, member_id=members[2].member_id,
                                          on=date.today() - timedelta(days=60)))
    for entry_id, kind in ((VISIT, "difficult_visit"), (CHECK_IN, "check_in")):
        store.log_support(LogSupport.parse(team_id=team.id, entry_id=entry_id, kind=kind, logged_by="ann",
                                           members=[members[0].member_id], at=date.today() - timedelta(days=30)))
    assert runner.invoke(app, ["export", "export.jsonl"]).exit_code == 0
    return store


def ends_cleanly(store, args: list[str]) -> None:
    """Success, securebase's one-line error or a usage error, never a traceback; nothing
    written unless the command succeeded; and no control character printed."""
    before = store.recorder.max_notification_id()
    result = runner.invoke(app, args, color=True)  # as on a terminal: click strips no escape sequence
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2) and "Traceback" not in result.output, result.output
    if result.exit_code == 1:
        assert result.output.startswith("error: "), result.output
    if result.exit_code != 0:
        assert store.recorder.max_notification_id() == before, f"{args} failed but wrote: {result.output}"
    for stream in (result.stdout, result.stderr):
        assert not CONTROL.search(stream), f"{args} printed a control character: {stream!r}"


@pytest.mark.parametrize("command", COMMANDS)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_arguments_to_a_command(store, command, data):
    ends_cleanly(store, data.draw(arguments(command), label="args"))


@pytest.mark.parametrize("args", [pytest.param(args, id=" ".join(args)) for args in FOUND])
def test_arguments_the_fuzzer_found_to_crash_a_command(store, args):
    ends_cleanly(store, args)


PATHS_FOUND = [  # a file's path echoed as typed, escape sequences and all: a terminal obeys them
    ["export", "\x1b[2J.jsonl"],  # cli/transfer.py: "exported 7 events to ..."
    ["export", "missing\x1b[2J/everything.jsonl"],  # cli/base.py: "error: <OSError's filename>: ..."
    ["import", "log\x1b[2J.csv", "--team", "North Team", "--skip-invalid"],  # cli/transfer.py: "... are in ..."
]


@pytest.mark.parametrize("args", [pytest.param(args, id=ascii(" ".join(args))) for args in PATHS_FOUND])
def test_a_file_path_is_printed_without_its_control_characters(store, args):
    shutil.copy("supervision_log.csv", "log\x1b[2J.csv")
    ends_cleanly(store, args)
