"""Erasure in an append-only log, by crypto-shredding.

The log is never rewritten, so a person's details cannot be deleted from it. Instead every
personal field (domain/personal.py: a member's name and email, and the notes of entries they
took part in) is sealed with AES-GCM before it is stored, under a key of that person's own; a
note about several people is sealed under a key derived (HKDF) from all their keys, so erasing
any one of them makes it unreadable. The keys live in one small table beside the log, wrapped
with SECUREBASE_CIPHER_KEY when one is set. Erasing a person (`securebase member erase`)
records a MemberErased event and then overwrites their key with NULL, leaving a tombstone so
no new key is ever made for them. From then on their fields decode as "erased member" (or
nothing), in every process and in every rebuild of the read models, while the events stay
valid: counts, gaps and timelines are unchanged. SQLite is told to zero what it deletes
(secure_delete) and its write-ahead log is truncated after an erasure; PostgreSQL keeps an
overwritten row's old version in its pages until a VACUUM, so the tables are vacuumed after an
erasure. Either way the old bytes do not linger where the database can read them.

A process that had already read a key keeps it in memory until it sees the MemberErased event
(the read models' catch-up does this within seconds) or restarts.
"""

import base64
import hmac
import os
from collections.abc import Iterable
from datetime import datetime, timezone
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from eventsourcing.persistence import Cipher
from sqlalchemy import Column, DateTime, Engine, LargeBinary, MetaData, Table, Uuid, event, insert, select, update
from sqlalchemy.exc import IntegrityError

from domain.errors import InvalidInput

SEALED = "sealed:"  # the prefix of a sealed field's stored form
NONCE = 12
KEY_BYTES = 32  # a person's key, unwrapped; wrapped with SECUREBASE_CIPHER_KEY it is longer
OPENED_LIMIT = 100_000  # sealed values kept opened in memory: a team is read on every command
DERIVED_LIMIT = 10_000  # sets of people whose key together is kept in memory

metadata = MetaData()
person_keys = Table(
    "securebase_person_keys", metadata,
    Column("person_id", Uuid, primary_key=True),
    Column("key", LargeBinary),  # NULL once the person is erased
    Column("erased_at", DateTime(timezone=True)),
)


def zero_deleted_bytes(engine: Engine) -> None:
    """On SQLite, deleted and overwritten content is zeroed rather than left in free pages."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", lambda connection, _: connection.execute("PRAGMA secure_delete=ON"))


def truncate_wal(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def vacuum_after_erasure(engine: Engine, tables: Iterable[Table], full: bool = False) -> None:
    """Removes the old versions of the rows an erasure overwrote. On PostgreSQL an UPDATE leaves
    the old row in its page (readable with pageinspect) until a VACUUM, which cannot run inside a
    transaction. A plain VACUUM frees the old rows but may leave bytes in the page's free space;
    FULL rewrites the table into a new file, at the cost of locking it while it does: right for a
    small table. A row still visible to another open transaction survives either until the next.
    On SQLite, deleted content is zeroed already (secure_delete); only the WAL needs truncating."""
    if engine.dialect.name == "postgresql":
        quote = engine.dialect.identifier_preparer.format_table
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in tables:
                connection.exec_driver_sql(f"VACUUM {'FULL ' if full else ''}{quote(table)}")
    truncate_wal(engine)


class Shredder:
    def __init__(self, engine: Engine, wrapper: Cipher | None = None):
        self.engine, self.wrapper = engine, wrapper
        metadata.create_all(engine, checkfirst=True)
        self._keys: dict[UUID, bytes | None] = {}
        self._ciphers: dict[bytes, AESGCM] = {}
        self._derived_keys: dict[tuple[int, ...], bytes] = {}  # an import seals a note per row
        self._opened: dict[str, str | None] = {}

    def seal(self, value: str, people: Iterable[UUID], stable: bool = False) -> str:
        """`stable` seals the same value for the same people the same way (the nonce derives
        from both, as in SIV): for the read models, which a rebuild must reproduce exactly.
        It shows only that two values are equal, never what they are."""
        key = self._derived(people, create=True)
        nonce = (hmac.digest(hmac.digest(key, b"securebase stable nonce", "sha256"), value.encode(), "sha256")[:NONCE]
                 if stable else os.urandom(NONCE))
        return SEALED + base64.b64encode(nonce + self._cipher(key).encrypt(nonce, value.encode(), None)).decode()

    def unseal(self, stored: str, people: Iterable[UUID]) -> str | None:
        """The value, or None once any of the people it is about has been erased."""
        if not stored.startswith(SEALED):
            return stored
        if stored not in self._opened:
            if len(self._opened) >= OPENED_LIMIT:
                self._opened.clear()
            self._opened[stored] = self._open(stored, people)
        return self._opened[stored]

    def can_open(self, people: Iterable[UUID]) -> bool:
        """Whether every one of these people still has a key: none was erased."""
        return all(self._key(person, create=False) is not None for person in people)

    def _open(self, stored: str, people: Iterable[UUID]) -> str | None:
        key = self._derived(people, create=False)
        if key is None:
            return None
        raw = base64.b64decode(stored[len(SEALED):])
        try:
            return self._cipher(key).decrypt(raw[:NONCE], raw[NONCE:], None).decode()
        except InvalidTag:
            return None

    def _cipher(self, key: bytes) -> AESGCM:
        if key not in self._ciphers:
            self._ciphers[key] = AESGCM(key)
        return self._ciphers[key]

    def shred(self, person: UUID) -> None:
        erased = {"key": None, "erased_at": datetime.now(timezone.utc)}
        with self.engine.begin() as connection:
            if not connection.execute(update(person_keys).where(person_keys.c.person_id == person)
                                      .values(erased)).rowcount:
                connection.execute(insert(person_keys).values(person_id=person, **erased))
        self.forget(person)
        vacuum_after_erasure(self.engine, [person_keys], full=True)  # a few rows: cheap to rewrite

    def forget(self, person: UUID) -> None:
        """Drops a key, and everything opened with it, from memory: the person is erased."""
        if self._keys.get(person) is not None:
            self._opened.clear()
            self._ciphers.clear()
            self._derived_keys.clear()
        self._keys[person] = None

    def _derived(self, people: Iterable[UUID], create: bool) -> bytes | None:
        """The key of these people together, remembered (by their ids as numbers, which hash
        faster than UUIDs) until one of them is forgotten."""
        named = tuple(sorted({person.int for person in people}))
        if (known := self._derived_keys.get(named)) is not None:
            return known
        ordered = [UUID(int=number) for number in named]
        keys = [self._key(person, create) for person in ordered]
        if any(key is None for key in keys):
            return None
        derived = keys[0] if len(keys) == 1 else HKDF(
            SHA256(), 32, salt=None, info=b"securebase" + b"".join(p.bytes for p in ordered)).derive(b"".join(keys))
        if len(self._derived_keys) >= DERIVED_LIMIT:
            self._derived_keys.clear()
        self._derived_keys[named] = derived
        return derived

    def load(self, people: Iterable[UUID]) -> None:
        """Reads the keys of these people that are not in memory yet, in one query: a page that
        names thirty people would otherwise make thirty round trips (bench/sealed.py)."""
        missing = list({person for person in people if person is not None} - self._keys.keys())
        if not missing:
            return
        with self.engine.connect() as connection:
            rows = connection.execute(select(person_keys.c.person_id, person_keys.c.key)
                                      .where(person_keys.c.person_id.in_(missing))).all()
        for person, key in rows:
            self._keys[person] = self._unwrap(key) if key else None

    def _key(self, person: UUID, create: bool) -> bytes | None:
        if person not in self._keys:
            found = self._load(person)
            if found is None and create:
                found = self._create(person)
            if found is None:
                return None
            self._keys[person] = found or None  # b"" is a tombstone
        if self._keys[person] is None and create:
            raise InvalidInput("member", str(person), "was erased: nothing new can be recorded about them")
        return self._keys[person]

    def stored_key(self) -> bytes | None:
        """One person's key as stored (wrapped, or not), to tell how the store was written."""
        with self.engine.connect() as connection:
            return connection.execute(select(person_keys.c.key).where(person_keys.c.key.is_not(None))
                                      .limit(1)).scalar()

    def _load(self, person: UUID) -> bytes | None:
        """The key, b"" if the person was erased, or None if they have none yet."""
        with self.engine.connect() as connection:
            row = connection.execute(select(person_keys.c.key).where(person_keys.c.person_id == person)).first()
        return None if row is None else self._unwrap(row.key) if row.key else b""

    def _create(self, person: UUID) -> bytes:
        key = AESGCM.generate_key(KEY_BYTES * 8)
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(person_keys).values(person_id=person, key=self._wrap(key)))
        except IntegrityError:  # another process made one first
            return self._load(person) or b""
        return key

    def _wrap(self, key: bytes) -> bytes:
        return self.wrapper.encrypt(key) if self.wrapper else key

    def _unwrap(self, stored: bytes) -> bytes:
        return self.wrapper.decrypt(stored) if self.wrapper else stored
