"""Dashboard sessions, kept on the server so that a reload or a bookmark finds the person still
signed in, and every process sees the same sessions.

A session is opened by signing in and known two ways. The browser tab that signed in keeps its
handle in memory (Streamlit's session state); the browser keeps a cookie holding a token, which a
new tab or a reload trades for the handle. The token is made only when the tab claims it with
the one-time code given at sign-in (dashboard/signin.py), so no token that existed before signing
in is ever signed in (session fixation). Tokens and codes are random 256-bit values, stored only
as SHA-256 digests (a session's handle is its code's digest): a copy of the database lets no one
in.

A session ends after SECUREBASE_SESSION_MINUTES (default 30) without use, at sign-out, and at the
next look once the account is not what it was at sign-in: the account is read afresh each time
and compared with a stamp of it, so a new password, role or teams, disabling the user or erasing
them ends every session they have. Sessions hold a user's id, never their name."""

import hashlib
import os
import secrets
import time
from collections.abc import Callable

from sqlalchemy import Column, Float, MetaData, String, Table, Uuid, delete, select, update
from sqlalchemy.engine import Engine

from domain.access import Account
from domain.errors import Forbidden
from domain.users import ERASED_USER, Directory

CLAIM_SECONDS = 60.0  # a code left unclaimed this long claims nothing
IDLE = "your session ended after a while without activity: please sign in again."
SIGNED_OUT = "you signed out in another tab or window."
CHANGED = "your password, role or teams changed: please sign in again."

sessions = Table(
    "securebase_sessions", MetaData(),
    Column("handle", String(64), primary_key=True),  # sha256 of the code that claims the cookie
    Column("token", String(64), unique=True),  # sha256 of the cookie's token; NULL until claimed
    Column("user_id", Uuid, nullable=False),
    Column("stamp", String(64), nullable=False),  # what the account was at sign-in, hashed
    Column("opened", Float, nullable=False),  # the clock's seconds
    Column("seen", Float, nullable=False),
)


def idle_seconds() -> float:
    return float(os.environ.get("SECUREBASE_SESSION_MINUTES", "30")) * 60


class Sessions:
    """The clock is wall-clock seconds, the same in every process on every machine."""

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time):
        self.engine, self.clock = engine, clock
        sessions.create(engine, checkfirst=True)

    def open(self, account: Account, seen: float | None = None) -> tuple[str, str]:
        """A new session for the account, last used at SEEN (default now): its handle, and the
        code that claims its cookie once. Sessions idle for twice the timeout are forgotten here
        (not sooner, so that a tab left open still hears why its session ended)."""
        now, code = self.clock(), secrets.token_urlsafe(32)
        with self.engine.begin() as connection:
            connection.execute(delete(sessions).where(sessions.c.seen < now - 2 * idle_seconds()))
            connection.execute(sessions.insert().values(
                handle=_digest(code), user_id=account.id, stamp=stamp(account), opened=now,
                seen=now if seen is None else seen))
        return _digest(code), code

    def claim(self, code: str) -> str | None:
        """A new token for the cookie of the session CODE opened: once, and only soon after."""
        now, token = self.clock(), secrets.token_urlsafe(32)
        with self.engine.begin() as connection:
            claimed = connection.execute(update(sessions).where(
                sessions.c.handle == _digest(code), sessions.c.token.is_(None),
                sessions.c.opened >= now - CLAIM_SECONDS, sessions.c.seen >= now - idle_seconds(),
            ).values(token=_digest(token))).rowcount
        return token if claimed else None

    def resume(self, token: str) -> str | None:
        """The handle of the live session the cookie's token belongs to."""
        with self.engine.connect() as connection:
            return connection.execute(select(sessions.c.handle).where(
                sessions.c.token == _digest(token), sessions.c.seen >= self.clock() - idle_seconds())
            ).scalar_one_or_none()

    def seconds_left(self, token: str) -> float:
        """How long the cookie's session has before it idles out; 0 once it has ended."""
        with self.engine.connect() as connection:
            seen = connection.execute(select(sessions.c.seen).where(
                sessions.c.token == _digest(token))).scalar_one_or_none()
        return max(0.0, seen + idle_seconds() - self.clock()) if seen is not None else 0.0

    def account(self, handle: str, directory: Directory, active: bool = True) -> Account:
        """The account the session stands for, read afresh; ACTIVE counts as use of the session.
        Refuses, and ends the session, once it has idled, ended or its account changed."""
        now = self.clock()
        live = (sessions.c.handle == handle, sessions.c.seen >= now - idle_seconds())
        with self.engine.begin() as connection:
            held = connection.execute(
                update(sessions).where(*live).values(seen=now).returning(sessions.c.user_id, sessions.c.stamp)
                if active else select(sessions.c.user_id, sessions.c.stamp).where(*live)).one_or_none()
        if held is None:
            raise Forbidden("session", None, IDLE if self.end(handle) else SIGNED_OUT)
        user = directory.by_id.get(held.user_id)
        try:
            account = directory.account(user.name if user else ERASED_USER)  # refuses disabled and erased
            if stamp(account) != held.stamp:
                raise Forbidden("session", None, CHANGED)
        except Forbidden:
            self.end(handle)
            raise
        return account

    def end(self, handle: str) -> bool:
        """Ends the session; says whether it was still there to end."""
        with self.engine.begin() as connection:
            return bool(connection.execute(delete(sessions).where(sessions.c.handle == handle)).rowcount)


def stamp(account: Account) -> str:
    """What a session vouches for, hashed so the session holds no password hash."""
    vouched = (account.password_hash, account.role, sorted(map(str, account.teams)), account.member_id)
    return hashlib.sha256(repr(vouched).encode()).hexdigest()


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()

