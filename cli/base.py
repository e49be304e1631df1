"""What every command shares: the application, who is acting, and one-line errors."""

import functools
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import typer
from eventsourcing.persistence import OperationalError

from domain.access import Account, Action
from domain.errors import InvalidInput, SecureBaseError
from domain.periods import EARLIEST, LATEST
from domain.team import Team
from projections.view import SupportView
from services.application import SecureBase
from services.bootstrap import build_app, build_view, current_user, database_url

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
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(1) from None
        except OperationalError as error:
            typer.echo(f"error: the database could not be used: {error.args[0]}", err=True)
            raise typer.Exit(1) from None
        except OSError as error:  # a file to read or write: missing, a folder, not allowed
            typer.echo(f"error: {error.filename or 'file'}: {error.strerror or error}", err=True)
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


def account() -> Account | None:
    """The acting user's account; None while the store has no users. Unknown or disabled
    users are refused."""
    directory = application().directory()
    return directory.account(acting()) if directory else None


def allow(action: Action, team: Team | None = None) -> None:
    """Refuses the acting user what their role does not allow. Commands are checked again by
    the application; reads are checked only here."""
    application().authorise(acting(), action, team)


def team_for(name: str, action: Action) -> Team:
    """The team, if the acting user may do this with it."""
    found = application().team_named(name)
    allow(action, found)
    return found


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
