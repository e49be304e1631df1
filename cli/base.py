"""What every command shares: the application, the reader for who is acting, one-line errors,
and output that shows control characters in names and notes rather than obeying them.

The command line authenticates no one: it acts as the user named by --as or SECUREBASE_USER
(else the login name), and whoever can run it against the database (with the cipher key) could
as well open the database itself. The dashboard is the multi-user surface."""

import functools
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import typer
from eventsourcing.persistence import PersistenceError

from domain.errors import InvalidInput, SecureBaseError
from domain.periods import EARLIEST, LATEST
from domain.text import printable
from projections.view import SupportView
from services.application import SecureBase
from services.bootstrap import build_app, build_view, current_user, database_url
from services.reading import Reader, reader_for

_acting: list[str] = []  # the --as option of this invocation, if given


class App(typer.Typer):
    """A Typer whose commands end bad input with one line on stderr, never a traceback."""

    def __init__(self, **kwargs: Any):
        super().__init__(no_args_is_help=True, pretty_exceptions_enable=False, **kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
        register = super().command(*args, **kwargs)
        return lambda func: register(_one_line_errors(func))


def _one_line_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SecureBaseError as error:
            say(f"error: {error}", err=True)
            raise typer.Exit(1) from None
        except PersistenceError as error:
            say(f"error: the database could not be used: {error.args[0]}", err=True)
            raise typer.Exit(1) from None
        except OSError as error:  # a file to read or write: missing, a folder, not allowed
            say(f"error: {error.filename or 'file'}: {error.strerror or error}", err=True)
            raise typer.Exit(1) from None
    return wrapper


def application() -> SecureBase:
    """One application per process and database, built from SECUREBASE_DB_URL."""
    return application_for(database_url())


@functools.cache
def application_for(url: str) -> SecureBase:
    return build_app(url)


def act_as(name: str | None) -> None:
    _acting[:] = [name] if name else []


def acting() -> str:
    """Who is acting: --as, else SECUREBASE_USER, else the login name."""
    return _acting[0] if _acting else current_user()


def reader() -> Reader:
    """The one door for reading, for the acting user, on read models brought up to date.
    Unknown or disabled users are refused."""
    return reader_for(application(), refreshed(), acting())


def say(text: str, err: bool = False) -> None:
    typer.echo(printable(text), err=err)


def view() -> SupportView:
    return view_for(database_url())


@functools.cache
def view_for(url: str) -> SupportView:
    return build_view(application_for(url))


def refreshed() -> SupportView:
    """The read models brought up to date, so what a command just wrote shows at once."""
    current = view()
    current.catch_up()
    return current


def parse_day(value: str | None, option: str) -> date | None:
    """A day given on the command line, or a one-line error naming the option."""
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(option, value, "use a date such as 2026-11-25") from None
    if not EARLIEST <= day <= LATEST:
        raise InvalidInput(option, value, f"use a date between {EARLIEST} and {LATEST}")
    return day


def day_text(day: date | datetime) -> str:
    return day.strftime("%Y-%m-%d %H:%M") if isinstance(day, datetime) else day.isoformat()
