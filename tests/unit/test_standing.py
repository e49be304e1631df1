"""Whether a team is a secure base right now, and which team needs a manager first."""

import pytest

from domain.catalogue import Domain
from domain.standing import Standing, Verdict

A, C, S = Domain.ACCEPTANCE, Domain.COOPERATION, Domain.SENSITIVITY


def standing(open_gaps=0, oldest_days=0, behind=(), with_goals=5, oldest="Sam Patel: no induction") -> Standing:
    return Standing(open_gaps, oldest_days, oldest, tuple(behind), with_goals)


@pytest.mark.parametrize("team, verdict, answer", [
    (standing(), Verdict.YES, "Yes: no open gaps; every goal on track."),
    (standing(with_goals=0), Verdict.YES, "Yes: no open gaps; no goals set yet."),
    (standing(1, 3), Verdict.MOSTLY, "Mostly: 1 open gap, 3 days old (Sam Patel: no induction); every goal on track."),
    (standing(behind=[A]), Verdict.MOSTLY, "Mostly: no open gaps; Acceptance is behind its goal."),
    (standing(2, 14, [A, C]), Verdict.MOSTLY,
     "Mostly: 2 open gaps, the oldest 14 days (Sam Patel: no induction); Acceptance and Co-operation are "
     "behind their goals."),
    (standing(1, 15), Verdict.NOT_YET, "Not yet: 1 open gap, 15 days old (Sam Patel: no induction); every goal on track."),
    (standing(behind=[S, A, C]), Verdict.NOT_YET,
     "Not yet: no open gaps; Sensitivity, Acceptance and Co-operation are behind their goals."),
    (standing(None, 0, [A]), Verdict.MOSTLY, "Mostly: Acceptance is behind its goal."),  # a member sees no gaps
])
def test_the_verdict_and_its_one_line_answer(team, verdict, answer):
    assert (team.verdict(), team.answer()) == (verdict, answer)


def test_teams_are_ordered_by_need():
    teams = {"quiet": standing(), "one old": standing(1, 40), "two new": standing(2, 3),
             "two older": standing(2, 9), "behind": standing(0, 0, [A, C])}
    assert sorted(teams, key=lambda name: teams[name].need()) == ["two older", "two new", "one old", "behind", "quiet"]
