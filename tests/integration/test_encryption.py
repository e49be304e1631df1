"""Encryption at rest: names and notes are always sealed with their people's keys; with a cipher
key the whole of every stored event is encrypted too. A wrong, missing or malformed key is
refused clearly rather than read as garbage."""

from datetime import date

import pytest
from eventsourcing.cryptography import AESCipher
from sqlalchemy import create_engine, text

from domain.commands import LogSupport
from domain.errors import InvalidInput
from services.bootstrap import build_app
from services.codec import UnreadableLog
from tests.conftest import NOW, add_team

SECRETS = [b"Secretname", b"very private note"]


def fill(app) -> None:
    ids = add_team(app, "North Team", ("Zo\u00eb Secretname", date(2026, 1, 5)))
    app.log_support(LogSupport.parse(team_id=ids["team"], kind="check_in", members=[ids["Zo\u00eb Secretname"]],
                                     at="2026-02-01 10:00", note="very private note", logged_by="ann"))


def stored_states(url: str) -> list[bytes]:
    engine = create_engine(url)
    with engine.connect() as connection:
        states = [bytes(row[0]) for row in connection.execute(text("SELECT state FROM securebase_events"))]
    engine.dispose()
    return states


@pytest.mark.parametrize("encrypted", [True, False], ids=["with a key", "without"])
def test_stored_events_hold_no_names_or_notes_when_encrypted(db_url, encrypted):
    key = AESCipher.create_key(32) if encrypted else None
    app = build_app(db_url, clock=lambda: NOW, cipher_key=key)
    fill(app)
    states = b"\n".join(stored_states(db_url))
    assert not any(secret in states for secret in SECRETS)
    assert all((plain in states) is not encrypted for plain in (b"North Team", b"check_in"))
    again = build_app(db_url, clock=lambda: NOW, cipher_key=key)
    assert [m.name for m in again.team_named("North Team").members.values()] == ["Zo\u00eb Secretname"]


def test_a_wrong_or_missing_key_is_refused(db_url):
    fill(build_app(db_url, clock=lambda: NOW, cipher_key=AESCipher.create_key(32)))
    for other in (AESCipher.create_key(32), None):
        with pytest.raises(UnreadableLog, match="cannot be read with this key"):
            build_app(db_url, cipher_key=other).team_named("North Team")


def test_a_malformed_key_is_refused(db_url):
    with pytest.raises(InvalidInput, match="is not a key made by `securebase key generate`"):
        build_app(db_url, cipher_key="not-a-key")
