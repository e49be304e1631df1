"""What every command shares: the application, who is acting, and one-line errors."""

import functools
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import typer
from eventsourcing.persistence import OperationalError

from domain.errors import InvalidInput, SecureBaseError
from projections.view import SupportView
from services.application import SecureBase
from services.bootstrap import build_app, build_view, database_url


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
    return wrapper


def application() -> SecureBase:
    """One application per process and database, built from SECUREBASE_DB_URL."""
    return application_for(database_url())


@functools.cache
def application_for(url: str) -> SecureBase:
    return build_app(url)


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
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(option, value, "use a date such as 2026-11-25") from None


def day_text(day: date | datetime) -> str:
    return day.strftime("%Y-%m-%d %H:%M") if isinstance(day, datetime) else day.isoformat()
