"""The raw floors the benchmarks measure against: rows shaped like stored events, inserted with
plain sqlite3 into a table shaped like the event store's; and the read models' rows made from a
store's log the same plain way."""

import sqlite3
from collections import Counter
from datetime import date
from pathlib import Path

import orjson
from sqlalchemy import create_engine

from domain.catalogue import KINDS
from projections import tables as t
from projections.view import PRAGMAS

INSERT = "INSERT INTO events (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)"


def event_table(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, originator_id BLOB,"
               " originator_version INTEGER, topic TEXT, state BLOB)")
    db.execute("CREATE UNIQUE INDEX events_idx ON events (originator_id, originator_version)")
    return db


def insert(db: sqlite3.Connection, rows: list[tuple]) -> None:
    with db:
        db.executemany(INSERT, rows)


# The read models' floor: the rows the bench's entries make in the entries, facts and activity
# tables (same tables, indexes and settings as the read models), from the log's rows by plain
# sqlite3 and orjson. No typed events, no members or settings, no obligations: what no design of
# these tables can beat on the machine it runs on.
LOGGED = "domain.support:SupportEntry.Logged"
ENTRY = ("INSERT INTO securebase_entries (entry_id, team_id, kind, occurred_at, mode, note, sealed_for, logged_by,"
         " logged_at, regarding, members, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)")
FACT = ("INSERT INTO securebase_facts (entry_id, team_id, member_id, kind, occurred_on, since, valid_from)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)")
COUNT = ("INSERT INTO securebase_activity (team_id, per, period, domain, mode, recorded_on, count)"
         " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (team_id, period, domain, mode, recorded_on)"
         " DO UPDATE SET count = securebase_activity.count + excluded.count")
DOMAINS = {kind: [domain.value for domain in about.domains] for kind, about in KINDS.items()}


class ReadModelFloor:
    """Applies a store's log, a page at a time, to read-model tables of its own at `path`."""

    def __init__(self, store: Path, path: Path):
        self.log, self.db, self.position = sqlite3.connect(f"file:{store}?mode=ro", uri=True), sqlite3.connect(path), 0
        for pragma in ("journal_mode=WAL", *PRAGMAS):  # the read models' own settings
            self.db.execute(f"PRAGMA {pragma}")
        self.create(path)

    def create(self, path: Path) -> None:
        engine = create_engine(f"sqlite:///{path}")
        t.metadata.create_all(engine)
        engine.dispose()

    def catch_up(self, until: int, page: int = 5000) -> None:
        while self.position < until:
            self.apply(min(page, until - self.position))

    def apply(self, size: int) -> None:
        entries, facts, counts = [], [], Counter()
        for entry, event in self._logged(size):
            team, kind, mode = event["team_id"].replace("-", ""), event["kind"], event["mode"]
            members = [m.replace("-", "") for m in event["member_ids"]]
            day, occurred = event["timestamp"][:10], event["occurred_at"]
            on = occurred[:10]
            entries.append((entry, team, kind, occurred, mode, event["note"], orjson.dumps(members),
                            event["logged_by"], event["timestamp"], event["regarding"],
                            orjson.dumps([[m, day] for m in members])))
            facts += [(entry, team, member, kind, on, day, day) for member in members or [None]]
            year, week, _ = date.fromisoformat(on).isocalendar()
            for domain in DOMAINS[kind]:
                counts[(team, "month", on[:7], domain, mode, day)] += 1
                counts[(team, "week", f"{year:04d}-W{week:02d}", domain, mode, day)] += 1
                counts[(team, "day", on, domain, "", day)] += 1
        with self.db:
            self.db.executemany(ENTRY, entries)
            self.db.executemany(FACT, facts)
            self.db.executemany(COUNT, [(*key, count) for key, count in counts.items()])

    def _logged(self, size: int) -> list[tuple[str, dict]]:
        """The next `size` events' entries logged (entry id as hex, the event's JSON), past the others."""
        rows = self.log.execute("SELECT id, originator_id, topic, state FROM securebase_events WHERE id > ?"
                                " ORDER BY id LIMIT ?", (self.position, size)).fetchall()
        self.position = rows[-1][0]
        return [(entry_id.hex(), orjson.loads(state)) for _, entry_id, topic, state in rows if topic == LOGGED]


class SingleTableFloor(ReadModelFloor):
    """The least any design of the read models can write: one row per entry and member, found by
    entry, by team and time, and by member, kind and time; no counts, no versions, no obligations."""

    def create(self, path: Path) -> None:
        self.db.execute("CREATE TABLE support (entry TEXT, team TEXT, member TEXT, kind TEXT, at TEXT, mode TEXT,"
                        " note TEXT)")
        for columns in ("entry, member", "team, at", "member, kind, at"):
            self.db.execute(f"CREATE INDEX support_{columns.replace(', ', '_')} ON support ({columns})")

    def apply(self, size: int) -> None:
        rows = [(entry, event["team_id"], member, event["kind"], event["occurred_at"], event["mode"], event["note"])
                for entry, event in self._logged(size) for member in event["member_ids"] or [None]]
        with self.db:
            self.db.executemany("INSERT INTO support VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
