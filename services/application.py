"""The SecureBase application: the one place commands enter and events are saved."""

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Mapper, Notification, RecordConflictError
from eventsourcing.utils import get_topic

from domain.access import Action
from domain.commands import (
    SYSTEM,
    AddUser,
    AnswerPulse,
    ClosePulse,
    CreateTeam,
    DecideGap,
    EntryDetails,
    EraseMember,
    JoinMember,
    LogSupport,
    MemberDated,
    OpenPulse,
    Retract,
    SetDigest,
    SetEmail,
    SetEscalation,
    SetGoal,
    SetRole,
    SetRules,
    UserCommand,
)
from domain.decisions import GapDecision
from domain.digest import Mailbox
from domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from domain.pulse import Pulse, tally
from domain.recording import recording_at
from domain.support import SupportEntry
from domain.team import Team
from domain.users import Directory, key
from services.ballots import BallotBox, round_key
from services.codec import OrjsonTranscoder, TypedMapper
from services.shredding import Shredder, zero_deleted_bytes

TEAM_RETRIES = 5
_restoring: ContextVar[bool] = ContextVar("restoring", default=False)


@dataclass
class Unit:
    """What commands given inside `SecureBase.all_or_nothing` changed, saved at its end."""
    events: list[Any] = field(default_factory=list)
    aggregates: dict[UUID, Aggregate] = field(default_factory=dict)
    logged: dict[UUID, Any] = field(default_factory=dict)  # new entries' events, made aggregates if read
    after: list[Callable[[], None]] = field(default_factory=list)  # once the events are stored


_unit: ContextVar[Unit | None] = ContextVar("unit", default=None)


def recorded(command: Callable[..., Any]) -> Callable[..., Any]:
    """Events created by the command are stamped with the application's clock."""
    @functools.wraps(command)
    def stamped(self: "SecureBase", *args: Any, **kwargs: Any) -> Any:
        with recording_at(self.clock()):
            return command(self, *args, **kwargs)
    return stamped


class SecureBase(Application[UUID]):
    """Every command returns the log position of what it saved, so a caller can bring the
    read models up to that position before it answers (read-your-writes)."""

    name = "SecureBase"

    def __init__(self, env: dict[str, str] | None = None,
                 clock: Callable[[], datetime] = datetime.now):
        super().__init__(env)
        self.clock = clock

    def construct_mapper(self) -> Mapper[UUID]:
        mapper = self.factory.mapper(transcoder=OrjsonTranscoder(), mapper_class=TypedMapper)
        engine = self.factory.datastore.engine
        zero_deleted_bytes(engine)
        self.ballots = BallotBox(engine)
        mapper.shredder = self.shredder = Shredder(engine, mapper.cipher)
        return mapper

    # Teams and members.

    @recorded
    def create_team(self, cmd: CreateTeam) -> int:
        actor = self.authorise(cmd.by, Action.ADMINISTER)
        try:
            return self._save(Team(cmd.name, actor))
        except RecordConflictError:
            raise Conflict("name", cmd.name, "a team with this name already exists") from None

    @recorded
    def join_member(self, cmd: JoinMember) -> int:
        return self._change_team(cmd, Action.RUN_TEAM, lambda team, by: team.join(
            cmd.member_id, cmd.name, cmd.role, cmd.email, cmd.joined_on, by))

    @recorded
    def member_left(self, cmd: MemberDated) -> int:
        return self._change_team(cmd, Action.RUN_TEAM, lambda team, by: team.leave(cmd.member_id, cmd.on, by))

    @recorded
    def leave_started(self, cmd: MemberDated) -> int:
        return self._change_team(cmd, Action.RUN_TEAM,
                                 lambda team, by: team.start_leave(cmd.member_id, cmd.on, by))

    @recorded
    def member_returned(self, cmd: MemberDated) -> int:
        return self._change_team(cmd, Action.RUN_TEAM,
                                 lambda team, by: team.return_from_leave(cmd.member_id, cmd.on, by))

    @recorded
    def set_goal(self, cmd: SetGoal) -> int:
        return self._change_team(cmd, Action.RUN_TEAM, lambda team, by: team.set_goal(
            cmd.domain.value, cmd.target, cmd.per, by))

    @recorded
    def set_rules(self, cmd: SetRules) -> int:
        thresholds = {rule.value: days for rule, days in cmd.thresholds.items()}
        return self._change_team(cmd, Action.RUN_TEAM,
                                 lambda team, by: team.set_rules(thresholds, cmd.closed_days, by))

    @recorded
    def set_escalation(self, cmd: SetEscalation) -> int:
        return self._change_team(cmd, Action.RUN_TEAM, lambda team, by: team.set_escalation(cmd.days, by))

    @recorded
    def decide_gap(self, cmd: DecideGap) -> int:
        """Supervisors of the team and managers may mark its gaps not applicable, snooze them,
        or undo either."""
        team = self.team(cmd.team_id)
        actor = self.authorise(cmd.by, Action.DECIDE_GAPS, team)
        gap_id, today = GapDecision.create_id(team.id, cmd.gap_key), self.clock().date()
        try:
            decided = self.repository.get(gap_id)
        except AggregateNotFoundError:
            return self._save(GapDecision.decide(team.id, cmd.gap_key, cmd.decision, cmd.until,
                                                 cmd.reason or "", actor, today))
        decided.change(cmd.decision, cmd.until, cmd.reason or "", actor, today)
        return self._save(decided)

    # Pulse rounds: ballots wait in the box, outside the log, until the round closes.

    def pulse(self, team_id: UUID) -> Pulse | None:
        try:
            return self.repository.get(Pulse.create_id(team_id))
        except AggregateNotFoundError:
            return None

    @recorded
    def open_pulse(self, cmd: OpenPulse) -> int:
        """Supervisors of the team and managers ask the team; everyone on it then is asked."""
        team = self.team(cmd.team_id)
        actor = self.authorise(cmd.by, Action.RUN_TEAM, team)
        today = self.clock().date()
        pulse = self.pulse(team.id) or Pulse(team.id)
        asked = sum(1 for m in team.members.values() if m.on_team(today) and not m.erased)
        pulse.open(cmd.closes_on, cmd.threshold, asked, today, actor)
        position = self._save(pulse)
        self.ballots.open(round_key(team.id, pulse.open_round.number))
        return position

    def answer_pulse(self, cmd: AnswerPulse) -> None:
        """A member answers their own team's open round, once. Nothing goes in the log."""
        team = self.team(cmd.team_id)
        self.authorise(cmd.by, Action.SEE_TEAM, team)
        directory = self.directory()
        account = directory.account(cmd.by) if directory else None
        today = self.clock().date()
        member = team.members.get(account.member_id) if account and account.member_id else None
        if member is None or not member.on_team(today):
            raise Forbidden("user", cmd.by, f"is not a member of {team.name}: only its members answer its rounds")
        pulse = self.pulse(team.id)
        if pulse is None or pulse.open_round is None or pulse.due(today):
            raise Conflict("round", None, f"{team.name} has no round open")
        key = round_key(team.id, pulse.open_round.number)
        self.ballots.open(key)
        self.ballots.cast(key, account.member_id, {d.value: a.value for d, a in cmd.answers.items()})

    @recorded
    def close_pulse(self, cmd: ClosePulse) -> int:
        team = self.team(cmd.team_id)
        return self._close_pulse(team.id, self.authorise(cmd.by, Action.RUN_TEAM, team))

    @recorded
    def close_pulse_if_due(self, team_id: UUID) -> bool:
        """Closes the team's round once its last day has passed: done by whoever looks at the
        team's results first, or for every team by `securebase pulse close-due` from a timer."""
        pulse = self.pulse(team_id)
        if pulse is None or not pulse.due(self.clock().date()):
            return False
        try:
            self._close_pulse(team_id, SYSTEM)
        except RecordConflictError:  # closed meanwhile by another reader
            pass
        return True

    def _close_pulse(self, team_id: UUID, actor: str) -> int:
        """Counts the box, records what may be kept, then empties the box. A close cut short
        after counting is finished by the next: the shut box still holds its ballots."""
        pulse = self.pulse(team_id)
        if pulse is None or pulse.open_round is None:
            raise Conflict("round", None, "no round is open")
        key = round_key(team_id, pulse.open_round.number)
        found, answered = self.ballots.counted(key)
        pulse.close(tally(found), answered, self.clock().date(), actor)
        position = self._save(pulse)
        self.ballots.emptied(key)
        return position

    @recorded
    def erase_member(self, cmd: EraseMember) -> int:
        """The erasure is recorded first, then the person's keys are destroyed: from then on their
        name, contact details, the notes they took part in and the name of any user account
        they had cannot be read by anyone. Their accounts are disabled for good."""
        position = self._change_team(cmd, Action.ADMINISTER, lambda team, by: team.erase(cmd.member_id, by))
        accounts: list[UUID] = []
        if self.directory() is not None:
            position = self._change_users(cmd, lambda users, by: accounts.extend(
                users.erase_person(cmd.member_id, by))) or position
        def shred() -> None:
            for person in [cmd.member_id, *accounts]:
                self.shredder.shred(person)
        if unit := _unit.get():
            unit.after.append(shred)
        else:
            shred()
        return position

    # Users.

    def directory(self) -> Directory | None:
        """The users, or None while there are none: until the first is added no one signs in
        and anyone may act, so that a new store can be set up."""
        try:
            return self.repository.get(Directory.ID)
        except AggregateNotFoundError:
            return None

    def authorise(self, by: str, action: Action | None, team: Team | None = None,
                  directory: Directory | None = None) -> str:
        """Refuses what the user's role does not allow (with no action: only an unknown or
        disabled user); returns what events record as who acted: the user's id (their name can
        be erased), or `by` as given while the store has no users or an export is replayed."""
        directory = directory or self.directory()
        if _restoring.get() or directory is None or not directory.accounts:
            return by
        account = directory.account(by)
        if action is not None:
            account.check(action, team and team.id, team and team.name)
        return account.id.hex

    @contextmanager
    def all_or_nothing(self) -> Iterator[None]:
        """Commands given inside the block save nothing until it ends, then all their events in
        one transaction; an error anywhere in it saves none. Each command still sees what the
        ones before it did. For replaying an export, which must go in whole or not at all."""
        unit = Unit()
        token = _unit.set(unit)
        try:
            yield
        finally:
            _unit.reset(token)
        try:
            self.events.put(unit.events)
        except RecordConflictError:
            raise Conflict("changes", None, "some repeat what the store already holds, or another change "
                                            "was saved meanwhile: nothing was saved") from None
        for action in unit.after:
            action()

    @contextmanager
    def restoring(self, by: str) -> Iterator[None]:
        """Replaying an export keeps who originally did what; only a manager may replay one."""
        self.authorise(by, Action.ADMINISTER)
        token = _restoring.set(True)
        try:
            yield
        finally:
            _restoring.reset(token)

    @recorded
    def add_user(self, cmd: AddUser) -> int:
        self._check_role(cmd)
        return self._change_users(cmd, lambda users, by: users.add(
            cmd.user_id, cmd.name, cmd.role, cmd.teams, cmd.member_id, cmd.password_hash, by))

    @recorded
    def set_role(self, cmd: SetRole) -> int:
        self._check_role(cmd)
        return self._change_users(cmd, lambda users, by: users.set_role(
            cmd.name, cmd.role, cmd.teams, cmd.member_id, by))

    @recorded
    def set_password(self, cmd: UserCommand, password_hash: str) -> int:
        """Users may change their own password; managers anyone's."""
        return self._change_users(cmd, lambda users, by: users.set_password(cmd.name, password_hash, by),
                                  own=True)

    @recorded
    def set_email(self, cmd: SetEmail) -> int:
        """Where a user's digest goes: their own, or anyone's for a manager."""
        return self._change_users(cmd, lambda users, by: users.set_email(cmd.name, cmd.email, by), own=True)

    @recorded
    def set_digest(self, cmd: SetDigest) -> int:
        """Weekly, daily or off: their own, or anyone's for a manager."""
        return self._change_users(cmd, lambda users, by: users.set_digest(cmd.name, cmd.rhythm, by), own=True)

    def mailbox(self, user_id: UUID) -> Mailbox | None:
        try:
            return self.repository.get(Mailbox.create_id(user_id))
        except AggregateNotFoundError:
            return None

    @recorded
    def record_digest(self, user_id: UUID, on: date, gaps: list[str], escalated: list[str]) -> int:
        """A digest the mail server took: which gaps it told of, and which it escalated."""
        mailbox = self.mailbox(user_id) or Mailbox(user_id)
        mailbox.sent(on, gaps, escalated)
        return self._save(mailbox)

    @recorded
    def disable_user(self, cmd: UserCommand) -> int:
        return self._change_users(cmd, lambda users, by: users.disable(cmd.name, by))

    @recorded
    def enable_user(self, cmd: UserCommand) -> int:
        return self._change_users(cmd, lambda users, by: users.enable(cmd.name, by))

    def _check_role(self, cmd: SetRole) -> None:
        """The teams exist, and a member user is a member of their team."""
        teams = [self.team(team_id) for team_id in cmd.teams]
        if cmd.member_id is not None and teams:
            teams[0].member(cmd.member_id)

    def _change_users(self, cmd: Any, change: Callable[[Directory, str], None], own: bool = False) -> int:
        def check(users: Directory) -> str:
            yours = own and key(cmd.by) == key(cmd.name)
            return self.authorise(cmd.by, None if yours else Action.ADMINISTER, directory=users)
        return self._retried(lambda: self.directory() or Directory(), change, check)

    # Teams.

    def team(self, team_id: UUID) -> Team:
        return self._get(Team, team_id, "team", str(team_id))

    def team_named(self, name: str) -> Team:
        return self._get(Team, Team.create_id(name), "team", name)

    def teams(self) -> list[Team]:
        created = self._notifications([Team.Created])
        return sorted((self.team(n.originator_id) for n in created), key=lambda t: t.name)

    # Support entries.

    def log_support(self, cmd: LogSupport) -> int:
        return self.log_many([cmd])

    @recorded
    def log_many(self, cmds: Sequence[LogSupport]) -> int:
        """Checks every entry first and saves them all in one transaction, or none of them (and
        says so with a `Conflict` when one of them is logged already). A debrief may refer to a
        difficult visit logged earlier or in the same batch."""
        team = functools.cache(self.team)  # each team read once a batch, and each logger authorised once
        actor = functools.cache(lambda team_id, by: self.authorise(by, Action.LOG, team(team_id)))
        in_batch = {cmd.entry_id: (cmd.team_id, cmd.kind) for cmd in cmds}
        now = self.clock()
        logged = []
        for cmd in cmds:
            by = actor(cmd.team_id, cmd.logged_by)  # refused before anything else is looked at
            if cmd.regarding is not None:
                self._check_regarding(team(cmd.team_id), cmd.regarding, in_batch)
            logged.append(SupportEntry.log(team(cmd.team_id), cmd, now, by))
        if not logged:
            return self.recorder.max_notification_id() or 0
        if unit := _unit.get():
            unit.events += logged
            unit.logged |= {event.originator_id: event for event in logged}
            return 0
        # New entries are single events: put them straight into the recorder, sparing
        # Application.save its per-object protocol checks and the event store a record of each
        # event's notification (together they cost more than the insert).
        try:
            return self.recorder.insert_events([self.mapper.to_stored_event(event) for event in logged])[-1]
        except RecordConflictError:
            raise Conflict("entry_id", None, "some of these entries are logged already: nothing was saved") from None

    @recorded
    def amend(self, entry_id: UUID, by: str, **changes: Any) -> int:
        entry = self.entry(entry_id)
        team = self.team(entry.team_id)
        actor = self.authorise(by, Action.LOG, team)
        details = EntryDetails.parse(**(entry.details.model_dump() | changes))
        entry.amend(team, details, actor, self.clock())
        return self._save(entry)

    @recorded
    def retract(self, cmd: Retract) -> int:
        entry = self.entry(cmd.entry_id)
        actor = self.authorise(cmd.by, Action.LOG, self.team(entry.team_id))
        entry.retract(cmd.reason, actor)
        return self._save(entry)

    def entry(self, entry_id: UUID) -> SupportEntry:
        return self._get(SupportEntry, entry_id, "entry", entry_id.hex[:8])

    # Helpers.

    def _check_regarding(self, team: Team, regarding: UUID,
                         in_batch: dict[UUID, tuple[UUID, str]]) -> None:
        if regarding not in in_batch:
            visit = self.entry(regarding)
            in_batch[regarding] = (visit.team_id, visit.kind)
        if in_batch[regarding] != (team.id, "difficult_visit"):
            raise InvalidInput("regarding", regarding.hex[:8], f"is not a difficult visit of {team.name}")

    def _change_team(self, cmd: Any, action: Action, change: Callable[[Team, str], None]) -> int:
        return self._retried(lambda: self.team(cmd.team_id), change,
                             lambda team: self.authorise(cmd.by, action, team))

    def _retried(self, load: Callable[[], Aggregate], change: Callable[[Any, str], None],
                 check: Callable[[Any], str]) -> int:
        """Teams and the user directory change rarely and a little at a time: on a concurrent
        change, reload and try again. `check` refuses the user or names who acts."""
        for attempt in range(TEAM_RETRIES):
            aggregate = load()
            change(aggregate, check(aggregate))
            try:
                return self._save(aggregate)
            except RecordConflictError:
                if attempt == TEAM_RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    def _save(self, *aggregates: Aggregate) -> int:
        if unit := _unit.get():
            for aggregate in aggregates:
                unit.events += aggregate.collect_events()
                unit.aggregates[aggregate.id] = aggregate
            return 0
        recordings = self.save(*aggregates)
        return recordings[-1].notification.id if recordings else self.recorder.max_notification_id() or 0

    def _get(self, cls: type, aggregate_id: UUID, field: str, shown: str) -> Any:
        try:
            aggregate = self._unsaved(aggregate_id) or self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(field, shown, f"no {field} by that name or reference") from None
        if not isinstance(aggregate, cls):
            raise NotFound(field, shown, f"is not a {field}")
        return aggregate

    @staticmethod
    def _unsaved(aggregate_id: UUID) -> Aggregate | None:
        """The aggregate as commands in the current `all_or_nothing` block left it, if they touched it."""
        if (unit := _unit.get()) is None:
            return None
        if aggregate_id in unit.logged:
            unit.aggregates[aggregate_id] = unit.logged.pop(aggregate_id).mutate(None)
        return unit.aggregates.get(aggregate_id)

    def read_log(self, *event_classes: type, after: int = 0, page: int = 1000,
                 opened: bool = True) -> Iterator[tuple[int, Any]]:
        """The log's events after a position, oldest first, as (position, domain event) pairs;
        only those of the given classes, if any are given. Personal fields are opened, or, with
        `opened=False`, left sealed as stored (services/codec.py)."""
        for notification in self._notifications(event_classes, after, page):
            yield notification.id, self.mapper.to_domain_event(notification, opened=opened)

    def existing_entries(self, entry_ids: Iterable[UUID]) -> set[UUID]:
        """Which of these entries are already logged: importers skip them on a re-run."""
        return set(self.recorder.existing_originators(list(entry_ids)))

    def _notifications(self, event_classes: Iterable[type], after: int = 0,
                       page: int = 1000) -> Iterator[Notification]:
        topics = [get_topic(cls) for cls in event_classes]
        while batch := self.recorder.select_notifications(after + 1, page, topics=topics):
            yield from batch
            after = batch[-1].id
