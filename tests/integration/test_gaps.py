"""Each gap rule as a supervisor meets it: it opens when support is missed, stays open, closes
(late) when the support is finally logged, and never opens when the support came in time."""

from datetime import date, datetime

import pytest

from domain.commands import LogSupport, MemberDated, Retract, SetGoal, SetRules
from domain.gaps import Rule
from services.reading import Reader
from tests.conftest import add_team

MON = date(2026, 1, 5)  # a Monday


def log(app, ids, kind, day, *people, **fields) -> LogSupport:
    cmd = LogSupport.parse(team_id=ids["team"], kind=kind, at=datetime.combine(day, datetime.min.time().replace(hour=10)),
                           members=[ids[p] for p in people], logged_by="ann", **fields)
    app.log_support(cmd)
    return cmd


def gaps(view, rule, as_of, state="all"):
    view.catch_up()
    return [g for g in Reader(view.app, view, None).gaps(None, as_of, state) if g.rule == rule]


@pytest.fixture
def team(world, clock):
    app, view = world
    clock.on(MON, 9)
    ids = add_team(app, "North Team", ("Sam Patel", MON))
    clock.on(MON)
    return app, view, ids


def test_missing_induction_opens_after_ten_working_days_and_closes_late(team, clock):
    app, view, ids = team
    log(app, ids, "welcome", MON, "Sam Patel")
    due = date(2026, 1, 19)  # ten working days after Monday the 5th
    assert gaps(view, Rule.MISSING_INDUCTION, due) == []
    [gap] = gaps(view, Rule.MISSING_INDUCTION, date(2026, 1, 20))
    assert (gap.member, gap.due_on, gap.opened_on, gap.closed_on) == ("Sam Patel", due, date(2026, 1, 20), None)
    assert gaps(view, Rule.MISSING_INDUCTION, date(2026, 1, 28), "open")[0].age_days == 8
    # The induction happened on the 22nd but was only logged on the 26th.
    clock.on(date(2026, 1, 26))
    log(app, ids, "induction", date(2026, 1, 22), "Sam Patel")
    assert gaps(view, Rule.MISSING_INDUCTION, date(2026, 1, 25), "open")[0].member == "Sam Patel"
    [closed] = gaps(view, Rule.MISSING_INDUCTION, date(2026, 1, 26), "closed")
    assert (closed.closed_on, closed.late_by_days) == (date(2026, 1, 26), 7)
    assert gaps(view, Rule.MISSING_INDUCTION, date(2026, 1, 26), "open") == []


def test_an_induction_in_time_never_opens_a_gap_and_retracting_it_reopens_one(team, clock):
    app, view, ids = team
    clock.on(date(2026, 1, 8))
    induction = log(app, ids, "induction", date(2026, 1, 8), "Sam Patel")
    assert gaps(view, Rule.MISSING_INDUCTION, date(2026, 3, 1)) == []
    clock.on(date(2026, 2, 2))
    app.retract(Retract.parse(entry_id=induction.entry_id, reason="it was a welcome", by="ann"))
    assert gaps(view, Rule.MISSING_INDUCTION, date(2026, 2, 1)) == []  # as the record stood then
    [gap] = gaps(view, Rule.MISSING_INDUCTION, date(2026, 2, 2), "open")
    assert gap.opened_on == date(2026, 1, 20)  # by the corrected record, it was missed then


def test_a_team_threshold_and_closed_days_move_the_due_date(team, clock):
    app, view, ids = team
    clock.on(MON, 10)
    app.set_rules(SetRules.parse(team_id=ids["team"], thresholds={"missing_induction": 3},
                                 closed_days=["2026-01-07"]))
    [gap] = gaps(view, Rule.MISSING_INDUCTION, date(2026, 1, 12))
    assert gap.due_on == date(2026, 1, 9)  # Tue, (Wed closed), Thu, Fri


def test_debrief_overdue_after_two_working_days(team, clock):
    app, view, ids = team
    friday = date(2026, 1, 9)
    clock.on(friday)
    log(app, ids, "difficult_visit", friday, "Sam Patel")
    assert gaps(view, Rule.DEBRIEF_OVERDUE, date(2026, 1, 13)) == []  # due Tuesday the 13th
    [gap] = gaps(view, Rule.DEBRIEF_OVERDUE, date(2026, 1, 14), "open")
    assert gap.subject == "difficult visit on 2026-01-09"
    clock.on(date(2026, 1, 15))
    log(app, ids, "debrief", date(2026, 1, 15), "Sam Patel")
    [closed] = gaps(view, Rule.DEBRIEF_OVERDUE, date(2026, 1, 15), "closed")
    assert closed.late_by_days == 2


def test_a_debrief_in_time_means_no_gap_even_for_another_worker_visit(world, clock):
    app, view = world
    clock.on(MON, 9)
    ids = add_team(app, "North Team", ("Sam Patel", MON), ("Jo Okoro", MON))
    clock.on(MON)
    log(app, ids, "difficult_visit", MON, "Sam Patel")
    log(app, ids, "difficult_visit", MON, "Jo Okoro")
    log(app, ids, "debrief", MON, "Sam Patel")
    assert [g.member for g in gaps(view, Rule.DEBRIEF_OVERDUE, date(2026, 1, 20))] == ["Jo Okoro"]


def test_no_check_in_for_three_weeks(team, clock):
    app, view, ids = team
    log(app, ids, "check_in", MON, "Sam Patel")
    assert gaps(view, Rule.NO_CHECK_IN, date(2026, 1, 26)) == []
    [gap] = gaps(view, Rule.NO_CHECK_IN, date(2026, 1, 27), "open")
    assert gap.subject == "no contact since 2026-01-05"
    clock.on(date(2026, 1, 29))
    log(app, ids, "thinking_together", date(2026, 1, 29), "Sam Patel")
    [closed] = gaps(view, Rule.NO_CHECK_IN, date(2026, 1, 29), "closed")
    assert closed.late_by_days == 3


def test_nobody_owes_a_check_in_to_someone_on_leave(team, clock):
    app, view, ids = team
    log(app, ids, "check_in", MON, "Sam Patel")
    clock.on(date(2026, 1, 10))
    app.leave_started(MemberDated.parse(team_id=ids["team"], member_id=ids["Sam Patel"], on="2026-01-10"))
    assert gaps(view, Rule.NO_CHECK_IN, date(2026, 3, 1)) == []


def test_missing_welcome_back_and_farewell(team, clock):
    app, view, ids = team
    log(app, ids, "welcome", MON, "Sam Patel")
    clock.on(date(2026, 2, 2))
    app.leave_started(MemberDated.parse(team_id=ids["team"], member_id=ids["Sam Patel"], on="2026-02-02"))
    clock.on(date(2026, 3, 2))
    app.member_returned(MemberDated.parse(team_id=ids["team"], member_id=ids["Sam Patel"], on="2026-03-02"))
    assert gaps(view, Rule.NO_WELCOME_BACK, date(2026, 3, 7)) == []
    assert [g.subject for g in gaps(view, Rule.NO_WELCOME_BACK, date(2026, 3, 8))] == ["back from leave 2026-03-02"]
    clock.on(date(2026, 4, 1))
    app.member_left(MemberDated.parse(team_id=ids["team"], member_id=ids["Sam Patel"], on="2026-04-01"))
    log(app, ids, "farewell", date(2026, 3, 30), "Sam Patel")
    assert gaps(view, Rule.MISSING_FAREWELL, date(2026, 5, 1)) == []


def test_a_quiet_domain_after_four_weeks_and_below_goal(team, clock):
    app, view, ids = team
    log(app, ids, "consultation_slot", MON)
    assert gaps(view, Rule.DOMAIN_DROUGHT, date(2026, 2, 2)) == []
    quiet = gaps(view, Rule.DOMAIN_DROUGHT, date(2026, 2, 3), "open")
    assert [g.subject for g in quiet] == ["Availability: nothing since 2026-01-05"]
    clock.on(date(2026, 2, 3))
    app.set_goal(SetGoal.parse(team_id=ids["team"], domain="availability", target=2))
    log(app, ids, "consultation_slot", date(2026, 2, 3))
    below = gaps(view, Rule.BELOW_GOAL, date(2026, 2, 3), "open")
    assert [g.subject for g in below] == ["Availability: 1 of 2 this month"]
    log(app, ids, "peer_support", date(2026, 2, 3), "Sam Patel")
    assert gaps(view, Rule.BELOW_GOAL, date(2026, 2, 3), "open") == []
    [closed] = gaps(view, Rule.DOMAIN_DROUGHT, date(2026, 2, 3), "closed")
    assert closed.closed_on == date(2026, 2, 3)
