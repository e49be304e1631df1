"""What supervisors decided about gaps, applied to the gaps found: a gap marked not applicable
closes on the day it was marked, and says so; a snoozed gap is out of the open list until its
day comes, then back; a reinstated one is judged as if nothing had been decided. "As of" a day
reads only the decisions on record by its end."""

from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID

from sqlalchemy import Connection, select

from domain.decisions import Decision, GapDecision
from domain.gaps import Closure, Gap
from projections import tables as t
from projections.asof import recorded_by


@dataclass(frozen=True)
class Decided:
    """The decision in force about one gap, and who made it when."""
    decision: Decision
    until: date | None
    reason: str
    by: str
    on: date


def decisions(connection: Connection, team_ids: list[UUID], as_of: date | None) -> dict[tuple[UUID, str], Decided]:
    """The decision in force about each gap decided, by its team and key."""
    d = t.gap_decisions
    found: dict[tuple[UUID, str], Decided] = {}
    query = (select(d).where(d.c.team_id.in_(team_ids), recorded_by(d, as_of))
             .order_by(d.c.gap_id, d.c.version))
    for row in connection.execute(query):
        found[(row.team_id, row.gap_key)] = Decided(Decision(row.decision), row.until, row.reason, row.by,
                                                    row.recorded_on)
    return found


def gap_id(gap: Gap) -> UUID:
    return GapDecision.create_id(gap.team_id, gap.key)


def decided(gap: Gap, decision: Decided | None) -> Gap:
    """The gap as a decision that it does not apply leaves it: closed from the day it was made."""
    if decision is None or decision.decision is not Decision.NOT_APPLICABLE:
        return gap
    if gap.closed_on is not None and gap.closed_on <= decision.on:
        return gap  # it had closed before anyone decided
    return replace(gap, closed_on=max(decision.on, gap.opened_on), closed_how=Closure.NOT_APPLICABLE)


def snoozed(gap: Gap, decision: Decided | None, day: date) -> bool:
    """Out of the open list until its day comes."""
    return (gap.closed_on is None and decision is not None and decision.decision is Decision.SNOOZED
            and decision.until > day)
