"""Signing in: argon2id password hashes (argon2-cffi), and failures that slow an attacker down
without locking the real user out.

Failures are counted per user name and per client address, in the database, so every dashboard
process shares them. After three failures for a name each further attempt at it waits twice as
long as the last (2 s, 4 s, ...) but never more than 30 s: anyone may type a name, so its wait
must stay short enough for the real user to get in past an attacker. After ten failures from a
client, its wait doubles the same way up to 15 minutes: an attacker's own address pays. While a
wait runs no password is checked. A success clears the name's failures but not the client's,
or an attacker with an account of their own could clear their address between guesses. Counts
are forgotten an hour after their last wait ends.

Behind a proxy every client has the proxy's address (and loopback has none: one shared client),
so let the proxy pass the client's address on in X-Forwarded-For: Streamlit's server (uvicorn)
trusts it from the addresses in FORWARDED_ALLOW_IPS, by default loopback.

The same message answers an unknown name and a wrong password, and an unknown name still costs
a hash check, so neither the message nor the time tells which names exist. Names and addresses
are stored as SHA-256 digests, not as typed: a password typed into the name field is not kept in the clear."""

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import Column, Connection, Engine, Float, Integer, MetaData, String, Table, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from domain.access import Account
from domain.errors import Forbidden, InvalidInput
from domain.users import key
from services.application import SecureBase

MIN_LENGTH = 10
HOLD = 5.0  # seconds an attempt holds its name and client while its password is checked
FORGET = 3600.0
HASHER = PasswordHasher()
NOBODY = HASHER.hash("a password no account has")

failures = Table(
    "securebase_sign_in_failures", MetaData(),
    Column("subject", String(64), primary_key=True),  # sha256 of a name or an address
    Column("failures", Integer, nullable=False),
    Column("not_before", Float, nullable=False),  # the clock's seconds: no password checked before
)
INSERT = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


@dataclass(frozen=True)
class Throttle:
    free: int
    longest: float
    cleared_by_success: bool

    def wait(self, count: int) -> float:
        return 0.0 if count < self.free else min(2.0 ** (count - self.free + 1), self.longest)


NAME = Throttle(free=3, longest=30.0, cleared_by_success=True)
CLIENT = Throttle(free=10, longest=900.0, cleared_by_success=False)


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise InvalidInput("password", None, f"use at least {MIN_LENGTH} characters")
    return HASHER.hash(password)


class SignIn:
    """The clock is wall-clock seconds, the same in every process on every machine."""

    def __init__(self, app: SecureBase, clock: Callable[[], float] = time.time, engine: Engine | None = None):
        self.app, self.clock = app, clock
        self.engine = engine or app.factory.datastore.engine  # where failed attempts are counted
        failures.create(self.engine, checkfirst=True)

    def __call__(self, name: str, password: str, client: str | None = None) -> Account:
        """CLIENT is the address the attempt comes from (None: loopback or not known)."""
        now = self.clock()
        throttles = {_subject("name", key(name)): NAME, _subject("client", client or ""): CLIENT}
        counts = self._hold(throttles, now, name)
        directory = self.app.directory()
        account = directory.accounts.get(key(name)) if directory else None
        try:
            HASHER.verify(account.password_hash if account else NOBODY, password)
        except VerificationError:
            account = None
        with self.engine.begin() as connection:
            for held, throttle in throttles.items():
                if account is None:
                    values = {"failures": counts[held] + 1, "not_before": now + throttle.wait(counts[held] + 1)}
                else:
                    values = {"failures": 0 if throttle.cleared_by_success else counts[held], "not_before": now}
                connection.execute(update(failures).where(failures.c.subject == held).values(values))
        if account is None:
            raise Forbidden("password", None, "that user name and password do not match")
        return directory.account(name)  # refuses a disabled account

    def _hold(self, throttles: dict[str, Throttle], now: float, name: str) -> dict[str, int]:
        """Each subject's failures so far, once all are held for this attempt; refuses while any
        must wait. One UPDATE both checks and holds a subject, so attempts made at once (other
        sessions, other processes) cannot all slip through the same opening."""
        with self.engine.connect() as connection, connection.begin() as transaction:
            connection.execute(delete(failures).where(failures.c.not_before < now - FORGET))
            connection.execute(INSERT[self.engine.dialect.name](failures).values(
                [{"subject": held, "failures": 0, "not_before": now} for held in throttles]
            ).on_conflict_do_nothing())
            counts = {held: _held(connection, held, now) for held in throttles}
            if None not in counts.values():
                return counts
            waiting = [held for held, count in counts.items() if count is None]
            until = connection.execute(select(func.max(failures.c.not_before))
                                       .where(failures.c.subject.in_(waiting))).scalar_one()
            transaction.rollback()
        raise Forbidden("user", name, f"too many failed attempts: try again in {math.ceil(until - now)} s")


def _subject(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def _held(connection: Connection, held: str, now: float) -> int | None:
    return connection.execute(
        update(failures).where(failures.c.subject == held, failures.c.not_before <= now)
        .values(not_before=now + HOLD).returning(failures.c.failures)).scalar_one_or_none()
