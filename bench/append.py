"""How fast support entries are logged into a fresh SQLite store, against the raw floor.

Prints events/s for: one entry per call; batches of 1,000 through `log_many`, in the clear and
encrypted (SECUREBASE_CIPHER_KEY); and plain
`sqlite3.executemany` of the same rows (JSON-encoding each row inside the timing, as the store
must). Also prints the ratio to that floor and the process's peak memory.

    python -m bench.append [--events 100000]
"""

import argparse
import json
import resource
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from uuid import uuid4

from eventsourcing.cryptography import AESCipher

from bench.floor import event_table, insert
from domain.catalogue import KINDS, Mode
from domain.commands import CreateTeam, JoinMember, LogSupport
from services.bootstrap import build_app

BATCH = 1000
START = datetime(2024, 1, 1, 9, 0)
KIND_KEYS = sorted(KINDS)
MODES = list(Mode)


def seeded_app(path: Path, cipher_key: str | None = None):
    app = build_app(f"sqlite:///{path}", cipher_key=cipher_key)
    app.create_team(CreateTeam.parse(name="Bench Team"))
    team = app.team_named("Bench Team")
    members = []
    for i in range(20):
        cmd = JoinMember.parse(team_id=team.id, name=f"Worker {i}", joined_on="2023-01-01")
        app.join_member(cmd)
        members.append(cmd.member_id)
    return app, team.id, members


def command(i: int, team_id, members) -> LogSupport:
    return LogSupport.parse(
        team_id=team_id, kind=KIND_KEYS[i % len(KIND_KEYS)], members=[members[i % len(members)]],
        at=START + timedelta(minutes=i), mode=MODES[i % len(MODES)],
        note=f"bench note {i}", logged_by="bench")


SINGLE = 5_000  # one commit each: a sample is enough


def one_per_call(path: Path, n: int) -> float:
    app, team_id, members = seeded_app(path)
    started = time.perf_counter()
    for i in range(n):
        app.log_support(command(i, team_id, members))
    return n / (time.perf_counter() - started)


def batched(path: Path, n: int, cipher_key: str | None = None) -> float:
    app, team_id, members = seeded_app(path, cipher_key)
    started = time.perf_counter()
    for first in range(0, n, BATCH):
        app.log_many([command(i, team_id, members) for i in range(first, min(n, first + BATCH))])
    return n / (time.perf_counter() - started)


def raw_floor(path: Path, n: int) -> float:
    """The same rows as plain sqlite3 inserts: id, originator, version, topic, JSON state."""
    db = event_table(path)
    team_id, member = uuid4(), uuid4()
    topic = "domain.support:SupportEntry.Logged"
    started = time.perf_counter()
    for first in range(0, n, BATCH):
        rows = []
        for i in range(first, min(n, first + BATCH)):
            state = {"team_id": team_id.hex, "kind": KIND_KEYS[i % len(KIND_KEYS)],
                     "member_ids": [member.hex],
                     "occurred_at": (START + timedelta(minutes=i)).isoformat(),
                     "mode": MODES[i % len(MODES)].value, "note": f"bench note {i}",
                     "logged_by": "bench", "regarding": None,
                     "timestamp": datetime.now().isoformat()}
            rows.append((uuid4().bytes, 1, topic, json.dumps(state).encode()))
        insert(db, rows)
    db.close()
    return n / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    n = parser.parse_args().events
    with tempfile.TemporaryDirectory() as tmp:
        raw = raw_floor(Path(tmp, "raw.db"), n)
        fast = batched(Path(tmp, "batched.db"), n)
        encrypted = batched(Path(tmp, "encrypted.db"), n, AESCipher.create_key(32))
        single = one_per_call(Path(tmp, "single.db"), min(n, SINGLE))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"events: {n:,}")
    print(f"one per call        {single:>10,.0f} events/s")
    print(f"batches of {BATCH:,}    {fast:>10,.0f} events/s  ({fast / raw:.0%} of the raw floor)")
    print(f"batches, encrypted  {encrypted:>10,.0f} events/s  ({encrypted / fast - 1:+.0%} against unencrypted)")
    print(f"raw sqlite3 floor   {raw:>10,.0f} events/s")
    print(f"peak memory         {peak_mb:>10,.0f} MB")


if __name__ == "__main__":
    main()
