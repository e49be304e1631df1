"""Every gap rule as a pure function of a record, table by table, with no database: what opens an
obligation, when it falls due, what closes it in time or late, and what ends it as no longer
owed; thresholds, working days and closed days; goals judged by pace; one gap per condition."""

from datetime import date

import pytest

from domain.gaps import (
    ACTIVITY,
    BEGAN,
    DEFAULTS,
    JOINED,
    LEAVE_STARTED,
    LEFT,
    RETURNED,
    RULES,
    Closure,
    Gap,
    Happening,
    Obligation,
    Rule,
    Settings,
    find,
    goal_gap,
    goal_gaps,
    judge,
    member_gaps,
    one_gap_per_condition,
    quiet_gaps,
    reach,
    reads,
)
from domain.periods import Pace, pace, share


def d(month_day: str) -> date:
    """A day of 2026 ("01-05"), or of any year given in full."""
    return date.fromisoformat(month_day if len(month_day) > 5 else f"2026-{month_day}")


def h(kind: str, on: str, recorded: str | None = None) -> Happening:
    """Something that happened on a day, on record that day unless said otherwise."""
    return Happening(kind, d(on), d(recorded or on))


JOINED_MON = [h(BEGAN, "2025-12-01"), h(JOINED, "01-05")]  # Monday 5 January 2026
NOT = None  # no gap at all


def outcome(rule: Rule, record: list[Happening], as_of: str, settings: Settings = DEFAULTS):
    """(opened, closed, how) of the latest gap the rule finds, or None."""
    found = [g for g in member_gaps(record, settings, d(as_of), "team", "sam") if g.rule == rule]
    if not found:
        return None
    gap = max(found, key=lambda g: g.opened_on)
    return gap.opened_on.strftime("%m-%d"), gap.closed_on and gap.closed_on.strftime("%m-%d"), gap.closed_how


SUPPORT, LEFT_TEAM, ON_LEAVE = Closure.SUPPORT, Closure.LEFT, Closure.ON_LEAVE


@pytest.mark.parametrize("rule, extra, as_of, expected", [
    # No welcome: due 5 days after joining.
    (Rule.MISSING_WELCOME, [], "01-10", NOT),  # not yet due
    (Rule.MISSING_WELCOME, [], "01-11", ("01-11", None, None)),  # opens the day after
    (Rule.MISSING_WELCOME, [], "03-01", ("01-11", None, None)),  # stays open
    (Rule.MISSING_WELCOME, [h("welcome", "01-08")], "03-01", NOT),  # closed in time
    (Rule.MISSING_WELCOME, [h("welcome", "2025-12-20")], "03-01", NOT),  # arranged before the first day
    (Rule.MISSING_WELCOME, [h("welcome", "01-09", "01-14")], "03-01", ("01-11", "01-14", SUPPORT)),  # logged late
    (Rule.MISSING_WELCOME, [h("welcome", "01-16")], "03-01", ("01-11", "01-16", SUPPORT)),  # closed late
    (Rule.MISSING_WELCOME, [h(LEFT, "01-08")], "03-01", NOT),  # left before it fell due
    (Rule.MISSING_WELCOME, [h(LEFT, "01-20")], "03-01", ("01-11", "01-20", LEFT_TEAM)),  # no longer owed
    (Rule.MISSING_WELCOME, [h(LEFT, "01-20", "02-02")], "01-25", ("01-11", None, None)),  # leaving not yet known
    # No induction: due 10 working days after joining.
    (Rule.MISSING_INDUCTION, [], "01-19", NOT),
    (Rule.MISSING_INDUCTION, [], "01-20", ("01-20", None, None)),
    (Rule.MISSING_INDUCTION, [h("induction", "01-22", "01-26")], "02-01", ("01-20", "01-26", SUPPORT)),
    (Rule.MISSING_INDUCTION, [h(LEAVE_STARTED, "01-12")], "02-01", ("01-20", None, None)),  # leave does not end it
    # Debrief overdue: 2 working days after a difficult visit, by a debrief of the same worker.
    (Rule.DEBRIEF_OVERDUE, [h("difficult_visit", "01-09")], "01-13", NOT),  # Friday's is due Tuesday
    (Rule.DEBRIEF_OVERDUE, [h("difficult_visit", "01-09")], "01-14", ("01-14", None, None)),
    (Rule.DEBRIEF_OVERDUE, [h("difficult_visit", "01-09"), h("debrief", "01-12")], "02-01", NOT),
    (Rule.DEBRIEF_OVERDUE, [h("difficult_visit", "01-09"), h("debrief", "01-08")], "02-01", ("01-14", None, None)),
    (Rule.DEBRIEF_OVERDUE, [h("difficult_visit", "01-09"), h("debrief", "01-15")], "02-01",
     ("01-14", "01-15", SUPPORT)),
    (Rule.DEBRIEF_OVERDUE, [h("difficult_visit", "01-09"), h(LEFT, "01-12")], "02-01", NOT),
    (Rule.DEBRIEF_OVERDUE, [h("difficult_visit", "01-09"), h(LEFT, "01-16")], "02-01",
     ("01-14", "01-16", LEFT_TEAM)),
    (Rule.DEBRIEF_OVERDUE, [h("difficult_visit", "01-09", "01-20")], "01-20", ("01-20", None, None)),  # noticed late
    # No check-in: 21 days from joining, coming back, or the last contact; not while away.
    (Rule.NO_CHECK_IN, [h("check_in", "01-05")], "01-26", NOT),
    (Rule.NO_CHECK_IN, [h("check_in", "01-05")], "01-27", ("01-27", None, None)),
    (Rule.NO_CHECK_IN, [h("check_in", "01-05"), h("thinking_together", "01-20")], "02-09", NOT),
    (Rule.NO_CHECK_IN, [h("check_in", "01-05"), h("debrief", "01-29")], "02-01", ("01-27", "01-29", SUPPORT)),
    (Rule.NO_CHECK_IN, [h("check_in", "01-05"), h(LEAVE_STARTED, "01-20")], "03-01", NOT),
    (Rule.NO_CHECK_IN, [h("check_in", "01-05"), h(LEAVE_STARTED, "01-27")], "03-01", ("01-27", "01-27", ON_LEAVE)),
    (Rule.NO_CHECK_IN, [h("check_in", "01-05"), h(LEAVE_STARTED, "01-20"), h(RETURNED, "02-10")], "03-03", NOT),
    (Rule.NO_CHECK_IN, [h("check_in", "01-05"), h(LEAVE_STARTED, "01-20"), h(RETURNED, "02-10")], "03-04",
     ("03-04", None, None)),  # it starts again on return
    (Rule.NO_CHECK_IN, [h("check_in", "01-05"), h(LEFT, "02-03")], "06-01", ("01-27", "02-03", LEFT_TEAM)),
    (Rule.NO_CHECK_IN, [h("check_in", "01-05"), h(LEFT, "01-27")], "06-01", ("01-27", "01-27", LEFT_TEAM)),
    # No welcome back: 5 days after returning, by a return to work from the start of the leave on.
    (Rule.NO_WELCOME_BACK, [h(LEAVE_STARTED, "02-02"), h(RETURNED, "03-02")], "03-07", NOT),
    (Rule.NO_WELCOME_BACK, [h(LEAVE_STARTED, "02-02"), h(RETURNED, "03-02")], "03-08", ("03-08", None, None)),
    (Rule.NO_WELCOME_BACK, [h(LEAVE_STARTED, "02-02"), h("return_to_work", "02-27"), h(RETURNED, "03-02")],
     "04-01", NOT),
    (Rule.NO_WELCOME_BACK, [h(LEAVE_STARTED, "01-12"), h(RETURNED, "01-19"), h("return_to_work", "01-20"),
                            h(LEAVE_STARTED, "02-02"), h(RETURNED, "03-02")], "04-01", ("03-08", None, None)),
    (Rule.NO_WELCOME_BACK, [h(LEAVE_STARTED, "02-02"), h(RETURNED, "03-02"), h(LEAVE_STARTED, "03-05")],
     "04-01", NOT),
    # No farewell: due 10 days after leaving, by a farewell from 10 days before.
    (Rule.MISSING_FAREWELL, [h(LEFT, "03-02")], "03-12", NOT),
    (Rule.MISSING_FAREWELL, [h(LEFT, "03-02")], "03-13", ("03-13", None, None)),
    (Rule.MISSING_FAREWELL, [h(LEFT, "03-02"), h("farewell", "02-25")], "04-01", NOT),
    (Rule.MISSING_FAREWELL, [h(LEFT, "03-02"), h("farewell", "02-15")], "04-01", ("03-13", None, None)),
])
def test_each_member_rule(rule, extra, as_of, expected):
    assert outcome(rule, JOINED_MON + extra, as_of) == expected


def test_what_each_rule_is_opened_closed_and_ended_by():
    assert RULES[Rule.DEBRIEF_OVERDUE].opened_by == ("difficult_visit",)
    assert RULES[Rule.DEBRIEF_OVERDUE].closed_by == ("debrief",)
    assert RULES[Rule.NO_CHECK_IN].ended_by == (LEFT, LEAVE_STARTED)
    assert RULES[Rule.MISSING_FAREWELL].ended_by == ()  # a leaver is still owed a farewell
    assert all(LEFT in info.ended_by for rule, info in RULES.items()
               if JOINED in info.opened_by or "difficult_visit" in info.opened_by)


def test_a_gap_says_what_would_close_it():
    [gap] = [g for g in member_gaps(JOINED_MON + [h("difficult_visit", "01-09")], DEFAULTS, d("01-20"), "t", "sam")
             if g.rule == Rule.DEBRIEF_OVERDUE]
    assert (gap.subject, gap.to_close, gap.late_by_days) == ("difficult visit on 9 Jan 2026", "log a debrief", None)


def test_members_already_there_when_the_team_went_on_record():
    record = [h(BEGAN, "01-05"), h(JOINED, "2024-03-01", "01-05")]
    assert outcome(Rule.MISSING_WELCOME, record, "06-01") is None
    assert outcome(Rule.MISSING_INDUCTION, record, "06-01") is None
    [gap] = [g for g in member_gaps(record, DEFAULTS, d("01-27"), "t", "old hand") if g.rule == Rule.NO_CHECK_IN]
    assert (gap.subject, gap.opened_on) == ("no contact since the team went on record on 5 Jan 2026", d("01-27"))


def test_a_joiner_logged_late_is_no_gap_before_anyone_knew():
    record = [h(BEGAN, "2025-12-01"), h(JOINED, "01-05", "01-20")]
    assert outcome(Rule.MISSING_WELCOME, record, "01-19") is None
    assert outcome(Rule.MISSING_WELCOME, record, "01-20") == ("01-20", None, None)


@pytest.mark.parametrize("closer, ending, as_of, expected", [
    (None, None, "01-10", NOT),  # due on the 10th: no gap yet
    (None, None, "01-11", ("01-11", None, None)),
    (h("welcome", "01-09"), None, "01-11", NOT),  # in time, and on record when it would open
    (h("welcome", "01-09", "01-12"), None, "01-20", ("01-11", "01-12", SUPPORT)),  # in time, logged late
    (h("welcome", "01-09", "01-12"), None, "01-11", ("01-11", None, None)),  # not yet logged
    (h("welcome", "01-14"), (d("01-13"), Closure.LEFT), "01-20", ("01-11", "01-13", LEFT_TEAM)),  # first wins
    (h("welcome", "01-13"), (d("01-13"), Closure.LEFT), "01-20", ("01-11", "01-13", SUPPORT)),  # support on ties
    (None, (d("01-10"), Closure.LEFT), "01-20", NOT),  # no longer owed before it opened
    (None, (d("01-30"), Closure.LEFT), "01-20", ("01-11", None, None)),  # leaving on a later day
])
def test_judge(closer, ending, as_of, expected):
    gap = judge(Obligation(Rule.MISSING_WELCOME, "joined", d("01-10"), d("01-05"), closer, ending), d(as_of))
    assert (gap and (gap.opened_on.strftime("%m-%d"), gap.closed_on and gap.closed_on.strftime("%m-%d"),
                     gap.closed_how)) == expected


@pytest.mark.parametrize("rule, thresholds, closed, start, due", [
    (Rule.MISSING_INDUCTION, {}, [], "01-05", "01-19"),  # 10 working days
    (Rule.MISSING_INDUCTION, {Rule.MISSING_INDUCTION: 3}, ["01-07"], "01-05", "01-09"),  # Tue, (Wed shut), Thu, Fri
    (Rule.DEBRIEF_OVERDUE, {}, [], "01-09", "01-13"),  # Friday: Monday, Tuesday
    (Rule.DEBRIEF_OVERDUE, {}, ["01-12"], "01-09", "01-14"),  # Monday closed
    (Rule.MISSING_WELCOME, {}, ["01-07"], "01-05", "01-10"),  # calendar days ignore closed days
    (Rule.NO_CHECK_IN, {Rule.NO_CHECK_IN: 14}, [], "01-05", "01-19"),
])
def test_thresholds_working_days_and_closed_days(rule, thresholds, closed, start, due):
    settings = Settings(dict(DEFAULTS.thresholds) | thresholds, frozenset(map(d, closed)))
    assert settings.due_on(rule, d(start)) == d(due)


@pytest.mark.parametrize("record, as_of, expected", [
    ([h(ACTIVITY, "01-05")], "02-02", []),
    ([h(ACTIVITY, "01-05")], "02-03", [("02-03", None, "Availability: nothing since 5 Jan 2026")]),
    ([h(ACTIVITY, "01-05"), h(ACTIVITY, "02-10")], "02-20",
     [("02-03", "02-10", "Availability: nothing since 5 Jan 2026")]),
    ([h(ACTIVITY, "01-05"), h(ACTIVITY, "01-30")], "02-20", []),
    # Never active: quiet from the first member's joining day, plus the threshold.
    ([h(JOINED, "01-12"), h(JOINED, "01-05")], "02-03",
     [("02-03", None, "Availability: nothing since the first member joined on 5 Jan 2026")]),
    ([h(JOINED, "2024-01-05")], "02-03",
     [("02-03", None, "Availability: nothing since the team went on record on 5 Jan 2026")]),
])
def test_quiet_domains(record, as_of, expected):
    found = quiet_gaps([h(BEGAN, "01-05"), *record], DEFAULTS, d(as_of), "t", "availability")
    assert [(g.opened_on.strftime("%m-%d"), g.closed_on and g.closed_on.strftime("%m-%d"), g.subject)
            for g in found] == expected


@pytest.mark.parametrize("count, target, days, of_days, expected", [
    (0, 16, 1, 30, Pace.ON_TRACK),  # the 1st of the month: nothing due yet
    (1, 16, 3, 30, Pace.ON_TRACK),  # day 3: 1.6 due, rounded down to 1
    (2, 16, 3, 30, Pace.ON_TRACK),
    (0, 16, 3, 30, Pace.BEHIND),
    (7, 16, 15, 30, Pace.BEHIND),  # 8 due halfway
    (16, 16, 10, 30, Pace.MET),
    (15, 16, 30, 30, Pace.BELOW),  # the month is over
    (3.5, 3.7, 7, 7, Pace.BELOW),  # a monthly goal seen by the week
])
def test_pace_prorates_a_goal_by_calendar_days(count, target, days, of_days, expected):
    assert pace(count, target, days, of_days) == expected


def test_share_is_rounded_down_to_whole_activities():
    assert [share(16, days, 30) for days in (1, 2, 3, 4, 15, 29, 30)] == [0, 1, 1, 2, 8, 15, 16]


FEB_GOAL = [(d("02-01"), 16)]  # 16 a month from the 1st of February (28 days)


@pytest.mark.parametrize("counts, as_of, expected", [
    ([(d("02-02"), d("02-02"), 1)], "02-03", NOT),  # 1 of 16 on day 3 is on track
    ([(d("02-02"), d("02-02"), 1)], "02-04", NOT),  # 2 due at the end of the 4th: it opens the day after
    ([(d("02-02"), d("02-02"), 1)], "02-05", ("02-05", None, None, "Availability: 1 of 16 this month, 2 due by now")),
    ([(d("02-02"), d("02-02"), 1), (d("02-05"), d("02-05"), 1)], "02-05", NOT),  # a day behind made up next day
    ([(d("02-02"), d("02-02"), 1), (d("02-06"), d("02-06"), 2)], "02-06",
     ("02-05", "02-06", SUPPORT, "Availability: behind pace in February 2026")),
    ([(d("02-02"), d("02-02"), 1), (d("02-04"), d("02-06"), 2)], "02-06",  # support counts from the day logged
     ("02-05", "02-06", SUPPORT, "Availability: behind pace in February 2026")),
    ([(d("02-02"), d("02-02"), 1), (d("02-06"), d("02-06"), 2)], "03-01",
     ("02-08", "03-01", Closure.PERIOD_ENDED, "Availability: 3 of 16 in February 2026, below goal")),
    ([(d(f"02-{n:02d}"), d(f"02-{n:02d}"), 1) for n in range(1, 17)], "03-01", NOT),  # met
])
def test_goal_gaps_by_pace(counts, as_of, expected):
    gap = goal_gap("2026-02", FEB_GOAL, counts, d(as_of), "t", "availability")
    assert (gap and (gap.opened_on.strftime("%m-%d"), gap.closed_on and gap.closed_on.strftime("%m-%d"),
                     gap.closed_how, gap.subject)) == expected


def test_a_goal_set_part_way_through_is_judged_from_the_day_it_was_set():
    assert goal_gap("2026-02", [(d("02-20"), 16)], [], d("02-20"), "t", "availability") is None
    assert goal_gap("2026-02", [(d("02-20"), 16)], [], d("02-22"), "t", "availability").opened_on == d("02-21")


def test_goal_gaps_cover_weeks_and_months_and_a_goal_in_another_unit_ends_the_last():
    weekly = [(d("01-01"), 4, "week")]
    found = goal_gaps(weekly, [], d("02-04"), d("01-20"), "t", "sensitivity")
    assert [g.subject for g in found] == ["Sensitivity: 0 of 4 this week, 1 due by now",
                                          "Sensitivity: 0 of 4 in the week of 26 Jan 2026, below goal",
                                          "Sensitivity: 0 of 4 in the week of 19 Jan 2026, below goal"]
    assert goal_gaps(weekly + [(d("01-02"), 8, "month")], [], d("01-06"), d("01-01"), "t", "sensitivity")[0] \
        .subject == "Sensitivity: 0 of 8 this month, 1 due by now"
    assert goal_gaps([*weekly, (d("01-02"), 0, "week")], [], d("02-04"), d("01-20"), "t", "sensitivity") == []


def gap(rule: Rule, domain: str, opened: str, closed: str | None = None, subject: str = "") -> Gap:
    return Gap(rule, "t", None, subject, d(opened), d(opened), closed and d(closed), domain)


@pytest.mark.parametrize("gaps, expected", [
    ([gap(Rule.DOMAIN_DROUGHT, "availability", "02-03", subject="Availability: nothing since 5 Jan 2026"),
      gap(Rule.BELOW_GOAL, "availability", "02-05", subject="Availability: 1 of 16 this month, 2 due by now")],
     [(Rule.DOMAIN_DROUGHT, (Rule.BELOW_GOAL,), "02-03",
       "Availability: nothing since 5 Jan 2026; 1 of 16 this month, 2 due by now")]),
    ([gap(Rule.DOMAIN_DROUGHT, "availability", "02-03", "02-04"), gap(Rule.BELOW_GOAL, "availability", "02-05")],
     [(Rule.DOMAIN_DROUGHT, (), "02-03", ""), (Rule.BELOW_GOAL, (), "02-05", "")]),  # not at the same time
    ([gap(Rule.DOMAIN_DROUGHT, "availability", "02-03"), gap(Rule.BELOW_GOAL, "acceptance", "02-05")],
     [(Rule.DOMAIN_DROUGHT, (), "02-03", ""), (Rule.BELOW_GOAL, (), "02-05", "")]),  # not the same domain
])
def test_one_condition_one_gap(gaps, expected):
    assert sorted((g.rule, g.also, g.opened_on.strftime("%m-%d"), g.subject)
                  for g in one_gap_per_condition(gaps)) == sorted(expected)


def test_what_each_rule_reads_and_how_early_support_counts():
    assert reads(Rule.DEBRIEF_OVERDUE) == ("difficult_visit", "debrief", LEFT)
    assert RETURNED in reads(Rule.NO_CHECK_IN)  # a return ends a leave, which ends the obligation
    assert reach("check_in", DEFAULTS) == reach("debrief", DEFAULTS) == 0  # counted from the day on
    assert reach("welcome", DEFAULTS) == 30  # a welcome arranged before the first day counts
    farewell = Settings(dict(DEFAULTS.thresholds) | {Rule.MISSING_FAREWELL: 14})
    assert reach("farewell", farewell) == 14  # as many days before leaving as it is due after
    assert reach("return_to_work", DEFAULTS) is None  # from the start of the leave, however long


@pytest.mark.parametrize("closer, settled", [
    (None, None),  # unmet: a later record can still meet it
    (h("welcome", "01-08"), "01-11"),  # met in time: settled once it could no longer open
    (h("welcome", "01-12", "01-20"), "01-20"),  # met late: settled the day it was logged
])
def test_an_obligation_is_settled_once_met_and_its_gap_is_over(closer, settled):
    ob = Obligation(Rule.MISSING_WELCOME, "joined", d("01-10"), d("01-05"), closer)
    assert ob.settled_on == (settled and d(settled))


def test_a_running_rule_keeps_only_its_latest_open_spell():
    # Activity before anyone joined: quiet from the first member's day, a single open gap.
    record = [h(ACTIVITY, "01-02"), h(JOINED, "01-05"), h(BEGAN, "01-01")]
    found = find(Rule.DOMAIN_DROUGHT, quiet_record(record), DEFAULTS, d("03-01"), "t", domain="availability")
    assert [g.subject for g in found] == ["Availability: nothing since the first member joined on 5 Jan 2026"]


def quiet_record(record: list[Happening]) -> list[Happening]:
    """A domain's record as `quiet_gaps` makes it: the first joining stands for the team's start."""
    return [Happening("first_joined", x.on, x.recorded_on) if x.kind == JOINED else x for x in record]


def test_a_gap_knows_the_day_it_was_owed_from_whichever_day_it_is_found():
    record = JOINED_MON + [h("check_in", "01-05")]
    found = {day: {g.rule: g.owed_from for g in member_gaps(record, DEFAULTS, d(day), "t", "sam")}
             for day in ("01-27", "03-01")}
    assert found["01-27"][Rule.NO_CHECK_IN] == found["03-01"][Rule.NO_CHECK_IN] == d("01-05")  # the last contact
    assert found["03-01"][Rule.MISSING_INDUCTION] == d("01-05")  # the joining
    gaps = [goal_gap("2026-02", FEB_GOAL, [], d(day), "t", "availability") for day in ("02-05", "03-01")]
    assert {g.owed_from for g in gaps} == {d("02-01")}  # the period, whatever the subject says that day
