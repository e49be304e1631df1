"""Erasing a person from an append-only log: afterwards their name, email and the notes of what
they took part in cannot be read anywhere (database files, read models, exports, a fresh
process), while counts, gaps and the log itself are as they were."""

import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from domain.commands import EraseMember, JoinMember, LogSupport
from domain.errors import Conflict, Forbidden, InvalidInput
from domain.team import ERASED
from importers.jsonl import export
from services.bootstrap import build_app, build_view
from services.reading import Reader
from services.shredding import person_keys
from services.subject_access import person_data
from tests.conftest import NOW, add_team
from tests.integration.test_projections import snapshot

NAME, EMAIL = "Quentin Zedlander", "q.zedlander@example.org"
SECRETS = [NAME, EMAIL.split("@")[0], "Quentin's hard week", "Quentin and Jo's visit"]


@pytest.fixture
def world(make_app):
    """North Team: Quentin (with an email) and Jo; support with each, together, and for all."""
    app = make_app()
    ids = add_team(app, "North Team", ("Jo Okoro", date(2026, 1, 5)))
    join = JoinMember.parse(team_id=ids["team"], name=NAME, email=EMAIL, joined_on=date(2026, 1, 5), by="ann")
    app.join_member(join)
    quentin, jo = join.member_id, ids["Jo Okoro"]
    for kind, members, note in [("induction", [quentin], None), ("check_in", [quentin], "Quentin's hard week"),
                                ("debrief", [quentin, jo], "Quentin and Jo's visit"),
                                ("check_in", [jo], "Jo is fine"), ("away_day", [], "whole team, no names")]:
        app.log_support(LogSupport.parse(team_id=ids["team"], kind=kind, members=members, note=note,
                                         at="2026-06-01 10:00", logged_by="ann"))
    view = build_view(app)
    view.catch_up()
    return app, view, ids["team"], quentin


def erase(app, view, team_id, member_id) -> None:
    app.erase_member(EraseMember.parse(team_id=team_id, member_id=member_id, by="ann"))
    view.catch_up()


def read(view) -> Reader:
    return Reader(view.app, view, None)


def team_ref(view):
    return read(view).teams()[0]


def test_only_the_personal_fields_change(world):
    app, view, team_id, quentin = world
    before = snapshot(view)
    summary, gaps = read(view).summary(team_ref(view), "2026-06"), read(view).gaps(None, NOW.date())
    erase(app, view, team_id, quentin)
    after = snapshot(view)
    changed = {table for table in before if before[table] != after[table]}
    assert changed == {"securebase_members", "securebase_entries"}
    members = {row[0]: row for row in after["securebase_members"]}
    assert [row[2] for row in members.values()].count(repr(ERASED)) == 1
    notes = sorted(str(item.note) for item in read(view).history(team_ref(view)) if item.ref)
    assert notes == sorted(["None", "None", "None", "Jo is fine", "whole team, no names"])
    assert read(view).summary(team_ref(view), "2026-06") == summary  # counts unchanged
    assert [(g.rule, g.opened_on) for g in read(view).gaps(None, NOW.date())] == [
        (g.rule, g.opened_on) for g in gaps]
    assert view.rebuild() and snapshot(view) == after  # the log alone gives the same


def test_a_fresh_process_cannot_read_them_either(world, db_url):
    app, view, team_id, quentin = world
    erase(app, view, team_id, quentin)
    fresh = build_app(db_url, clock=lambda: NOW)
    member = fresh.team(team_id).members[quentin]
    assert (member.name, member.email, member.erased) == (ERASED, None, True)
    notes = {e.note for _, e in fresh.read_log() if hasattr(e, "note")}
    assert notes == {None, "Jo is fine", "whole team, no names"}
    engine = create_engine(db_url)
    with engine.connect() as connection:
        key = connection.execute(person_keys.select().where(person_keys.c.person_id == quentin)).one()
    engine.dispose()
    assert key.key is None and key.erased_at is not None


def test_the_name_is_nowhere_in_the_database(world, db_url):
    app, view, team_id, quentin = world
    assert NAME not in dump(db_url)  # sealed in the log and in the read models alike
    assert NAME in [m.name for m in read(view).roster(team_ref(view))]  # the reader opens it
    erase(app, view, team_id, quentin)
    assert not [secret for secret in SECRETS if secret in dump(db_url)]


def test_nor_in_an_export_or_a_colleagues_subject_access_export(world):
    app, view, team_id, quentin = world
    erase(app, view, team_id, quentin)
    out = io.StringIO()
    export(app, out)
    team = app.team(team_id)
    colleague = str(person_data(app, team, team.member_named("Jo Okoro").id))
    assert not [secret for secret in SECRETS if secret in out.getvalue() or secret in colleague]
    assert ERASED in out.getvalue()


def test_nothing_new_is_recorded_about_an_erased_person(world):
    app, view, team_id, quentin = world
    erase(app, view, team_id, quentin)
    with pytest.raises(InvalidInput, match="was erased: nothing new can be recorded about them"):
        app.log_support(LogSupport.parse(team_id=team_id, kind="check_in", members=[quentin],
                                         at="2026-06-02 10:00", logged_by="ann"))
    with pytest.raises(Conflict, match="was already erased"):
        app.erase_member(EraseMember.parse(team_id=team_id, member_id=quentin, by="ann"))
    assert app.team(team_id).member_named("Jo Okoro")  # others are found as before


def test_only_a_manager_may_erase(world):
    from domain.commands import AddUser
    from services.auth import hash_password
    app, view, team_id, quentin = world
    hashed = hash_password("correct horse battery")
    app.add_user(AddUser.parse(name="ann", role="manager", password_hash=hashed))
    app.add_user(AddUser.parse(name="sue", role="supervisor", teams=[team_id], password_hash=hashed, by="ann"))
    with pytest.raises(Forbidden, match="as a supervisor may not manage users and teams, or erase"):
        app.erase_member(EraseMember.parse(team_id=team_id, member_id=quentin, by="sue"))


def dump(url: str) -> str:
    """Everything the database holds: SQLite's files byte for byte, or every PostgreSQL row."""
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        files = [p for p in path.parent.iterdir() if p.name.startswith(path.name)]
        return b"".join(p.read_bytes() for p in files).decode("utf-8", "replace")
    engine = create_engine(url)
    with engine.connect() as connection:
        tables = [t for t in inspect(connection).get_table_names() if t.startswith("securebase_")]
        rows = [str(connection.execute(text(f'SELECT * FROM "{t}"')).all()) for t in tables]
    engine.dispose()
    return "\n".join(rows)
