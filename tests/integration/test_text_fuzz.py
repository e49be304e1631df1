"""Fuzzing the one rule for typed text (domain/text.py) on its own and through the real commands,
on both backends (PostgreSQL text cannot hold NUL: a NUL in a note once broke its read models).

Names and notes are drawn from text full of what a paste from a document, a chat or a phishing
mail brings in: control characters, zero-width and non-breaking spaces, combining accents,
direction overrides, and Cyrillic and Greek letters that look Latin. Whatever is typed:
- the cleaners return text that is stored as it looks (normalised, no controls, no invisible
  characters in names) and cleaning it again changes nothing, or they refuse it naming the
  control character and where it is in what was typed;
- each command succeeds, or is refused with an `InvalidInput` or `Conflict` naming the field, and
  a refused command writes nothing;
- the read models take every stored name and note without a failure, and the Reader shows them
  exactly as the command validated them;
- two names with the same `name_key` never both join one team, and two team names that look the
  same never make two teams.
One store per test, not per example, keeps the file quick."""

import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from uuid import UUID, uuid4

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from domain.commands import Command, CreateTeam, EntryDetails, JoinMember, LogSupport, Retract
from domain.errors import Conflict, InvalidInput
from domain.text import DIRECTION, clean_name, clean_note, name_key, printable
from services.bootstrap import build_view
from services.reading import Reader

pytestmark = pytest.mark.slow  # fuzzers, property tests and the browser: `pytest -m 'not slow'` skips them

JOINED, AT = date(2026, 1, 5), datetime(2026, 3, 2, 10, 30)
CONTROLS = [chr(i) for i in range(32)] + ["\x7f", "\x85", "\x9b"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"]
SPACES = [" ", "  ", "\u00a0", "\u2007", "\u202f", "\u2009", "\u3000", "\u1680", "\u2028", "\u2029"]
COMBINING = ["\u0301", "\u0308", "\u0303", "\u0327", "\u030a", "\u0345", "\u20dd"]
BIDI = sorted(DIRECTION)
LOOK_ALIKE = ["\u0430", "\u0435", "\u043e", "\u0440", "\u0441", "\u0445", "\u0405", "\u0456",  # Cyrillic
              "\u03bf", "\u03b1", "\u0399", "\u03bd", "\u039a"]  # Greek
LETTERS = ["S", "a", "m", "e", "o", "Z", "é", "ë", "ß", "İ", "ﬁ", "Ｓ", "\u212a", "²", "µ", "Ω", "ǅ", "'", "-", ".",
           "李", "🙂", "ا"]
WORDS = ["Sam", "Patel", "Zoe", "Zoë", "Lambert", "José", "Núñez", "Сергей", "Σοφία", "O'Brien"]
TRICKY = CONTROLS + INVISIBLE + SPACES + COMBINING + BIDI + LOOK_ALIKE + LETTERS

between = st.tuples(st.sampled_from(LETTERS), st.sampled_from(INVISIBLE + BIDI + SPACES), st.sampled_from(COMBINING))
tricky = st.lists(st.one_of(st.sampled_from(TRICKY), st.sampled_from(WORDS), st.characters(codec="utf-8"),
                            between.map("".join)), max_size=14).map("".join)
names = st.one_of(
    tricky,
    st.sampled_from(["\udcff", "x" * 81, "ﷺ" * 80, "Sam\x00Patel", "S\u0430m", ""]),  # argv's undecodable bytes, too long
    st.tuples(st.sampled_from(WORDS), st.sampled_from(WORDS + [""]), st.sampled_from(SPACES + INVISIBLE + BIDI))
    .map(lambda t: t[2].join(t[:2])))
notes = st.one_of(
    st.none(), tricky,
    st.lists(st.one_of(tricky, st.sampled_from(["\r\n", "\n", "\r", "\t", "\x00", "\x1b[31m"])), max_size=5).map("".join),
    st.sampled_from(["é" * 501, "x" * 500, "\u202e" * 500, " \n\t "]))


@st.composite
def same_key(draw, base: str) -> str:
    """The base name typed another way: case, accents, spacing, punctuation, invisible characters."""
    typed = draw(st.sampled_from([str, str.lower, str.upper, str.title]))(base)
    if draw(st.booleans()):
        typed = unicodedata.normalize("NFD", typed)
    if draw(st.booleans()):
        typed = typed.replace("ë", "e").replace("é", "e").replace("ñ", "n").replace("ú", "u")
    out = []
    for c in typed:
        out.append(draw(st.sampled_from(SPACES + ["-", ". "])) if c == " " and draw(st.booleans()) else c)
        if draw(st.integers(0, 5)) == 0:
            out.append(draw(st.sampled_from(INVISIBLE + BIDI)))
    return draw(st.sampled_from(["", " ", "\u00a0"])) + "".join(out) + draw(st.sampled_from(["", " ", "."]))


def fuzz(examples: int):
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


# The cleaners on their own.

def refused_at(message: str) -> tuple[str, int]:
    """The character code and position a refusal names."""
    code = message.split("(U+", 1)[1].split(")", 1)[0]
    return chr(int(code, 16)), int(message.split(" at character ", 1)[1].split(";", 1)[0])


@fuzz(500)
@given(typed=tricky)
@example(typed="Zoe\u200b\u0308")  # the invisible character kept the accent from its letter
@example(typed="Zoe\u202e\u0308")
def test_a_name_is_stored_as_it_looks_or_refused_naming_the_control_character(typed):
    try:
        name = clean_name(typed)
    except ValueError as refused:
        if "control character" in str(refused):
            c, position = refused_at(str(refused))
            first = next(i for i, x in enumerate(typed, 1) if unicodedata.category(x) == "Cc")
            assert (typed[position - 1], position) == (c, first), refused
        else:
            assert "letters that look alike" in str(refused)
        return
    assert not any(unicodedata.category(c) in ("Cc", "Cf") for c in name), ascii(name)
    assert unicodedata.is_normalized("NFKC", name), ascii(name)
    assert name == " ".join(name.split())
    assert clean_name(name) == name
    assert name_key(name) == name_key(typed)


@fuzz(500)
@given(typed=notes.filter(bool))
@example(typed="Zoe\u202e\u0308")
@example(typed="one\r\ntwo\x00")  # the position was counted after line ends were made one
@example(typed="e\u0301\x01")  # ... and after accents were joined to their letters
def test_a_note_is_stored_as_it_looks_or_refused_naming_the_control_character(typed):
    try:
        note = clean_note(typed)
    except ValueError as refused:
        c, position = refused_at(str(refused))
        first = next(i for i, x in enumerate(typed, 1) if unicodedata.category(x) == "Cc" and x not in "\r\n\t")
        assert (typed[position - 1], position) == (c, first), refused
        return
    assert not any(unicodedata.category(c) == "Cc" and c not in "\n\t" or c in DIRECTION for c in note), ascii(note)
    assert unicodedata.is_normalized("NFC", note), ascii(note)
    assert note == note.strip()
    assert clean_note(note) == note


@fuzz(300)
@given(text=st.one_of(tricky, st.text()))
def test_printable_text_obeys_no_control_character(text):
    shown = printable(text)
    assert not any(unicodedata.category(c) == "Cc" and c not in "\n\t" or c in DIRECTION for c in shown)
    assert shown == text or "<U+" in shown


# Through the commands, the store and the read models.

class Steps:
    """Gives commands to the application, checking after each what it wrote and that the read
    models took it."""

    def __init__(self, app):
        self.app, self.view = app, build_view(app)
        self.reader = Reader(app, self.view, None)

    def attempt(self, field: str, parse: Callable[[], Command], give: Callable[[Command], object]) -> Command | None:
        """The validated command if it succeeded; if not, it was refused naming the field and wrote nothing."""
        before = self.app.recorder.max_notification_id()
        try:
            cmd = parse()
            give(cmd)
        except (InvalidInput, Conflict) as refused:
            assert refused.field == field, repr(refused)
            assert self.app.recorder.max_notification_id() == before, f"refused but wrote: {refused}"
            cmd = None
        event(f"{field}: {'refused' if cmd is None else 'stored'}")
        self.view.catch_up()
        assert self.view.status().failures == []
        return cmd

    def create_team(self, name: str) -> UUID | None:
        if not (cmd := self.attempt("name", lambda: CreateTeam.parse(name=name, by="ann"), self.app.create_team)):
            return None
        team_id = self.app.team_named(cmd.name).id
        assert [team.name for team in self.reader.teams() if team.team_id == team_id] == [cmd.name]
        return team_id

    def join(self, team_id: UUID, name: str) -> JoinMember | None:
        cmd = self.attempt("name", lambda: JoinMember.parse(team_id=team_id, name=name, joined_on=JOINED, by="ann"),
                           self.app.join_member)
        if cmd:
            roster = self.reader.roster(self.ref(team_id))
            assert [row.name for row in roster if row.member_id == cmd.member_id] == [cmd.name]
        return cmd

    def ref(self, team_id: UUID):
        return self.reader.ref(self.app.team(team_id))

    def shown(self, team_id: UUID, entry_id: UUID):
        [item] = [item for item in self.reader.history(self.ref(team_id)) if item.entry_id == entry_id]
        return item


@pytest.fixture
def steps(app) -> Steps:
    return Steps(app)


@fuzz(40)
@given(team_name=names, member_name=names, note=notes, amended=notes, reason=st.one_of(names, notes))
@example(team_name="North\x00Team", member_name="Sam\x00Patel", note="after\x00court", amended="\x00",
         reason="\x00")  # PostgreSQL text cannot hold NUL
@example(team_name="\u202eNorth Team", member_name="Zoe\u200b\u0308\u00a0Lambert", note="call\r\nback\u202e",
         amended="\u202e", reason=" logged\ttwice\r\n")
def test_whatever_is_typed_is_stored_and_shown_as_validated_or_refused_naming_the_field(
        steps, team_name, member_name, note, amended, reason):
    app = steps.app
    team_id = steps.create_team(team_name) or steps.create_team(f"Team {uuid4().hex}")
    member = steps.join(team_id, member_name) or steps.join(team_id, f"Worker {uuid4().hex}")
    details = {"team_id": team_id, "entry_id": uuid4(), "kind": "check_in", "members": [member.member_id], "at": AT,
               "logged_by": "ann"}
    entry_id = details["entry_id"]

    if logged := steps.attempt("note", lambda: LogSupport.parse(**details, note=note), app.log_support):
        assert steps.shown(team_id, entry_id).note == logged.note
        [item] = steps.reader.timeline(steps.ref(team_id), member.member_id)
        assert item.note == logged.note
    else:
        assert steps.attempt("note", lambda: LogSupport.parse(**details), app.log_support)

    try:
        expected, valid = EntryDetails.parse(kind="check_in", members=[member.member_id], at=AT, note=amended).note, True
    except InvalidInput:
        expected, valid = steps.shown(team_id, entry_id).note, False  # refused: the note stays as it was
    assert bool(steps.attempt("note", lambda: True, lambda _: app.amend(entry_id, "ann", note=amended))) == valid
    assert steps.shown(team_id, entry_id).note == expected

    if retraction := steps.attempt("reason", lambda: Retract.parse(entry_id=entry_id, reason=reason, by="ann"),
                                   app.retract):
        assert steps.shown(team_id, entry_id).retraction == retraction.reason
        assert not steps.attempt("entry", lambda: retraction, app.retract)  # a second time: a conflict
    else:
        assert steps.shown(team_id, entry_id).retraction is None


@fuzz(25)
@given(data=st.data(), base=st.sampled_from(["Bea Fernández", "Zoë Lambert", "José Núñez", "Sam O'Brien",
                                              "Worker 00", "Сергей Иванов", "Σοφία Παππά"]))
@example(data=None, base="Zoë Lambert")
def test_two_names_with_one_key_never_both_join_a_team(steps, data, base):
    typed = [base, "Zoe\u200b\u0308 Lambert", "ZOE\u00a0LAMBERT", "Zoe\u0308"] if data is None else [
        data.draw(st.one_of(same_key(base), names), label=f"name {n}") for n in range(4)]
    team_id = steps.create_team(f"Team {uuid4().hex}")
    joined = [name for name in typed if steps.join(team_id, name)]
    for one in joined:
        for other in joined:
            assert one is other or name_key(one) != name_key(other), (ascii(one), ascii(other))
    roster = steps.reader.roster(steps.ref(team_id))
    assert len({name_key(row.name) for row in roster}) == len(roster) == len(joined)


@fuzz(25)
@given(data=st.data(), base=st.sampled_from(["Zoë Team", "North Team", "Équipe Núñez"]))
@example(data=None, base="Zoë Team")
def test_two_team_names_that_look_the_same_never_make_two_teams(steps, data, base):
    typed = [base, "Zoe\u200b\u0308 Team", "Zoe\u0308\u00a0Team"] if data is None else [
        data.draw(st.one_of(same_key(base), names), label=f"team {n}") for n in range(3)]
    made = [team_id for name in typed if (team_id := steps.create_team(name))]
    teams = {team.team_id: looks(team.name) for team in steps.reader.teams()}
    for team_id in made:
        alike = [ascii(steps.app.team(other).name) for other, look in teams.items() if look == teams[team_id]]
        assert len(alike) == 1, alike


def looks(name: str) -> str:
    """How a name looks, case aside."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())
