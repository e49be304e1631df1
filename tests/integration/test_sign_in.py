"""Signing in, on both backends: failures are kept in the database, so every dashboard process
counts them; a name's wait stays short, so an attacker cannot keep the real user out, while the
attacker's own address waits longer and longer. A moved clock stands in for waiting."""

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from domain.commands import AddUser, UserCommand
from domain.errors import Forbidden
from services import auth
from services.auth import CLIENT, FORGET, NAME, SignIn, hash_password

PASSWORD = "correct horse battery"
MISMATCH = "that user name and password do not match"
ROOT = Path(__file__).parents[2]
START = 1_800_000_000.0


class Seconds:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def seconds() -> Seconds:
    return Seconds()


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """argon2 at its lowest cost, so that hundreds of attempts take seconds."""
    hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(auth, "HASHER", hasher)
    monkeypatch.setattr(auth, "NOBODY", hasher.hash("a password no account has"))


@pytest.fixture
def users(app):
    for name, role in (("ann", "manager"), ("sue", "manager")):
        app.add_user(AddUser.parse(name=name, role=role, password_hash=hash_password(PASSWORD), by="ann"))
    return app


def attempt(sign_in: SignIn, name: str, password: str, client: str | None) -> str:
    """What the attempt gets: the name signed in as, or the reason it was refused."""
    try:
        return sign_in(name, password, client=client).name
    except Forbidden as refused:
        return refused.reason


def test_failures_are_counted_across_processes_sharing_the_database(users, make_app, seconds):
    one, other = SignIn(users, clock=seconds), SignIn(make_app(), clock=seconds)
    for sign_in in (one, other, one):
        assert attempt(sign_in, "sue", "wrong password", "10.0.0.1") == MISMATCH
    assert attempt(other, "sue", PASSWORD, "10.0.0.2") == "too many failed attempts: try again in 2 s"
    seconds.now += 2
    assert attempt(other, "sue", PASSWORD, "10.0.0.2") == "sue"


def test_failures_in_another_running_process_count(users, db_url, seconds):
    script = ("import sys\n"
              "from services.auth import SignIn\n"
              "from services.bootstrap import build_app\n"
              "sign_in = SignIn(build_app(sys.argv[1]), clock=lambda: float(sys.argv[2]))\n"
              "for _ in range(3):\n"
              "    try:\n"
              "        sign_in('sue', 'wrong password', client='10.0.0.1')\n"
              "    except ValueError as refused:\n"
              "        print(refused)\n")
    done = subprocess.run([sys.executable, "-c", script, db_url, str(START)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    assert done.stdout.count(MISMATCH) == 3
    assert attempt(SignIn(users, clock=seconds), "sue", PASSWORD, "10.0.0.2").startswith("too many failed")


def test_an_attacker_cannot_keep_the_real_user_out(users, seconds):
    """Guesses from ever new addresses, one a second, until twenty have been checked."""
    sign_in = SignIn(users, clock=seconds)
    checked = 0
    while checked < 20:
        seconds.now += 1
        checked += attempt(sign_in, "sue", "wrong password", f"10.0.0.{int(seconds.now) % 250}") == MISMATCH
    assert attempt(sign_in, "sue", PASSWORD, "192.168.1.5") == "too many failed attempts: try again in 30 s"
    seconds.now += NAME.longest
    assert attempt(sign_in, "sue", PASSWORD, "192.168.1.5") == "sue"


def test_the_attackers_own_address_waits_longer_and_longer(users, seconds):
    """Trying one guess on each of many names, from one address: the names never wait, the address does."""
    sign_in = SignIn(users, clock=seconds)
    waits = []
    for guess in range(30):
        refused = attempt(sign_in, f"user{guess}", "wrong password", "6.6.6.6")
        if refused != MISMATCH:
            waits.append(int(refused.split()[-2]))
            seconds.now += waits[-1]
            assert attempt(sign_in, f"user{guess}", "wrong password", "6.6.6.6") == MISMATCH
    assert len(waits) == 30 - CLIENT.free and waits == sorted(waits) and waits[-1] == CLIENT.longest
    assert attempt(sign_in, "ann", PASSWORD, "192.168.1.5") == "ann"  # other addresses do not wait
    assert attempt(sign_in, "ann", PASSWORD, "6.6.6.6").startswith("too many failed")


def test_a_success_clears_the_names_failures_but_not_the_addresss(users, seconds):
    sign_in = SignIn(users, clock=seconds)
    for guess in range(CLIENT.free - 1):
        attempt(sign_in, "sue" if guess < NAME.free - 1 else f"user{guess}", "wrong password", "6.6.6.6")
    assert attempt(sign_in, "sue", PASSWORD, "6.6.6.6") == "sue"
    for client in ("10.0.0.1", "6.6.6.6"):  # sue's third and fourth failures, had they been kept
        assert attempt(sign_in, "sue", "wrong password", client) == MISMATCH
    assert attempt(sign_in, "sue", PASSWORD, "6.6.6.6").startswith("too many failed")  # its tenth failure


def test_failures_are_forgotten_an_hour_after_their_wait(users, seconds):
    sign_in = SignIn(users, clock=seconds)
    for _ in range(CLIENT.free + 5):
        seconds.now += CLIENT.longest
        attempt(sign_in, "sue", "wrong password", "6.6.6.6")
    seconds.now += CLIENT.longest + FORGET
    assert attempt(sign_in, "sue", "wrong password", "6.6.6.6") == MISMATCH
    assert attempt(sign_in, "sue", PASSWORD, "6.6.6.6") == "sue"


def test_attempts_at_the_same_moment_cannot_all_be_checked(users, seconds):
    """Without the hold, every parallel attempt would read the same count and be checked."""
    sign_in = SignIn(users, clock=seconds)
    with ThreadPoolExecutor(12) as pool:
        replies = list(pool.map(lambda _: attempt(sign_in, "sue", "wrong password", "10.0.0.1"), range(24)))
    assert 1 <= replies.count(MISMATCH) <= NAME.free
    assert all(reply == MISMATCH or reply.startswith("too many failed") for reply in replies)


def test_an_unknown_name_costs_a_hash_check_and_gets_the_same_answer(users, seconds, monkeypatch):
    checked = []

    class Spy:
        def verify(self, hashed: str, password: str) -> bool:
            checked.append(hashed)
            return hasher.verify(hashed, password)

    hasher = auth.HASHER
    monkeypatch.setattr(auth, "HASHER", Spy())
    sign_in = SignIn(users, clock=seconds)
    assert attempt(sign_in, "nobody", PASSWORD, None) == attempt(sign_in, "sue", "wrong password", None) == MISMATCH
    assert len(checked) == 2 and checked[0] == auth.NOBODY


def test_a_disabled_user_is_refused_after_the_password(users, seconds):
    users.disable_user(UserCommand.parse(name="sue", by="ann"))
    assert attempt(SignIn(users, clock=seconds), "sue", PASSWORD, None) == "is disabled: ask a manager"
