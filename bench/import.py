"""How fast a supervisor's CSV log imports into a fresh SQLite store, against the raw floor, and
how much memory a million-row file takes.

Prints rows/s for `securebase import` of a 100,000-row CSV (checked in full, then written in
batches) and for plain `sqlite3.executemany` of the same rows (JSON-encoding each row inside the
timing), the ratio, and the peak memory of importing a 1,000,000-row CSV in its own process.

    python -m bench.import [--rows 100000] [--big 1000000]
"""

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from uuid import uuid4

from bench.floor import event_table, insert
from domain.commands import CreateTeam, JoinMember
from importers.run import run_import
from importers.tabular import Mapping, Spreadsheet
from services.bootstrap import build_app

PEOPLE = [f"Worker {n:02d}" for n in range(30)]
KINDS = ["check in", "debrief after home visit", "team huddle", "thinking together", "buddy catch-up"]
FIRST = date(2023, 1, 2)


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "activity", "people", "mode", "notes"])
        for i in range(rows):
            day = FIRST + timedelta(days=i * 1000 // rows)
            writer.writerow([f"{day:%d/%m/%Y} {8 + i % 10:02d}:{i % 60:02d}", KINDS[i % len(KINDS)],
                             PEOPLE[i % len(PEOPLE)], "online" if i % 3 else "in person", f"row {i}"])


def seeded_store(path: Path):
    app = build_app(f"sqlite:///{path}")
    app.create_team(CreateTeam.parse(name="Bench Team"))
    team_id = app.team_named("Bench Team").id
    for name in PEOPLE:
        app.join_member(JoinMember.parse(team_id=team_id, name=name, joined_on=FIRST - timedelta(days=1)))
    return app, team_id


def import_rate(csv_path: Path, db_path: Path) -> float:
    app, team_id = seeded_store(db_path)
    rows = sum(1 for _ in csv_path.open()) - 1
    started = time.perf_counter()
    report = run_import(app, team_id, Spreadsheet(csv_path, Mapping()), "bench", progress=False)
    elapsed = time.perf_counter() - started
    assert report.added == rows, report.summary()
    return rows / elapsed


def raw_floor(csv_path: Path, db_path: Path) -> float:
    """The same rows straight into a table: read the CSV, JSON-encode, executemany."""
    db = event_table(db_path)
    started = time.perf_counter()
    rows = 0
    with csv_path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        batch = []
        for row in reader:
            batch.append((uuid4().bytes, 1, "domain.support:SupportEntry.Logged", json.dumps(row).encode()))
            if len(batch) == 1000:
                insert(db, batch)
                rows += len(batch)
                batch = []
        insert(db, batch)
        rows += len(batch)
    db.close()
    return rows / (time.perf_counter() - started)


def peak_memory_mb(csv_path: Path, db_path: Path) -> float:
    """Imports in a child process and reads back that process's peak resident memory."""
    subprocess.run([sys.executable, "-m", "bench.import", "--child", str(csv_path), str(db_path)], check=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--big", type=int, default=1_000_000)
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:  # the process whose memory is measured: one import, nothing else
        csv_path, db_path = options.child
        app, team_id = seeded_store(db_path)
        run_import(app, team_id, Spreadsheet(csv_path, Mapping()), "bench", progress=False)
        return
    with tempfile.TemporaryDirectory() as tmp:
        small, big = Path(tmp, "log.csv"), Path(tmp, "big.csv")
        write_csv(small, options.rows)
        floor = raw_floor(small, Path(tmp, "raw.db"))
        rate = import_rate(small, Path(tmp, "import.db"))
        write_csv(big, options.big)
        peak = peak_memory_mb(big, Path(tmp, "big.db"))
    print(f"rows: {options.rows:,}")
    print(f"securebase import       {rate:>10,.0f} rows/s  ({rate / floor:.0%} of the raw floor)")
    print(f"raw sqlite3 floor       {floor:>10,.0f} rows/s")
    print(f"peak memory, {options.big:,} rows: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
