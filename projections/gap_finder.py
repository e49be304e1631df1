"""Finds the gaps in the record as of a day, by turning the gap rules into obligations and
judging each against the facts the read models hold (domain/gaps.py says how)."""

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from sqlalchemy import Connection, String, func, select, type_coerce

from domain.catalogue import Domain
from domain.gaps import RULES, Closer, Gap, Rule, add_working_days, judge
from domain.periods import bounds, period_of
from projections import tables as t
from projections.asof import recorded_by, valid_on
from projections.lookups import activity_counts, goals_in_force, rules_in_force

MEMBER_KINDS = sorted({k for info in RULES.values() for k in info.closed_by} | {"difficult_visit"})
CONTACTS = RULES[Rule.NO_CHECK_IN].closed_by


@dataclass
class MemberRecord:
    member_id: UUID
    team_id: UUID
    joined_on: date
    recorded_on: date
    left_on: date | None = None
    left_recorded_on: date | None = None
    leaves: list[tuple[date, date, date | None, date | None]] = field(default_factory=list)
    facts: dict[str, list[Closer]] = field(default_factory=lambda: defaultdict(list))


def find_gaps(connection: Connection, team_ids: list[UUID], as_of: date, lookback_days: int) -> list[Gap]:
    """Every gap, open or closed, whose obligation fell due in the `lookback_days` before `as_of`."""
    since = as_of - timedelta(days=lookback_days)
    members = _members(connection, team_ids, as_of, since)
    rules = rules_in_force(connection, team_ids, as_of)
    gaps: list[Gap] = []
    for member in members.values():
        thresholds, closed = rules[member.team_id]
        gaps += _member_gaps(member, thresholds, closed, as_of)
    for team_id in team_ids:
        gaps += _droughts(connection, team_id, rules[team_id][0][Rule.DOMAIN_DROUGHT], as_of)
        gaps += _below_goal(connection, team_id, as_of)
    return [g for g in gaps if g.due_on >= since]


def _members(connection: Connection, team_ids: list[UUID], as_of: date, since: date) -> dict[UUID, MemberRecord]:
    m, lv, f = t.members, t.leaves, t.facts
    found = {}
    for row in connection.execute(select(m).where(m.c.team_id.in_(team_ids), recorded_by(m, as_of))):
        left = row.left_recorded_on is not None and row.left_recorded_on <= as_of
        found[row.member_id] = MemberRecord(row.member_id, row.team_id, row.joined_on, row.recorded_on,
                                            row.left_on if left else None,
                                            row.left_recorded_on if left else None)
    for row in connection.execute(select(lv).where(lv.c.team_id.in_(team_ids), recorded_by(lv, as_of))):
        returned = row.returned_recorded_on is not None and row.returned_recorded_on <= as_of
        found[row.member_id].leaves.append((row.starts_on, row.recorded_on,
                                            row.returned_on if returned else None,
                                            row.returned_recorded_on if returned else None))
    earliest = since - timedelta(days=60)  # closers can precede what they close by a little
    # Rows name members as the driver gives their ids (hex text on SQLite, UUIDs on PostgreSQL):
    # converting each of these many rows' ids would cost more than the query.
    by_text = {key: record for member_id, record in found.items() for key in (member_id, member_id.hex)}
    query = select(type_coerce(f.c.member_id, String), f.c.kind, f.c.occurred_on, f.c.since).where(
        f.c.team_id.in_(team_ids), f.c.member_id.is_not(None), f.c.kind.in_(MEMBER_KINDS),
        f.c.occurred_on >= earliest, f.c.occurred_on <= as_of, valid_on(f, as_of))
    for member_id, kind, occurred_on, recorded in connection.execute(query).all():
        if member_id in by_text:
            by_text[member_id].facts[kind].append(Closer(occurred_on, recorded))
    return found


def _member_gaps(member: MemberRecord, thresholds: dict[Rule, int], closed: frozenset[date],
                 as_of: date) -> list[Gap]:
    def rule_due(rule: Rule, start: date) -> date:
        days = thresholds[rule]
        return add_working_days(start, days, closed) if RULES[rule].working_days else start + timedelta(days=days)

    def closers(rule: Rule, after: date) -> list[Closer]:
        return [c for kind in RULES[rule].closed_by for c in member.facts[kind] if c.occurred_on >= after]

    def obligation(rule: Rule, subject: str, start: date, noticed: date, after: date) -> Gap | None:
        return judge(rule, member.team_id, member.member_id, subject, rule_due(rule, start), noticed,
                     closers(rule, after), as_of)

    found = [obligation(Rule.MISSING_WELCOME, f"joined {member.joined_on}", member.joined_on,
                        member.recorded_on, member.joined_on - timedelta(days=30)),
             obligation(Rule.MISSING_INDUCTION, f"joined {member.joined_on}", member.joined_on,
                        member.recorded_on, member.joined_on - timedelta(days=30))]
    if member.left_on:
        window = timedelta(days=thresholds[Rule.MISSING_FAREWELL])
        found.append(obligation(Rule.MISSING_FAREWELL, f"left {member.left_on}", member.left_on,
                                member.left_recorded_on, member.left_on - window))
    for starts_on, _, returned_on, returned_recorded_on in member.leaves:
        if returned_on:
            found.append(obligation(Rule.NO_WELCOME_BACK, f"back from leave {returned_on}", returned_on,
                                    returned_recorded_on, starts_on))
    for visit in member.facts["difficult_visit"]:
        found.append(obligation(Rule.DEBRIEF_OVERDUE, f"difficult visit on {visit.occurred_on}",
                                visit.occurred_on, visit.recorded_on, visit.occurred_on))
    found += _quiet_spells(member, thresholds[Rule.NO_CHECK_IN], as_of)
    return [g for g in found if g is not None]


def _quiet_spells(member: MemberRecord, days: int, as_of: date) -> list[Gap]:
    """No contact for `days` after joining, after coming back, or after the last contact.
    Time on leave or after leaving owes nothing."""
    contacts = sorted((c for kind in CONTACTS for c in member.facts[kind]), key=lambda c: c.occurred_on)
    # first_after[i]: of contacts[i:], the one logged first: the one that ends a quiet spell
    first_after: list[Closer | None] = [None] * (len(contacts) + 1)
    for i in range(len(contacts) - 1, -1, -1):
        later = first_after[i + 1]
        here = contacts[i]
        first_after[i] = here if later is None or (here.recorded_on, here.occurred_on) < (
            later.recorded_on, later.occurred_on) else later
    occurred = [c.occurred_on for c in contacts]
    anchors: dict[date, date] = {}
    for start, noticed in [(member.joined_on, member.recorded_on),
                           *[(r, n) for _, _, r, n in member.leaves if r],
                           *[(c.occurred_on, c.recorded_on) for c in contacts]]:
        anchors[start] = min(noticed, anchors.get(start, noticed))
    gaps = []
    for start, noticed in sorted(anchors.items()):
        due_on = start + timedelta(days=days)
        if _away(member, start, due_on):
            continue
        closer = first_after[bisect_right(occurred, start)]
        gap = judge(Rule.NO_CHECK_IN, member.team_id, member.member_id, f"no contact since {start}",
                    due_on, noticed, [closer] if closer else [], as_of)
        if gap is not None:
            gaps.append(gap)
    # A later contact supersedes an open spell: only the latest open one is still owed.
    open_gaps = [g for g in gaps if g.closed_on is None]
    return [g for g in gaps if g.closed_on is not None] + open_gaps[-1:]


def _away(member: MemberRecord, start: date, due_on: date) -> bool:
    if member.left_on and member.left_on <= due_on:
        return True
    return any(starts <= due_on and (returned is None or returned > start)
               for starts, _, returned, _ in member.leaves)


def _droughts(connection: Connection, team_id: UUID, days: int, as_of: date) -> list[Gap]:
    """A domain with no activity for `days`: the current spell, and the last one that ended."""
    a = t.activity
    gaps = []
    for domain in Domain:
        query = (select(a.c.period, func.min(a.c.recorded_on))
                 .where(a.c.team_id == team_id, a.c.per == "day", a.c.domain == domain.value,
                        a.c.period <= as_of.isoformat(), a.c.recorded_on <= as_of)
                 .group_by(a.c.period).having(func.sum(a.c.count) > 0)
                 .order_by(a.c.period.desc()).limit(2))
        spells = [Closer(date.fromisoformat(day), recorded) for day, recorded in connection.execute(query)]
        if not spells:
            continue
        last = spells[0]
        gap = judge(Rule.DOMAIN_DROUGHT, team_id, None, f"{domain.label}: nothing since {last.occurred_on}",
                    last.occurred_on + timedelta(days=days), last.recorded_on, [], as_of, domain.value)
        if gap is None and len(spells) == 2:
            before = spells[1]
            gap = judge(Rule.DOMAIN_DROUGHT, team_id, None, f"{domain.label}: nothing after {before.occurred_on}",
                        before.occurred_on + timedelta(days=days), before.recorded_on, [last], as_of,
                        domain.value)
        if gap is not None:
            gaps.append(gap)
    return gaps


def _below_goal(connection: Connection, team_id: UUID, as_of: date) -> list[Gap]:
    """A domain behind its goal in the period that contains `as_of`."""
    gaps = []
    for per in ("month", "week"):
        period = period_of(as_of, per)
        goals = {d: g for d, g in goals_in_force(connection, team_id, period, as_of).items() if g[1] == per}
        counts = activity_counts(connection, [team_id], [period], as_of) if goals else {}
        for domain, (target, _) in goals.items():
            done = sum(counts.get((team_id, period, domain.value), {}).values())
            if done < target:
                start = bounds(period)[0]
                gaps.append(Gap(Rule.BELOW_GOAL, team_id, None,
                                f"{domain.label}: {done} of {target} this {per}", start, start,
                                domain=domain.value))
    return gaps
