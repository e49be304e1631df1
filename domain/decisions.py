"""What a supervisor decided about one gap: that the rule does not apply to it, or to look at it
again on a later day; and undoing either. Each gap's decisions are an aggregate of their own, so
deciding never contends with logging or with the team, and the gap's trail is its event list."""

from datetime import date
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from domain.errors import Conflict, InvalidInput
from domain.recording import RecordedAggregate


class Decision(StrEnum):
    NOT_APPLICABLE = "not applicable"
    SNOOZED = "snoozed"
    REINSTATED = "reinstated"


class GapDecision(RecordedAggregate):
    @staticmethod
    def create_id(team_id: UUID, gap_key: str) -> UUID:
        """A gap's id derives from its team and what it is about (see domain/gaps.py `Gap.key`),
        so the same gap found on any day has the same id and short reference."""
        return uuid5(NAMESPACE_URL, f"securebase/gap/{team_id}/{gap_key}")

    @event("Decided")
    def __init__(self, team_id: UUID, gap_key: str, decision: str, until: date | None, reason: str, by: str):
        self.team_id, self.gap_key = team_id, gap_key
        self._set(decision, until, reason)

    @classmethod
    def decide(cls, team_id: UUID, gap_key: str, decision: Decision, until: date | None, reason: str,
               by: str, today: date) -> "GapDecision":
        check(decision, until, today)
        if decision is Decision.REINSTATED:
            raise Conflict("gap", gap_key, "is not dismissed or snoozed: nothing to undo")
        return cls(team_id, gap_key, decision.value, until, reason, by)

    def change(self, decision: Decision, until: date | None, reason: str, by: str, today: date) -> None:
        check(decision, until, today)
        if decision is Decision.REINSTATED and self.decision is Decision.REINSTATED:
            raise Conflict("gap", self.ref, "is not dismissed or snoozed: nothing to undo")
        if decision is Decision.NOT_APPLICABLE and self.decision is decision:
            raise Conflict("gap", self.ref, f"was already marked not applicable ({self.reason})")
        self._changed(decision.value, until, reason, by)

    @event("Changed")
    def _changed(self, decision: str, until: date | None, reason: str, by: str) -> None:
        self._set(decision, until, reason)

    def _set(self, decision: str, until: date | None, reason: str) -> None:
        self.decision, self.until, self.reason = Decision(decision), until, reason

    @property
    def ref(self) -> str:
        return self.id.hex[:8]


def check(decision: Decision, until: date | None, today: date) -> None:
    if decision is Decision.SNOOZED and (until is None or until <= today):
        raise InvalidInput("until", until and until.isoformat(), "snooze until a day after today")
    if decision is not Decision.SNOOZED and until is not None:
        raise InvalidInput("until", until.isoformat(), f"only a snooze has an end day, not {decision.value}")
