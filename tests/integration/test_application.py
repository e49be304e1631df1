"""The application on each backend: commands in, events stored, state read back by a fresh app."""

from datetime import date, datetime
from uuid import UUID, uuid4

import pytest
from sqlalchemy import create_engine, text

from domain.commands import CreateTeam, JoinMember, LogSupport, MemberDated, Retract
from domain.errors import Conflict, InvalidInput, NotFound
from services.bootstrap import build_view
from services.reading import Reader
from tests.conftest import add_team


def count_events(app) -> int:
    return app.recorder.max_notification_id() or 0


def check_in(ids, member="Sam Patel", **fields) -> LogSupport:
    data = {"team_id": ids["team"], "kind": "check_in", "members": [ids[member]],
            "at": "2026-06-01 10:00", "logged_by": "ann"} | fields
    return LogSupport.parse(**data)


def test_a_team_its_members_and_entries_survive_a_restart(make_app):
    app = make_app()
    ids = add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)), ("Jo Okoro", date(2026, 2, 1)))
    app.leave_started(MemberDated.parse(team_id=ids["team"], member_id=ids["Jo Okoro"], on="2026-04-01"))
    app.member_returned(MemberDated.parse(team_id=ids["team"], member_id=ids["Jo Okoro"], on="2026-05-01"))
    visit = check_in(ids, kind="difficult_visit")
    app.log_support(visit)
    debrief = check_in(ids, kind="debrief", regarding=visit.entry_id, mode="online", note="after visit")
    position = app.log_support(debrief)

    # A second application on the same database sees the same record.
    again = make_app()
    team = again.team_named("north team")
    assert sorted(m.name for m in team.members.values()) == ["Jo Okoro", "Sam Patel"]
    assert team.members[ids["Jo Okoro"]].leaves == [(date(2026, 4, 1), date(2026, 5, 1))]
    entry = again.entry(debrief.entry_id)
    assert (entry.kind, entry.mode, entry.note, entry.regarding) == ("debrief", "online", "after visit", visit.entry_id)
    assert entry.occurred_at == datetime(2026, 6, 1, 10, 0)
    assert position == count_events(again)


def test_commands_return_their_log_position(app):
    first = app.create_team(CreateTeam.parse(name="North Team"))
    second = app.join_member(JoinMember.parse(team_id=app.team_named("North Team").id,
                                              name="Sam Patel", joined_on="2026-01-05"))
    assert (first, second) == (1, 2)


def test_a_duplicate_team_name_is_refused(app):
    app.create_team(CreateTeam.parse(name="North Team"))
    with pytest.raises(Conflict, match="name 'NORTH team': a team with this name already exists"):
        app.create_team(CreateTeam.parse(name="NORTH team"))
    assert [t.name for t in app.teams()] == ["North Team"]


def test_unknown_team_and_entry_are_named(app):
    with pytest.raises(NotFound, match="team 'Nowhere'"):
        app.team_named("Nowhere")
    with pytest.raises(NotFound, match="entry 'abcdef12': no entry by that name or reference"):
        app.entry(UUID("abcdef12" * 4))


def test_a_bad_entry_in_a_batch_saves_none_of_it(app):
    ids = add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)))
    before = count_events(app)
    batch = [check_in(ids, at=f"2026-06-0{d} 10:00") for d in range(1, 5)]
    batch.append(check_in(ids, at="2025-12-01 10:00"))  # before Sam joined
    with pytest.raises(InvalidInput, match="was not on North Team on 1 Dec 2025"):
        app.log_many(batch)
    assert count_events(app) == before
    assert app.log_many(batch[:4]) == before + 4


def test_amend_and_retract_are_new_events_and_the_history_shows_them(app):
    ids = add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)), ("Jo Okoro", date(2026, 1, 5)))
    cmd = check_in(ids)
    app.log_support(cmd)
    app.amend(cmd.entry_id, "bea", members=[ids["Jo Okoro"]], mode="phone")
    other = check_in(ids, at="2026-06-02 10:00")
    app.log_support(other)
    app.retract(Retract.parse(entry_id=other.entry_id, reason="duplicate", by="bea"))
    with pytest.raises(Conflict, match="was already retracted"):
        app.retract(Retract.parse(entry_id=other.entry_id, reason="again", by="bea"))

    assert app.entry(cmd.entry_id).version == 2 and app.entry(other.entry_id).version == 2
    view = build_view(app)
    view.catch_up()
    read = Reader(app, view, None)
    team = read.ref(app.team(ids["team"]))
    found = read.history(team)
    assert [(h.what, h.members, h.mode, h.status) for h in found[:2]] == [
        ("check_in", ["Sam Patel"], "in_person", "retracted: duplicate"),
        ("check_in", ["Jo Okoro"], "phone", "amended by bea"),
    ]
    assert [h.what for h in found[2:]] == ["joined", "joined"]
    assert len(read.history(team, limit=1)) == 1


def test_a_debrief_can_only_follow_a_difficult_visit_of_the_same_team(app):
    ids = add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)))
    not_a_visit = check_in(ids)
    app.log_support(not_a_visit)
    with pytest.raises(InvalidInput, match="regarding '[0-9a-f]{8}': is not a difficult visit of North Team"):
        app.log_support(check_in(ids, kind="debrief", regarding=not_a_visit.entry_id))


def test_entries_are_found_by_a_short_reference(app):
    ids = add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)))
    cmd = check_in(ids)
    app.log_support(cmd)
    view = build_view(app)
    view.catch_up()
    assert Reader(app, view, None).entry(cmd.entry_id.hex[:8].upper()) == cmd.entry_id
    assert Reader(app, view, None).entry(str(cmd.entry_id)) == cmd.entry_id
    with pytest.raises(InvalidInput, match="give at least the first 6 characters"):
        Reader(app, view, None).entry("abc")
    with pytest.raises(NotFound, match="entry 'abcdef12': no entry has this reference"):
        Reader(app, view, None).entry("abcdef12")


def test_stored_state_is_plain_json_with_personal_fields_sealed(app, db_url):
    ids = add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)))
    app.log_support(check_in(ids, note="Zoë's first court day", entry_id=(entry_id := uuid4())))
    engine = create_engine(db_url)
    with engine.connect() as connection:
        state = connection.execute(text(
            "SELECT state FROM securebase_events ORDER BY id DESC LIMIT 1")).scalar_one()
    engine.dispose()
    assert b'"kind":"check_in"' in bytes(state)
    assert b'"note":"sealed:' in bytes(state) and "Zoë".encode() not in bytes(state)
    assert app.entry(entry_id).note == "Zoë's first court day"
