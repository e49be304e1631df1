"""The command line as a supervisor uses it: a fresh store per test, run in-process."""

import pytest
from typer.testing import CliRunner

from cli.base import application_for, view_for
from cli.main import app
from domain.commands import AddUser
from services.auth import hash_password
from services.bootstrap import build_app

runner = CliRunner()
PASSWORD = "correct horse battery"


def add_user(url: str, name: str, role: str = "manager", teams: tuple = (), member_id=None) -> None:
    """A user with PASSWORD, added by the store's first manager, ann (or as ann, the first)."""
    app = build_app(url)
    app.add_user(AddUser.parse(name=name, role=role, teams=list(teams), member_id=member_id,
                               password_hash=hash_password(PASSWORD), by="ann"))
    app.close()


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
