"""The Team aggregate's rules, each bad input with its message, and nothing changed after it."""

from datetime import date
from uuid import uuid4

import pytest

from domain.errors import Conflict, InvalidInput, NotFound
from domain.team import Team


@pytest.fixture
def team() -> Team:
    team = Team("North Team")
    team.join(uuid4(), "Sam Patel", "social worker", None, date(2026, 1, 5), by="ann")
    return team


def sam(team: Team):
    return team.member_named("sam patel")


def test_team_ids_come_from_names_ignoring_case_and_spacing():
    assert Team.create_id("North  team") == Team.create_id("north team") == Team("North Team").id
    assert Team.create_id("South Team") != Team.create_id("North Team")


def test_a_member_cannot_join_twice(team):
    with pytest.raises(Conflict, match="name 'SAM PATEL': already joined North Team on 5 Jan 2026 as Sam Patel"):
        team.join(uuid4(), "SAM PATEL", "social worker", None, date(2026, 2, 1), by="ann")
    assert len(team.members) == 1


def test_leaving_before_joining_is_refused(team):
    with pytest.raises(InvalidInput, match="left_on '2026-01-04': is before Sam Patel joined on 5 Jan 2026"):
        team.leave(sam(team).id, date(2026, 1, 4), by="ann")
    assert sam(team).left_on is None


def test_leaving_twice_is_refused(team):
    team.leave(sam(team).id, date(2026, 3, 1), by="ann")
    with pytest.raises(Conflict, match="already left on 1 Mar 2026"):
        team.leave(sam(team).id, date(2026, 4, 1), by="ann")


def test_leave_and_return_are_recorded_in_order(team):
    team.start_leave(sam(team).id, date(2026, 2, 1), by="ann")
    assert sam(team).on_leave
    with pytest.raises(Conflict, match="has been on leave since 1 Feb 2026"):
        team.start_leave(sam(team).id, date(2026, 2, 2), by="ann")
    with pytest.raises(InvalidInput, match="returned_on '2026-01-20': is before Sam Patel's leave started"):
        team.return_from_leave(sam(team).id, date(2026, 1, 20), by="ann")
    team.return_from_leave(sam(team).id, date(2026, 3, 1), by="ann")
    assert not sam(team).on_leave and sam(team).leaves == [(date(2026, 2, 1), date(2026, 3, 1))]
    with pytest.raises(Conflict, match="is not on leave"):
        team.return_from_leave(sam(team).id, date(2026, 3, 2), by="ann")


def test_leave_cannot_start_before_joining(team):
    with pytest.raises(InvalidInput, match="starts_on 'Sam Patel': was not on North Team on 1 Dec 2025 \\(joined on 5 Jan 2026\\)"):
        team.start_leave(sam(team).id, date(2025, 12, 1), by="ann")


def test_unknown_members_are_named_in_the_error(team):
    with pytest.raises(NotFound, match="member 'Jo Okoro': is not a member of North Team"):
        team.member_named("Jo Okoro")
    with pytest.raises(NotFound, match="is not a member of North Team"):
        team.member(uuid4())


def test_members_can_be_found_by_email():
    team = Team("North Team")
    team.join(uuid4(), "Jo Okoro", "social worker", "jo.okoro@example.org", date(2026, 1, 5), by="ann")
    assert team.member_named("JO.OKORO@example.org").name == "Jo Okoro"
