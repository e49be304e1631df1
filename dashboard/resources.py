"""What every page shares: the application and read models (built once per process and database),
the reading door for the signed-in user with its queries cached on the log position, and the
sidebar's team and "as of" choices."""

import importlib
import logging
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy import Engine

from domain.access import Account
from domain.dates import shown
from domain.errors import SecureBaseError
from projections import queries
from projections.view import SupportView
from services.application import SecureBase
from services.auth import SignIn
from services.bootstrap import build_app, build_view, database_url
from services.persistence import bookkeeping_engine
from services.reading import Reader
from services.sessions import Sessions

T = TypeVar("T")


@st.cache_resource
def _services(url: str) -> tuple[SecureBase, SupportView]:
    app = build_app(url)
    return app, build_view(app)


def _opened() -> tuple[SecureBase, SupportView]:
    """The store, or a plain message and nothing else when it cannot be opened (a failed
    open is not cached: the next run tries again)."""
    try:
        return _services(database_url())
    except SecureBaseError as error:
        st.error(str(error), icon=":material/database:")
        st.stop()


def ready() -> None:
    """Readies a new server process before its first visitor (dashboard/server.py), who would
    otherwise wait for it between signing in and seeing the overview (importing pandas and altair
    took 0.6 s of that first overview's 3.5 s at 1M events): the pages' libraries, the store, the
    sign-in and session services, and the read models caught up with what the log gained while
    the server was down (on SQLite, with the copy out of the write-ahead log that may follow: the
    first sign-in after building a 1M-event store took 0.2 s longer for it). Only a head start:
    whatever fails here (a store that cannot be opened, say) fails again on the first page, which
    reports it."""
    for module in ("dashboard.forms", "dashboard.pulse_results", "domain.standing"):  # with pandas and altair
        importlib.import_module(module)
    outside_a_page = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    level = outside_a_page.level
    outside_a_page.setLevel(logging.ERROR)  # no "missing ScriptRunContext" warnings: these calls are meant
    try:
        st.empty()  # Streamlit's first element in a process reads the whole call stack's source (80 ms)
        with suppress(Exception):
            sign_in(), sessions(), view().catch_up()
    finally:
        outside_a_page.setLevel(level)


def app() -> SecureBase:
    return _opened()[0]


def view() -> SupportView:
    return _opened()[1]


@st.cache_resource
def _bookkeeping(url: str) -> Engine:
    return bookkeeping_engine(_services(url)[0].env.get("SQLALCHEMY_URL"))


@st.cache_resource
def _sign_in(url: str) -> SignIn:
    """One per process, so failed attempts are counted across every browser session."""
    return SignIn(_services(url)[0], engine=_bookkeeping(url))


def sign_in() -> SignIn:
    return _sign_in(database_url())


@st.cache_resource
def _sessions(url: str) -> Sessions:
    return Sessions(_bookkeeping(url))


def sessions() -> Sessions:
    """The server's sessions; the cookie route (dashboard/server.py) shares them with the pages."""
    return _sessions(database_url())


def user() -> Account:
    """The signed-in user (the page frame signs them in before any page runs)."""
    return st.session_state["account"]


def user_name() -> str:
    return user().name


def reader() -> Reader:
    """Every read of every page goes through here: checked for the signed-in user's role and
    redacted for it. The queries behind it are cached until the log moves."""
    position = view().catch_up()
    return Reader(app(), view(), user(), lambda query, *args: _cached(
        database_url(), position, query.__module__, query.__name__, args))


@st.cache_data(max_entries=512, show_spinner=False)
def _cached(url: str, position: int, module: str, name: str, args: tuple) -> Any:
    """A query's answer as the read models hold it (sealed names and notes), shared by every
    session: a new event shows at once, and an idle page costs one position check."""
    return getattr(importlib.import_module(module), name)(_services(url)[1].engine, *args)


def command(action: Callable[[], T]) -> T:
    """Runs a command and brings the read models up to date, so the page shows its effect; a
    refusal is raised for the form to show under its field (dashboard/refusals.py)."""
    result = action()
    view().catch_up()
    return result


def as_of() -> date | None:
    return st.session_state.get("as_of")


def rerun_saying(message: str, place: str) -> None:
    """After a write: the page again as it now stands (an empty form, a cleared choice, fresh
    tables), with what was done shown where `said(place)` is called."""
    st.session_state[f"done/{place}"] = message
    st.rerun()


def said(place: str) -> None:
    if message := st.session_state.pop(f"done/{place}", None):
        st.success(message)


def no_writing_in_the_past(what: str) -> None:
    """A page that writes shows nothing to write with while the sidebar looks back to a past
    day: what it would write belongs to today."""
    if as_of() is not None:
        st.info(f"You are looking back to {shown(as_of())}. To {what}, switch off \"Look back to a past "
                "day\" in the sidebar.", icon=":material/history:")
        st.stop()


def current_team() -> queries.TeamRef | None:
    return st.session_state.get("team")
