"""A store that cannot be used is refused with one line that says which store, what is wrong and
what to do, by build_app and through the command line alike: never a traceback, never a password."""

from datetime import date
from pathlib import Path
from uuid import uuid4

import pytest
from eventsourcing.cryptography import AESCipher
from eventsourcing.persistence import StoredEvent
from typer.testing import CliRunner

from cli.base import application_for, view_for
from cli.main import app as cli_app
from services.bootstrap import build_app, build_view
from services.store_errors import StoreUnavailable, UnknownEventType, masked
from tests.conftest import add_team

PASSWORD = "s3cret-pw"
runner = CliRunner()


def real_store(path: Path) -> str:
    """A store as the CLI leaves it: a team with members, and the read models beside the log."""
    url = f"sqlite:///{path}"
    app = build_app(url)
    add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)), ("Jo Okoro", date(2026, 2, 1)))
    view = build_view(app)
    view.catch_up()
    view.engine.dispose()
    app.close()
    return url


def not_a_database(tmp_path: Path) -> str:
    (tmp_path / "notes.db").write_text("these are my notes, not a database\n")
    return f"sqlite:///{tmp_path / 'notes.db'}"


def truncated(tmp_path: Path) -> str:
    url = real_store(tmp_path / "cut.db")
    path = tmp_path / "cut.db"
    path.write_bytes(path.read_bytes()[:path.stat().st_size // 2])
    return url


BROKEN = {  # how the store is broken: (its URL, what the one line says)
    "a malformed URL": (lambda _: "nonsense",
                        "SECUREBASE_DB_URL: nonsense is not a database URL (Could not parse SQLAlchemy URL from "
                        "given URL string); use sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST:PORT/DATABASE"),
    "a port that is not a number": (lambda _: f"postgresql+psycopg://sam:{PASSWORD}@localhost:fivefour/securebase",
                                    "SECUREBASE_DB_URL: postgresql+psycopg://sam:***@localhost:fivefour/securebase "
                                    "is not a database URL"),
    "a kind of database securebase cannot use": (lambda _: f"oracle+nosuchdriver://sam:{PASSWORD}@db/securebase",
                                                 "SECUREBASE_DB_URL: oracle+nosuchdriver://sam:***@db/securebase names "
                                                 "a database securebase cannot use"),
    "a file that is not a database": (not_a_database, "cannot be used (file is not a database): it is not a SQLite "
                                                      "database; point SECUREBASE_DB_URL at a securebase store"),
    "a truncated database": (truncated, "cannot be used (database disk image is malformed): it is damaged; restore "
                                        "it from a backup"),
    "a refused connection": (lambda _: f"postgresql+psycopg://sam:{PASSWORD}@127.0.0.1:1/securebase",
                             "SECUREBASE_DB_URL: the database at postgresql+psycopg://sam:***@127.0.0.1:1/securebase "
                             "cannot be used (connection failed: connection to server at \"127.0.0.1\", port 1 failed: "
                             "Connection refused): check that the server is running"),
}


@pytest.fixture
def cli():
    """Runs securebase in-process on a store, with the CLI's per-process caches emptied around it."""
    def run(url: str, *args: str, key: str | None = None):
        application_for.cache_clear()
        view_for.cache_clear()
        return runner.invoke(cli_app, list(args), env={
            "SECUREBASE_DB_URL": url, "SECUREBASE_USER": "ann", "SECUREBASE_CIPHER_KEY": key})
    yield run
    application_for.cache_clear()
    view_for.cache_clear()


def one_line_error(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    [line] = result.output.splitlines()
    assert line.startswith("error: ")
    return line


@pytest.mark.parametrize("broken", BROKEN)
def test_a_store_that_cannot_be_used_is_refused_in_one_line(broken, tmp_path, cli):
    make_url, says = BROKEN[broken]
    url = make_url(tmp_path)
    with pytest.raises(StoreUnavailable) as refused:
        build_app(url)
    message = str(refused.value)
    assert says in message and PASSWORD not in message and "\n" not in message
    if url.startswith("sqlite:///"):
        assert url.removeprefix("sqlite:///") in message  # which file
    line = one_line_error(cli(url, "team", "list"))
    assert line == f"error: {message}"


def test_passwords_are_masked_in_any_url():
    assert masked(f"postgresql+psycopg://sam:{PASSWORD}@db:5432/x") == "postgresql+psycopg://sam:***@db:5432/x"
    assert masked(f"postgresql+psycopg://sam:{PASSWORD}@x@db/x") == "postgresql+psycopg://sam:***@db/x"
    assert masked(f"postgresql+psycopg://sam@db/x?password={PASSWORD}&sslmode=require") == (
        "postgresql+psycopg://sam@db/x?password=***&sslmode=require")
    assert masked("sqlite:////home/sam/a:b@c.db") == "sqlite:////home/sam/a:b@c.db"


def test_an_event_type_from_a_newer_version_is_named(db_url, cli):
    app = build_app(db_url)
    add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)))
    app.recorder.insert_events([StoredEvent(originator_id=uuid4(), originator_version=1,
                                            topic="domain.team:Team.Renamed", state=b'{"name": "South Team"}')])
    with pytest.raises(UnknownEventType, match=(
            "stored event: its type domain.team:Team.Renamed is not one this version of securebase knows: a newer "
            "version wrote it; upgrade securebase to use this store")):
        list(app.read_log())
    app.close()
    assert "domain.team:Team.Renamed" in one_line_error(cli(db_url, "projections", "rebuild"))


def test_a_key_set_on_a_store_written_without_one_is_refused_in_one_line(db_url, cli):
    app = build_app(db_url)
    add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)))
    app.close()
    line = one_line_error(cli(db_url, "team", "list", key=AESCipher.create_key(32)))
    assert line.startswith("error: SECUREBASE_CIPHER_KEY: is set, but this store was written without a key")
    assert cli(db_url, "team", "list").exit_code == 0
