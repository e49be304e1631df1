"""Each gap rule as a supervisor meets it: it opens when support is missed, stays open however
long, closes (late) when the support is finally logged or as no longer owed when the member
leaves or goes on leave, and never opens when the support came in time. Goals are judged by
pace, and a domain both quiet and behind its goal is one gap."""

from datetime import date, datetime

import pytest

from domain.commands import LogSupport, MemberDated, Retract, SetGoal, SetRules
from domain.gaps import Closure, Rule
from domain.periods import Pace
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
    assert gap.subject == "difficult visit on 9 Jan 2026"
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
    assert gap.subject == "no contact since 5 Jan 2026"
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
    assert [g.subject for g in gaps(view, Rule.NO_WELCOME_BACK, date(2026, 3, 8))] == ["back from leave 2 Mar 2026"]
    clock.on(date(2026, 4, 1))
    app.member_left(MemberDated.parse(team_id=ids["team"], member_id=ids["Sam Patel"], on="2026-04-01"))
    log(app, ids, "farewell", date(2026, 3, 30), "Sam Patel")
    assert gaps(view, Rule.MISSING_FAREWELL, date(2026, 5, 1)) == []


def test_a_quiet_domain_after_four_weeks(team, clock):
    app, view, ids = team
    log(app, ids, "consultation_slot", MON)
    availability = lambda as_of, state="all": [g for g in gaps(view, Rule.DOMAIN_DROUGHT, as_of, state)  # noqa: E731
                                               if g.domain == "availability"]
    assert availability(date(2026, 2, 2)) == []
    assert [g.subject for g in availability(date(2026, 2, 3), "open")] == ["Availability: nothing since 5 Jan 2026"]
    clock.on(date(2026, 2, 3))
    log(app, ids, "consultation_slot", date(2026, 2, 3))
    [closed] = availability(date(2026, 2, 3), "closed")
    assert (closed.closed_on, closed.closed_how) == (date(2026, 2, 3), Closure.SUPPORT)


def test_a_domain_never_active_is_quiet_from_the_first_members_day(team):
    app, view, ids = team
    # Sam Patel joined on the 5th and nothing at all was ever logged: 28 days on, all five are quiet.
    assert gaps(view, Rule.DOMAIN_DROUGHT, date(2026, 2, 2)) == []
    quiet = gaps(view, Rule.DOMAIN_DROUGHT, date(2026, 2, 3), "open")
    assert len(quiet) == 5 and {g.opened_on for g in quiet} == {date(2026, 2, 3)}
    assert "Acceptance: nothing since the first member joined on 5 Jan 2026" in [g.subject for g in quiet]


def test_a_leavers_check_in_gap_closes_as_no_longer_owed_on_the_leaving_day(team, clock):
    app, view, ids = team
    log(app, ids, "check_in", MON, "Sam Patel")
    # No contact for three weeks: open from the 27th.
    [gap] = gaps(view, Rule.NO_CHECK_IN, date(2026, 1, 30), "open")
    assert (gap.opened_on, gap.to_close) == (date(2026, 1, 27), "log a check-in, debrief or thinking together")
    # Sam leaves on the 2nd of February: the check-in is no longer owed from that day, not open for ever.
    clock.on(date(2026, 2, 2))
    app.member_left(MemberDated.parse(team_id=ids["team"], member_id=ids["Sam Patel"], on="2026-02-02"))
    assert gaps(view, Rule.NO_CHECK_IN, date(2026, 6, 1), "open") == []
    [closed] = gaps(view, Rule.NO_CHECK_IN, date(2026, 6, 1), "closed")
    assert (closed.closed_on, closed.closed_how) == (date(2026, 2, 2), Closure.LEFT)
    # As the record stood the day before the leaving was logged, the gap was still open.
    assert gaps(view, Rule.NO_CHECK_IN, date(2026, 2, 1), "open")[0].opened_on == date(2026, 1, 27)


def test_leave_ends_a_running_check_in_gap_and_it_starts_again_on_return(team, clock):
    app, view, ids = team
    log(app, ids, "check_in", MON, "Sam Patel")
    clock.on(date(2026, 2, 2))
    app.leave_started(MemberDated.parse(team_id=ids["team"], member_id=ids["Sam Patel"], on="2026-02-02"))
    [ended] = gaps(view, Rule.NO_CHECK_IN, date(2026, 2, 20))
    assert (ended.opened_on, ended.closed_on, ended.closed_how) == (date(2026, 1, 27), date(2026, 2, 2),
                                                                    Closure.ON_LEAVE)
    clock.on(date(2026, 3, 2))
    app.member_returned(MemberDated.parse(team_id=ids["team"], member_id=ids["Sam Patel"], on="2026-03-02"))
    assert gaps(view, Rule.NO_CHECK_IN, date(2026, 3, 23), "open") == []
    [again] = gaps(view, Rule.NO_CHECK_IN, date(2026, 3, 24), "open")
    assert (again.subject, again.opened_on) == ("no contact since 2 Mar 2026", date(2026, 3, 24))


def test_an_open_gap_due_400_days_ago_is_still_listed(team, clock):
    app, view, ids = team
    log(app, ids, "difficult_visit", MON, "Sam Patel")
    log(app, ids, "welcome", MON, "Sam Patel")
    as_of = date(2027, 2, 11)  # the debrief fell due on 7 January 2026, 400 days before
    [gap] = gaps(view, Rule.DEBRIEF_OVERDUE, as_of, "open")
    assert (gap.due_on, gap.age_days, gap.to_close) == (date(2026, 1, 7), 399, "log a debrief")
    # A gap closed more than half a year ago is out of view; one closed lately is not.
    clock.on(date(2026, 2, 2))
    log(app, ids, "induction", date(2026, 2, 2), "Sam Patel")
    assert gaps(view, Rule.MISSING_INDUCTION, as_of, "closed") == []
    assert gaps(view, Rule.MISSING_INDUCTION, date(2026, 6, 1), "closed")[0].closed_on == date(2026, 2, 2)


def test_members_on_the_team_before_it_went_on_record_are_owed_no_welcome(world, clock):
    app, view = world
    clock.on(MON, 9)
    ids = add_team(app, "North Team", ("Old Hand", date(2024, 3, 1)))
    assert gaps(view, Rule.MISSING_WELCOME, date(2026, 3, 1)) == gaps(view, Rule.MISSING_INDUCTION, date(2026, 3, 1)) == []
    # Their check-ins count from the day the team went on record.
    [gap] = gaps(view, Rule.NO_CHECK_IN, date(2026, 1, 27), "open")
    assert (gap.member, gap.subject) == ("Old Hand", "no contact since the team went on record on 5 Jan 2026")
    assert ids["Old Hand"] == gap.member_id


def test_goals_are_judged_by_pace_and_below_goal_when_the_month_ends_short(team, clock):
    app, view, ids = team
    clock.on(date(2026, 2, 1))
    app.set_goal(SetGoal.parse(team_id=ids["team"], domain="availability", target=16))
    clock.on(date(2026, 2, 2))
    log(app, ids, "consultation_slot", date(2026, 2, 2))
    behind = lambda as_of, state="all": gaps(view, Rule.BELOW_GOAL, as_of, state)  # noqa: E731
    read = Reader(view.app, view, None)
    # Day 3 of February: 1 of 16 is the share of 3 days in 28 (1.7, rounded down): on track.
    assert behind(date(2026, 2, 3)) == []
    [on_day_3] = [d for d in read.summary(read.ref(app.team(ids["team"])), "2026-02", date(2026, 2, 3)).domains
                  if d.domain == "availability"]
    assert (on_day_3.count, on_day_3.due, on_day_3.pace) == (1, 1, Pace.ON_TRACK)
    # Still 1 at the end of the 4th, when 2 were due: behind pace from the 5th.
    [gap] = behind(date(2026, 2, 5), "open")
    assert (gap.opened_on, gap.subject, gap.to_close) == (
        date(2026, 2, 5), "Availability: 1 of 16 this month, 2 due by now", "log 1 more Availability activity")
    # Two more on the 6th: back on pace, the gap closes.
    clock.on(date(2026, 2, 6))
    log(app, ids, "consultation_slot", date(2026, 2, 6))
    log(app, ids, "consultation_slot", date(2026, 2, 6))
    [closed] = behind(date(2026, 2, 6))
    assert (closed.closed_on, closed.closed_how) == (date(2026, 2, 6), Closure.SUPPORT)
    # Nothing more: the month ends 3 of 16, below goal, and the gap closes with it.
    [short] = behind(date(2026, 3, 1), "closed")
    assert (short.subject, short.opened_on, short.closed_on, short.closed_how) == (
        "Availability: 3 of 16 in February 2026, below goal", date(2026, 2, 8), date(2026, 3, 1), Closure.PERIOD_ENDED)


def test_a_domain_quiet_and_behind_its_goal_is_one_gap(team, clock):
    app, view, ids = team
    log(app, ids, "consultation_slot", MON)
    clock.on(date(2026, 2, 1))
    app.set_goal(SetGoal.parse(team_id=ids["team"], domain="availability", target=16))
    view.catch_up()
    found = [g for g in Reader(view.app, view, None).gaps(None, date(2026, 2, 10))
             if g.domain == "availability"]
    assert [(g.rule, g.also, g.subject) for g in found] == [
        (Rule.DOMAIN_DROUGHT, [Rule.BELOW_GOAL],
         "Availability: nothing since 5 Jan 2026; 0 of 16 this month, 5 due by now")]
    assert found[0].opened_on == date(2026, 2, 3)  # quiet since then, behind pace since the 3rd


def test_the_summary_compares_as_many_days_of_the_month_before(team, clock):
    app, view, ids = team
    for day in (date(2026, 1, 10), date(2026, 1, 12), date(2026, 1, 20)):
        clock.on(day)
        log(app, ids, "consultation_slot", day)
    clock.on(date(2026, 2, 12))
    log(app, ids, "consultation_slot", date(2026, 2, 12))
    view.catch_up()
    read = Reader(view.app, view, None)
    summary = read.summary(read.ref(app.team(ids["team"])), "2026-02", date(2026, 2, 12))
    [availability] = [d for d in summary.domains if d.domain == "availability"]
    assert (summary.before, summary.before_days, availability.count, availability.before) == ("2026-01", 12, 1, 2)
