"""A PostgreSQL URL opens through psycopg, the driver securebase installs, however it is written:
`postgresql://` alone would make SQLAlchemy look for psycopg2 and fail to open the store."""

import pytest

from services.bootstrap import engine_url


@pytest.mark.parametrize(("given", "opened"), [
    ("postgresql://postgres@127.0.0.1:5432/test", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
    ("postgres://user:pw@db.example.org/securebase", "postgresql+psycopg://user:pw@db.example.org/securebase"),
    ("postgresql+psycopg://postgres@127.0.0.1/test", "postgresql+psycopg://postgres@127.0.0.1/test"),
    ("sqlite:///securebase.db", "sqlite:///securebase.db"),
])
def test_a_postgresql_url_without_a_driver_opens_through_psycopg(given, opened):
    assert engine_url(given) == opened
