"""Encryption at rest: names and notes are always sealed with their people's keys; with a cipher
key the whole of every stored event is encrypted too. A wrong, missing or malformed key is
refused clearly rather than read as garbage."""

import re
from datetime import date
from uuid import uuid4

import pytest
from eventsourcing.cryptography import AESCipher
from sqlalchemy import create_engine, text

from domain.commands import LogSupport
from domain.errors import InvalidInput
from importers.jsonl import export, import_export
from services.bootstrap import build_app
from services.codec import UnreadableLog
from tests.conftest import NOW, add_team

SECRETS = [b"Secretname", b"very private note"]


def fill(app) -> None:
    ids = add_team(app, "North Team", ("Zo\u00eb Secretname", date(2026, 1, 5)))
    app.log_support(LogSupport.parse(team_id=ids["team"], kind="check_in", members=[ids["Zo\u00eb Secretname"]],
                                     at="2026-02-01 10:00", note="very private note", logged_by="ann"))


def stored_states(url: str, table: str = "securebase_events", column: str = "state") -> list[bytes]:
    engine = create_engine(url)
    with engine.connect() as connection:
        states = [bytes(row[0]) for row in connection.execute(text(f"SELECT {column} FROM {table} ORDER BY 1"))]
    engine.dispose()
    return states


def names(app) -> list[str]:
    return [m.name for m in app.team_named("North Team").members.values()]


@pytest.mark.parametrize("encrypted", [True, False], ids=["with a key", "without"])
def test_stored_events_hold_no_names_or_notes_when_encrypted(db_url, encrypted):
    key = AESCipher.create_key(32) if encrypted else None
    app = build_app(db_url, clock=lambda: NOW, cipher_key=key)
    fill(app)
    states = b"\n".join(stored_states(db_url))
    assert not any(secret in states for secret in SECRETS)
    assert all((plain in states) is not encrypted for plain in (b"North Team", b"check_in"))
    assert names(build_app(db_url, clock=lambda: NOW, cipher_key=key)) == ["Zo\u00eb Secretname"]


def test_a_wrong_or_missing_key_is_refused(db_url):
    fill(build_app(db_url, clock=lambda: NOW, cipher_key=AESCipher.create_key(32)))
    for other in (AESCipher.create_key(32), None):
        with pytest.raises(UnreadableLog, match="cannot be read with this key"):
            build_app(db_url, cipher_key=other).team_named("North Team")


def test_a_malformed_key_is_refused(db_url):
    with pytest.raises(InvalidInput, match="is not a key made by `securebase key generate`"):
        build_app(db_url, cipher_key="not-a-key")


def test_a_key_on_a_store_written_without_one_is_refused_and_nothing_is_written(db_url):
    fill(build_app(db_url, clock=lambda: NOW))
    before = stored_states(db_url), stored_states(db_url, "securebase_person_keys", "key")
    with pytest.raises(UnreadableLog, match=re.escape(
            "SECUREBASE_CIPHER_KEY: is set, but this store was written without a key, and what is written with one "
            "would make it unreadable: unset it to use this store. To encrypt the store: `securebase export "
            "FILE.jsonl` without the key, then, with the key set and SECUREBASE_DB_URL naming a new, empty store, "
            "`securebase import FILE.jsonl`")):
        build_app(db_url, cipher_key=AESCipher.create_key(32))
    assert (stored_states(db_url), stored_states(db_url, "securebase_person_keys", "key")) == before
    assert names(build_app(db_url, clock=lambda: NOW)) == ["Zo\u00eb Secretname"]


def test_an_encrypted_store_opened_without_a_key_is_refused_at_once(db_url):
    fill(build_app(db_url, clock=lambda: NOW, cipher_key=AESCipher.create_key(32)))
    with pytest.raises(UnreadableLog, match="it was written with a key and none is set; set SECUREBASE_CIPHER_KEY "
                                            "to the key it was written with"):
        build_app(db_url)


@pytest.mark.parametrize("written_with_key", [False, True], ids=["written without a key", "with one"])
def test_person_keys_alone_tell_how_the_store_was_written(db_url, written_with_key):
    """A person's key is made when a field is sealed, before the save that may then fail: a store
    can hold keys and no events."""
    key = AESCipher.create_key(32)
    app = build_app(db_url, cipher_key=key if written_with_key else None)
    app.shredder.seal("a note", [uuid4()])
    app.close()
    assert stored_states(db_url) == []
    with pytest.raises(UnreadableLog, match="it was written with a key and none is set" if written_with_key
                       else "is set, but this store was written without a key"):
        build_app(db_url, cipher_key=None if written_with_key else key)


def test_a_store_is_encrypted_by_exporting_it_and_importing_into_a_new_one_with_a_key(db_url, tmp_path):
    """What the refusal of a key on a store written without one advises."""
    fill(build_app(db_url, clock=lambda: NOW))
    path = tmp_path / "all.jsonl"
    with path.open("w") as out:
        export(build_app(db_url), out)
    key, copy = AESCipher.create_key(32), f"sqlite:///{tmp_path / 'encrypted.db'}"
    import_export(build_app(copy, cipher_key=key), path, "ann")
    assert not any(b"North Team" in state for state in stored_states(copy))
    assert names(build_app(copy, cipher_key=key)) == ["Zo\u00eb Secretname"]
