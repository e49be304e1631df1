"""What sealing the read models' personal columns costs, measured side by side with leaving them
plain, in one run: on SQLite, and on PostgreSQL when a URL is given.

The read models keep members' names and emails and entries' notes sealed under per-person keys
(projections/apply.py, `SupportView._seal`), and the Reader opens them for what a page shows.
There is no switch to turn that off, so the plain baseline is made here only: one view's `_seal`
is replaced by a function that returns the value unchanged.

For each backend a store is built as bench/projections.py builds it (a third of the entries carry
a note) and copied, log and person keys, into a second store, so that a sealed and a plain read
model exist at once and every measure can alternate between them: on a shared machine a burst of
someone else's work then falls on both alike. It prints:
- catch-up from empty, events/s: both views catch up from an empty read model and a new
  process's shredder, alternately 10,000 events at a time; and the time spent inside `_seal`;
- the data of a supervisor's pages through the Reader (`history(team, 500)`, `roster(team)`,
  `timeline(team, member)`, `gaps(None)`), median of several runs, cold (a fresh Reader and the
  shredder's caches cleared, as in a new process: keys loaded and values opened again) and warm
  (the same Reader again, everything opened already). The database's own caches are warm in
  both. The plain view's values are returned by `unseal` at once.
The ratio is the sealed time over the plain time (for catch-up, the plain rate over the sealed);
the CPU ratio compares this process's CPU time instead, which is steadier on a shared machine (on
PostgreSQL it leaves out the server's time). The pages' answers are checked to be the same with
and without sealing, and the stored names and notes to be sealed in one read model only.

    python -m bench.sealed [--events 100000] [--pg-url postgresql+psycopg://user@host/db]

PostgreSQL is measured only with --pg-url or SECUREBASE_BENCH_PG_URL. The bench works in two
schemas of its own in that database (securebase_bench_sealed and securebase_bench_plain), refuses
to start if either exists, and drops both at the end.
"""

import argparse
import gc
import os
import sqlite3
import statistics
import tempfile
import time
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

from sqlalchemy import create_engine, func, inspect, make_url, select, text

import bench.projections
from bench.projections import Store
from projections import queries
from projections import tables as t
from projections.view import SupportView
from services.application import SecureBase
from services.bootstrap import build_app, build_view
from services.reading import Reader
from services.shredding import SEALED, person_keys

RUNS = 7  # per page, state and variant: the median is printed
SLICE = 10_000  # events each view catches up before the other takes its turn
SCHEMAS = {"sealed": "securebase_bench_sealed", "plain": "securebase_bench_plain"}


@dataclass
class Variant:
    name: str
    app: SecureBase
    view: SupportView
    sealing_s: float = 0.0  # time inside _seal during the catch-up
    sealed_values: int = 0
    catch_up_s: float = 0.0
    catch_up_cpu_s: float = 0.0
    times: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)

    def count_sealing(self, plain: bool) -> None:
        """Times every call of this view's `_seal`; the plain one returns the value as given."""
        seal = types.MethodType(lambda _view, value, _people: value, self.view) if plain else self.view._seal

        def timed(value: str | None, people: Any) -> str | None:
            started = time.perf_counter()
            stored = seal(value, people)
            self.sealing_s += time.perf_counter() - started
            self.sealed_values += stored is not None and stored.startswith(SEALED)
            return stored

        self.view._seal = timed  # this instance only: PageWriter is given `self._seal`

    def forget_opened(self) -> None:
        """The shredder as a new process has it: no keys loaded, nothing opened."""
        self.app.shredder._opened.clear()
        self.app.shredder._keys.clear()
        self.app.shredder._ciphers.clear()

    def timed(self, measure: str, action: Callable[[], Any]) -> None:
        """Wall time, and this process's CPU time (which the other processes on a shared machine
        do not inflate; on PostgreSQL it leaves out the server's share)."""
        gc.collect()
        started, cpu = time.perf_counter(), time.process_time()
        action()
        self.times.setdefault(measure, []).append(time.perf_counter() - started)
        self.cpu.setdefault(measure, []).append(time.process_time() - cpu)

    def close(self) -> None:
        self.view.engine.dispose()
        self.app.close()


def pages(reader: Reader, team: queries.TeamRef, member_id) -> dict[str, Callable[[], Any]]:  # noqa: ANN001
    return {
        "history(team, 500)": lambda: reader.history(team, 500),
        "roster(team)": lambda: reader.roster(team),
        "timeline(team, member)": lambda: reader.timeline(team, member_id),
        "gaps(None)": lambda: reader.gaps(None),
    }


def alternate(variants: list[Variant], turn: int) -> list[Variant]:
    """Who goes first changes every turn."""
    return variants if turn % 2 == 0 else variants[::-1]


def catch_up(variants: list[Variant]) -> int:
    for variant in variants:
        variant.forget_opened()
    log_end = variants[0].app.recorder.max_notification_id()
    for turn, until in enumerate(range(SLICE, log_end + SLICE, SLICE)):
        for variant in alternate(variants, turn):
            gc.collect()
            started, cpu = time.perf_counter(), time.process_time()
            variant.view.catch_up(until=until)
            variant.catch_up_s += time.perf_counter() - started
            variant.catch_up_cpu_s += time.process_time() - cpu
    positions = {variant.view.position() for variant in variants}
    assert positions == {log_end}, positions
    return log_end


def read_pages(variants: list[Variant]) -> None:
    engine = variants[0].view.engine
    team = queries.teams(engine)[0]
    members = sorted(m.member_id for m in queries.roster(engine, team))  # not by name: it may be sealed
    member_id = max(members, key=lambda m: len(queries.timeline(engine, team.team_id, m)))
    for name in pages(Reader(variants[0].app, variants[0].view, None), team, member_id):
        for run in range(RUNS):
            for variant in alternate(variants, run):
                variant.forget_opened()
                read = pages(Reader(variant.app, variant.view, None), team, member_id)[name]
                variant.timed(f"{name}, cold (ms)", read)
        warm = {variant.name: pages(Reader(variant.app, variant.view, None), team, member_id)[name]
                for variant in variants}
        for run in range(RUNS + 1):
            for variant in alternate(variants, run):
                if run == 0:
                    warm[variant.name]()  # everything opened once, untimed
                else:
                    variant.timed(f"{name}, warm (ms)", warm[variant.name])
    answers = [{name: [row.model_dump() for row in read()]
                for name, read in pages(Reader(v.app, v.view, None), team, member_id).items()} for v in variants]
    assert answers[0] == answers[1], "the pages answer differently once sealed"


def stored(view: SupportView) -> dict[str, int]:
    with view.engine.connect() as connection:
        return {"notes": connection.execute(select(func.count()).where(t.entries.c.note.is_not(None))).scalar(),
                "sealed notes": connection.execute(select(func.count()).where(
                    t.entries.c.note.startswith(SEALED))).scalar(),
                "sealed names": connection.execute(select(func.count()).where(
                    t.members.c.name.startswith(SEALED))).scalar()}


@dataclass
class Backend:
    name: str
    store: Callable[[int], Store]  # a new store of this many entries, empty
    copy: Callable[[Store], SecureBase]  # an application on a copy of the store's log and keys


def compare(backend: Backend, total: int) -> list[tuple]:
    started = time.perf_counter()
    store = backend.store(total)
    store.log(total)
    logged = time.perf_counter() - started
    sealed = Variant("sealed", store.app, build_view(store.app))
    plain_app = backend.copy(store)
    plain = Variant("plain", plain_app, build_view(plain_app))
    try:
        plain.count_sealing(plain=True)
        sealed.count_sealing(plain=False)
        events = catch_up([plain, sealed])
        read_pages([plain, sealed])
        in_plain, in_sealed = stored(plain.view), stored(sealed.view)
    finally:
        plain.close()
        sealed.close()
    assert in_plain["sealed notes"] == in_plain["sealed names"] == 0, in_plain
    assert in_sealed["sealed notes"] > 0 and in_sealed["sealed names"] > 0, in_sealed
    print(f"{backend.name}: {events:,} events (logged in {logged:.0f} s); entries with a note: "
          f"{in_sealed['notes']:,}, sealed: {in_sealed['sealed notes']:,}; names sealed: "
          f"{in_sealed['sealed names']:,}; the pages answer the same either way.\n"
          f"{backend.name}: the sealed catch-up spent {sealed.sealing_s:.2f} s of {sealed.catch_up_s:.1f} s inside "
          f"_seal for {sealed.sealed_values:,} values ({sealed.sealing_s / sealed.sealed_values * 1e6:.0f} us "
          f"each); the plain one {plain.sealing_s:.2f} s of {plain.catch_up_s:.1f} s", flush=True)
    rows = [(backend.name, "catch-up from empty (events/s)", events / plain.catch_up_s,
             events / sealed.catch_up_s, sealed.catch_up_s / plain.catch_up_s,
             sealed.catch_up_cpu_s / plain.catch_up_cpu_s)]
    for measure, times in plain.times.items():
        before, after = statistics.median(times) * 1000, statistics.median(sealed.times[measure]) * 1000
        cpu_ratio = statistics.median(sealed.cpu[measure]) / statistics.median(plain.cpu[measure])
        rows.append((backend.name, measure, before, after, after / before, cpu_ratio))
    return rows


def sqlite_backend(directory: str) -> Backend:
    def copy(store: Store) -> SecureBase:
        source = Path(store.app.env.get("SQLALCHEMY_URL").removeprefix("sqlite:///"))
        target = Path(directory, "plain.db")
        with sqlite3.connect(source) as reading, sqlite3.connect(target) as writing:
            reading.backup(writing)
        reading.close()
        writing.close()
        return build_app(f"sqlite:///{target}", clock=lambda: store.now)

    return Backend("SQLite", lambda total: Store(Path(directory, "sealed.db"), total), copy)


def in_schema(url: str, schema: str) -> str:
    return make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False)


@contextmanager
def postgres_backend(url: str) -> Iterator[Backend]:
    """The bench's two schemas in the database the URL names, dropped at the end. Store builds
    a SQLite URL from a path, so its `build_app` is pointed at the sealed schema while it runs."""
    engine = create_engine(url)
    found = set(SCHEMAS.values()) & set(inspect(engine).get_schema_names())
    if found:
        engine.dispose()
        raise SystemExit(f"{', '.join(sorted(found))} already in {make_url(url).database}: "
                         "left from another run? drop it, or give the bench another database")
    try:
        with engine.begin() as connection:
            for schema in SCHEMAS.values():
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))

        def store(total: int) -> Store:
            sealed_url = in_schema(url, SCHEMAS["sealed"])
            with mock.patch.object(bench.projections, "build_app",
                                   lambda _url, **options: build_app(sealed_url, **options)):
                return Store(Path("unused"), total)

        def copy(store: Store) -> SecureBase:
            app = build_app(in_schema(url, SCHEMAS["plain"]), clock=lambda: store.now)
            with engine.begin() as connection:
                for table in (store.app.recorder.events_table_name, person_keys.name):
                    connection.execute(text(f'INSERT INTO "{SCHEMAS["plain"]}"."{table}" '
                                            f'SELECT * FROM "{SCHEMAS["sealed"]}"."{table}"'))
            return app

        yield Backend("PostgreSQL", store, copy)
    finally:
        with engine.begin() as connection:
            for schema in SCHEMAS.values():
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


def show(rows: list[tuple]) -> None:
    print(f"\n{'backend':<11}{'measure':<40}{'unsealed':>12}{'sealed':>12}{'ratio':>8}{'CPU ratio':>11}")
    for backend, name, before, after, ratio, cpu_ratio in rows:
        digits = 0 if name.startswith("catch-up") else 1
        print(f"{backend:<11}{name:<40}{before:>12,.{digits}f}{after:>12,.{digits}f}{ratio:>7.2f}x"
              f"{cpu_ratio:>10.2f}x")
    print(f"ratio: sealed time / unsealed time (catch-up: unsealed rate / sealed rate); pages: median of {RUNS}.\n"
          "CPU ratio: the same for this process's CPU time, which other work on the machine does not\n"
          "inflate (on PostgreSQL it leaves out the server's time, so it shows the client side only)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000, help="Support entries to log.")
    parser.add_argument("--pg-url", default=os.environ.get("SECUREBASE_BENCH_PG_URL"),
                        help="A PostgreSQL database to work in (default: SECUREBASE_BENCH_PG_URL).")
    options = parser.parse_args()
    started = time.perf_counter()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows += compare(sqlite_backend(tmp), options.events)
    if options.pg_url:
        with postgres_backend(options.pg_url) as backend:
            rows += compare(backend, options.events)
    else:
        print("PostgreSQL: skipped (give --pg-url or set SECUREBASE_BENCH_PG_URL)")
    show(rows)
    print(f"({time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
