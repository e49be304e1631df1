"""Loads what the gap rules judge, as it stood at the end of a day: each member's record (joining,
leave, leaving and the support they took part in), each domain's days of activity, and each
team's settings and goals; domain/gaps.py holds the rules and finds the gaps.

Open gaps are wanted however old, closed ones only if they closed in the look-back window. So,
where the rules allow it (`needed_from_last`), a kind of support, and a domain's activity, are
loaded only from the last of it on record before the window. On a store of 300,000 entries that
is a fifth of the rows, and finds a team's gaps in a sixth of the time loading them all took.
"""

from collections import defaultdict
from datetime import date, timedelta
from uuid import UUID

from sqlalchemy import CompoundSelect, Connection, String, and_, case, func, select, type_coerce, union_all

from domain import gaps as rules
from domain.catalogue import Domain
from domain.gaps import DueSoon, Gap, Happening, Settings
from domain.periods import EARLIEST
from projections import tables as t
from projections.asof import recorded_by, valid_on
from projections.lookups import goal_history, rules_in_force

Counts = list[tuple[date, date, int]]  # (day it happened, day recorded, change)


def find_gaps(connection: Connection, team_ids: list[UUID], as_of: date, lookback_days: int) -> list[Gap]:
    """Every gap still open, however old, and those closed in the `lookback_days` before `as_of`."""
    since = as_of - timedelta(days=lookback_days)
    settings = {team_id: Settings(thresholds, closed)
                for team_id, (thresholds, closed) in rules_in_force(connection, team_ids, as_of).items()}
    began = {row.team_id: Happening(rules.BEGAN, row.recorded_on, row.recorded_on) for row in connection.execute(
        select(t.teams.c.team_id, t.teams.c.recorded_on).where(t.teams.c.team_id.in_(team_ids)))}
    members = _members(connection, team_ids, as_of, since)
    activity = _activity(connection, team_ids, as_of, since)
    found: list[Gap] = []
    for member_id, (team_id, record) in members.items():
        found += rules.member_gaps([began[team_id], *record], settings[team_id], as_of, team_id, member_id)
    for team_id in team_ids:
        joins = [h for team, record in members.values() if team == team_id for h in record if h.kind == rules.JOINED]
        goals = defaultdict(list)
        for day, domain, (target, per) in goal_history(connection, team_id):
            goals[domain.value].append((day, target, per))
        for domain in Domain:
            counts = activity.get((team_id, domain.value), [])
            record = [began[team_id], *joins, *_active_days(counts)]
            found += rules.quiet_gaps(record, settings[team_id], as_of, team_id, domain.value)
            found += rules.goal_gaps(goals[domain.value], counts, as_of, since, team_id, domain.value)
    return [g for g in rules.one_gap_per_condition(found) if g.closed_on is None or g.closed_on >= since]


def find_due_soon(connection: Connection, team_ids: list[UUID], as_of: date, working_days: int
                  ) -> list[tuple[DueSoon, UUID | None]]:
    """Each member's obligations falling due in the next `working_days` working days, soonest
    first, each with the difficult visit it is about (its entry id) where it owes a debrief."""
    settings = {team_id: Settings(thresholds, closed)
                for team_id, (thresholds, closed) in rules_in_force(connection, team_ids, as_of).items()}
    began = {row.team_id: Happening(rules.BEGAN, row.recorded_on, row.recorded_on) for row in connection.execute(
        select(t.teams.c.team_id, t.teams.c.recorded_on).where(t.teams.c.team_id.in_(team_ids)))}
    found: list[DueSoon] = []
    for member_id, (team_id, record) in _members(connection, team_ids, as_of, as_of).items():
        found += rules.due_soon([began[team_id], *record], settings[team_id], as_of, team_id, member_id,
                                working_days)
    visits: dict[tuple[UUID, date], UUID] = {}
    if any(d.rule == rules.Rule.DEBRIEF_OVERDUE for d in found):
        f = t.facts
        for member_id, day, entry_id in connection.execute(
                select(f.c.member_id, f.c.occurred_on, f.c.entry_id)
                .where(f.c.team_id.in_(team_ids), f.c.kind == "difficult_visit", f.c.occurred_on <= as_of,
                       f.c.since <= as_of, valid_on(f, as_of)).order_by(f.c.entry_id)):
            visits.setdefault((member_id, day), entry_id)
    return [(d, visits.get((d.member_id, d.owed_from)) if d.rule == rules.Rule.DEBRIEF_OVERDUE else None)
            for d in sorted(found, key=lambda d: (d.due_on, d.owed_from))]


def _members(connection: Connection, team_ids: list[UUID], as_of: date, since: date
             ) -> dict[UUID, tuple[UUID, list[Happening]]]:
    """Each member's record: joining, leave, leaving and the support that the member rules read."""
    m, lv = t.members, t.leaves
    found: dict[UUID, tuple[UUID, list[Happening]]] = {}
    query = select(m.c.member_id, m.c.team_id, m.c.joined_on, m.c.recorded_on, m.c.left_on, m.c.left_recorded_on)
    for row in connection.execute(query.where(m.c.team_id.in_(team_ids), recorded_by(m, as_of))):
        record = [Happening(rules.JOINED, row.joined_on, row.recorded_on)]
        if row.left_on and row.left_recorded_on:
            record.append(Happening(rules.LEFT, row.left_on, row.left_recorded_on))
        found[row.member_id] = (row.team_id, record)
    for row in connection.execute(select(lv).where(lv.c.team_id.in_(team_ids), recorded_by(lv, as_of))):
        record = found[row.member_id][1]
        record.append(Happening(rules.LEAVE_STARTED, row.starts_on, row.recorded_on))
        if row.returned_on and row.returned_recorded_on:
            record.append(Happening(rules.RETURNED, row.returned_on, row.returned_recorded_on))
    # Rows name members as the driver gives their ids (hex text on SQLite, UUIDs on PostgreSQL):
    # converting each of these many rows' ids would cost more than the query.
    by_text = {key: record for member_id, (_, record) in found.items() for key in (member_id, member_id.hex)}
    for member_id, kind, occurred_on, recorded in connection.execute(_support(team_ids, as_of, since)).all():
        if member_id in by_text:
            by_text[member_id].append(Happening(kind, occurred_on, recorded))
    return found


def _support(team_ids: list[UUID], as_of: date, since: date) -> CompoundSelect:
    """The support the member rules read: each kind from the member's last closer of it on record
    before `since` where the rules need no more, or from the start."""
    m, f = t.members, t.facts
    queries = []
    for kind in rules.MEMBER_KINDS:
        query = select(type_coerce(f.c.member_id, String), f.c.kind, f.c.occurred_on, f.c.since).select_from(
            m.join(f, f.c.member_id == m.c.member_id)).where(
            m.c.team_id.in_(team_ids), f.c.kind == kind, f.c.occurred_on <= as_of, valid_on(f, as_of))
        if bound := rules.needed_from_last(kind):
            g = t.facts.alias()
            last = (select(g.c.occurred_on).where(g.c.member_id == m.c.member_id, g.c.kind == bound,
                                                  g.c.occurred_on < since, g.c.since < since, valid_on(g, as_of))
                    .order_by(g.c.occurred_on.desc()).limit(1).scalar_subquery())
            query = query.where(f.c.occurred_on >= func.coalesce(last, EARLIEST))
        queries.append(query)
    return union_all(*queries)


def _activity(connection: Connection, team_ids: list[UUID], as_of: date, since: date
              ) -> dict[tuple[UUID, str], Counts]:
    """Each domain's activity by the day it happened, as recorded by the end of `as_of`: from its
    last day of activity on record before `since` (a quiet spell runs from one day of activity to
    the next), or from the first day of the earliest period whose goal is judged if earlier."""
    a, teams = t.activity, t.teams
    goals_from = rules.goals_judged_from(since).isoformat()
    queries = []
    for domain in Domain:
        b = t.activity.alias()
        last = (select(b.c.period).where(b.c.team_id == teams.c.team_id, b.c.per == "day", b.c.domain == domain.value,
                                         b.c.period < since.isoformat(), b.c.recorded_on <= as_of)
                .group_by(b.c.period)
                .having(and_(func.sum(b.c.count) > 0,
                             func.sum(case((b.c.recorded_on < since, b.c.count), else_=0)) > 0))
                .order_by(b.c.period.desc()).limit(1).scalar_subquery())
        start = func.coalesce(last, EARLIEST.isoformat()) if rules.needed_from_last(rules.ACTIVITY) \
            else EARLIEST.isoformat()
        queries.append(
            select(type_coerce(a.c.team_id, String), a.c.domain, a.c.period, a.c.recorded_on, a.c.count)
            .select_from(teams.join(a, and_(a.c.team_id == teams.c.team_id, a.c.per == "day",
                                            a.c.domain == domain.value)))
            .where(teams.c.team_id.in_(team_ids), a.c.period <= as_of.isoformat(), recorded_by(a, as_of),
                   a.c.period >= case((start < goals_from, start), else_=goals_from)))
    by_text = {key: team_id for team_id in team_ids for key in (team_id, team_id.hex)}
    found: dict[tuple[UUID, str], Counts] = defaultdict(list)
    for team, domain, day, recorded_on, count in connection.execute(union_all(*queries)):
        found[(by_text[team], domain)].append((date.fromisoformat(day), recorded_on, count))
    return found


def _active_days(counts: Counts) -> list[Happening]:
    """The days with activity on record, each from the day its count first went above nothing."""
    by_day: dict[date, list[tuple[date, int]]] = defaultdict(list)
    for day, recorded_on, change in counts:
        by_day[day].append((recorded_on, change))
    found = []
    for day, changes in by_day.items():
        total, first = 0, None
        for recorded_on, change in sorted(changes):
            total += change
            first = first or (recorded_on if total > 0 else None)
        if total > 0 and first:
            found.append(Happening(rules.ACTIVITY, day, first))
    return found
