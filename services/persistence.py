"""eventsourcing-sqlalchemy, tuned for securebase.

Three changes to the stock factory, measured in bench/append.py:
- events are inserted with one executemany per save instead of one ORM object per event. On
  SQLite the rows go straight to the driver; the new ids are read back as the top of the id
  range, which is safe because the transaction holds SQLite's only write lock from its first
  insert to its commit. PostgreSQL uses SQLAlchemy's batched ``INSERT ... RETURNING``.
- reads select columns with SQLAlchemy Core rather than loading ORM objects;
- SQLite connections wait up to 30 s for another process's write lock instead of failing with
  "database is locked", so the dashboard and a CLI import can write at the same time.
"""

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Notification, StoredEvent
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy import Engine, create_engine, event, insert, select
from sqlalchemy.orm import Session

SQLITE_BUSY_TIMEOUT_SECONDS = 30


def tuned_engine(url: str, *pragmas: str) -> Engine:
    """Another engine on the store's database, waiting for SQLite's write lock as the store's
    does; on SQLite each new connection runs `pragmas` ("synchronous=NORMAL", ...)."""
    sqlite = url.startswith("sqlite")
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS} if sqlite else {})

    def tune(connection: Any, _: Any) -> None:  # a DB-API connection
        for pragma in pragmas:
            connection.execute(f"PRAGMA {pragma}")

    if sqlite:
        event.listen(engine, "connect", tune)
    return engine


def bookkeeping_engine(url: str) -> Engine:
    """For sign-in's small records (sessions, failed attempts), written at every click. On SQLite
    their commits wait neither for the disk (synchronous=NORMAL under WAL: a power cut can lose
    the last few, which costs a person a sign-in) nor for copying the log's and the read models'
    pages into the database file (their own writers checkpoint): with 21 MB of an import still in
    the log, the next session write took 47 ms, copying it, and now takes 2 ms."""
    return tuned_engine(url, "synchronous=NORMAL", "wal_autocheckpoint=0")


class Datastore(SQLAlchemyDatastore):
    def __init__(self, *, url: str | None = None, **kwargs: Any):
        if url and url.startswith("sqlite"):
            kwargs.setdefault("connect_args", {"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
        super().__init__(url=url, **kwargs)


class ApplicationRecorder(SQLAlchemyApplicationRecorder):
    def _insert_stored_events(self, session: Session, stored_events: Sequence[StoredEvent],
                              **kwargs: Any) -> Sequence[int]:
        if not stored_events:
            return []
        self._lock_table(session)
        if session.get_bind().dialect.name == "sqlite":
            ids = self._insert_sqlite(session, stored_events)
        else:
            table = self.events_record_cls.__table__
            ids = session.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True),
                [{"originator_id": e.originator_id, "originator_version": e.originator_version,
                  "topic": e.topic, "state": e.state} for e in stored_events],
            ).scalars().all()
        self._notify_channel(session)
        return ids

    def _insert_sqlite(self, session: Session, stored_events: Sequence[StoredEvent]) -> list[int]:
        connection = session.connection()
        table = self.events_table_name
        connection.exec_driver_sql(
            f"INSERT INTO {table} (originator_id, originator_version, topic, state)"
            " VALUES (?, ?, ?, ?)",
            [(e.originator_id.bytes, e.originator_version, e.topic, e.state) for e in stored_events])
        last = connection.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar_one()
        return list(range(last - len(stored_events) + 1, last + 1))


    def select_events(self, originator_id: Any, gt: int | None = None, lte: int | None = None,
                      desc: bool = False, limit: int | None = None) -> list[StoredEvent]:
        table = self.events_record_cls.__table__
        version = table.c.originator_version
        query = select(table.c.originator_id, version, table.c.topic, table.c.state).where(
            table.c.originator_id == originator_id)
        if gt is not None:
            query = query.where(version > gt)
        if lte is not None:
            query = query.where(version <= lte)
        query = query.order_by(version.desc() if desc else version).limit(limit)
        with self.transaction(commit=False) as session:
            return [StoredEvent(*row) for row in session.execute(query)]

    def existing_originators(self, originator_ids: list[Any], chunk: int = 500) -> list[Any]:
        """Which of these aggregates have events, asked in chunks to stay within SQL limits."""
        table = self.events_record_cls.__table__
        found = []
        with self.transaction(commit=False) as session:
            for first in range(0, len(originator_ids), chunk):
                query = select(table.c.originator_id).distinct().where(
                    table.c.originator_id.in_(originator_ids[first:first + chunk]))
                found += session.execute(query).scalars().all()
        return found

    def select_notifications(self, start: int | None, limit: int, stop: int | None = None,
                             topics: Sequence[str] = (), *,
                             inclusive_of_start: bool = True) -> list[Notification]:
        table = self.events_record_cls.__table__
        query = select(table.c.id, table.c.originator_id, table.c.originator_version,
                       table.c.topic, table.c.state)
        if start is not None:
            query = query.where(table.c.id >= start if inclusive_of_start else table.c.id > start)
        if stop is not None:
            query = query.where(table.c.id <= stop)
        if topics:
            query = query.where(table.c.topic.in_(topics))
        query = query.order_by(table.c.id).limit(limit)
        with self.transaction(commit=False) as session:
            return [Notification(id=row[0], originator_id=row[1], originator_version=row[2],
                                 topic=row[3], state=bytes(row[4])) for row in session.execute(query)]


class Factory(SQLAlchemyFactory):
    datastore_class = Datastore
    application_recorder_class = ApplicationRecorder

    def close(self) -> None:
        """Gives the database connections back, so short-lived applications don't hoard them."""
        if self.datastore.engine is not None:
            self.datastore.engine.dispose()
