"""Small reads shared by the queries and the gap finder: settings and activity as of a day."""

from collections import defaultdict
from datetime import date, timedelta
from uuid import UUID

from sqlalchemy import Connection, func, select

from domain.catalogue import Domain
from domain.gaps import RULES, Rule
from domain.periods import bounds
from projections import tables as t
from projections.asof import recorded_by

Goal = tuple[int, str]  # (target, "month" or "week")


def goals_in_force(connection: Connection, team_id: UUID, period: str, as_of: date | None) -> dict[Domain, Goal]:
    """The latest goal per domain set by the end of the period (or by `as_of`, if earlier)."""
    s = t.settings
    cutoff = min(bounds(period)[1], as_of) if as_of else bounds(period)[1]
    goals: dict[Domain, Goal] = {}
    query = select(s.c.key, s.c.value).where(
        s.c.team_id == team_id, s.c.key.like("goal:%"), s.c.recorded_on <= cutoff).order_by(s.c.position)
    for key, value in connection.execute(query):
        goals[Domain(key.removeprefix("goal:"))] = (value["target"], value["per"])
    return {domain: goal for domain, goal in goals.items() if goal[0] > 0}


def goal_history(connection: Connection, team_id: UUID) -> list[tuple[date, Domain, Goal]]:
    s = t.settings
    query = select(s.c.recorded_on, s.c.key, s.c.value).where(
        s.c.team_id == team_id, s.c.key.like("goal:%")).order_by(s.c.position)
    return [(day, Domain(key.removeprefix("goal:")), (v["target"], v["per"]))
            for day, key, v in connection.execute(query)]


def rules_in_force(connection: Connection, team_ids: list[UUID], as_of: date | None
                   ) -> dict[UUID, tuple[dict[Rule, int], frozenset[date]]]:
    """Each team's thresholds (defaults where unchanged) and closed days as of a day."""
    s = t.settings
    latest: dict[UUID, dict] = {}
    query = select(s.c.team_id, s.c.value).where(
        s.c.team_id.in_(team_ids), s.c.key == "rules", recorded_by(s, as_of)).order_by(s.c.position)
    for team_id, value in connection.execute(query):
        latest[team_id] = value
    defaults = {rule: info.default for rule, info in RULES.items()}
    found = {}
    for team_id in team_ids:
        value = latest.get(team_id, {"thresholds": {}, "closed_days": []})
        found[team_id] = (defaults | {Rule(k): v for k, v in value["thresholds"].items()},
                          frozenset(date.fromisoformat(d) for d in value["closed_days"]))
    return found


def activity_counts(connection: Connection, team_ids: list[UUID], periods: list[str],
                    as_of: date | None) -> dict[tuple[UUID, str, str], dict[str, int]]:
    """Counts by (team, period, domain), split by mode, as recorded by the end of `as_of`."""
    a = t.activity
    query = (select(a.c.team_id, a.c.period, a.c.domain, a.c.mode, func.sum(a.c.count))
             .where(a.c.team_id.in_(team_ids), a.c.period.in_(periods), recorded_by(a, as_of))
             .group_by(a.c.team_id, a.c.period, a.c.domain, a.c.mode))
    counts: dict[tuple[UUID, str, str], dict[str, int]] = defaultdict(dict)
    for team_id, period, domain, mode, count in connection.execute(query):
        if count:
            counts[(team_id, period, domain)][mode] = count
    return counts


def day_counts(connection: Connection, team_id: UUID, first: date, days: int, as_of: date | None) -> dict[str, int]:
    """Counts by domain of the activity that happened in the `days` days from `first`."""
    if days <= 0:
        return {}
    a = t.activity
    last = first + timedelta(days=days - 1)
    query = (select(a.c.domain, func.sum(a.c.count))
             .where(a.c.team_id == team_id, a.c.per == "day", a.c.period >= first.isoformat(),
                    a.c.period <= last.isoformat(), recorded_by(a, as_of))
             .group_by(a.c.domain))
    return {domain: count for domain, count in connection.execute(query) if count}
