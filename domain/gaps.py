"""The gap rules: what a team has promised itself, and how a missed promise is judged.

Each rule turns into obligations: something due by a date (an induction within 10 working days
of joining, a debrief within 2 working days of a difficult visit...). An obligation is judged
against the record as it stood at the end of a day: the support that closes it counts from the
day it was logged, not the day it happened, so a late-logged debrief closes its gap late.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Rule(StrEnum):
    MISSING_WELCOME = "missing_welcome"
    MISSING_INDUCTION = "missing_induction"
    MISSING_FAREWELL = "missing_farewell"
    DEBRIEF_OVERDUE = "debrief_overdue"
    NO_CHECK_IN = "no_check_in"
    DOMAIN_DROUGHT = "domain_drought"
    NO_WELCOME_BACK = "no_welcome_back"
    BELOW_GOAL = "below_goal"


@dataclass(frozen=True)
class RuleInfo:
    label: str
    default: int  # the threshold, in the unit below; 0 for rules without one
    working_days: bool
    closed_by: tuple[str, ...]  # the kinds that close it

    @property
    def unit(self) -> str:
        return "working days" if self.working_days else "days"


RULES: dict[Rule, RuleInfo] = {
    Rule.MISSING_WELCOME: RuleInfo("No welcome", 5, False, ("welcome",)),
    Rule.MISSING_INDUCTION: RuleInfo("No induction", 10, True, ("induction",)),
    Rule.MISSING_FAREWELL: RuleInfo("No farewell", 10, False, ("farewell",)),
    Rule.DEBRIEF_OVERDUE: RuleInfo("Debrief overdue", 2, True, ("debrief",)),
    Rule.NO_CHECK_IN: RuleInfo("No check-in", 21, False, ("check_in", "debrief", "thinking_together")),
    Rule.DOMAIN_DROUGHT: RuleInfo("Quiet domain", 28, False, ()),
    Rule.NO_WELCOME_BACK: RuleInfo("No welcome back", 5, False, ("return_to_work",)),
    Rule.BELOW_GOAL: RuleInfo("Below goal", 0, False, ()),
}


def add_working_days(day: date, days: int, closed: frozenset[date] = frozenset()) -> date:
    """The date `days` working days after `day`, skipping weekends and the team's closed days."""
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in closed:
            days -= 1
    return day


@dataclass(frozen=True)
class Closer:
    """A piece of support that can close an obligation: when it happened, when it was logged."""
    occurred_on: date
    recorded_on: date


@dataclass(frozen=True)
class Gap:
    rule: Rule
    team_id: object
    member_id: object | None
    subject: str  # what the obligation is about, in words
    due_on: date
    opened_on: date
    closed_on: date | None = None
    domain: str | None = None  # for team-wide rules about one domain

    @property
    def late_by_days(self) -> int | None:
        return None if self.closed_on is None else (self.closed_on - self.due_on).days

    def open_on(self, day: date) -> bool:
        return self.opened_on <= day and (self.closed_on is None or self.closed_on > day)


def judge(rule: Rule, team_id: object, member_id: object | None, subject: str, due_on: date,
          noticed_on: date, closers: Iterable[Closer], as_of: date, domain: str | None = None) -> Gap | None:
    """The gap this obligation left as of the end of `as_of`, if any.

    `noticed_on` is the day the obligation itself went on record (a joiner logged late is not a
    gap before anyone knew of them). The gap opens the day after it falls due, or when noticed
    if later. The first support logged that could close it closes it on the day it was logged.
    No gap at all when that support happened in time and was on record when the gap would open.
    """
    opened_on = max(due_on + timedelta(days=1), noticed_on)
    if opened_on > as_of:
        return None
    known = [c for c in closers if c.recorded_on <= as_of]
    first = min(known, key=lambda c: (c.recorded_on, c.occurred_on), default=None)
    if first is not None and first.occurred_on <= due_on and first.recorded_on <= opened_on:
        return None
    return Gap(rule, team_id, member_id, subject, due_on, opened_on,
               first.recorded_on if first else None, domain)
