"""The composition root: the CLI, the dashboard and the tests all build the application here."""

import getpass
import os
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfoNotFoundError

import orjson
from eventsourcing.cryptography import AESCipher
from eventsourcing.persistence import Cipher
from eventsourcing.utils import Environment

from domain import zone
from domain.errors import InvalidInput
from projections.view import SupportView
from services.application import SecureBase
from services.codec import UnreadableLog
from services.shredding import KEY_BYTES
from services.store_errors import opening

DEFAULT_DB_URL = "sqlite:///securebase.db"
PLAIN_STORE = (
    "is set, but this store was written without a key, and what is written with one would make it "
    "unreadable: unset it to use this store. To encrypt the store: `securebase export FILE.jsonl` "
    "without the key, then, with the key set and SECUREBASE_DB_URL naming a new, empty store, "
    "`securebase import FILE.jsonl` (users are not exported: add them again with `securebase user add`)")
NO_KEY = ("this store cannot be read with this key: it was written with a key and none is set; "
          "set SECUREBASE_CIPHER_KEY to the key it was written with")
OTHER_KEY = ("this store cannot be read with this key: it was written with another one; "
             "set SECUREBASE_CIPHER_KEY to the key it was written with")


def database_url() -> str:
    """SECUREBASE_DB_URL names the database; without it, a SQLite file in the working directory."""
    return os.environ.get("SECUREBASE_DB_URL") or DEFAULT_DB_URL


def engine_url(url: str) -> str:
    """The URL as it is opened: PostgreSQL through psycopg, the driver securebase installs, also
    when the URL names no driver (postgresql://, postgres://), which SQLAlchemy reads as psycopg2."""
    for bare in ("postgresql://", "postgres://"):
        if url.startswith(bare):
            return "postgresql+psycopg://" + url.removeprefix(bare)
    return url


def current_user() -> str:
    """Who is acting: SECUREBASE_USER, or the login name."""
    return os.environ.get("SECUREBASE_USER") or getpass.getuser()


def build_app(db_url: str | None = None, clock: Callable[[], datetime] = zone.now,
              cipher_key: str | None = None) -> SecureBase:
    """With a cipher key (default: SECUREBASE_CIPHER_KEY), event payloads are stored encrypted.
    A store that cannot be opened, or whose events were written with another key setting, is
    refused with one line saying what to do (services/store_errors.py). Wall-clock times are in
    the zone SECUREBASE_TIMEZONE names (default: the machine's)."""
    use_time_zone(os.environ.get("SECUREBASE_TIMEZONE"))
    url = engine_url(db_url or database_url())
    env = {"PERSISTENCE_MODULE": "services.persistence:Factory", "SQLALCHEMY_URL": url}
    if key := cipher_key or os.environ.get("SECUREBASE_CIPHER_KEY"):
        env |= cipher_settings(key)
    with opening(url):
        app = SecureBase(env=env, clock=clock)
        try:
            refuse_a_key_setting_that_does_not_fit(app)
        except Exception:
            app.close()
            raise
    return app


def use_time_zone(name: str | None) -> None:
    try:
        zone.use(name)
    except (ValueError, ZoneInfoNotFoundError):
        raise InvalidInput("SECUREBASE_TIMEZONE", name,
                           "is not a time zone: use a name such as Europe/London") from None


def cipher_settings(key: str) -> dict[str, str]:
    """The library's settings for the key, once the library's own cipher has accepted it."""
    settings = {"CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher", "CIPHER_KEY": key}
    try:
        AESCipher(Environment(env=settings))
    except ValueError as error:  # bad base64 or the wrong size
        raise InvalidInput("SECUREBASE_CIPHER_KEY", None,
                           f"is not a key made by `securebase key generate` ({error})") from None
    return settings


def refuse_a_key_setting_that_does_not_fit(app: SecureBase) -> None:
    """Events and person keys are written with the key setting of the process that writes them,
    so writing with another setting than the store's leaves a store that no setting reads whole.
    The first stored event, and one stored person key (they can exist without events: made by a
    save that then failed), tell how the store was written."""
    first = app.recorder.select_notifications(None, 1)
    samples = [(first[0].state, is_plain_json)] if first else []
    if (person_key := app.shredder.stored_key()) is not None:
        samples.append((person_key, lambda stored: len(stored) == KEY_BYTES))
    cipher = app.mapper.cipher
    for stored, is_plain in samples:
        if cipher is None and not is_plain(stored):
            raise UnreadableLog("SECUREBASE_CIPHER_KEY", None, NO_KEY)
        if cipher is not None and not decrypts(cipher, stored):
            raise UnreadableLog("SECUREBASE_CIPHER_KEY", None, PLAIN_STORE if is_plain(stored) else OTHER_KEY)


def is_plain_json(state: bytes) -> bool:
    try:
        return isinstance(orjson.loads(state), dict)
    except orjson.JSONDecodeError:
        return False


def decrypts(cipher: Cipher, stored: bytes) -> bool:
    try:
        cipher.decrypt(stored)
    except ValueError:
        return False
    return True


def build_view(app: SecureBase) -> SupportView:
    """The read models, on the application's own database."""
    return SupportView(app)
