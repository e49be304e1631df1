"""Regressions for what an attacker with a normal account found: one bad value cannot take the
read models down, look-alike names cannot hit the wrong person, and an erased person's name is
gone from who-did-what, the user directory, exports and the database."""

import io
from datetime import date

import pytest

from domain.commands import AddUser, CreateTeam, EraseMember, JoinMember, LogSupport, SetGoal
from domain.errors import Conflict, Forbidden, InvalidInput
from domain.team import ERASED, Team
from domain.users import ERASED_USER
from importers.jsonl import export
from projections.apply import PageWriter
from services.auth import hash_password
from services.bootstrap import build_app, build_view
from services.reading import Reader, reader_for
from tests.conftest import NOW, add_team
from tests.integration.test_erasure import dump

# One bad event.


def test_text_with_control_characters_is_refused_at_the_command(app):
    for command, field in ((lambda: CreateTeam.parse(name="North\x00Team"), "name"),
                           (lambda: LogSupport.parse(team_id=Team.create_id("x"), kind="check_in", at=NOW,
                                                     note="fine\x00", logged_by="ann"), "note")):
        with pytest.raises(InvalidInput, match=rf"^{field} .*contains a control character \(U\+0000\)"):
            command()


def test_an_event_the_read_models_cannot_take_is_passed_over_and_shown(make_app, monkeypatch):
    app = make_app()
    north = add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)))
    add_team(app, "South Team")
    app.set_goal(SetGoal.parse(team_id=north["team"], domain="sensitivity", target=13, by="ann"))
    poisoned = app.recorder.max_notification_id()
    app.set_goal(SetGoal.parse(team_id=north["team"], domain="acceptance", target=4, by="ann"))
    handler = PageWriter.__dict__["apply"]

    def failing(writer, event):
        if getattr(event, "target", None) == 13:
            raise ValueError("a value this database cannot hold")
        return handler.__get__(writer, PageWriter)(event)

    monkeypatch.setattr(PageWriter, "apply", failing)
    view = build_view(app)
    assert view.catch_up() == app.recorder.max_notification_id()  # every other event applied
    [failure] = view.status().failures
    assert (failure.position, failure.event) == (poisoned, "Team.GoalSet")
    assert failure.error == "ValueError: a value this database cannot hold"
    read = Reader(app, view, None)
    goals = {domain.value: target for _, domain, target, _ in read.goals(read.teams()[0])}
    assert goals == {"acceptance": 4}  # the rest of the team's record is there
    monkeypatch.undo()  # the cause is fixed: a rebuild applies it
    view.rebuild()
    assert view.status().failures == []
    assert {d.value for _, d, _, _ in read.goals(read.teams()[0])} == {"acceptance", "sensitivity"}


def test_a_database_that_is_locked_or_gone_stops_the_catch_up_and_passes_nothing_over(make_app, monkeypatch):
    from sqlalchemy.exc import OperationalError
    app = make_app()
    add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)))

    def locked(writer, event):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(PageWriter, "apply", locked)
    view = build_view(app)
    with pytest.raises(OperationalError):
        view.catch_up()
    assert view.position() == 0 and view.status().failures == []  # tried again next time, whole
    monkeypatch.undo()
    assert view.catch_up() == app.recorder.max_notification_id()


def test_a_nul_byte_stored_before_the_rule_leaves_postgresql_read_models_working(make_app, db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite text holds NUL bytes; PostgreSQL's refuses them")
    app = make_app()
    app.save(Team("Bad\x00Team", "ann"))  # as an older version could store it
    north = add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)))
    view = build_view(app)
    view.catch_up()
    assert [f.event for f in view.status().failures] == ["Team.Created"]
    assert "NUL" in view.status().failures[0].error
    read = Reader(app, view, None)
    assert [t.name for t in read.teams()] == ["North Team"]
    assert [m.name for m in read.roster(read.ref(app.team(north["team"])))] == ["Sam Patel"]
    view.rebuild()  # no longer leaves the read models empty
    assert [t.name for t in read.teams()] == ["North Team"]


# Names that look alike.


def test_names_that_differ_only_in_spacing_or_invisible_characters_are_one_person(app):
    ids = add_team(app, "North Team", ("Worker 00", date(2026, 1, 5)))
    for look_alike in ("Worker\u00a000", "worker  00", "Wor\u200bker 00", "WORKER 00"):
        with pytest.raises(Conflict, match="already joined North Team on 5 Jan 2026 as Worker 00"):
            app.join_member(JoinMember.parse(team_id=ids["team"], name=look_alike, joined_on=date(2026, 2, 1)))
    joined = JoinMember.parse(team_id=ids["team"], name="Jo  Smith", joined_on=date(2026, 2, 1))
    app.join_member(joined)
    team = app.team(ids["team"])
    assert team.members[joined.member_id].name == "Jo Smith"
    assert team.member_named("Jo  Smith").id == team.member_named("jo smith").id == joined.member_id
    assert team.member_by_ref(joined.member_id.hex[:8]).name == "Jo Smith"


def test_a_name_mixing_look_alike_alphabets_is_refused(app):
    ids = add_team(app, "North Team")
    with pytest.raises(InvalidInput, match="mixes Cyrillic and Latin letters"):
        JoinMember.parse(team_id=ids["team"], name="S\u0430m Patel", joined_on=date(2026, 1, 5))


# An erased person's name, everywhere.

LOGIN, NAME = "bfernandez", "Bea Fernández"


@pytest.fixture
def bea(make_app, db_url):
    """Bea is on North Team and supervises it with a user account of her own; she logs support,
    and a note about her and Sam is amended to be about Sam alone."""
    app = make_app()
    ids = add_team(app, "North Team", (NAME, date(2026, 1, 5)), ("Sam Patel", date(2026, 1, 5)))
    hashed = hash_password("correct horse battery")
    app.add_user(AddUser.parse(name="boss", role="manager", password_hash=hashed))
    app.add_user(AddUser.parse(name=LOGIN, role="supervisor", teams=[ids["team"]], member_id=ids[NAME],
                               password_hash=hashed, by="boss"))
    shared = LogSupport.parse(team_id=ids["team"], kind="debrief", members=[ids[NAME], ids["Sam Patel"]],
                              at=NOW, note="Bea's worry about the Hart visit", logged_by=LOGIN)
    app.log_support(shared)
    app.amend(shared.entry_id, LOGIN, members=[ids["Sam Patel"]])
    app.log_support(LogSupport.parse(team_id=ids["team"], kind="check_in", members=[ids["Sam Patel"]], at=NOW,
                                     logged_by=LOGIN))
    view = build_view(app)
    view.catch_up()
    return app, view, ids


def test_erasing_a_member_erases_their_user_and_every_trace_of_their_name(bea, db_url):
    app, view, ids = bea
    boss = reader_for(app, view, "boss")
    team = boss.ref(app.team(ids["team"]))
    assert {i.by for i in boss.history(team) if i.ref} == {LOGIN}
    assert [i.note for i in boss.history(team) if i.what == "debrief"] == ["Bea's worry about the Hart visit"]
    app.erase_member(EraseMember.parse(team_id=ids["team"], member_id=ids[NAME], by="boss"))
    view.catch_up()
    boss = reader_for(app, view, "boss")  # a reader is made for each page or command
    # Who logged and amended shows as an erased user; the note she was dropped from is hidden.
    history = [i for i in boss.history(team) if i.ref]
    assert {i.by for i in history} == {ERASED_USER} and {i.amended_by for i in history} <= {ERASED_USER, None}
    assert [i.note for i in history if i.what == "debrief"] == [None]
    # Her account can no longer sign in and is not listed.
    with pytest.raises(Forbidden):
        app.directory().account(LOGIN)
    assert [a.name for a in boss.users()] == ["boss"]
    # Nowhere in an export, a fresh process's log, or the database itself.
    out = io.StringIO()
    export(app, out)
    fresh = build_app(db_url, clock=lambda: NOW)
    logged = str([vars(e) for _, e in fresh.read_log()])
    for text in (out.getvalue(), logged, dump(db_url)):
        assert not [secret for secret in (LOGIN, "Fernández", "Hart visit") if secret in text]
    assert fresh.team(ids["team"]).members[ids[NAME]].name == ERASED
    fresh.close()
