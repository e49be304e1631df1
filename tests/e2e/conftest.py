"""The command line as a supervisor uses it: a fresh store per test, run in-process; and what the
browser tests share: the rule for a missing Chromium, and the demo served once."""

import importlib.util
import os
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from typer.testing import CliRunner

from bench.browser import dashboard
from cli.base import application_for, view_for
from cli.main import app
from domain.commands import AddUser
from services.auth import hash_password
from services.bootstrap import build_app
from services.demo import seed_demo

runner = CliRunner()
PASSWORD = "correct horse battery"
BROWSER_MISSING = ("playwright is not installed" if importlib.util.find_spec("playwright") is None else
                   "no chromium: install Debian's package (apt-get install chromium)" if not shutil.which("chromium")
                   else None)


@pytest.fixture
def browser_available() -> None:
    """Skips without a browser, except in CI, where .ci/run installs one and this must run."""
    if BROWSER_MISSING:
        (pytest.fail if os.environ.get("CI") else pytest.skip)(BROWSER_MISSING)


@pytest.fixture(scope="session")
def demo_dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo's store served once for the checks that only read it; yields the address."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    seed_demo(build_app(url))
    with dashboard(url) as address:
        yield address


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


def just_past(count: int) -> list[datetime]:
    """`count` moments a minute apart, the last a minute ago: support logged today that is never
    in the future, whatever the hour the tests run."""
    now = datetime.now().replace(second=0, microsecond=0)
    return [now - timedelta(minutes=count - i) for i in range(count)]
