"""The dashboard's door: nothing is shown until a user signs in. A session lives on the server
(services/sessions.py) behind an HttpOnly, SameSite=Strict cookie, so a reload or a bookmark
keeps the person signed in, on the page asked for if their role has it.

Streamlit 1.67 gives a script no way to set a cookie: a script runs over a websocket, not an HTTP
response; st.context.cookies only reads; st.login sets its cookies for OpenID Connect providers
only; cookie components write from JavaScript, which cannot make a cookie HttpOnly. What it does
give is st.App, its documented ASGI entry point, which serves the dashboard through Starlette
with routes of our own (dashboard/server.py). So the cookie is set by one such route, ROUTE: the
page posts to it, from a small component, the one-time code given at sign-in, and the route sets
a new token as an HttpOnly cookie; the token never passes through the page, a script or a URL.
Every other run posts no code, and the route sets the cookie again to last as long as its session
has left without activity, or removes it once the session has ended. SameSite=Strict costs
nothing: the cookie is read from the page's own websocket, a same-site request even when a link
from elsewhere opened the page."""

import math
import time

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from dashboard.resources import app, sessions, sign_in
from domain.access import Account
from domain.errors import Forbidden
from domain.users import Directory
from services.sessions import idle_seconds

COOKIE, ROUTE = "securebase_session", "/api/session"
WATCH = 10.0  # seconds between looks at whether the session still stands, with no click

_post = st.components.v2.component(
    "session_cookie", isolate_styles=False, css=".st-key-session_cookie { display: none; }",  # takes no room
    js=f"""
let queue = Promise.resolve();  // one request at a time, so a late one cannot undo a sign-in
export default function ({{ data }}) {{
  queue = queue.then(() => fetch("{ROUTE}", {{ method: "POST", body: data.claim ?? "" }})).catch(() => {{}});
}}""")


def signed_in_account() -> Account | None:
    """The signed-in user's account; otherwise None, with the sign-in form and why it is shown."""
    directory = app().directory()
    if directory is None:
        st.title("securebase")
        st.warning("No one can sign in yet. Add the first manager from a terminal:\n\n"
                   "`securebase user add NAME --role manager`", icon=":material/lock:")
        st.stop()
    account = None
    try:
        if handle := st.session_state.get("session") or _resumed() or _seeded(directory):
            account = sessions().account(handle, directory)
            st.session_state["session"] = handle
    except Forbidden as ended:
        sign_out(ended.reason.capitalize())
    # After the session's use is counted, so that the cookie lasts the idle timeout from now.
    _post(key="session_cookie", data={"claim": st.session_state.pop("claim", None), "run": time.time()})
    if account:
        st.fragment(_watch, run_every=min(WATCH, idle_seconds()))(handle)
        return account
    _form()
    return None


def sign_out(message: str | None = None) -> None:
    """Ends this tab's session, and so every tab's that shares its cookie."""
    if handle := st.session_state.pop("session", None):
        sessions().end(handle)
    if message:
        st.session_state["signed_out_because"] = message


def _resumed() -> str | None:
    """A reload or a new tab: the session the browser's cookie names."""
    token = st.context.cookies.get(COOKIE)
    return sessions().resume(token) if isinstance(token, str) else None  # AppTest's browser is a mock


def _seeded(directory: Directory) -> str | None:
    """A session set up without the form, as the tests do (a user name and when they were last
    seen), is opened on its first run."""
    if (name := st.session_state.pop("user", None)) is None:
        return None
    return sessions().open(directory.account(name), seen=st.session_state.pop("seen", None))[0]


def _watch(handle: str) -> None:
    """Clears the screen once the session ends (idle, signed out elsewhere, the account changed),
    not at the next click; a look is not activity."""
    try:
        sessions().account(handle, app().directory(), active=False)
    except Forbidden as ended:
        sign_out(ended.reason.capitalize())
        st.rerun()


def _form() -> None:
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.title("securebase")
        st.caption("A team's secure base, logged and looked after.")
        if because := st.session_state.pop("signed_out_because", None):
            st.info(because)
        with st.form("sign_in"):
            st.text_input("User name", key="sign_in/name")
            st.text_input("Password", type="password", key="sign_in/password")
            st.form_submit_button("Sign in", type="primary", on_click=_sign_in)
            if refused := st.session_state.pop("sign_in/refused", None):
                st.error(refused)


def _sign_in() -> None:
    """The form's button, before the run it starts: a session opened here is the one that run
    shows, so the overview comes with no second run after signing in."""
    try:
        account = sign_in()(st.session_state["sign_in/name"], st.session_state["sign_in/password"],
                            client=st.context.ip_address)
    except Forbidden as refused:
        st.session_state["sign_in/refused"] = refused.reason.capitalize()
    else:
        handle, claim = sessions().open(account)  # a new session: nothing from before carries over
        st.session_state.update(session=handle, claim=claim)


async def session_cookie(request: Request) -> Response:
    """ROUTE: sets the cookie for the session a claim code opened, or again for the session the
    cookie names, or removes it; only for the dashboard's own pages."""
    if request.headers.get("origin", "").partition("://")[2] != request.headers.get("host"):
        return Response(status_code=403)
    claim = b""
    async for chunk in request.stream():
        if len(claim := claim + chunk) > 64:  # a code has 43 characters
            return Response(status_code=413)
    claim, token = claim.decode(errors="replace"), request.cookies.get(COOKIE)
    if claimed := claim and await run_in_threadpool(sessions().claim, claim):
        token, left = claimed, idle_seconds()
    else:
        left = await run_in_threadpool(sessions().seconds_left, token) if token else 0.0
    response = Response(status_code=204)
    if left:
        response.set_cookie(COOKIE, token, max_age=math.ceil(left), path="/", httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")
    elif token:
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return response
