"""An import from start to finish: check every record, then write in batches, or write nothing.

The default is all or nothing: a first pass checks every record against the team's record and
the domain's rules, spooling the good ones as commands to a temporary file; one bad record
rejects the whole import with a report of every bad one. With `skip_invalid` the good records
go in and the bad ones go to a CSV beside the input. A second pass reads the spool back and
writes batches of 5,000 through the application, skipping entries already stored (each
record's entry id derives from its source), so a second run, or a run after a crash, adds only
what is missing. Both passes stream: memory does not grow with the file.
"""

import gc
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from uuid import UUID

from domain.commands import LogSupport
from domain.errors import Conflict, InvalidInput, SecureBaseError
from importers.records import Record, Rejected, Translator
from importers.synonyms import Synonyms
from services.application import SecureBase
from services.cells import csv_bytes

BATCH = 5000  # each batch reads its team and authorises its logger again: 5% of an import at 1,000
# A meeting rejected for its title or attendees is an ordinary meeting; for its start, one still
# to come (or from before the team): none of them is the team's support.
NOT_SUPPORT = ("SUMMARY", "ATTENDEE", "DTSTART")


class Source(Protocol):
    name: str  # the file's, to name it in errors
    synonyms: Synonyms

    def records(self) -> Iterable[Record]:
        """The same records each time it is called."""


@dataclass
class Report:
    added: int = 0
    already_imported: int = 0
    duplicates: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    not_support: int = 0  # a calendar's meetings that name no kind of support, or none of the team

    def summary(self, dry_run: bool = False) -> str:
        return (f"{'would add' if dry_run else 'added'} {self.added}, {self.already_imported} already "
                f"imported, {self.duplicates} duplicate rows, {len(self.rejected)} rejected"
                + (f"; {self.passed_over}" if self.not_support else ""))

    @property
    def passed_over(self) -> str:
        return f"{self.not_support} meeting{' was' if self.not_support == 1 else 's were'} not support"


class ImportRejected(ValueError):
    def __init__(self, report: Report):
        self.report = report
        lines = [f"{r.place}, column {r.column!r}, value {r.value!r}: {r.reason}" for r in report.rejected]
        super().__init__(f"nothing imported: {len(report.rejected)} bad rows\n" + "\n".join(lines))


Progress = Callable[[int, int], None]  # told (records written so far, records to write) as it goes


def run_import(app: SecureBase, team_id: UUID, source: Source, logged_by: str, dry_run: bool = False,
               skip_invalid: bool = False, rejected_csv: Path | None = None,
               progress: Progress | None = None) -> Report:
    translator = Translator(app.team(team_id), source.synonyms, logged_by, app.clock())
    report = Report()
    with tempfile.TemporaryFile() as spool, _older_objects_left_alone():
        total = 0
        with unreadable_as_invalid(source.name):
            for record in source.records():
                outcome = translator.command(record)
                if isinstance(outcome, Rejected) and record.optional and outcome.column in NOT_SUPPORT:
                    report.not_support += 1  # an ordinary meeting, or one without the team
                elif isinstance(outcome, Rejected):
                    report.rejected.append(outcome)
                else:
                    spool.write(outcome.model_dump_json().encode() + b"\n")
                    total += 1
        if report.rejected and not skip_invalid:
            raise ImportRejected(report)
        if report.rejected and rejected_csv and not dry_run:
            _write_rejected(rejected_csv, report.rejected)
        spool.seek(0)
        _write_all((LogSupport.model_validate_json(line) for line in spool), app, report, dry_run,
                   lambda done: progress(done, total) if progress else None)
    return report


@contextmanager
def _older_objects_left_alone() -> Iterator[None]:
    """Python's cyclic collector, for the import's length, looks only at the objects made since
    it began. Each batch holds its commands and events long enough to move them to the
    collector's oldest generation, and that sets off a full collection of every object the
    program holds every few batches: a tenth to a sixth of a 100,000-row import (Python 3.11).
    Objects are still freed as soon as nothing refers to them; cycles among older ones wait
    till the end."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def unreadable_as_invalid(name: str) -> Iterator[None]:
    """Whatever a parser raises on a broken file (csv, calamine, icalendar and the rest each
    have their own errors) becomes one clear refusal. Nothing has been written yet."""
    try:
        yield
    except SecureBaseError:
        raise
    except Exception as error:  # noqa: BLE001 - the boundary with third-party parsers
        reason = str(error) or type(error).__name__
        raise InvalidInput("file", name, f"cannot be read: {reason}") from None


def _write_all(cmds: Iterable[LogSupport], app: SecureBase, report: Report, dry_run: bool,
               progress: Callable[[int], None]) -> None:
    seen: set[int] = set()
    batch: list[LogSupport] = []
    for done, cmd in enumerate(cmds, start=1):
        if cmd.entry_id.int in seen:
            report.duplicates += 1
            continue
        seen.add(cmd.entry_id.int)
        batch.append(cmd)
        if len(batch) == BATCH:
            _write(app, batch, report, dry_run)
            progress(done)
            batch = []
    _write(app, batch, report, dry_run)
    progress(len(seen) + report.duplicates)


def _write(app: SecureBase, batch: list[LogSupport], report: Report, dry_run: bool) -> None:
    """A batch is written whole without asking which of it is stored: on a first import none
    is, and asking took a quarter of the time spent writing. A batch that repeats stored entries
    (a re-run, or another import of the same rows meanwhile) is refused whole, and then what is
    still missing is written; once one has been refused, every later batch is asked first."""
    if dry_run or report.already_imported:
        batch = _missing(app, batch, report)
    while batch and not dry_run:
        try:
            app.log_many(batch)
            break
        except Conflict:
            missing = _missing(app, batch, report)
            if len(missing) == len(batch):  # refused for something other than what is stored
                raise
            batch = missing
    report.added += len(batch)


def _missing(app: SecureBase, batch: list[LogSupport], report: Report) -> list[LogSupport]:
    stored = app.existing_entries(cmd.entry_id for cmd in batch) if batch else set()
    report.already_imported += len(stored)
    return [cmd for cmd in batch if cmd.entry_id not in stored]


def _write_rejected(path: Path, rejected: list[Rejected]) -> None:
    """The bad rows hold whatever the file held, so their cells are neutralised: a value such as
    =HYPERLINK(...) must not run when the CSV is opened in a spreadsheet."""
    path.write_bytes(csv_bytes([{"line": r.where or r.line, "column": r.column, "value": r.value, "reason": r.reason}
                                for r in rejected]))
