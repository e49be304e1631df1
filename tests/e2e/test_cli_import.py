"""`securebase import` and `export` as a supervisor runs them, including an import killed
part-way and run again."""

import csv
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from cli.base import application_for, view_for
from cli.main import app

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"
runner = CliRunner()


def cli(*args: str, ok: bool = True):
    result = runner.invoke(app, list(args))
    assert (result.exit_code == 0) == ok, result.output
    return result


def setup_team(monkeypatch, url: str) -> None:
    monkeypatch.setenv("SECUREBASE_DB_URL", url)
    application_for.cache_clear()
    view_for.cache_clear()
    cli("team", "create", "North Team")
    for name in ("Sam Patel", "Zoë Lambert", "José Núñez", "Sunil Patel"):
        cli("member", "join", name, "--team", "North Team", "--on", "2024-01-05")
    cli("member", "join", "Jo Okoro", "--email", "jo.okoro@example.org", "--team", "North Team", "--on", "2024-01-05")


def logged(url: str) -> tuple[int, int]:
    engine = create_engine(url)
    with engine.connect() as connection:
        total, distinct = connection.execute(text(
            "SELECT count(*), count(DISTINCT originator_id) FROM securebase_events"
            " WHERE topic LIKE '%SupportEntry.Logged'")).one()
    engine.dispose()
    return total, distinct


def test_import_dry_run_then_import_then_again(sqlite_url, monkeypatch):
    setup_team(monkeypatch, sqlite_url)
    path = str(FIXTURES / "supervision_log.csv")
    assert "would add 6" in cli("import", path, "--team", "North Team", "--dry-run").output
    assert logged(sqlite_url) == (0, 0)
    assert "added 6, 0 already imported" in cli("import", path, "--team", "North Team").output
    assert "added 0, 6 already imported" in cli("import", path, "--team", "North Team").output


def test_a_bad_file_is_refused_with_its_report(sqlite_url, monkeypatch):
    setup_team(monkeypatch, sqlite_url)
    result = cli("import", str(FIXTURES / "with_errors.csv"), "--team", "North Team", ok=False)
    assert "nothing imported: 6 bad rows" in result.output and "Traceback" not in result.output
    assert "line 4, column 'people', value 'S. Patel'" in result.output
    assert logged(sqlite_url) == (0, 0)
    assert "--team" in cli("import", str(FIXTURES / "with_errors.csv"), ok=False).output


def test_export_and_import_through_the_command_line(sqlite_url, tmp_path, monkeypatch):
    setup_team(monkeypatch, sqlite_url)
    cli("import", str(FIXTURES / "supervision_log.csv"), "--team", "North Team")
    exported = cli("export", str(tmp_path / "all.jsonl")).output
    assert exported.startswith("exported 12 events")
    copy = f"sqlite:///{tmp_path / 'copy.db'}"
    monkeypatch.setenv("SECUREBASE_DB_URL", copy)
    application_for.cache_clear()
    assert "applied 12 events, 0 already there" in cli("import", str(tmp_path / "all.jsonl")).output
    assert logged(copy) == (6, 6)


def test_an_interrupted_import_completes_without_duplicates_when_run_again(sqlite_url, tmp_path, monkeypatch):
    setup_team(monkeypatch, sqlite_url)
    rows = 30000
    path = tmp_path / "big.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "activity", "people", "mode", "notes"])
        first = date(2024, 2, 1)
        for i in range(rows):
            writer.writerow([(first + timedelta(days=i % 600)).isoformat() + f" {8 + i % 10:02d}:{i % 60:02d}",
                             "check in", "Sam Patel", "online", f"row {i}"])
    env = os.environ | {"SECUREBASE_DB_URL": sqlite_url, "SECUREBASE_USER": "ann"}
    command = [sys.executable, "-m", "cli.main", "import", str(path), "--team", "North Team"]
    process = subprocess.Popen(command, env=env, cwd=Path(__file__).parents[2])
    deadline = time.monotonic() + 120
    while logged(sqlite_url)[0] < 2000 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    part = logged(sqlite_url)[0]
    assert 0 < part < rows  # it really was stopped part-way
    finished = subprocess.run(command, env=env, cwd=Path(__file__).parents[2], capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert f"added {rows - part}, {part} already imported" in finished.stdout
    assert logged(sqlite_url) == (rows, rows)
