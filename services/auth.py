"""Signing in: argon2id password hashes (argon2-cffi), and failures that slow an attacker down.

After three failed attempts for a user name, each further attempt must wait twice as long as
the last (2 s, 4 s, ... up to 5 minutes) before a password is even checked. The same message
answers an unknown name and a wrong password, and an unknown name still costs a hash check,
so neither the message nor the time tells which names exist. Failures are counted per process:
the dashboard is one process."""

import math
import time
from collections.abc import Callable

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError

from domain.access import Account
from domain.errors import Forbidden, InvalidInput
from domain.users import key
from services.application import SecureBase

MIN_LENGTH = 10
FREE_FAILURES = 3
LONGEST_WAIT = 300.0
HASHER = PasswordHasher()
NOBODY = HASHER.hash("a password no account has")


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise InvalidInput("password", None, f"use at least {MIN_LENGTH} characters")
    return HASHER.hash(password)


class SignIn:
    def __init__(self, app: SecureBase, clock: Callable[[], float] = time.monotonic):
        self.app, self.clock = app, clock
        self.failures: dict[str, tuple[int, float]] = {}  # name -> (failures, not before)

    def __call__(self, name: str, password: str) -> Account:
        count, not_before = self.failures.get(key(name), (0, 0.0))
        if (wait := not_before - self.clock()) > 0:
            raise Forbidden("user", name, f"too many failed attempts: try again in {math.ceil(wait)} s")
        directory = self.app.directory()
        account = directory.accounts.get(key(name)) if directory else None
        try:
            HASHER.verify(account.password_hash if account else NOBODY, password)
        except VerificationError:
            account = None
        if account is None:
            count += 1
            wait = 0.0 if count < FREE_FAILURES else min(2.0 ** (count - FREE_FAILURES + 1), LONGEST_WAIT)
            self.failures[key(name)] = (count, self.clock() + wait)
            raise Forbidden("password", None, "that user name and password do not match")
        self.failures.pop(key(name), None)
        return directory.account(name)  # refuses a disabled account
