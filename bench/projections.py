"""How the read models keep up with a large log, and how fast they answer.

Builds a SQLite store of 1,000,000 support entries (20 teams, 600 members, 3 years), then prints:
catch-up throughput from empty; the time to apply 1,000 new entries to up-to-date read models at
100k and at 1M (it should not grow with the log), both beside this machine's floor (the same
entries, facts and activity rows made by plain sqlite3, without obligations; and the least any
design could write: bench/floor.py); the latency of the team summary and the gaps query at 1M;
and, in the same run, pandas recomputing the same summary from a CSV of the entries.

    python -m bench.projections [--events 1000000]
"""

import argparse
import csv
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
from eventsourcing.cryptography import AESCipher
from sqlalchemy import select

from bench.floor import ReadModelFloor, SingleTableFloor
from domain.catalogue import KINDS
from domain.commands import CreateTeam, JoinMember, LogSupport
from domain.periods import period_of
from projections import queries
from projections import tables as t
from services.bootstrap import build_app, build_view

TEAMS, PER_TEAM, YEARS = 20, 30, 3
# A realistic mix: check-ins and meetings are common, away days and milestones rare.
WEIGHTS = {"check_in": 30, "team_meeting": 8, "case_discussion": 8, "peer_support": 8,
           "thinking_together": 6, "consultation_slot": 6, "availability_signalled": 5,
           "difficult_visit": 5, "debrief": 5, "success_celebrated": 4, "skills_share": 3,
           "shadowing": 2, "buddying": 2, "mistake_discussed": 2, "constructive_feedback": 2,
           "graded_challenge": 1, "first_prepared": 1, "welcome": 0.3, "induction": 0.5,
           "farewell": 0.2, "milestone_marked": 0.2, "return_to_work": 0.3, "away_day": 0.1}
MODES = ["in_person", "online", "phone", "hybrid"]


class Store:
    """A growing store: entries are logged in time order, each batch recorded when it ended."""

    def __init__(self, path: Path, total: int, cipher_key: str | None = None):
        self.now = datetime(2026, 11, 20, 18)
        self.app = build_app(f"sqlite:///{path}", clock=lambda: self.now, cipher_key=cipher_key)
        self.start = self.now - timedelta(days=365 * YEARS)
        self.step = timedelta(days=365 * YEARS) / total
        self.rng = random.Random(1)
        self.logged = 0
        self.teams = []
        for n in range(TEAMS):
            self.now = self.start
            self.app.create_team(CreateTeam.parse(name=f"Team {n:02d}"))
            team_id = self.app.team_named(f"Team {n:02d}").id
            members = []
            for m in range(PER_TEAM):
                cmd = JoinMember.parse(team_id=team_id, name=f"Worker {n:02d}-{m:02d}",
                                       joined_on=self.start.date() - timedelta(days=1))
                self.app.join_member(cmd)
                members.append(cmd.member_id)
            self.teams.append((team_id, members))

    def log(self, count: int) -> None:
        kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
        for first in range(0, count, 1000):
            batch = []
            for _ in range(min(1000, count - first)):
                team_id, members = self.rng.choice(self.teams)
                at = self.start + self.step * self.logged
                kind = self.rng.choices(kinds, weights)[0]
                size = 0 if kind in ("away_day", "team_meeting") else 1 + (self.rng.random() < 0.2)
                people = self.rng.sample(members, size)
                # a third carry a note, sealed when it names people
                note = f"a note about entry {self.logged}" if self.logged % 3 == 0 else None
                batch.append(LogSupport.parse(team_id=team_id, kind=kind, members=people, at=at, note=note,
                                              mode=self.rng.choice(MODES), logged_by="bench"))
                self.logged += 1
            self.now = batch[-1].at + timedelta(minutes=1)
            self.app.log_many(batch)


def timed(action, repeat: int = 1) -> float:
    """Median seconds over `repeat` runs."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def write_csv(view, path: Path) -> None:
    with view.engine.connect() as connection, path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["team_id", "kind", "occurred_at", "mode"])
        rows = connection.execute(select(t.entries.c.team_id, t.entries.c.kind,
                                         t.entries.c.occurred_at, t.entries.c.mode))
        writer.writerows((team_id.hex, kind, at.isoformat(), mode) for team_id, kind, at, mode in rows)


def pandas_summary(path: Path, team_hex: str, month: str) -> pd.DataFrame:
    """The same summary, recomputed from the CSV: entries by domain and mode for one month."""
    frame = pd.read_csv(path)
    frame = frame[(frame.team_id == team_hex) & (frame.occurred_at.str[:7] == month)]
    frame = frame.assign(domain=frame.kind.map(lambda k: [d.value for d in KINDS[k].domains])).explode("domain")
    return frame.dropna(subset=["domain"]).groupby(["domain", "mode"]).size()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--encrypted", action="store_true", help="Store the events encrypted.")
    options = parser.parse_args()
    total = options.events
    small = total // 10
    with tempfile.TemporaryDirectory() as tmp:
        key = AESCipher.create_key(32) if options.encrypted else None
        store = Store(Path(tmp, "bench.db"), total + 2000, key)
        view = build_view(store.app)
        store.log(small)
        view.catch_up()
        store.log(1000)
        at_small = timed(view.catch_up)
        store.log(total - small - 1000)
        catch_up = timed(view.rebuild)
        store.log(1000)
        at_large = timed(view.catch_up)
        events = view.position()
        floor = ReadModelFloor(Path(tmp, "bench.db"), Path(tmp, "floor.db"))
        floor_catch_up = timed(lambda: floor.catch_up(events - 1000))
        floor_apply = timed(lambda: floor.apply(1000))
        least = SingleTableFloor(Path(tmp, "bench.db"), Path(tmp, "least.db"))
        least_catch_up = timed(lambda: least.catch_up(events))

        team = queries.teams(view.engine)[0]
        month = period_of(store.now.date(), "month")
        summary_s = timed(lambda: queries.summary(view.engine, team, month), 7)
        team_gaps_s = timed(lambda: queries.gaps(view.engine, [team.team_id], store.now.date()), 7)
        every_team = [t.team_id for t in queries.teams(view.engine)]
        all_gaps_s = timed(lambda: queries.gaps(view.engine, every_team, store.now.date()), 3)
        csv_path = Path(tmp, "entries.csv")
        write_csv(view, csv_path)
        pandas_s = timed(lambda: pandas_summary(csv_path, team.team_id.hex, month), 3)

    print(f"events in the log:                  {events:>12,}" + ("  (encrypted)" if options.encrypted else ""))
    print(f"catch-up from empty:                {events / catch_up:>12,.0f} events/s"
          f"  (the floor: {(events - 1000) / floor_catch_up:,.0f} events/s; one table of entries and"
          f" members with the three lookups any design needs: {events / least_catch_up:,.0f} events/s)")
    print(f"apply 1,000 new at {small:>9,}:       {at_small * 1000:>12.1f} ms")
    print(f"apply 1,000 new at {events:>9,}:       {at_large * 1000:>12.1f} ms"
          f"  (the floor: {floor_apply * 1000:,.1f} ms)")
    print(f"team summary (one month):           {summary_s * 1000:>12.1f} ms")
    print(f"gaps, one team:                     {team_gaps_s * 1000:>12.1f} ms")
    print(f"gaps, all {TEAMS} teams:                 {all_gaps_s * 1000:>12.1f} ms")
    print(f"pandas summary from CSV:            {pandas_s * 1000:>12.1f} ms"
          f"  ({pandas_s / summary_s:,.0f}x the summary query)")


if __name__ == "__main__":
    main()
