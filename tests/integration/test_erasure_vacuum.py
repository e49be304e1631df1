"""On PostgreSQL an overwritten row stays in its page, readable with pageinspect, until a VACUUM:
after an erasure neither the person's old key nor their name and notes may be left there."""

from datetime import date

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from domain.commands import LogSupport
from domain.team import ERASED
from projections import tables
from services.bootstrap import build_view
from services.shredding import person_keys, vacuum_after_erasure
from tests.conftest import add_team
from tests.integration.test_erasure import erase

NAME, NOTE = "Quentin Zedlander", "Quentin's hard week"


@pytest.fixture
def store(make_app):
    """Quentin, with a check-in and its note, in the log and the read models."""
    app = make_app()
    ids = add_team(app, "North Team", (NAME, date(2026, 1, 5)))
    app.log_support(LogSupport.parse(team_id=ids["team"], kind="check_in", members=[ids[NAME]], note=NOTE,
                                     at="2026-06-01 10:00", logged_by="ann"))
    view = build_view(app)
    view.catch_up()
    return app, view, ids["team"], ids[NAME]


@pytest.fixture
def inspector(db_url):
    """A connection that can read PostgreSQL's pages, dead rows included."""
    if not db_url.startswith("postgresql"):
        pytest.skip("dead row versions are PostgreSQL's: SQLite zeroes what it overwrites (secure_delete)")
    engine = create_engine(db_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        try:
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
        except DBAPIError as error:
            pytest.skip(f"the pageinspect extension cannot be created (it needs a superuser): {error.orig}")
        yield connection
    engine.dispose()


def pages(connection, table: str) -> list[tuple[bytes, list[bytes]]]:
    """Each page of the table: its raw bytes, and the data of every row version pageinspect finds in it."""
    count = connection.execute(text("SELECT pg_relation_size(:t) / current_setting('block_size')::int"),
                               {"t": table}).scalar_one()
    found = []
    for page in range(count):
        raw = connection.execute(text("SELECT get_raw_page(:t, :p)"), {"t": table, "p": page}).scalar_one()
        rows = connection.execute(text("SELECT t_data FROM heap_page_items(get_raw_page(:t, :p))"
                                       " WHERE t_data IS NOT NULL"), {"t": table, "p": page}).scalars()
        found.append((bytes(raw), [bytes(row) for row in rows]))
    return found


def test_the_old_key_is_not_left_in_the_key_tables_pages(store, inspector):
    app, view, team_id, quentin = store
    key = inspector.execute(person_keys.select().where(person_keys.c.person_id == quentin)).one().key
    assert any(key in row for _, rows in pages(inspector, person_keys.name) for row in rows)
    erase(app, view, team_id, quentin)
    assert not any(key in raw for raw, _ in pages(inspector, person_keys.name))


def test_names_and_notes_are_not_left_in_the_read_models_pages(store, inspector):
    app, view, team_id, quentin = store
    read_models = [tables.members, tables.entries]
    erase(app, view, team_id, quentin)  # the read models overwrite the name and the note
    vacuum_after_erasure(view.engine, read_models)
    left = b"".join(row for table in read_models for _, rows in pages(inspector, table.name) for row in rows)
    assert ERASED.encode() in left and NAME.encode() not in left and NOTE.encode() not in left
