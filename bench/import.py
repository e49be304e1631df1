"""How fast supervisors' logs import into a fresh SQLite store, against the raw floor, and how
much memory that takes.

Prints rows/s for `securebase import` of a 1,000,000-row CSV and of a 100,000-row XLSX (each
checked in full, then written in batches), each as a share of the raw floor for as many rows,
measured in the same run: plain `sqlite3.executemany` of the rows read from a CSV, JSON-encoding
each row inside the timing (a table's index slows as it grows, so the floor depends on the
count). Each import runs in its own process, whose peak memory is printed with the peak of the
process that reads a workbook. Then, once, how fast openpyxl (read-only) and calamine read the XLSX, each in a
process of its own, side by side: the import reads workbooks with calamine only. openpyxl writes
the XLSX, so this needs the test extra.

    python -m bench.import [--csv-rows 1000000] [--xlsx-rows 100000]
"""

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
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
HEADER = ["date", "activity", "people", "mode", "notes"]


def log_rows(count: int) -> Iterator[list]:
    """A supervisor's log spread over 1,000 days, every row different."""
    for i in range(count):
        day = FIRST + timedelta(days=i * 1000 // count)
        yield [datetime(day.year, day.month, day.day, 8 + i % 10, i % 60), KINDS[i % len(KINDS)],
               PEOPLE[i % len(PEOPLE)], "online" if i % 3 else "in person", f"row {i}"]


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows([f"{when:%d/%m/%Y %H:%M}", *rest] for when, *rest in log_rows(rows))


def write_xlsx(path: Path, rows: int) -> None:
    from openpyxl import Workbook
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for row in log_rows(rows):
        sheet.append(row)
    book.save(path)


def seeded_store(path: Path):
    app = build_app(f"sqlite:///{path}")
    app.create_team(CreateTeam.parse(name="Bench Team"))
    team_id = app.team_named("Bench Team").id
    for name in PEOPLE:
        app.join_member(JoinMember.parse(team_id=team_id, name=name, joined_on=FIRST - timedelta(days=1)))
    return app, team_id


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


def import_once(path: Path, db_path: Path) -> str:
    """One import, in the process measured: its rate."""
    app, team_id = seeded_store(db_path)
    started = time.perf_counter()
    report = run_import(app, team_id, Spreadsheet(path, Mapping()), "bench")
    return f"{report.added / (time.perf_counter() - started)}"


def openpyxl_read(path: Path) -> int:
    from openpyxl import load_workbook
    book = load_workbook(path, read_only=True, data_only=True)
    sheet = book.active
    sheet.reset_dimensions()  # as the importer had to: the <dimension> tag may understate the sheet
    rows = sum(1 for _ in sheet.iter_rows(values_only=True))
    book.close()
    return rows


def calamine_read(path: Path) -> int:
    from python_calamine import CalamineWorkbook
    with CalamineWorkbook.from_path(path) as book:
        return sum(1 for _ in book.get_sheet_by_index(0).iter_rows())


READERS: dict[str, Callable[[Path], int]] = {"openpyxl": openpyxl_read, "calamine": calamine_read}


def read_once(reader: str, path: Path) -> str:
    started = time.perf_counter()
    rows = READERS[reader](path)
    return f"{rows / (time.perf_counter() - started)}"


def measured(*args: str) -> tuple[float, float, float]:
    """Runs `python -m bench.import --child ...` and reads back its rate, its peak memory and
    the peak of any process it started, in MB."""
    done = subprocess.run([sys.executable, "-m", "bench.import", "--child", *args], check=True,
                          capture_output=True, text=True)
    rate, own, started = done.stdout.split()
    return float(rate), float(own) / 1024, float(started) / 1024


def child(args: list[str]) -> None:
    """The process measured: one import, or one read of a workbook, and nothing else."""
    rate = import_once(Path(args[1]), Path(args[2])) if args[0] == "import" else read_once(args[0], Path(args[1]))
    print(rate, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
          resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv-rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        logs = {Path(tmp, "log.csv"): options.csv_rows, Path(tmp, "log.xlsx"): options.xlsx_rows}
        for path, rows in logs.items():
            (write_csv if path.suffix == ".csv" else write_xlsx)(path, rows)
            write_csv(Path(tmp, f"floor{path.suffix}.csv"), rows)
        floors = {path: raw_floor(Path(tmp, f"floor{path.suffix}.csv"), Path(tmp, f"floor{path.suffix}.db"))
                  for path in logs}
        imports = {path: measured("import", str(path), str(Path(tmp, f"import{path.suffix}.db"))) for path in logs}
        reads = {reader: measured(reader, str(Path(tmp, "log.xlsx"))) for reader in READERS}
    for path, rows in logs.items():
        (rate, own, reader), floor = imports[path], floors[path]
        reading = f", and {reader:,.0f} MB reading it" if reader else ""
        print(f"import {rows:>9,} rows of {path.suffix[1:].upper():<4} {rate:>7,.0f} rows/s, {rate / floor:.0%} of "
              f"the floor ({floor:,.0f} rows/s); peak {own:,.0f} MB{reading}")
    print(f"reading the {options.xlsx_rows:,}-row XLSX, the reader alone in its process:")
    for reader, (rate, own, _) in reads.items():
        print(f"  {reader:<10}{rate:>9,.0f} rows/s; peak {own:,.0f} MB")


if __name__ == "__main__":
    main()
