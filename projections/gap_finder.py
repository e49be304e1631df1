"""Finds gaps as they stood at the end of a day. Members' gaps and quiet domains are read from
the obligations read model (projections/obligations.py) with an indexed query; goals are judged
by pace from the activity counts of the periods in view, which are few.
"""

from collections import defaultdict
from datetime import date, timedelta
from uuid import UUID

from sqlalchemy import Connection, String, or_, select, type_coerce, union_all

from domain import gaps as rules
from domain.gaps import RULES, Closure, DueSoon, Gap, Rule, Settings, add_working_days
from projections import tables as t
from projections.asof import recorded_by, valid_on
from projections.lookups import goal_history, rules_in_force

Counts = list[tuple[date, date, int]]  # (day it happened, day recorded, change)


def find_gaps(connection: Connection, team_ids: list[UUID], as_of: date, lookback_days: int | None) -> list[Gap]:
    """Every gap still open, however old, and those closed in the `lookback_days` before `as_of`
    (None: only the open ones)."""
    since = as_of - timedelta(days=lookback_days) if lookback_days is not None else as_of + timedelta(days=1)
    o = t.obligations
    query = select(o.c.team_id, o.c.member_id, o.c.domain, o.c.rule, o.c.owed_from, o.c.subject, o.c.to_close,
                   o.c.due_on, o.c.opens_on, o.c.closes_on, o.c.closed_how, o.c.hidden_from).where(
        o.c.team_id.in_(team_ids), o.c.opens_on.is_not(None), o.c.opens_on <= as_of, o.c.valid_from <= as_of)
    current = query.where(o.c.valid_to.is_(None))
    found: list[Gap] = []
    for row in connection.execute(union_all(  # each served by an index
            current.where(o.c.closes_on.is_(None)), current.where(o.c.closes_on >= since),
            query.where(o.c.valid_to > as_of, or_(o.c.closes_on.is_(None), o.c.closes_on >= since)))):
        closed = row.closes_on is not None and row.closes_on <= as_of
        if not closed and row.hidden_from is not None and row.hidden_from <= as_of:
            continue  # superseded by a later opening of its rule
        found.append(Gap(Rule(row.rule), row.team_id, row.member_id, row.subject, row.due_on, row.opens_on,
                         row.closes_on if closed else None, row.domain,
                         Closure(row.closed_how) if closed else None, row.to_close, owed_from=row.owed_from))
    found += _goal_gaps(connection, team_ids, as_of, since)
    return [g for g in rules.one_gap_per_condition(found) if g.closed_on is None or g.closed_on >= since]


def _goal_gaps(connection: Connection, team_ids: list[UUID], as_of: date, since: date) -> list[Gap]:
    """Each goal's gaps in the periods in view, judged by pace from the activity counts."""
    goals: dict[tuple[UUID, str], list[tuple[date, int, str]]] = defaultdict(list)
    for team_id in team_ids:
        for day, domain, (target, per) in goal_history(connection, team_id):
            if day <= as_of:
                goals[(team_id, domain.value)].append((day, target, per))
    if not goals:
        return []
    a = t.activity
    counts: dict[tuple[str, str], Counts] = defaultdict(list)
    for team, domain, day, recorded_on, count in connection.execute(
            select(type_coerce(a.c.team_id, String), a.c.domain, a.c.period, a.c.recorded_on, a.c.count)
            .where(a.c.team_id.in_({team for team, _ in goals}), a.c.per == "day",
                   a.c.domain.in_({domain for _, domain in goals}), a.c.period <= as_of.isoformat(),
                   a.c.period >= rules.goals_judged_from(since).isoformat(), recorded_by(a, as_of))):
        counts[(str(team), domain)].append((date.fromisoformat(day), recorded_on, count))
    found = []
    for (team_id, domain), history in goals.items():
        counted = counts.get((team_id.hex, domain)) or counts.get((str(team_id), domain), [])
        found += rules.goal_gaps(history, counted, as_of, since, team_id, domain)
    return found


def find_due_soon(connection: Connection, team_ids: list[UUID], as_of: date, working_days: int
                  ) -> list[tuple[DueSoon, UUID | None]]:
    """Each member's obligations still unmet and owed that fall due from `as_of` to `working_days`
    working days after it (skipping weekends and the team's closed days), soonest first, each
    with the difficult visit it is about (its entry id) where it owes a debrief."""
    until = {team_id: add_working_days(as_of, working_days, Settings(*settings).closed_days)
             for team_id, settings in rules_in_force(connection, team_ids, as_of).items()}
    o = t.obligations
    query = select(o).where(
        o.c.team_id.in_(team_ids), o.c.met_on.is_(None), o.c.due_on >= as_of, o.c.due_on <= max(until.values()),
        o.c.member_id.is_not(None), o.c.rule.in_([r.value for r in rules.DUE_SOON_RULES]),
        o.c.superseded.is_(False), o.c.noticed_on <= as_of, or_(o.c.ended_on.is_(None), o.c.ended_on > o.c.due_on),
        valid_on(o, as_of))
    found = [DueSoon(Rule(row.rule), row.team_id, row.member_id, row.subject, row.due_on, row.owed_from,
                     row.to_close, RULES[Rule(row.rule)].closed_by[0])
             for row in connection.execute(query) if row.due_on <= until[row.team_id]]
    visits = _visits(connection, team_ids, as_of) if any(d.rule == Rule.DEBRIEF_OVERDUE for d in found) else {}
    return [(d, visits.get((d.member_id, d.owed_from)) if d.rule == Rule.DEBRIEF_OVERDUE else None)
            for d in sorted(found, key=lambda d: (d.due_on, d.owed_from, d.rule))]


def find_awaiting_debrief(connection: Connection, team_id: UUID, as_of: date) -> list[tuple[UUID, date, UUID]]:
    """Each member's difficult visits with no debrief yet, due or overdue, newest first, as
    (member, day, the visit's entry id): what a debrief logged now can follow."""
    o = t.obligations
    owed = connection.execute(select(o.c.member_id, o.c.owed_from).where(
        o.c.team_id == team_id, o.c.rule == Rule.DEBRIEF_OVERDUE.value, o.c.met_on.is_(None),
        o.c.member_id.is_not(None), o.c.noticed_on <= as_of, or_(o.c.ended_on.is_(None), o.c.ended_on > as_of),
        valid_on(o, as_of))).all()
    visits = _visits(connection, [team_id], as_of) if owed else {}
    found = [(member_id, day, visits[(member_id, day)]) for member_id, day in owed if (member_id, day) in visits]
    return sorted(found, key=lambda visit: visit[1], reverse=True)


def _visits(connection: Connection, team_ids: list[UUID], as_of: date) -> dict[tuple[UUID, date], UUID]:
    """The entry of each member's difficult visit on each day (the first, where there were two)."""
    f, visits = t.facts, {}
    for member_id, day, entry_id in connection.execute(
            select(f.c.member_id, f.c.occurred_on, f.c.entry_id)
            .where(f.c.team_id.in_(team_ids), f.c.kind == "difficult_visit", f.c.occurred_on <= as_of,
                   f.c.since <= as_of, valid_on(f, as_of)).order_by(f.c.entry_id)):
        visits.setdefault((member_id, day), entry_id)
    return visits
