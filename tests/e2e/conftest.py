"""The command line as a supervisor uses it: a fresh store per test, run in-process."""

import pytest
from typer.testing import CliRunner

from cli.base import application_for, view_for
from cli.main import app

runner = CliRunner()


@pytest.fixture
def cli(db_url, monkeypatch):
    monkeypatch.setenv("SECUREBASE_DB_URL", db_url)
    monkeypatch.setenv("SECUREBASE_USER", "ann")
    application_for.cache_clear()  # each test's database is new
    view_for.cache_clear()

    def run(*args: str, ok: bool = True):
        result = runner.invoke(app, list(args))
        assert (result.exit_code == 0) == ok, result.output
        return result
    return run


@pytest.fixture
def team(cli):
    cli("team", "create", "North Team")
    cli("member", "join", "Sam Patel", "--team", "North Team", "--on", "2026-01-05")
    cli("member", "join", "Jo Okoro", "--team", "north team", "--on", "2026-02-01",
        "--email", "Jo.Okoro@example.org", "--role", "senior practitioner")
    return cli
