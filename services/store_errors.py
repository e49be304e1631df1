"""Why a store cannot be used, in one line a person can act on.

SQLAlchemy and the drivers report a malformed URL, a server that is down or a damaged file as
exceptions whose text carries SQL, links and sometimes the URL with its password; the CLI and
the dashboard show a SecureBaseError as one line instead. Every URL shown is masked first.
"""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

from eventsourcing.persistence import PersistenceError
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from domain.errors import SecureBaseError

SETTING = "SECUREBASE_DB_URL"
URL_FORMS = "use sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST:PORT/DATABASE"
SQLITE_ADVICE = {  # part of what SQLite says: what to do about it
    "file is not a database": "it is not a SQLite database; point SECUREBASE_DB_URL at a securebase "
                              "store, or at a file that does not exist yet to start a new one",
    "malformed": "it is damaged; restore it from a backup",
    "unable to open": "check that its folder exists and that you may write there",
}
SERVER_ADVICE = ("check that the server is running, that the host, port, user, password and database are right, "
                 "and that the user may create tables in it")


class StoreUnavailable(SecureBaseError):
    """The database named by SECUREBASE_DB_URL cannot be parsed, reached, opened or read."""


class UnknownEventType(SecureBaseError):
    """The log holds an event of a type this version does not define: a newer version wrote it."""


def masked(url: str) -> str:
    """The URL with its password, in the authority or the query, replaced by ***. Works on
    URLs that cannot be parsed too, masking up to the last @ rather than too little."""
    url = re.sub(r"(://[^:/@]*):.*@", r"\1:***@", url)
    return re.sub(r"(password=)[^&]*", r"\1***", url)


@contextmanager
def opening(url: str) -> Iterator[None]:
    """Turns what goes wrong while the store at `url` is opened into a StoreUnavailable."""
    shown = masked(url)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as error:  # ValueError: a port that is not a number
        raise StoreUnavailable(SETTING, None, f"{shown} is not a database URL ({error}); {URL_FORMS}") from None
    try:
        yield
    except (NoSuchModuleError, ImportError) as error:  # a kind of database, or a driver, not installed
        raise StoreUnavailable(SETTING, None, f"{shown} names a database securebase cannot use "
                                              f"({error}); {URL_FORMS}") from None
    except (SQLAlchemyError, PersistenceError) as error:
        raise StoreUnavailable(SETTING, None, why(parsed, shown, error)) from None


def why(url: URL, shown: str, error: BaseException) -> str:
    detail = driver_message(error)
    if url.password:
        detail = detail.replace(str(url.password), "***")
    if url.get_backend_name() == "sqlite":
        advice = next((advice for said, advice in SQLITE_ADVICE.items() if said in detail), "check the file")
        return f"the SQLite file {os.path.abspath(url.database or '')} cannot be used ({detail}): {advice}"
    return f"the database at {shown} cannot be used ({detail}): {SERVER_ADVICE}"


def driver_message(error: BaseException) -> str:
    """The first line of the driver's own words, without SQLAlchemy's statement and link."""
    while error.__cause__ is not None:
        error = error.__cause__
    return (str(error).strip() or type(error).__name__).splitlines()[0]
