"""Fixtures shared by every layer: a database per test, on SQLite and (when configured) PostgreSQL."""

import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from domain.commands import CreateTeam, JoinMember
from services.application import SecureBase
from services.bootstrap import build_app, engine_url

PG_URL = engine_url(os.environ["SECUREBASE_TEST_PG_URL"]) if os.environ.get("SECUREBASE_TEST_PG_URL") else None
NOW = datetime(2026, 6, 15, 12, 0)
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not PG_URL, reason="SECUREBASE_TEST_PG_URL is not set: PostgreSQL tests need a server"))]


def clear_postgres(url: str) -> None:
    """Drops securebase's tables so each PostgreSQL test starts from an empty store."""
    engine = create_engine(url)
    with engine.begin() as connection:
        for table in inspect(connection).get_table_names():
            if table.startswith("securebase_"):
                connection.execute(text(f'DROP TABLE "{table}" CASCADE'))
    engine.dispose()


def fresh_url(backend: str) -> str:
    """An empty store on the backend, for tests that need many (hypothesis examples)."""
    if backend == "sqlite":
        return f"sqlite:///{Path(tempfile.mkdtemp()) / 'securebase.db'}"
    clear_postgres(PG_URL)
    return PG_URL


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'securebase.db'}"
    clear_postgres(PG_URL)
    return PG_URL


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'securebase.db'}"


@pytest.fixture
def make_app(db_url: str) -> Iterator[Callable[..., SecureBase]]:
    """Builds applications on the test's database; each is closed at the end of the test."""
    apps: list[SecureBase] = []

    def make(clock: Callable[[], datetime] = lambda: NOW) -> SecureBase:
        apps.append(build_app(db_url, clock=clock))
        return apps[-1]

    yield make
    for app in apps:
        app.close()


@pytest.fixture
def app(make_app) -> SecureBase:
    return make_app()


def add_team(app: SecureBase, name: str, *members: tuple[str, date]) -> dict[str, object]:
    """Creates a team with the given (name, joined_on) members; returns their ids by name."""
    app.create_team(CreateTeam.parse(name=name, by="ann"))
    team_id = app.team_named(name).id
    ids: dict[str, object] = {"team": team_id}
    for member, joined_on in members:
        cmd = JoinMember.parse(team_id=team_id, name=member, joined_on=joined_on, by="ann")
        app.join_member(cmd)
        ids[member] = cmd.member_id
    return ids
