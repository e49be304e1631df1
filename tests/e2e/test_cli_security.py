"""The command line against hostile input: two importers at once, a NUL in a spreadsheet, and
escape codes in names and notes."""

import csv
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from tests.e2e.test_cli import error_line
from tests.e2e.test_cli_import import logged

ROOT = Path(__file__).parents[2]


def test_two_importers_at_once_both_succeed_and_lose_nothing(team, db_url, tmp_path):
    """Both write, both bring the read models up to date at the same moment: neither may fail."""
    files = []
    for n in range(2):
        path = tmp_path / f"log{n}.csv"
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["date", "activity", "people", "notes"])
            for i in range(3000):
                writer.writerow([(date(2026, 3, 1) + timedelta(days=i % 60)).isoformat(), "check in", "Sam Patel",
                                 f"file {n}, row {i}"])
        files.append(path)
    env = os.environ | {"SECUREBASE_DB_URL": db_url, "SECUREBASE_USER": "ann"}
    runs = [subprocess.Popen([sys.executable, "-m", "cli.main", "import", str(path), "--team", "North Team"],
                             env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for path in files]
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0 and "Traceback" not in err, err
        assert "added 3000" in out
    assert logged(db_url) == (6000, 6000)
    assert "lag 0" in team("projections", "status").output


def test_a_nul_byte_in_a_spreadsheet_note_rejects_its_row_and_writes_nothing(team, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("date,activity,people,notes\n2026-03-02,check in,Sam Patel,fine\n"
                    "2026-03-03,check in,Sam Patel,bad\x00note\n")
    result = team("import", str(path), "--team", "North Team", ok=False)
    assert "line 3" in result.output and "contains a control character (U+0000)" in result.output
    assert "nothing imported" in result.output
    assert "check_in" not in team("history", "--team", "North Team").output


def test_escape_codes_in_names_and_notes_are_shown_not_obeyed(team):
    team("team", "create", "Team \u202eevil")  # a direction override is dropped from a name
    assert "\u202e" not in team("team", "list").output
    team("log", "check_in", "--team", "North Team", "-m", "Sam Patel", "--at", "2026-03-02",
         "--note", "line one\nline two")
    refused = team("log", "check_in", "--team", "North Team", "-m", "Sam Patel", "--note", "\x1b[2Jgone", ok=False)
    assert "\x1b" not in refused.output and error_line(refused).startswith("error: note '\\x1b[2Jgone'")
    assert "line one\nline two" in team("history", "--team", "North Team").output
