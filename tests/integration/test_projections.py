"""The read models: amendments and retractions move counts, and incremental, rebuilt and
crash-resumed read models are the same, row for row, on both backends."""

import signal
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from uuid import UUID

from sqlalchemy import select

from domain.commands import LogSupport, Retract
from projections import queries
from projections import tables as t
from services.bootstrap import build_view
from tests.conftest import add_team

START = date(2026, 1, 5)


def snapshot(view, opened: bool = False) -> dict[str, list[tuple]]:
    """Every read-model row, in a stable order, without surrogate keys; `opened` shows sealed
    names and notes opened, for comparing stores whose people have different keys."""
    found = {}
    with view.engine.connect() as connection:
        for table in t.READ_MODELS:
            columns = [c for c in table.columns if c.name != "id"]
            rows = [dict(row) for row in connection.execute(select(*columns)).mappings()]
            if opened:
                for row in rows:
                    _open(view, table, row)
            found[table.name] = sorted(tuple(repr(row[c.name]) for c in columns) for row in rows)
    return found


def _open(view, table, row: dict) -> None:
    unseal = view.app.shredder.unseal
    if table is t.members:
        row.update(name=unseal(row["name"], [row["member_id"]]),
                   email=row["email"] and unseal(row["email"], [row["member_id"]]))
    elif table is t.entries and row["note"]:
        row["note"] = unseal(row["note"], [UUID(hex=m) for m in row["sealed_for"]])


def counts(view, team, period, as_of=None):
    return {d.domain.value: d.by_mode for d in queries.summary(view.engine, team, period, as_of).domains if d.count}


def seed_entries(app, ids, how_many: int) -> list[LogSupport]:
    cmds = [LogSupport.parse(team_id=ids["team"], kind=kind, members=[ids["Sam Patel"]],
                             at=datetime(2026, 1, 5, 10) + timedelta(hours=i), mode=mode, logged_by="ann")
            for i, (kind, mode) in enumerate(zip(["check_in", "debrief", "welcome"] * how_many,
                                                 ["online", "in_person", "phone", "hybrid"] * how_many))
            if i < how_many]
    for first in range(0, how_many, 500):
        app.log_many(cmds[first:first + 500])
    return cmds


def test_amend_and_retract_move_counts_to_the_right_domain_and_period(world, clock):
    app, view = world
    clock.on(START)
    ids = add_team(app, "North Team", ("Sam Patel", START))
    view.catch_up()
    team = queries.teams(view.engine)[0]
    clock.on(date(2026, 1, 30))
    cmd = LogSupport.parse(team_id=ids["team"], kind="check_in", members=[ids["Sam Patel"]],
                           at="2026-01-30 10:00", mode="online", logged_by="ann")
    app.log_support(cmd)
    view.catch_up()
    assert counts(view, team, "2026-01") == {"sensitivity": {"online": 1}, "availability": {"online": 1}}
    clock.on(date(2026, 2, 3))
    app.amend(cmd.entry_id, "ann", kind="mistake_discussed", at="2026-02-02 09:00", mode="phone")
    view.catch_up()
    assert counts(view, team, "2026-01") == {}
    assert counts(view, team, "2026-02") == {"acceptance": {"phone": 1}}
    assert counts(view, team, "2026-01", as_of=date(2026, 2, 2)) == counts(view, team, "2026-01", as_of=START) | {
        "sensitivity": {"online": 1}, "availability": {"online": 1}}
    clock.on(date(2026, 2, 4))
    app.retract(Retract.parse(entry_id=cmd.entry_id, reason="not support", by="ann"))
    view.catch_up()
    assert counts(view, team, "2026-02") == {}
    assert counts(view, team, "2026-02", as_of=date(2026, 2, 3)) == {"acceptance": {"phone": 1}}
    assert counts(view, team, "2026-W05", as_of=date(2026, 2, 1)) == {"sensitivity": {"online": 1},
                                                                      "availability": {"online": 1}}


def test_rebuilding_from_the_log_gives_the_same_rows(world, clock):
    app, view = world
    clock.on(START)
    ids = add_team(app, "North Team", ("Sam Patel", START), ("Jo Okoro", START))
    clock.on(START + timedelta(days=5))
    for i, cmd in enumerate(seed_entries(app, ids, 60)):
        clock.on(START + timedelta(days=5 + i // 10))
        if i % 7 == 0:
            app.amend(cmd.entry_id, "bea", members=[ids["Jo Okoro"]], note=f"moved {i}")
        if i % 11 == 0:
            app.retract(Retract.parse(entry_id=cmd.entry_id, reason="duplicate", by="bea"))
        view.catch_up()  # many small pages
    incremental = snapshot(view)
    assert incremental["securebase_entries"] and incremental["securebase_facts"]
    view.rebuild()  # one big page
    assert snapshot(view) == incremental


def test_a_killed_catch_up_resumes_without_applying_anything_twice(make_app, db_url, clock):
    app = make_app(clock=clock)
    clock.on(START)
    ids = add_team(app, "North Team", ("Sam Patel", START))
    clock.on(date(2026, 6, 1))
    seed_entries(app, ids, 3000)
    view = build_view(app)
    end = app.recorder.max_notification_id()
    script = ("import sys; from services.bootstrap import build_app, build_view; "
              "build_view(build_app(sys.argv[1])).catch_up(page_size=5)")
    process = subprocess.Popen([sys.executable, "-c", script, db_url])
    deadline = time.monotonic() + 60
    while view.position() < 200 and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert 0 < view.position() < end  # it really was stopped part-way
    assert view.catch_up() == end
    resumed = snapshot(view)
    view.rebuild()
    assert snapshot(view) == resumed
    team = queries.teams(view.engine)[0]
    total = sum(d.count for month in ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05")
                for d in queries.summary(view.engine, team, month).domains)
    assert total == 3000 + 2 * 1000  # check-ins and debriefs count in two domains, welcomes in one: once each
