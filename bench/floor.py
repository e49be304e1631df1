"""The raw floor the benchmarks measure against: rows shaped like stored events, inserted with
plain sqlite3 into a table shaped like the event store's."""

import sqlite3
from pathlib import Path

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
