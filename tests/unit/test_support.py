"""Support entries: the command's checks and the rules that need the team and the clock."""

from datetime import date, datetime
from uuid import uuid4

import pytest

from domain.catalogue import KINDS, Domain
from domain.commands import EntryDetails, LogSupport
from domain.errors import Conflict, InvalidInput
from domain.support import SupportEntry
from domain.team import Team

NOW = datetime(2026, 6, 15, 12, 0)


@pytest.fixture
def team() -> Team:
    team = Team("North Team")
    team.join(uuid4(), "Sam Patel", "social worker", None, date(2026, 1, 5), by="ann")
    team.join(uuid4(), "Jo Okoro", "social worker", None, date(2026, 1, 5), by="ann")
    team.leave(team.member_named("Jo Okoro").id, date(2026, 3, 31), by="ann")
    return team


def log(team: Team, **fields) -> SupportEntry:
    data = {"team_id": team.id, "kind": "check_in", "at": "2026-06-01 10:00",
            "members": [team.member_named("Sam Patel").id], "logged_by": "ann"} | fields
    event = SupportEntry.log(team, cmd := LogSupport.parse(**data), NOW, cmd.logged_by)
    return event.mutate(None)


def test_a_logged_entry_holds_what_was_said(team):
    entry = log(team, mode="online", note="  call after the visit ")
    assert (entry.kind, entry.mode, entry.note) == ("check_in", "online", "call after the visit")
    assert entry.occurred_at == datetime(2026, 6, 1, 10, 0)
    assert entry.member_ids == [team.member_named("Sam Patel").id]


@pytest.mark.parametrize("fields, message", [
    ({"kind": "coffee"}, "kind 'coffee': unknown kind; choose one of: availability_signalled"),
    ({"note": "x" * 501}, "note 'xxx.*': is too long: at most 500 characters"),
    ({"mode": "carrier pigeon"}, "mode 'carrier pigeon': is not one of the choices: 'in_person', 'online'"),
    ({"at": "last tuesday"}, "at 'last tuesday': is not a date and time"),
    ({"at": "2026-06-16 09:00"}, "at '2026-06-16 09:00': is in the future"),
    ({"members": []}, "members: a check in needs at least one member"),
    ({"members": ["not-an-id"]}, "members.0 'not-an-id': is not a reference securebase gave"),
])
def test_bad_input_is_refused_naming_the_field(team, fields, message):
    with pytest.raises(InvalidInput, match=message):
        log(team, **fields)


def test_a_member_must_be_on_the_team_on_the_day(team):
    jo = team.member_named("Jo Okoro").id
    with pytest.raises(InvalidInput, match=r"members 'Jo Okoro': was not on North Team on 2 Apr 2026 \(left on 31 Mar 2026\)"):
        log(team, members=[jo], at="2026-04-02 10:00")
    with pytest.raises(InvalidInput, match=r"was not on North Team on 2 Jan 2026 \(joined on 5 Jan 2026\)"):
        log(team, members=[jo], at="2026-01-02 10:00")
    assert log(team, members=[jo], at="2026-03-31 16:00").member_ids == [jo]


def test_a_member_of_another_team_is_unknown(team):
    with pytest.raises(Exception, match="is not a member of North Team"):
        log(team, members=[uuid4()])


def test_whole_team_kinds_need_no_members(team):
    assert log(team, kind="away_day", members=[]).member_ids == []


def test_amending_replaces_the_details_and_keeps_the_rules(team):
    entry = log(team)
    details = EntryDetails.parse(**(entry.details.model_dump() | {"kind": "debrief"}))
    entry.amend(team, details, "ann", NOW)
    assert entry.kind == "debrief" and entry.version == 2
    future = EntryDetails.parse(**(entry.details.model_dump() | {"at": "2027-01-01"}))
    with pytest.raises(InvalidInput, match="is in the future"):
        entry.amend(team, future, "ann", NOW)
    assert entry.occurred_at == datetime(2026, 6, 1, 10, 0) and entry.version == 2


def test_retracting_twice_is_refused(team):
    entry = log(team)
    entry.retract("logged for the wrong team", "ann")
    with pytest.raises(Conflict, match=r"entry '[0-9a-f]{8}': was already retracted \(logged for the wrong team\)"):
        entry.retract("again", "ann")
    with pytest.raises(Conflict, match="was already retracted"):
        entry.amend(team, entry.details, "ann", NOW)
    assert entry.version == 2


def test_every_kind_counts_in_known_domains_and_triggers_count_in_none():
    assert all(set(kind.domains) <= set(Domain) for kind in KINDS.values())
    assert KINDS["difficult_visit"].domains == ()
    assert KINDS["debrief"].domains == (Domain.SENSITIVITY, Domain.ACCEPTANCE)
    assert {d for kind in KINDS.values() for d in kind.domains} == set(Domain)
