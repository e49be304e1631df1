"""Eight supervisors logging 250 entries each into one team at the same moment lose nothing."""

import multiprocessing
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta

import pytest

from domain.commands import LogSupport
from domain.support import SupportEntry
from domain.team import Team
from services.bootstrap import build_app
from tests.conftest import PG_URL, add_team, clear_postgres

WRITERS, EACH = 8, 250


def write(url: str, writer: int, app=None) -> None:
    """One supervisor logging a check-in per call, as the CLI or the dashboard would."""
    own = app is None
    app = app or build_app(url)
    team = app.team(Team.create_id("North Team"))
    member = next(iter(team.members))
    start = datetime(2026, 6, 1, 9, 0)
    for i in range(EACH):
        app.log_support(LogSupport.parse(
            team_id=team.id, kind="check_in", members=[member], note=f"writer {writer} #{i}",
            at=start + timedelta(minutes=i), logged_by=f"supervisor {writer}"))
    if own:
        app.close()


def stored_entries(url: str) -> list[tuple[int, str]]:
    """(position, note) of every logged entry, as a fresh process reads them back."""
    app = build_app(url)
    rows = [(position, logged.note) for position, logged in app.read_log(SupportEntry.Logged)]
    app.close()
    return rows


def seed(url: str) -> None:
    app = build_app(url)
    add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)))
    app.close()


def assert_all_stored_once(url: str) -> None:
    rows = stored_entries(url)
    assert len(rows) == WRITERS * EACH
    assert {note for _, note in rows} == {f"writer {w} #{i}" for w in range(WRITERS) for i in range(EACH)}
    ids = [row_id for row_id, _ in rows]
    assert ids == list(range(ids[0], ids[0] + len(ids)))  # no gaps, no duplicates


def run_processes(url: str) -> None:
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=write, args=(url, w)) for w in range(WRITERS)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=300)
    assert [p.exitcode for p in processes] == [0] * WRITERS


def test_threads_writing_to_sqlite_lose_nothing(sqlite_url):
    seed(sqlite_url)
    app = build_app(sqlite_url)
    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(lambda w: write(sqlite_url, w, app), range(WRITERS)))
    app.close()
    assert_all_stored_once(sqlite_url)


def test_processes_writing_to_one_sqlite_file_lose_nothing(sqlite_url):
    seed(sqlite_url)
    run_processes(sqlite_url)
    assert_all_stored_once(sqlite_url)


@pytest.mark.skipif(not PG_URL, reason="SECUREBASE_TEST_PG_URL is not set: PostgreSQL tests need a server")
def test_processes_writing_to_postgresql_lose_nothing():
    clear_postgres(PG_URL)
    seed(PG_URL)
    run_processes(PG_URL)
    assert_all_stored_once(PG_URL)
