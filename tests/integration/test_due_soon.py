"""What is due soon: support owed, not yet logged and still owed, that falls due from today to 5
working days ahead, so it can happen before a gap opens. First as a pure function of one
member's record, table by table; then through the Reader on both backends."""

from datetime import date, datetime

import pytest

from domain.commands import LogSupport, MemberDated, SetRules
from domain.gaps import BEGAN, DEFAULTS, JOINED, LEAVE_STARTED, LEFT, RETURNED, Happening, Rule, Settings, due_soon
from services.reading import Reader
from tests.conftest import add_team

MON = date(2026, 1, 5)  # a Monday


def d(month_day: str) -> date:
    return date.fromisoformat(month_day if len(month_day) > 5 else f"2026-{month_day}")


def h(kind: str, on: str, recorded: str | None = None) -> Happening:
    return Happening(kind, d(on), d(recorded or on))


JOINED_MON = [h(BEGAN, "01-01"), h(JOINED, "01-05")]


def soon(record: list[Happening], as_of: str, settings: Settings = DEFAULTS) -> list[tuple[Rule, str]]:
    """(rule, due day) of what is due soon, soonest first."""
    return [(s.rule, s.due_on.strftime("%m-%d")) for s in due_soon(record, settings, d(as_of), "team", "sam")]


@pytest.mark.parametrize("record, as_of, expected", [
    # A joiner: the welcome is due in 5 days, the induction in 10 working days.
    (JOINED_MON, "01-05", [(Rule.MISSING_WELCOME, "01-10")]),
    (JOINED_MON, "01-09", [(Rule.MISSING_WELCOME, "01-10")]),
    (JOINED_MON, "01-10", [(Rule.MISSING_WELCOME, "01-10")]),  # due today is still due soon
    (JOINED_MON, "01-12", [(Rule.MISSING_INDUCTION, "01-19")]),  # welcome missed: a gap, not due soon
    (JOINED_MON, "01-13", [(Rule.MISSING_INDUCTION, "01-19")]),  # 6 working days after joining
    (JOINED_MON, "01-20", [(Rule.NO_CHECK_IN, "01-26")]),  # the induction is a gap now; no contact since joining
    (JOINED_MON + [h("welcome", "01-06"), h("induction", "01-08")], "01-13", []),  # met
    (JOINED_MON + [h("induction", "01-08", "01-14")], "01-13", [(Rule.MISSING_INDUCTION, "01-19")]),  # not yet logged
    # Already on the team when it went on record: owed no welcome or induction.
    ([h(BEGAN, "01-07"), h(JOINED, "01-05")], "01-08", []),
    # A difficult visit owes a debrief within 2 working days.
    ([h(BEGAN, "01-01"), h(JOINED, "2025-12-01"), h("check_in", "01-09"), h("difficult_visit", "01-13")], "01-14",
     [(Rule.DEBRIEF_OVERDUE, "01-15")]),
    ([h(BEGAN, "01-01"), h(JOINED, "2025-12-01"), h("check_in", "01-09"), h("difficult_visit", "01-09")], "01-14",
     []),  # 5 days ago: a gap, not due soon
    ([h(BEGAN, "01-01"), h(JOINED, "2025-12-01"), h("difficult_visit", "01-13"), h("debrief", "01-14")], "01-14",
     []),  # debriefed (and a debrief is contact: the next check-in is weeks away)
    # No contact: due 21 days after the last.
    ([h(BEGAN, "01-01"), h(JOINED, "2025-12-01"), h("check_in", "01-05")], "01-23", [(Rule.NO_CHECK_IN, "01-26")]),
    ([h(BEGAN, "01-01"), h(JOINED, "2025-12-01"), h("check_in", "01-05")], "01-30", []),  # 25 days: a gap
    ([h(BEGAN, "01-01"), h(JOINED, "2025-12-01"), h("check_in", "01-05")], "01-15", []),  # not yet close
    # A leaver is owed nothing; nor is someone on leave; a return owes a welcome back.
    (JOINED_MON + [h(LEFT, "01-08")], "01-13", []),
    ([h(BEGAN, "01-01"), h(JOINED, "2025-12-01"), h("check_in", "01-05"), h(LEAVE_STARTED, "01-10")], "01-23", []),
    ([h(BEGAN, "01-01"), h(JOINED, "2025-12-01"), h("check_in", "01-05"), h(LEAVE_STARTED, "01-10"),
      h(RETURNED, "02-02")], "02-03", [(Rule.NO_WELCOME_BACK, "02-07")]),
])
def test_what_is_due_soon(record, as_of, expected):
    assert soon(record, as_of) == expected


def test_the_window_skips_weekends_and_the_team_closed_days():
    record = [h(BEGAN, "01-01"), h(JOINED, "2025-12-01"), h("check_in", "01-05")]  # next due Monday the 26th
    assert soon(record, "01-19") == [(Rule.NO_CHECK_IN, "01-26")]  # 5 working days from Monday the 19th
    assert soon(record, "01-16") == []  # from Friday the 16th: to Friday the 23rd
    closed = Settings(DEFAULTS.thresholds, frozenset({d("01-21")}))
    assert soon(record, "01-16", closed) == [(Rule.NO_CHECK_IN, "01-26")]  # a closed Wednesday widens it


# Through the Reader, on both backends.

def log(app, ids, kind, day, *people) -> LogSupport:
    cmd = LogSupport.parse(team_id=ids["team"], kind=kind, members=[ids[p] for p in people], logged_by="ann",
                           at=datetime.combine(day, datetime.min.time().replace(hour=10)))
    app.log_support(cmd)
    return cmd


def due(view, as_of: date) -> list[tuple[str, Rule, date]]:
    view.catch_up()
    return [(s.member, s.rule, s.due_on) for s in Reader(view.app, view, None).due_soon(None, as_of)]


@pytest.fixture
def team(world, clock):
    app, view = world
    clock.on(MON, 9)
    ids = add_team(app, "North Team", ("Sam Patel", MON), ("Jo Okoro", MON))
    clock.on(MON)
    for who in ("Sam Patel", "Jo Okoro"):
        log(app, ids, "welcome", MON, who)
    return app, view, ids


def test_a_visit_yesterday_is_due_soon_one_five_days_ago_is_a_gap(team, clock):
    app, view, ids = team
    for day in (date(2026, 1, 9), date(2026, 1, 13)):  # a Friday, and Tuesday the 13th
        clock.on(day)
        log(app, ids, "check_in", day, "Jo Okoro")
        visit = log(app, ids, "difficult_visit", day, "Sam Patel")
    clock.on(date(2026, 1, 14))
    view.catch_up()
    [row] = [s for s in Reader(app, view, None).due_soon(None, date(2026, 1, 14)) if s.rule == Rule.DEBRIEF_OVERDUE]
    assert (row.member, row.due_on, row.kind, row.regarding) == ("Sam Patel", date(2026, 1, 15), "debrief",
                                                                visit.entry_id)
    assert (row.team, row.subject, row.to_close) == ("North Team", "difficult visit on 13 Jan 2026", "log a debrief")
    assert [g.subject for g in Reader(app, view, None).gaps(None, date(2026, 1, 14))
            if g.rule == Rule.DEBRIEF_OVERDUE] == ["difficult visit on 9 Jan 2026"]


def test_a_joiner_six_working_days_in_owes_an_induction_soon_and_a_leaver_nothing(team, clock):
    app, view, ids = team
    clock.on(date(2026, 1, 8))
    app.member_left(MemberDated.parse(team_id=ids["team"], member_id=ids["Jo Okoro"], on="2026-01-08"))
    assert due(view, date(2026, 1, 13)) == [("Sam Patel", Rule.MISSING_INDUCTION, date(2026, 1, 19))]
    clock.on(date(2026, 1, 13))
    log(app, ids, "induction", date(2026, 1, 13), "Sam Patel")
    assert due(view, date(2026, 1, 13)) == []
    assert due(view, date(2026, 1, 12)) == [("Sam Patel", Rule.MISSING_INDUCTION, date(2026, 1, 19))]  # as it stood


def test_eighteen_days_without_contact_is_due_soon_twenty_five_a_gap(team, clock):
    app, view, ids = team
    clock.on(date(2026, 1, 8))
    log(app, ids, "induction", date(2026, 1, 8), "Sam Patel", "Jo Okoro")
    log(app, ids, "check_in", date(2026, 1, 8), "Sam Patel")
    clock.on(date(2026, 1, 15))
    log(app, ids, "check_in", date(2026, 1, 15), "Jo Okoro")
    # Sam: 18 days since contact on Monday the 26th; Jo: 11.
    assert due(view, date(2026, 1, 26)) == [("Sam Patel", Rule.NO_CHECK_IN, date(2026, 1, 29))]
    assert due(view, date(2026, 2, 2)) == [("Jo Okoro", Rule.NO_CHECK_IN, date(2026, 2, 5))]  # Sam's: a gap


def test_closed_days_widen_the_window_and_no_teams_means_nothing(team, clock):
    app, view, ids = team
    clock.on(date(2026, 1, 8))
    log(app, ids, "induction", date(2026, 1, 8), "Sam Patel", "Jo Okoro")
    log(app, ids, "check_in", date(2026, 1, 8), "Sam Patel", "Jo Okoro")  # next due Thursday the 29th
    assert due(view, date(2026, 1, 21)) == []  # to Wednesday the 28th
    clock.on(date(2026, 1, 9))
    app.set_rules(SetRules.parse(team_id=ids["team"], thresholds={}, closed_days=["2026-01-26"]))
    assert [who for who, *_ in due(view, date(2026, 1, 21))] == ["Jo Okoro", "Sam Patel"]
    assert Reader(app, view, None).due_soon([], date(2026, 1, 21)) == []
