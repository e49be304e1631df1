"""The support view: its tables' lifecycle and the pull loop that keeps them up to date.

The loop reads the log a page at a time after the view's position, applies the page in memory
and writes its rows and the new position in one transaction, so each event is applied exactly
once and a crash resumes where it stopped. It needs nothing but SELECTs on the log, so it runs
the same on SQLite and PostgreSQL; a second process doing the same work at once finds the
position moved (or its rows already written), rolls back and reads on from the new position.

A page that cannot be written for any other reason is applied again an event at a time; an
event that still fails is recorded in the failures table and passed over, so one bad value
never takes every team's pages down. `securebase projections status` lists such events and a
rebuild tries them again.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import OperationalError

from domain.errors import InvalidInput
from projections import tables as t
from projections.apply import PageWriter, StaleView
from projections.collector import cycle_collection_paused
from services.application import SecureBase
from services.persistence import tuned_engine
from services.shredding import SEALED, vacuum_after_erasure, zero_deleted_bytes

VIEW = "support-12"  # the number changes with the tables' shape, which rebuilds them
PAGE = 5000  # events per transaction: fewer commits, measured in bench/projections.py
PRAGMAS = ("synchronous=NORMAL", "cache_size=-131072", "mmap_size=4294967296")  # SQLite's: 128 MB, 4 GB


@dataclass(frozen=True)
class Failure:
    position: int
    event: str
    error: str


@dataclass(frozen=True)
class Status:
    position: int
    log_position: int
    failures: list[Failure] = field(default_factory=list)

    @property
    def lag(self) -> int:
        return self.log_position - self.position


def read_model_engine(url: str) -> Engine:
    """The read models' own engine on the store's database. On SQLite its commits skip the
    fsync (synchronous=NORMAL under WAL): a power cut can only lose the last pages applied,
    and their position with them, so the next catch-up applies them again. A larger page
    cache keeps the indexes of a million-event store in memory, and the file is read through
    memory mapping."""
    engine = tuned_engine(url, *PRAGMAS)
    zero_deleted_bytes(engine)
    return engine


class SupportView:
    def __init__(self, app: SecureBase):
        self.app = app
        self.engine = read_model_engine(app.env.get("SQLALCHEMY_URL"))
        t.tracking.create(self.engine, checkfirst=True)
        with self.engine.begin() as connection:
            known = connection.execute(select(t.tracking.c.view).where(t.tracking.c.view == VIEW)).first()
            if known is None:  # new, or made by an older version: start again from the log
                t.metadata.drop_all(connection, tables=t.READ_MODELS)
                connection.execute(t.tracking.delete())
                connection.execute(insert(t.tracking).values(view=VIEW, position=0))
            t.metadata.create_all(connection)

    def position(self) -> int:
        with self.engine.connect() as connection:
            return connection.execute(
                select(t.tracking.c.position).where(t.tracking.c.view == VIEW)).scalar_one()

    def status(self) -> Status:
        with self.engine.connect() as connection:
            failures = [Failure(r.position, r.event, r.error) for r in connection.execute(
                select(t.failures).order_by(t.failures.c.position))]
        return Status(self.position(), self.app.recorder.max_notification_id() or 0, failures)

    def catch_up(self, until: int | None = None, page_size: int = PAGE) -> int:
        """Applies the log up to `until` (default: its end); returns the new position."""
        single_until = 0  # after a failed page, its events are applied one at a time
        while True:
            start = self.position()
            if until is not None and start >= until:
                return start
            size = 1 if start < single_until else page_size
            with cycle_collection_paused():
                page = list(islice(self.app.read_log(after=start, page=size, opened=False), size))
            if not page:
                return start
            try:
                self._write(start, page)
            except StaleView:
                continue
            except OperationalError:
                raise  # the database is locked or gone: try again later, never pass an event over for it
            except Exception as error:  # noqa: BLE001 (any failure of one page is contained)
                if self.position() != start:
                    continue  # another process wrote these rows first
                if len(page) > 1:
                    single_until = page[-1][0]
                else:
                    self._pass_over(start, page[0], error)

    def _write(self, start: int, page: list[tuple[int, Any]]) -> None:
        with cycle_collection_paused(), self.engine.begin() as connection:
            writer = PageWriter(connection, self._seal)
            apply = writer.apply  # bound once: each binding of a singledispatchmethod makes a new function
            for _, domain_event in page:
                apply(domain_event)
            writer.write(start, page[-1][0], VIEW)
        if writer.erased:
            vacuum_after_erasure(self.engine, [t.members, t.entries])

    def _pass_over(self, start: int, item: tuple[int, Any], error: Exception) -> None:
        """Records an event that cannot be applied and moves past it; the message is the
        database's or the code's own first line, never the values it was given."""
        position, domain_event = item
        reason = str(getattr(error, "orig", None) or error).splitlines()[0][:300]
        with self.engine.begin() as connection:
            moved = connection.execute(update(t.tracking).where(
                t.tracking.c.view == VIEW, t.tracking.c.position == start).values(position=position))
            if moved.rowcount == 1:
                connection.execute(insert(t.failures).values(
                    position=position, event=type(domain_event).__qualname__,
                    error=f"{type(error).__name__}: {reason}", recorded_at=datetime.now(timezone.utc)))

    def _seal(self, value: str | None, people: Iterable[UUID]) -> str | None:
        """A personal value as the read models keep it: sealed as the log holds it (the page is
        read unopened: opening and sealing again cost more than the rest of a Logged event's
        handling), a value the log holds open sealed the same way on every rebuild; an erased
        person's stays as the log now reads it ("erased member", or nothing)."""
        people = list(people)
        if value is None or not people or value.startswith(SEALED):
            return value
        try:
            return self.app.shredder.seal(value, people, stable=True)
        except InvalidInput:
            return value

    def rebuild(self) -> int:
        """Empties the read models and applies the whole log again."""
        with self.engine.begin() as connection:
            for table in reversed(t.READ_MODELS):
                connection.execute(table.delete())
            connection.execute(update(t.tracking).where(t.tracking.c.view == VIEW).values(position=0))
        return self.catch_up()
