"""The support view: its tables' lifecycle and the pull loop that keeps them up to date.

The loop reads the log a page at a time after the view's position, applies the page in memory
and writes its rows and the new position in one transaction, so each event is applied exactly
once and a crash resumes where it stopped. It needs nothing but SELECTs on the log, so it runs
the same on SQLite and PostgreSQL; a second process doing the same work at once finds the
position moved, rolls back and reads on from the new position.
"""

from dataclasses import dataclass
from itertools import islice

from sqlalchemy import Engine, create_engine, event, insert, select, update

from projections import tables as t
from projections.apply import PageWriter, StaleView
from services.application import SecureBase
from services.persistence import SQLITE_BUSY_TIMEOUT_SECONDS
from services.shredding import truncate_wal, zero_deleted_bytes

VIEW = "support-6"  # the number changes with the tables' shape, which rebuilds them
PAGE = 5000  # events per transaction: fewer commits, measured in bench/projections.py


@dataclass(frozen=True)
class Status:
    position: int
    log_position: int

    @property
    def lag(self) -> int:
        return self.log_position - self.position


def read_model_engine(url: str) -> Engine:
    """The read models' own engine on the store's database. On SQLite its commits skip the
    fsync (synchronous=NORMAL under WAL): a power cut can only lose the last pages applied,
    and their position with them, so the next catch-up applies them again. A larger page
    cache keeps the indexes of a million-event store in memory."""
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}
                           if url.startswith("sqlite") else {})
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _tune_sqlite)
    zero_deleted_bytes(engine)
    return engine


def _tune_sqlite(connection, _) -> None:  # noqa: ANN001 (a DB-API connection)
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA cache_size=-131072")  # 128 MB


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
        return Status(self.position(), self.app.recorder.max_notification_id() or 0)

    def catch_up(self, until: int | None = None, page_size: int = PAGE) -> int:
        """Applies the log up to `until` (default: its end); returns the new position."""
        while True:
            start = self.position()
            if until is not None and start >= until:
                return start
            page = list(islice(self.app.read_log(after=start, page=page_size), page_size))
            if not page:
                return start
            try:
                with self.engine.begin() as connection:
                    writer = PageWriter(connection)
                    for _, event in page:
                        writer.apply(event)
                    writer.write(start, page[-1][0], VIEW)
            except StaleView:
                continue
            if writer.erased:
                truncate_wal(self.engine)

    def rebuild(self) -> int:
        """Empties the read models and applies the whole log again."""
        with self.engine.begin() as connection:
            for table in reversed(t.READ_MODELS):
                connection.execute(table.delete())
            connection.execute(update(t.tracking).where(t.tracking.c.view == VIEW).values(position=0))
        return self.catch_up()
