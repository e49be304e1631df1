"""The composition root: the CLI, the dashboard and the tests all build the application here."""

import getpass
import os
from collections.abc import Callable
from datetime import datetime

from eventsourcing.cryptography import AESCipher
from eventsourcing.utils import Environment

from domain.errors import InvalidInput
from projections.view import SupportView
from services.application import SecureBase
from services.store_errors import opening

DEFAULT_DB_URL = "sqlite:///securebase.db"


def database_url() -> str:
    """SECUREBASE_DB_URL names the database; without it, a SQLite file in the working directory."""
    return os.environ.get("SECUREBASE_DB_URL") or DEFAULT_DB_URL


def current_user() -> str:
    """Who is acting: SECUREBASE_USER, or the login name."""
    return os.environ.get("SECUREBASE_USER") or getpass.getuser()


def build_app(db_url: str | None = None, clock: Callable[[], datetime] = datetime.now,
              cipher_key: str | None = None) -> SecureBase:
    """With a cipher key (default: SECUREBASE_CIPHER_KEY), event payloads are stored encrypted.
    A store that cannot be opened is refused with one line saying what to do
    (services/store_errors.py)."""
    url = db_url or database_url()
    env = {"PERSISTENCE_MODULE": "services.persistence:Factory", "SQLALCHEMY_URL": url}
    if key := cipher_key or os.environ.get("SECUREBASE_CIPHER_KEY"):
        env |= cipher_settings(key)
    with opening(url):
        return SecureBase(env=env, clock=clock)


def cipher_settings(key: str) -> dict[str, str]:
    """The library's settings for the key, once the library's own cipher has accepted it."""
    settings = {"CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher", "CIPHER_KEY": key}
    try:
        AESCipher(Environment(env=settings))
    except ValueError as error:  # bad base64 or the wrong size
        raise InvalidInput("SECUREBASE_CIPHER_KEY", None,
                           f"is not a key made by `securebase key generate` ({error})") from None
    return settings


def build_view(app: SecureBase) -> SupportView:
    """The read models, on the application's own database."""
    return SupportView(app)
