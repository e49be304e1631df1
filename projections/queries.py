"""What the CLI and the dashboard read: small pydantic models built from the read models.

Every query takes `as_of`: the record as it stood at the end of that day. Activity is kept as
deltas stamped with the day they were recorded, entry facts carry the days they were true
from and to, and members, leave and settings carry the day they were recorded; so "as of" is a
filter on those days, not a replay, and costs the same as the present.
"""

from collections.abc import Callable, Iterable
from datetime import date
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Connection, Engine, ScalarSelect, String, cast, func, select

from domain import zone
from domain.catalogue import KINDS, Domain
from domain.decisions import Decision
from domain.errors import InvalidInput, NotFound
from domain.gaps import RULES, Closure, Gap, Rule
from domain.periods import Pace, bounds, elapsed, length, pace, per_of, previous, scale_goal, share
from domain.standing import Standing
from projections import tables as t
from projections.asof import recorded_by, valid_on
from projections.decisions import Decided, decisions, gap_id, snoozed
from projections.decisions import decided as apply_decision
from projections.gap_finder import find_awaiting_debrief, find_due_soon, find_gaps
from projections.history import Link, links
from projections.lookups import activity_counts, day_counts, goal_history, goals_in_force, rules_in_force

LOOKBACK_DAYS = 180  # closed gaps stay in view for half a year; open ones for as long as they are open


class TeamRef(BaseModel):
    team_id: UUID
    name: str


class DomainActivity(BaseModel):
    domain: Domain
    count: int
    by_mode: dict[str, int]
    goal: float | None
    due: int | None  # the goal's share of the days elapsed, in whole activities
    pace: Pace | None  # goal met, on track, behind pace, or (once the period is over) below goal
    before: int  # the count in as many days of the period before

    @property
    def online_share(self) -> float | None:
        return None if not self.count else self.by_mode.get("online", 0) / self.count


class Summary(BaseModel):
    team: TeamRef
    period: str
    as_of: date | None
    days: int  # the period's calendar days elapsed by the end of `as_of`
    of_days: int
    before: str  # the period before, compared like for like
    before_days: int  # its first days compared: as many as have elapsed in this one
    domains: list[DomainActivity]


    def standing(self, open_gaps: list["GapView"] | None) -> Standing:
        """Whether the team is a secure base now, and how much it needs a manager, judged from
        its open gaps (None: not the reader's to see) and this period (domain/standing.py)."""
        oldest = max(open_gaps or [], key=lambda g: g.age_days, default=None)
        return Standing(
            open_gaps=None if open_gaps is None else len(open_gaps), oldest_days=oldest.age_days if oldest else 0,
            oldest=oldest.words if oldest else "", with_goals=sum(1 for row in self.domains if row.goal),
            behind=tuple(row.domain for row in self.domains if row.pace in (Pace.BEHIND, Pace.BELOW)))


class PeriodCount(BaseModel):
    period: str
    domain: Domain
    count: int
    goal: float | None


class GapView(BaseModel):
    rule: Rule
    rule_label: str
    team: str
    member_id: UUID | None
    member: str | None
    domain: Domain | None
    subject: str
    due_on: date
    opened_on: date
    closed_on: date | None
    closed_how: Closure | None  # by support, or no longer owed (left, on leave), or its period ended
    to_close: str  # what would close it, in words, without the member's name
    also: list[Rule]  # other rules the same condition breaks
    late_by_days: int | None  # days after it fell due that it closed
    age_days: int  # days it has been (or was) open
    team_id: UUID
    key: str  # what it is about, the same on any day (domain/gaps.py `Gap.key`)
    ref: str  # the short reference people type to decide about it
    decision: Decision | None = None  # in force: not applicable or snoozed
    decided_until: date | None = None
    decided_because: str = ""
    decided_by: str | None = None  # a user's id; the reader shows their name
    decided_on: date | None = None
    snoozed: bool = False  # snoozed until a day still to come: out of the open list till then

    @property
    def words(self) -> str:
        """"Sam Patel: no induction"; "Co-operation: quiet domain"."""
        return f"{self.member or (self.domain.label if self.domain else 'whole team')}: {self.rule_label.lower()}"


class MemberStatus(BaseModel):
    member_id: UUID
    name: str
    role: str
    joined_on: date
    left_on: date | None
    on_leave_since: date | None
    inducted_on: date | None
    last_check_in: date | None


class TimelineItem(BaseModel):
    occurred_on: date
    kind: str
    domains: list[Domain]
    mode: str
    note: str | None
    note_for: list[UUID]  # whose keys seal the note
    logged_by: str
    links: list[Link] = []  # the visit a debrief follows, the debriefs after a visit


def teams(engine: Engine, as_of: date | None = None) -> list[TeamRef]:
    with engine.connect() as c:
        rows = c.execute(select(t.teams.c.team_id, t.teams.c.name)
                         .where(recorded_by(t.teams, as_of)).order_by(t.teams.c.name))
        return [TeamRef(team_id=r.team_id, name=r.name) for r in rows]


def summary(engine: Engine, team: TeamRef, period: str, as_of: date | None = None) -> Summary:
    """Each domain's activity in a period against the goal in force, split by mode; how far
    along the goal it is for the days elapsed; and the same number of days of the period before."""
    day, before = as_of or zone.today(), previous(period, 2)[0]
    days, of_days = elapsed(period, day), length(period)
    before_days = min(days, length(before))
    with engine.connect() as c:
        counts = activity_counts(c, [team.team_id], [period], as_of)
        earlier = day_counts(c, team.team_id, bounds(before)[0], before_days, as_of)
        goals = goals_in_force(c, team.team_id, period, as_of)
    domains = []
    for domain in Domain:
        by_mode = counts.get((team.team_id, period, domain.value), {})
        goal = scale_goal(*goals[domain], per_of(period)) if domain in goals else None
        count = sum(by_mode.values())
        domains.append(DomainActivity(domain=domain, count=count, by_mode=by_mode, goal=goal,
                                      due=share(goal, days, of_days) if goal else None,
                                      pace=pace(count, goal, days, of_days) if goal else None,
                                      before=earlier.get(domain.value, 0)))
    return Summary(team=team, period=period, as_of=as_of, days=days, of_days=of_days, before=before,
                   before_days=before_days, domains=domains)


def trend(engine: Engine, team: TeamRef, period: str, count: int = 12,
          as_of: date | None = None) -> list[PeriodCount]:
    """Each domain's count and goal over the `count` periods ending with `period`."""
    periods = previous(period, count)
    with engine.connect() as c:
        counts = activity_counts(c, [team.team_id], periods, as_of)
        goals = {p: goals_in_force(c, team.team_id, p, as_of) for p in periods}
    return [PeriodCount(period=p, domain=d, count=sum(counts.get((team.team_id, p, d.value), {}).values()),
                        goal=scale_goal(*goals[p][d], per_of(p)) if d in goals[p] else None)
            for p in periods for d in Domain]


def gaps(engine: Engine, team_ids: list[UUID], as_of: date | None = None,
         state: str = "open", lookback_days: int = LOOKBACK_DAYS) -> list[GapView]:
    """Gaps across the given teams, oldest first; `state` is open, snoozed, closed or all. Open
    gaps are all there, however old; closed ones if they closed in the last `lookback_days`."""
    if not team_ids:
        return []
    day = as_of or zone.today()
    with engine.connect() as c:
        names, people = _names(c)
        found = find_gaps(c, list(team_ids), day, lookback_days if state in ("closed", "all") else None)
        decided = decisions(c, list(team_ids), as_of)
    views = []
    for found_gap in found:
        decision = decided.get((found_gap.team_id, found_gap.key))
        gap = apply_decision(found_gap, decision)
        asleep = snoozed(gap, decision, day)
        gap_state = "closed" if gap.closed_on else "snoozed" if asleep else "open"
        if state in ("all", gap_state):
            views.append(_gap_view(gap, names, people, day, decision, asleep))
    views.sort(key=lambda g: (g.opened_on, g.team, g.rule))
    return views


def _names(connection: Connection) -> tuple[dict[UUID, str], dict[UUID, str]]:
    """Teams' names, and members' names as the read models hold them (sealed)."""
    teams = {r.team_id: r.name for r in connection.execute(select(t.teams.c.team_id, t.teams.c.name))}
    return teams, dict(connection.execute(select(t.members.c.member_id, t.members.c.name)).all())


def _gap_view(gap: Gap, names: dict, people: dict, day: date, decision: Decided | None, asleep: bool) -> GapView:
    shown = decision if decision and decision.decision is not Decision.REINSTATED else None
    return GapView(team_id=gap.team_id, key=gap.key, ref=gap_id(gap).hex[:8], snoozed=asleep,
                   decision=shown and shown.decision, decided_until=shown and shown.until,
                   decided_because=shown.reason if shown else "", decided_by=shown and shown.by,
                   decided_on=shown and shown.on, rule=gap.rule, rule_label=RULES[gap.rule].label,
                   team=names[gap.team_id],
                   member_id=gap.member_id, member=people.get(gap.member_id), domain=gap.domain,
                   subject=gap.subject, due_on=gap.due_on, opened_on=gap.opened_on, closed_on=gap.closed_on,
                   closed_how=gap.closed_how, to_close=gap.to_close, also=list(gap.also),
                   late_by_days=gap.late_by_days,
                   age_days=((gap.closed_on or day) - gap.opened_on).days)


class DueSoonView(BaseModel):
    rule: Rule
    rule_label: str
    team: str
    team_id: UUID
    member_id: UUID
    member: str | None
    subject: str
    due_on: date
    owed_from: date
    to_close: str  # what would close it, in words, without the member's name
    kind: str  # the kind of support that would close it
    regarding: UUID | None = None  # for a debrief: the difficult visit's entry
    key: str


def due_soon(engine: Engine, team_ids: list[UUID], as_of: date | None = None,
             working_days: int = 5) -> list[DueSoonView]:
    """Support owed across the given teams that falls due from `as_of` (today) to `working_days`
    working days ahead and is not yet logged: what to do before a gap opens, soonest first."""
    if not team_ids:
        return []
    day = as_of or zone.today()
    with engine.connect() as c:
        names, people = _names(c)
        found = find_due_soon(c, list(team_ids), day, working_days)
    views = [DueSoonView(rule=d.rule, rule_label=RULES[d.rule].label, team=names[d.team_id], team_id=d.team_id,
                         member_id=d.member_id, member=people.get(d.member_id), subject=d.subject,
                         due_on=d.due_on, owed_from=d.owed_from, to_close=d.to_close, kind=d.kind,
                         regarding=regarding, key=d.key)
             for d, regarding in found]
    views.sort(key=lambda v: (v.due_on, v.team, v.owed_from, v.rule))
    return views


class AwaitingDebrief(BaseModel):
    entry_id: UUID  # the difficult visit's
    member_id: UUID
    member: str
    day: date


def awaiting_debrief(engine: Engine, team_id: UUID, as_of: date | None = None) -> list[AwaitingDebrief]:
    """The team's difficult visits that no debrief has followed yet, newest first."""
    with engine.connect() as c:
        _, people = _names(c)
        found = find_awaiting_debrief(c, team_id, as_of or zone.today())
    return [AwaitingDebrief(entry_id=entry_id, member_id=member_id, member=people[member_id], day=day)
            for member_id, day, entry_id in found]


def roster(engine: Engine, team: TeamRef, as_of: date | None = None) -> list[MemberStatus]:
    """Everyone on record for the team, with whether they are inducted and last checked in."""
    m, lv = t.members, t.leaves
    with engine.connect() as c:
        rows = c.execute(select(m, _member_day(func.min, ["induction"], as_of).label("inducted_on"),
                                _member_day(func.max, RULES[Rule.NO_CHECK_IN].closed_by, as_of).label("last_contact"))
                         .where(m.c.team_id == team.team_id, recorded_by(m, as_of)).order_by(m.c.name)).all()
        on_leave = {r.member_id: r.starts_on for r in c.execute(select(lv).where(
            lv.c.team_id == team.team_id, recorded_by(lv, as_of))) if not _returned(r, as_of)}
    return [MemberStatus(
        member_id=r.member_id, name=r.name, role=r.role, joined_on=r.joined_on,
        left_on=r.left_on if r.left_recorded_on and (as_of is None or r.left_recorded_on <= as_of) else None,
        on_leave_since=on_leave.get(r.member_id), inducted_on=r.inducted_on, last_check_in=r.last_contact)
        for r in rows]


def _member_day(pick: Callable[..., ColumnElement], kinds: Iterable[str], as_of: date | None) -> ScalarSelect:
    """The first or last day (`pick`: func.min or func.max) of a roster member's facts of these
    kinds, found down the member's own index: a seek or two per member, where the team's facts of
    these kinds run to tens of thousands at a million events."""
    f = t.facts
    return (select(pick(f.c.occurred_on))
            .where(f.c.member_id == t.members.c.member_id, f.c.kind.in_(kinds), valid_on(f, as_of)).scalar_subquery())


def _returned(leave, as_of: date | None) -> bool:
    return leave.returned_recorded_on is not None and (as_of is None or leave.returned_recorded_on <= as_of)


def timeline(engine: Engine, team_id: UUID, member_id: UUID, as_of: date | None = None) -> list[TimelineItem]:
    """The support one member took part in on a team, newest first. The facts are found by the
    member, on their own index (the team's run to tens of thousands at a million events), once
    the member is known to be the team's."""
    f, e, m = t.facts, t.entries, t.members
    query = (select(f.c.entry_id, f.c.occurred_on, f.c.kind, e.c.mode, e.c.note, e.c.sealed_for, e.c.logged_by)
             .join(e, e.c.entry_id == f.c.entry_id).join(m, m.c.member_id == f.c.member_id)
             .where(m.c.member_id == member_id, m.c.team_id == team_id, valid_on(f, as_of))
             .order_by(f.c.occurred_on.desc()))
    with engine.connect() as c:
        rows = c.execute(query).all()
        linked = links(c, team_id, {r.entry_id for r in rows})
    return [TimelineItem(occurred_on=r.occurred_on, kind=r.kind, domains=list(KINDS[r.kind].domains),
                         mode=r.mode, note=r.note, note_for=r.sealed_for, logged_by=r.logged_by,
                         links=linked.get(r.entry_id, []))
            for r in rows]


def goals(engine: Engine, team: TeamRef) -> list[tuple[date, Domain, int, str]]:
    """Every goal the team has set, oldest first: the goal in force is the latest for a domain."""
    with engine.connect() as c:
        return [(day, domain, target, per) for day, domain, (target, per) in goal_history(c, team.team_id)]


class Rules(BaseModel):
    thresholds: dict[Rule, int]
    closed_days: list[date]


def rules(engine: Engine, team: TeamRef, as_of: date | None = None) -> Rules:
    """The team's gap-rule thresholds (defaults where unchanged) and closed days."""
    with engine.connect() as c:
        thresholds, closed = rules_in_force(c, [team.team_id], as_of)[team.team_id]
    return Rules(thresholds=thresholds, closed_days=sorted(closed))


def entry_by_ref(engine: Engine, ref: str, team_ids: list[UUID]) -> UUID:
    """The entry of one of these teams whose id starts with `ref`, the short reference the
    history shows; another team's entry is not found, as if it did not exist."""
    wanted = ref.strip().lower().replace("-", "")
    if len(wanted) < 6 or any(c not in "0123456789abcdef" for c in wanted):
        raise InvalidInput("entry", ref, "give at least the first 6 characters of its reference")
    if engine.dialect.name == "postgresql":  # uuids read as text carry dashes
        wanted = "-".join(wanted[a:b] for a, b in ((0, 8), (8, 12), (12, 16), (16, 20), (20, 32)) if wanted[a:b])
    with engine.connect() as c:
        found = c.execute(select(t.entries.c.entry_id).where(
            cast(t.entries.c.entry_id, String).like(f"{wanted}%"), t.entries.c.team_id.in_(team_ids)
        ).limit(2)).scalars().all()
    if len(found) > 1:
        raise InvalidInput("entry", ref, "matches several entries; give more characters")
    if not found:
        raise NotFound("entry", ref, "no entry has this reference")
    return found[0]
