"""securebase's own export: every event of the log as a line of JSON, and the import that
replays those lines through the application's commands, each at the moment it was first
recorded, so an empty store that imports an export answers every query, "as of" included,
as the original does. Lines already applied (by aggregate and version) are skipped."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TextIO
from uuid import UUID

import orjson
from eventsourcing.application import AggregateNotFoundError

from domain import zone
from domain.commands import (
    SYSTEM,
    CreateTeam,
    EntryDetails,
    EraseMember,
    JoinMember,
    LogSupport,
    MemberDated,
    Retract,
    SetGoal,
    SetRules,
)
from domain.errors import InvalidInput, SecureBaseError
from domain.users import Directory
from importers.records import File, read
from services.application import SecureBase

SKIP = {"originator_id", "originator_version", "timestamp", "originator_topic"}


def export(app: SecureBase, out: TextIO) -> int:
    count = 0
    for _, event in app.read_log():
        if isinstance(event, Directory.Event):  # users and their password hashes stay behind
            continue
        line = {"event": type(event).__qualname__, "id": event.originator_id,
                "version": event.originator_version, "recorded_at": event.timestamp}
        line |= {k: v for k, v in vars(event).items() if k not in SKIP}
        out.write(orjson.dumps(line, default=str).decode() + "\n")
        count += 1
    return count


def import_export(app: SecureBase, path: File, by: str) -> tuple[int, int]:
    """Replays an export, as its authors did it, in one transaction: a line that is broken or
    does not follow from the ones before it writes nothing. Returns (applied, already there)."""
    versions: dict[str, int] = {}
    applied = skipped = 0
    clock = app.clock
    pending: list[tuple[datetime, LogSupport, int]] = []
    with app.restoring(by), app.all_or_nothing():
        try:
            for number, line in _lines(path):
                with _line_of(path, number):
                    if _version(app, versions, line["id"]) >= line["version"]:
                        skipped += 1
                        continue
                    versions[line["id"]] = line["version"]
                    moment = _moment(line)
                    if line["event"] != "SupportEntry.Logged" or pending and pending[0][0] != moment:
                        _flush(app, path, pending)
                    if line["event"] == "SupportEntry.Logged":
                        pending.append((moment, _logged(line), number))
                    else:
                        app.clock = lambda moment=moment: moment
                        _prepared(app, line)()
                    applied += 1
            _flush(app, path, pending)
        finally:
            app.clock = clock
    return applied, skipped


def _lines(path: File) -> Iterator[tuple[int, dict[str, Any]]]:
    with read(path) as handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                with _line_of(path, number):
                    line = orjson.loads(raw)
                    if not isinstance(line, dict):
                        raise ValueError("not a JSON object")
                yield number, line


@contextmanager
def _line_of(path: File, number: int | str) -> Iterator[None]:
    """A line that is not what an export writes is refused, naming the line."""
    try:
        yield
    except (SecureBaseError, ValueError, KeyError, TypeError, AttributeError) as error:
        reason = f"missing {error}" if isinstance(error, KeyError) else str(error)
        raise InvalidInput("file", path.name, f"line {number}: {reason}") from None


def _moment(line: dict) -> datetime:
    return zone.wall(datetime.fromisoformat(line["recorded_at"]).astimezone())


def _version(app: SecureBase, versions: dict[str, int], aggregate_id: str) -> int:
    if aggregate_id not in versions:
        try:
            versions[aggregate_id] = app.repository.get(UUID(aggregate_id)).version
        except AggregateNotFoundError:
            versions[aggregate_id] = 0
    return versions[aggregate_id]


def _logged(line: dict) -> LogSupport:
    return LogSupport.parse(entry_id=line["id"], team_id=line["team_id"], kind=line["kind"],
                            members=line["member_ids"], at=line["occurred_at"], mode=line["mode"],
                            note=line["note"], logged_by=line["logged_by"], regarding=line["regarding"])


def _flush(app: SecureBase, path: File, pending: list[tuple[datetime, LogSupport, int]]) -> None:
    """Entries recorded at the same moment are logged together, as they were."""
    if pending:
        app.clock = lambda moment=pending[0][0]: moment
        lines = f"{pending[0][2]}" if len(pending) == 1 else f"{pending[0][2]}-{pending[-1][2]}"
        with _line_of(path, lines):
            app.log_many([cmd for _, cmd, _ in pending])
        pending.clear()


def _prepared(app: SecureBase, line: dict) -> Callable[[], object]:
    """The line's command, checked, ready to give to the application."""
    event, aggregate = line["event"], line["id"]
    if event == "Team.Created":
        created = CreateTeam.parse(name=line["name"], by=author(line))
        return lambda: app.create_team(created)
    if event == "Team.MemberJoined":
        joined = JoinMember.parse(team_id=aggregate, member_id=line["member_id"], name=line["name"], role=line["role"],
                                  email=line["email"], joined_on=line["joined_on"], by=author(line))
        return lambda: app.join_member(joined)
    if event in DATED:
        day = line.get("left_on") or line.get("starts_on") or line.get("returned_on")
        dated = MemberDated.parse(team_id=aggregate, member_id=line["member_id"], on=day, by=author(line))
        return lambda: getattr(app, DATED[event])(dated)
    if event == "Team.GoalSet":
        goal = SetGoal.parse(team_id=aggregate, domain=line["domain"], target=line["target"], per=line["per"],
                             by=author(line))
        return lambda: app.set_goal(goal)
    if event == "Team.RulesSet":
        rules = SetRules.parse(team_id=aggregate, thresholds=line["thresholds"], closed_days=line["closed_days"],
                               by=author(line))
        return lambda: app.set_rules(rules)
    if event == "Team.MemberErased":
        erased = EraseMember.parse(team_id=aggregate, member_id=line["member_id"], by=author(line))
        return lambda: app.erase_member(erased)
    if event == "SupportEntry.Amended":
        details = EntryDetails.parse(kind=line["kind"], members=line["member_ids"], at=line["occurred_at"],
                                     mode=line["mode"], note=line["note"])
        return lambda: app.amend(UUID(aggregate), line["by"], **dict(details))
    if event == "SupportEntry.Retracted":
        retracted = Retract.parse(entry_id=aggregate, reason=line["reason"], by=line["by"])
        return lambda: app.retract(retracted)
    raise ValueError(f"unknown event {event!r}")


DATED = {"Team.MemberLeft": "member_left", "Team.LeaveStarted": "leave_started",
         "Team.MemberReturned": "member_returned"}


def author(line: dict) -> str:
    """Who gave the command, as the export recorded it (older exports did not say)."""
    return line.get("by") or SYSTEM
