"""A logged piece of support is its own aggregate: two supervisors logging for the same team at
the same moment write to different aggregates and never conflict. Corrections and retractions
are further events on the entry; nothing is edited in place."""

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import event
from eventsourcing.utils import get_topic

from domain.catalogue import KINDS, Mode
from domain.commands import EntryDetails, LogSupport
from domain.errors import Conflict, InvalidInput
from domain.recording import RecordedAggregate
from domain.team import Team


class SupportEntry(RecordedAggregate):
    @event("Logged")
    def __init__(self, team_id: UUID, kind: str, member_ids: list[UUID], occurred_at: datetime,
                 mode: str, note: str | None, logged_by: str, regarding: UUID | None, id: UUID):
        self.team_id = team_id
        self.logged_by = logged_by
        self.regarding = regarding
        self.everyone: list[UUID] = []  # all who were ever on the entry, whose keys seal its note
        self._apply(kind, member_ids, occurred_at, mode, note)
        self.retracted_because: str | None = None

    @classmethod
    def log(cls, team: Team, cmd: LogSupport, now: datetime, by: str) -> "SupportEntry.Logged":
        """Logging is one event and nothing else happens to the entry in the same command, so
        this returns that event rather than building the aggregate: bulk logging saves
        thousands at a time (bench/append.py). `by` is who logged it, as the log records them."""
        check_details(team, cmd, now)
        return cls.Logged(
            originator_topic=get_topic(cls), originator_id=cmd.entry_id,
            originator_version=cls.INITIAL_VERSION, timestamp=cls.Logged.create_timestamp(),
            team_id=team.id, kind=cmd.kind, member_ids=cmd.members,
            occurred_at=cmd.at, mode=cmd.mode.value, note=cmd.note,
            logged_by=by, regarding=cmd.regarding)

    @property
    def details(self) -> EntryDetails:
        return EntryDetails.model_construct(
            kind=self.kind, members=self.member_ids, at=self.occurred_at,
            mode=Mode(self.mode), note=self.note)

    def amend(self, team: Team, details: EntryDetails, by: str, now: datetime) -> None:
        self.check_not_retracted()
        check_details(team, details, now)
        everyone = list(dict.fromkeys([*self.everyone, *details.members]))
        self._amended(details.kind, details.members, details.at, details.mode.value,
                      details.note, by, everyone)

    @event("Amended")
    def _amended(self, kind: str, member_ids: list[UUID], occurred_at: datetime, mode: str,
                 note: str | None, by: str, sealed_for: list[UUID] | None = None) -> None:
        """The note stays sealed under the keys of everyone ever on the entry, so a person
        dropped from it still has it hidden when they are erased."""
        self._apply(kind, member_ids, occurred_at, mode, note)

    def retract(self, reason: str, by: str) -> None:
        self.check_not_retracted()
        self._retracted(reason, by)

    @event("Retracted")
    def _retracted(self, reason: str, by: str) -> None:
        self.retracted_because = reason

    def check_not_retracted(self) -> None:
        if self.retracted_because is not None:
            raise Conflict("entry", self.ref, f"was already retracted ({self.retracted_because})")

    @property
    def ref(self) -> str:
        """A short reference people can type: the first eight hex digits of the id."""
        return self.id.hex[:8]

    def _apply(self, kind: str, member_ids: list[UUID], occurred_at: datetime, mode: str,
               note: str | None) -> None:
        self.kind, self.member_ids, self.occurred_at = kind, list(member_ids), occurred_at
        self.mode, self.note = mode, note
        self.everyone = list(dict.fromkeys([*self.everyone, *member_ids]))


def check_details(team: Team, details: EntryDetails, now: datetime) -> None:
    """The rules that need the team's record and the clock, beyond what the command checks."""
    kind = KINDS[details.kind]
    if kind.needs_members and not details.members:
        raise InvalidInput("members", None, f"a {kind.label.lower()} needs at least one member")
    if details.at > now:
        raise InvalidInput("at", details.at.isoformat(sep=" ", timespec="minutes"),
                           "is in the future")
    for member_id in details.members:
        team.check_on_team(member_id, details.at.date(), "members")
