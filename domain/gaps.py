"""The gap rules, whole: what opens an obligation, when it falls due, what closes it, and what
ends it as no longer owed; and how a goal's shortfall is judged.

A rule turns happenings into obligations: a joining owes a welcome within 5 days, a difficult
visit a debrief within 2 working days, each contact with a worker another within 21 days. An
obligation is judged against the record as it stood at the end of a day: support closes it on
the day it was *logged*, not the day it happened, so a late-logged debrief closes its gap late.
A member who leaves is owed nothing more but a farewell; one who starts leave is owed no
check-in until they return. Such an obligation closes as no longer owed on that day.

The record starts when the team goes on record: members already on it then are owed no welcome
or induction, and their check-ins, like the team's quiet domains, count from that day.

Goals are judged by pace: a period in progress is behind pace only while its count is below the
goal's share of the calendar days elapsed (domain/periods.py `pace`), and below goal when it
ends short. A domain both quiet and below goal is one condition, so one gap.

Everything here is pure: the projections load the facts and call these functions.
"""

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

from domain.catalogue import Domain
from domain.dates import shown
from domain.periods import Pace, bounds, length, pace, per_of, period_of, period_words, share

# Steps in a member's time on a team, and what a domain's record is made of, beside support kinds.
JOINED, LEFT, LEAVE_STARTED, RETURNED = "joined", "left", "leave_started", "returned"
FIRST_JOINED, ACTIVITY = "first_joined", "activity"  # the team's first member; any activity in a domain
BEGAN = "team_began"  # the team went on record: who was on it already is owed no welcome or induction
CONTACTS = ("check_in", "debrief", "thinking_together")


class Rule(StrEnum):
    MISSING_WELCOME = "missing_welcome"
    MISSING_INDUCTION = "missing_induction"
    MISSING_FAREWELL = "missing_farewell"
    DEBRIEF_OVERDUE = "debrief_overdue"
    NO_CHECK_IN = "no_check_in"
    DOMAIN_DROUGHT = "domain_drought"
    NO_WELCOME_BACK = "no_welcome_back"
    BELOW_GOAL = "below_goal"


class Closure(StrEnum):
    """How a gap closed."""
    SUPPORT = "support"  # the missing support was logged (for a goal: the count caught up)
    LEFT = "left"  # no longer owed: the member left the team
    ON_LEAVE = "on leave"  # no longer owed: the member went on leave
    PERIOD_ENDED = "period ended"  # a goal's period ended short: it cannot be made up
    NOT_APPLICABLE = "not applicable"  # no longer owed: a supervisor said the rule does not apply


class From(StrEnum):
    """How early support may happen and still close an obligation."""
    THE_DAY = "the day it opened"
    AFTER = "the day after"  # a contact does not close the spell it starts
    MONTH_BEFORE = "30 days before"  # a welcome arranged before the first day counts
    EITHER_SIDE = "as many days before as it is due after"  # a farewell before leaving
    LEAVE_START = "the start of the leave"  # a welcome back arranged during the leave


@dataclass(frozen=True)
class RuleInfo:
    label: str
    default: int  # the threshold, in the unit below; 0 for rules without one
    working_days: bool
    opened_by: tuple[str, ...]
    closed_by: tuple[str, ...]
    ended_by: tuple[str, ...]  # LEFT, LEAVE_STARTED: after these it is no longer owed
    support_from: From
    subject: str  # what an obligation is about, from its opening day and domain
    to_close: str  # in words, what would close it
    running: bool = False  # each opening supersedes the last: only the latest open one is owed

    @property
    def unit(self) -> str:
        return "working days" if self.working_days else "days"


RULES: dict[Rule, RuleInfo] = {
    Rule.MISSING_WELCOME: RuleInfo("No welcome", 5, False, (JOINED,), ("welcome",), (LEFT,), From.MONTH_BEFORE,
                                   "joined {on}", "log a welcome"),
    Rule.MISSING_INDUCTION: RuleInfo("No induction", 10, True, (JOINED,), ("induction",), (LEFT,),
                                     From.MONTH_BEFORE, "joined {on}", "log an induction"),
    Rule.MISSING_FAREWELL: RuleInfo("No farewell", 10, False, (LEFT,), ("farewell",), (), From.EITHER_SIDE,
                                    "left {on}", "log a farewell"),
    Rule.DEBRIEF_OVERDUE: RuleInfo("Debrief overdue", 2, True, ("difficult_visit",), ("debrief",), (LEFT,),
                                   From.THE_DAY, "difficult visit on {on}", "log a debrief"),
    Rule.NO_CHECK_IN: RuleInfo("No check-in", 21, False, (JOINED, RETURNED, *CONTACTS), CONTACTS,
                               (LEFT, LEAVE_STARTED), From.AFTER, "no contact since {on}",
                               "log a check-in, debrief or thinking together", running=True),
    Rule.DOMAIN_DROUGHT: RuleInfo("Quiet domain", 28, False, (FIRST_JOINED, ACTIVITY), (ACTIVITY,), (),
                                  From.AFTER, "{domain}: nothing since {on}", "log any {domain} activity",
                                  running=True),
    Rule.NO_WELCOME_BACK: RuleInfo("No welcome back", 5, False, (RETURNED,), ("return_to_work",),
                                   (LEFT, LEAVE_STARTED), From.LEAVE_START, "back from leave {on}",
                                   "log a return to work"),
    Rule.BELOW_GOAL: RuleInfo("Below goal", 0, False, (), (ACTIVITY,), (), From.THE_DAY,  # opened by falling behind
                              "{domain}: behind pace", "log more {domain} activity"),
}
MEMBER_RULES = [rule for rule, info in RULES.items() if FIRST_JOINED not in info.opened_by and info.opened_by]
STEPS = (JOINED, LEFT, LEAVE_STARTED, RETURNED)


@cache
def reads(rule: Rule) -> tuple[str, ...]:
    """What a rule's obligations depend on: what opens, meets and ends them (a return ends a leave)."""
    info = RULES[rule]
    return tuple(dict.fromkeys(info.opened_by + info.closed_by + info.ended_by
                               + ((RETURNED,) if LEAVE_STARTED in info.ended_by else ())))


@cache
def support_read(rule: Rule) -> tuple[str, ...]:
    """The kinds of support among what a rule reads."""
    return tuple(kind for kind in reads(rule) if kind not in STEPS)


MEMBER_KINDS = sorted({kind for rule in MEMBER_RULES for kind in support_read(rule)})


@dataclass(frozen=True)
class Happening:
    """Something on record: a kind of support, or a step in a member's time on the team."""
    kind: str
    on: date  # when it happened
    recorded_on: date  # when it went on record


def add_working_days(day: date, days: int, closed: frozenset[date] = frozenset()) -> date:
    """The date `days` working days after `day`, skipping weekends and the team's closed days."""
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in closed:
            days -= 1
    return day


@dataclass(frozen=True)
class Settings:
    """A team's thresholds (every rule; defaults where unchanged) and closed days."""
    thresholds: Mapping[Rule, int]
    closed_days: frozenset[date] = frozenset()

    def due_on(self, rule: Rule, start: date) -> date:
        days = self.thresholds[rule]
        return add_working_days(start, days, self.closed_days) if RULES[rule].working_days \
            else start + timedelta(days=days)


DEFAULTS = Settings({rule: info.default for rule, info in RULES.items()})


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
    closed_how: Closure | None = None
    to_close: str = ""  # what would close it, in words (without the member's name)
    also: tuple[Rule, ...] = ()  # other rules the same condition breaks
    owed_from: date | None = None  # the day of what opened it: a joining, a visit, the last contact...

    @property
    def late_by_days(self) -> int | None:
        return None if self.closed_on is None else (self.closed_on - self.due_on).days

    @property
    def key(self) -> str:
        """What the gap is about, the same on any day it is found: its rule, its member or
        domain, and the day of the happening that opened it."""
        return f"{self.rule}/{self.member_id or self.domain or ''}/{self.owed_from}"


@dataclass(slots=True)
class Obligation:
    """Something owed by `due_on`, on record from `noticed_on`: the first support logged that
    could meet it, and the first day it stopped being owed (and why), if any. It depends on the
    record alone, not on the day it is looked at: time passing only opens and closes its gap.

    Under a running rule a later opening supersedes it: `latest` says none has yet, and
    `hidden_from` is the day a later one's gap opens while this one's is still open; from then
    only the later one is shown. `obligations` sets both when it makes it."""
    rule: Rule
    subject: str
    due_on: date
    noticed_on: date
    closer: Happening | None = None
    ending: tuple[date, Closure] | None = None
    to_close: str = ""
    owed_from: date | None = None
    latest: bool = True
    hidden_from: date | None = None

    @property
    def opens_on(self) -> date | None:
        """The day its gap opens: the day after it falls due, or when it was noticed if later (a
        joiner logged late is not a gap before anyone knew of them). None: never a gap, because
        the support happened in time and was on record when the gap would open, or because it
        stopped being owed before then."""
        opens = max(self.due_on + timedelta(days=1), self.noticed_on)
        if self.closer and self.closer.on <= self.due_on and self.closer.recorded_on <= opens:
            return None
        if self.ending and self.ending[0] < opens:
            return None
        return opens

    @property
    def closed(self) -> tuple[date, Closure] | None:
        """The day its support was logged or it stopped being owed, whichever came first."""
        ends = [(self.closer.recorded_on, Closure.SUPPORT)] if self.closer else []
        ends += [self.ending] if self.ending else []
        return min(ends, key=lambda end: end[0], default=None)

    @property
    def settled_on(self) -> date | None:
        """After this day nothing recorded about a later day can change it: it was met, and its
        gap, if any, has opened and closed. None while it is unmet."""
        if self.closer is None:
            return None
        return max(self.noticed_on, self.due_on + timedelta(days=1), self.closer.recorded_on)


def judge(ob: Obligation, as_of: date, team_id: object = None, member_id: object | None = None,
          domain: str | None = None) -> Gap | None:
    """The gap this obligation left as of the end of `as_of`, if any: open from `opens_on`, closed
    from the day it was met or stopped being owed; a superseded open one is not shown."""
    opened_on, closed = ob.opens_on, ob.closed
    if opened_on is None or opened_on > as_of:
        return None
    closed_on, how = closed if closed and closed[0] <= as_of else (None, None)
    if closed_on is None and ob.hidden_from and ob.hidden_from <= as_of:
        return None
    return Gap(ob.rule, team_id, member_id, ob.subject, ob.due_on, opened_on, closed_on, domain, how,
               ob.to_close, owed_from=ob.owed_from)


class Record:
    """One member's or one domain's happenings on record at the end of a day, by kind, in time order."""

    def __init__(self, happenings: Iterable[Happening], as_of: date):
        self.by_kind: dict[str, list[Happening]] = defaultdict(list)
        for h in sorted((h for h in happenings if h.recorded_on <= as_of), key=lambda h: h.on):
            self.by_kind[h.kind].append(h)
        self.began = self.by_kind[BEGAN][-1].on if self.by_kind[BEGAN] else None

    def of(self, kinds: tuple[str, ...]) -> list[Happening]:
        return sorted((h for kind in kinds for h in self.by_kind[kind]), key=lambda h: h.on)

    def away(self, reasons: tuple[str, ...]) -> list[tuple[date, date | None, Closure]]:
        """The spells away, for these reasons: from the day of leaving or going on leave until the
        day back (None: not back)."""
        spells = [(h.on, None, Closure.LEFT) for h in self.by_kind[LEFT]] if LEFT in reasons else []
        if LEAVE_STARTED in reasons:
            back = [h.on for h in self.by_kind[RETURNED]]
            spells += [(h.on, back[i] if i < len(back) else None, Closure.ON_LEAVE)
                       for i, h in enumerate(self.by_kind[LEAVE_STARTED])]
        return spells


def obligations(rule: Rule, record: Record, settings: Settings, domain: str | None = None,
                owed_from: date | None = None) -> list[Obligation]:
    """What `rule` made owed, by one member's or one domain's record; only what is owed from
    `owed_from` on, if given."""
    info = RULES[rule]
    closers = record.of(info.closed_by)
    first_logged: list[Happening | None] = [None] * (len(closers) + 1)  # of closers[i:], the first logged
    for i in range(len(closers) - 1, -1, -1):
        later, here = first_logged[i + 1], closers[i]
        first_logged[i] = later if later and (later.recorded_on, later.on) <= (here.recorded_on, here.on) else here
    closer_days = [c.on for c in closers]
    away = record.away(info.ended_by)
    opened: dict[date, tuple[Happening, bool]] = {}  # by day, and whether it predates the record
    for h in record.of(info.opened_by):
        before = record.began is not None and h.kind in (JOINED, FIRST_JOINED) and h.on < record.began
        if before and not info.running:
            continue  # already on the team when it went on record: not owed a welcome or induction
        h = replace(h, on=record.began) if before else h
        if owed_from and h.on < owed_from:
            continue
        if h.on in opened:  # one obligation a day, noticed with the first, named after what happened that day
            other, other_before = opened[h.on]
            named = h if other_before or other.kind == FIRST_JOINED else other
            h, before = replace(named, recorded_on=min(h.recorded_on, other.recorded_on)), before and other_before
        opened[h.on] = (h, before)
    label = Domain(domain).label if domain else ""
    found = []
    for opener, before in opened.values():
        since = _support_from(info.support_from, opener, record, settings.thresholds[rule])
        ending = min(((max(begins, opener.on), why) for begins, back, why in away if back is None or back > opener.on),
                     key=lambda end: end[0], default=None)  # the first day away from its start on
        found.append(Obligation(rule, _subject(info, opener, label, before), settings.due_on(rule, opener.on),
                                opener.recorded_on, first_logged[bisect_left(closer_days, since)], ending,
                                info.to_close.format(domain=label), opener.on))
    return _superseded(found) if info.running else found


def _superseded(found: list[Obligation]) -> list[Obligation]:
    """Under a running rule each opening supersedes the ones before it (in `found`'s order, by
    day): an earlier one still open is hidden from the day a later one's gap opens."""
    later_opens: date | None = None
    for ob in reversed(found[:-1]):
        ob.latest = False
    for ob in reversed(found):
        closed = ob.closed
        if later_opens and (closed is None or later_opens < closed[0]):
            ob.hidden_from = later_opens
        opens = ob.opens_on
        later_opens = opens if later_opens is None or (opens and opens < later_opens) else later_opens
    return found


def reach(kind: str, settings: Settings) -> int | None:
    """How many days before an obligation's opening day support of `kind` can still meet it (a
    welcome up to 30 days early): what to load beside the record from that day on. None: from
    any day before (a welcome back counts from the start of the leave)."""
    days = 0
    for rule, info in RULES.items():
        if kind in info.closed_by:
            match info.support_from:
                case From.MONTH_BEFORE:
                    days = max(days, 30)
                case From.EITHER_SIDE:
                    days = max(days, settings.thresholds[rule])
                case From.LEAVE_START:
                    return None
    return days


def _subject(info: RuleInfo, opener: Happening, label: str, before_record: bool) -> str:
    if opener.kind != FIRST_JOINED and not before_record:
        return info.subject.format(on=shown(opener.on), domain=label)
    what = f"{label}: nothing" if info.opened_by[0] == FIRST_JOINED else "no contact"
    since = "the team went on record" if before_record else "the first member joined"
    return f"{what} since {since} on {shown(opener.on)}"


def _support_from(start: From, opener: Happening, record: Record, threshold: int) -> date:
    match start:
        case From.AFTER:
            return opener.on + timedelta(days=1)
        case From.MONTH_BEFORE:
            return opener.on - timedelta(days=30)
        case From.EITHER_SIDE:
            return opener.on - timedelta(days=threshold)
        case From.LEAVE_START:
            return max((h.on for h in record.by_kind[LEAVE_STARTED] if h.on <= opener.on), default=opener.on)
    return opener.on


def find(rule: Rule, record: Record | Iterable[Happening], settings: Settings, as_of: date, team_id: object,
         member_id: object | None = None, domain: str | None = None) -> list[Gap]:
    """Every gap `rule` finds in one member's or one domain's record, as of the end of `as_of`."""
    record = record if isinstance(record, Record) else Record(record, as_of)
    return [gap for ob in obligations(rule, record, settings, domain)
            if (gap := judge(ob, as_of, team_id, member_id, domain)) is not None]


# What a supervisor sees coming: the member obligations that can still be met before a gap opens.
DUE_SOON_RULES = (Rule.DEBRIEF_OVERDUE, Rule.MISSING_WELCOME, Rule.MISSING_INDUCTION, Rule.NO_CHECK_IN,
                  Rule.NO_WELCOME_BACK)


@dataclass(frozen=True)
class DueSoon:
    """An obligation not yet met that falls due within the next few working days."""
    rule: Rule
    team_id: object
    member_id: object
    subject: str
    due_on: date
    owed_from: date  # the day of what opened it: for a debrief, the difficult visit's day
    to_close: str
    kind: str  # the kind of support that would close it

    @property
    def key(self) -> str:
        return f"{self.rule}/{self.member_id}/{self.owed_from}"


def due_soon(happenings: Record | Iterable[Happening], settings: Settings, as_of: date, team_id: object,
             member_id: object, working_days: int = 5) -> list[DueSoon]:
    """A member's obligations on record by the end of `as_of`, not yet met and still owed (not
    ended by leaving or leave before they fall due), that fall due from `as_of` to `working_days`
    working days after it (skipping weekends and the team's closed days), soonest first. For a
    running rule only the latest opening is owed."""
    record = happenings if isinstance(happenings, Record) else Record(happenings, as_of)
    until = add_working_days(as_of, working_days, settings.closed_days)
    found = []
    for rule in DUE_SOON_RULES:
        for ob in obligations(rule, record, settings):
            if ob.latest and ob.closer is None and (ob.ending is None or ob.ending[0] > ob.due_on) \
                    and ob.noticed_on <= as_of <= ob.due_on <= until:
                found.append(DueSoon(rule, team_id, member_id, ob.subject, ob.due_on, ob.owed_from,
                                     ob.to_close, RULES[rule].closed_by[0]))
    return sorted(found, key=lambda d: (d.due_on, d.owed_from, d.rule))


def member_gaps(happenings: Iterable[Happening], settings: Settings, as_of: date, team_id: object,
                member_id: object) -> list[Gap]:
    """A member's gaps: their record is the team going on record, their joining, leave and
    leaving, and the support they took part in."""
    record = Record(happenings, as_of)
    return [gap for rule in MEMBER_RULES for gap in find(rule, record, settings, as_of, team_id, member_id)]


def domain_record(happenings: Iterable[Happening], as_of: date) -> Record:
    """A domain's record: the team going on record, its days of activity, and the first of its
    members' joinings, from which a domain never active is quiet."""
    happenings = [h for h in happenings if h.recorded_on <= as_of]
    joins = [h for h in happenings if h.kind == JOINED]
    first = min(joins, key=lambda h: (h.on, h.recorded_on), default=None)
    return Record([h for h in happenings if h.kind != JOINED] + ([replace(first, kind=FIRST_JOINED)] if first else []),
                  as_of)


def quiet_gaps(happenings: Iterable[Happening], settings: Settings, as_of: date, team_id: object,
               domain: str) -> list[Gap]:
    """A domain's quiet spells: its record is the team going on record, its members' joinings
    and its days of activity. A domain is quiet from its last day of activity, but never from
    before the team's first member joined: one never active is quiet from that day."""
    return find(Rule.DOMAIN_DROUGHT, domain_record(happenings, as_of), settings, as_of, team_id, domain=domain)


def active_days(counts: Iterable[tuple[date, date, int]]) -> list[Happening]:
    """A domain's days with activity on record, from its changes in count (day it happened, day
    recorded, change): each day from the day its count, at the end of a day, last went above
    nothing."""
    by_day: dict[date, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for day, recorded_on, change in counts:
        by_day[day][recorded_on] += change
    found = []
    for day, changes in by_day.items():
        total, since = 0, None
        for recorded_on, change in sorted(changes.items()):
            total += change
            since = (since or recorded_on) if total > 0 else None
        if since:
            found.append(Happening(ACTIVITY, day, since))
    return found


def goal_gap(period: str, targets: Sequence[tuple[date, int]], counts: Iterable[tuple[date, date, int]],
             as_of: date, team_id: object, domain: str) -> Gap | None:
    """The gap a domain's goal left in one period, if any, as of the end of `as_of`.

    `targets` are the goals in force for the domain in this period's unit, (day recorded,
    target; 0 for none), oldest first; `counts` its activity in the period, (day it happened,
    day recorded, change). Each day is judged by the goal and the count on record at its end. As
    with every rule, a gap opens the day after the count fell short, so a day behind made up by
    the next is no gap; it closes the day the count is back on pace or, if the period ended
    short, the day after it ended (below goal). Only the latest spell behind is kept."""
    first, last = bounds(period)
    counted_on: dict[date, int] = {}
    for happened, recorded, change in counts:
        counted_on[max(happened, recorded)] = counted_on.get(max(happened, recorded), 0) + change
    count, target, days, spells = 0, 0, 0, []  # spells: [fell short at the end of, back on pace at the end of]
    for days in range(1, (min(last, as_of) - first).days + 2):
        day = first + timedelta(days=days - 1)
        count += counted_on.get(day, 0)
        target = next((t for recorded, t in reversed(targets) if recorded <= day), 0)
        short = bool(target) and pace(count, target, days, length(period)) in (Pace.BEHIND, Pace.BELOW)
        if short and (not spells or spells[-1][1]):
            spells.append([day, None])
        elif not short and spells and not spells[-1][1]:
            spells[-1][1] = day
    one_day = timedelta(days=1)
    spells = [(fell, back) for fell, back in spells if fell + one_day <= as_of and back != fell + one_day]
    if not spells:
        return None
    (fell, back), label, per = spells[-1], Domain(domain).label, per_of(period)
    due = share(target, days, length(period))
    more = max(due - count, 1)
    gap = Gap(Rule.BELOW_GOAL, team_id, None, f"{label}: {count} of {target} this {per}, {due} due by now",
              fell, fell + one_day, domain=domain, owed_from=first,
              to_close=f"log {more} more {label} {'activity' if more == 1 else 'activities'}")
    if back:
        return replace(gap, subject=f"{label}: behind pace in {period_words(period)}", closed_on=back,
                       closed_how=Closure.SUPPORT)
    if as_of > last:
        return replace(gap, subject=f"{label}: {count} of {target} in {period_words(period)}, below goal",
                       closed_on=last + one_day, closed_how=Closure.PERIOD_ENDED)
    return gap


def goals_judged_from(since: date) -> date:
    """The first day of the earliest period `goal_gaps` judges: the month or week that ended on,
    or runs on, the day before `since`."""
    return min(bounds(period_of(since - timedelta(days=1), per))[0] for per in ("month", "week"))


def goal_gaps(goals: Sequence[tuple[date, int, str]], counts: Sequence[tuple[date, date, int]], as_of: date,
              since: date, team_id: object, domain: str) -> list[Gap]:
    """A domain's goal gaps in the periods in progress or ended since `since`. `goals` are the
    goals set for it, (day recorded, target, "month" or "week"), oldest first: a goal set in the
    other unit, or to nothing, ends the one before; `counts` as for `goal_gap`."""
    found = []
    for per in ("month", "week"):
        targets = [(day, target if unit == per else 0) for day, target, unit in goals if day <= as_of]
        period = period_of(as_of, per)
        while any(t for _, t in targets) and bounds(period)[1] >= max(since - timedelta(days=1), targets[0][0]):
            first, last = bounds(period)
            gap = goal_gap(period, targets, [c for c in counts if first <= c[0] <= last], as_of, team_id, domain)
            found += [gap] if gap else []
            period = period_of(first - timedelta(days=1), per)
    return found


def one_gap_per_condition(gaps: Iterable[Gap]) -> list[Gap]:
    """A domain both quiet and behind its goal is one condition: its two open gaps become one,
    the quiet one, opened when the first of them opened, with both facts in its subject."""
    gaps = list(gaps)

    def condition(gap: Gap) -> tuple[object, str | None] | None:
        return (gap.team_id, gap.domain) if gap.closed_on is None else None

    quiet = {condition(g): g for g in gaps if g.rule == Rule.DOMAIN_DROUGHT and condition(g)}
    behind = {condition(g): g for g in gaps if g.rule == Rule.BELOW_GOAL and condition(g)}
    both = quiet.keys() & behind.keys()
    found = [g for g in gaps if g.rule not in (Rule.DOMAIN_DROUGHT, Rule.BELOW_GOAL) or condition(g) not in both]
    for key in both:
        drought, goal = quiet[key], behind[key]
        first = min(drought, goal, key=lambda g: g.opened_on)
        found.append(replace(drought, subject=f"{drought.subject}; {goal.subject.split(': ', 1)[-1]}",
                             due_on=first.due_on, opened_on=first.opened_on, to_close=goal.to_close,
                             also=(Rule.BELOW_GOAL,)))
    return found
