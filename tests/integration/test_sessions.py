"""Dashboard sessions on both backends: a cookie's token is made only when the tab that signed in
claims it, once; only digests are stored; a session ends when left idle, at sign-out, and once
its account changes, is disabled or is erased. A moved clock stands in for waiting."""

import hashlib
from datetime import date

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from domain.commands import AddUser, EraseMember, SetRole, UserCommand
from domain.errors import Forbidden
from services import auth
from services.auth import hash_password
from services.sessions import CHANGED, CLAIM_SECONDS, IDLE, SIGNED_OUT, Sessions, sessions
from tests.conftest import add_team

PASSWORD = "correct horse battery"
START = 1_800_000_000.0
IDLE_SECONDS = 30 * 60


class Seconds:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    monkeypatch.setattr(auth, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    monkeypatch.delenv("SECUREBASE_SESSION_MINUTES", raising=False)


@pytest.fixture
def world(app):
    """North Team with Sam Patel; ann manages, sam is Sam."""
    ids = add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)))
    app.add_user(AddUser.parse(name="ann", role="manager", password_hash=hash_password(PASSWORD), by="ann"))
    app.add_user(AddUser.parse(name="sam", role="member", teams=[ids["team"]], member_id=ids["Sam Patel"],
                               password_hash=hash_password(PASSWORD), by="ann"))
    return app, ids


@pytest.fixture
def clock() -> Seconds:
    return Seconds()


@pytest.fixture
def kept(world, clock) -> Sessions:
    return Sessions(world[0].factory.datastore.engine, clock)


def signed_in(app, kept: Sessions, name: str) -> tuple[str, str]:
    """A session for NAME (its handle), with its cookie's token claimed."""
    handle, code = kept.open(app.directory().account(name))
    return handle, kept.claim(code)


def refusal(kept: Sessions, handle: str, directory, active: bool = True) -> str | None:
    try:
        kept.account(handle, directory, active)
    except Forbidden as refused:
        return refused.reason
    return None


def rows(kept: Sessions) -> list:
    with kept.engine.connect() as connection:
        return connection.execute(select(sessions)).all()


def test_a_cookie_is_claimed_once_and_names_its_session(world, kept, clock):
    app, _ = world
    handle, code = kept.open(app.directory().account("ann"))
    # the tab that signed in claims the cookie's token with its code, once
    token = kept.claim(code)
    assert token and kept.claim(code) is None
    # a reload or a new tab trades the token for the session, which stands for ann
    assert kept.resume(token) == handle
    assert kept.account(handle, app.directory()).name == "ann"
    # a code, a token or a handle of no session gets nothing
    assert kept.claim("made up") is None and kept.resume("made up") is None and kept.resume(handle) is None
    assert kept.seconds_left("made up") == 0


def test_a_code_claims_nothing_once_its_minute_is_up(world, kept, clock):
    app, _ = world
    handle, code = kept.open(app.directory().account("ann"))
    clock.now += CLAIM_SECONDS + 1
    assert kept.claim(code) is None
    # the tab still holds its session; the browser just has no cookie for it
    assert kept.account(handle, app.directory()).name == "ann"


def test_only_digests_are_stored(world, kept):
    app, _ = world
    handle, code = kept.open(app.directory().account("ann"))
    token = kept.claim(code)
    [row] = rows(kept)
    stored = " ".join(map(str, row))
    assert code not in stored and token not in stored and "ann" not in stored
    assert (row.handle, row.token) == (hashlib.sha256(code.encode()).hexdigest(),
                                       hashlib.sha256(token.encode()).hexdigest())
    assert PASSWORD not in stored and app.directory().account("ann").password_hash not in stored


def test_an_idle_session_ends_and_a_look_is_not_use(world, kept, clock):
    app, _ = world
    handle, token = signed_in(app, kept, "ann")
    # used just before the timeout, the session lives on for another full timeout
    clock.now += IDLE_SECONDS - 1
    assert kept.account(handle, app.directory()).name == "ann"
    assert kept.seconds_left(token) == IDLE_SECONDS
    # the screen looking whether it still stands does not keep it alive
    clock.now += IDLE_SECONDS - 1
    assert refusal(kept, handle, app.directory(), active=False) is None
    assert kept.seconds_left(token) == 1
    clock.now += 2
    assert refusal(kept, handle, app.directory(), active=False) == IDLE
    # ended: nothing left to resume, to use or to keep a cookie for
    assert kept.resume(token) is None and kept.seconds_left(token) == 0 and rows(kept) == []
    assert refusal(kept, handle, app.directory()) == SIGNED_OUT


def test_the_timeout_is_read_when_used(world, kept, clock, monkeypatch):
    app, _ = world
    handle, _ = signed_in(app, kept, "ann")
    monkeypatch.setenv("SECUREBASE_SESSION_MINUTES", "60")
    clock.now += IDLE_SECONDS + 1
    assert kept.account(handle, app.directory()).name == "ann"


def test_signing_out_ends_the_session_in_every_tab(world, kept):
    app, _ = world
    handle, token = signed_in(app, kept, "ann")
    tab = kept.resume(token)  # a second tab of the same browser
    assert kept.end(handle) is True
    assert refusal(kept, tab, app.directory()) == SIGNED_OUT
    assert kept.resume(token) is None and kept.end(handle) is False


@pytest.mark.parametrize("change, reason", [
    (lambda app: app.set_password(UserCommand.parse(name="sam", by="sam"), hash_password("a brand new passphrase")),
     CHANGED),
    (lambda app: app.set_role(SetRole.parse(name="sam", role="manager", by="ann")), CHANGED),
    (lambda app: app.disable_user(UserCommand.parse(name="sam", by="ann")), "is disabled: ask a manager"),
], ids=["password", "role", "disabled"])
def test_a_changed_account_ends_every_session_it_has(world, kept, change, reason):
    app, _ = world
    laptop, _ = signed_in(app, kept, "sam")
    phone, _ = signed_in(app, kept, "sam")
    ann, _ = signed_in(app, kept, "ann")
    change(app)
    assert refusal(kept, laptop, app.directory(), active=False) == reason
    assert refusal(kept, phone, app.directory()) == reason
    assert refusal(kept, ann, app.directory()) is None  # a change to someone else leaves ann alone
    assert len(rows(kept)) == 1


def test_erasing_a_member_ends_their_sessions(world, kept):
    app, ids = world
    handle, token = signed_in(app, kept, "sam")
    app.erase_member(EraseMember.parse(team_id=ids["team"], member_id=ids["Sam Patel"], by="ann"))
    assert refusal(kept, handle, app.directory()).startswith("is not a securebase user")
    assert kept.resume(token) is None and rows(kept) == []


def test_sessions_long_idle_are_forgotten_when_another_opens(world, kept, clock):
    app, _ = world
    sam, _ = signed_in(app, kept, "sam")
    # idle a while: kept, so that sam's open tab can still say why the session ended
    clock.now += IDLE_SECONDS + 1
    signed_in(app, kept, "ann")
    assert len(rows(kept)) == 2
    # idle twice the timeout: forgotten
    clock.now += IDLE_SECONDS
    signed_in(app, kept, "ann")
    assert len(rows(kept)) == 2 and refusal(kept, sam, app.directory()) == SIGNED_OUT
