"""The dashboard's door: nothing is shown until a user signs in, and a session left idle for
SECUREBASE_SESSION_MINUTES (default 30) ends. The account is read afresh on every run and
compared with a stamp of what it was at sign-in, so disabling a user, or changing their
password, role or teams, ends every session they have at once: a changed password must shut
out whoever learnt the old one."""

import hashlib
import os
import time

import streamlit as st

from dashboard.resources import app, sign_in
from domain.access import Account
from domain.errors import Forbidden


def session_seconds() -> float:
    return float(os.environ.get("SECUREBASE_SESSION_MINUTES", "30")) * 60


def signed_in_account() -> Account:
    """The signed-in user's account; otherwise shows why not and the form, and stops the run."""
    directory = app().directory()
    if directory is None:
        st.title("securebase")
        st.warning("No one can sign in yet. Add the first manager from a terminal:\n\n"
                   "`securebase user add NAME --role manager`", icon=":material/lock:")
        st.stop()
    name, seen = st.session_state.get("user"), st.session_state.get("seen", 0.0)
    if name is not None and time.time() - seen > session_seconds():
        sign_out("Your session ended after a while without activity: please sign in again.")
        name = None
    if name is not None:
        try:
            account = directory.account(name)
        except Forbidden as refused:
            sign_out(refused.reason.capitalize())
        else:
            # A session set up without the form (as the tests do) is stamped on its first run.
            if st.session_state.setdefault("stamp", _stamp(account)) != _stamp(account):
                sign_out("Your password, role or teams changed: please sign in again.")
            else:
                st.session_state["seen"] = time.time()
                return account
    _form()
    st.stop()


def sign_out(message: str | None = None) -> None:
    for key in ("user", "seen", "stamp"):
        st.session_state.pop(key, None)
    if message:
        st.session_state["signed_out_because"] = message


def _form() -> None:
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.title("securebase")
        st.caption("A team's secure base, logged and looked after.")
        if because := st.session_state.pop("signed_out_because", None):
            st.info(because)
        with st.form("sign_in"):
            name = st.text_input("User name")
            password = st.text_input("Password", type="password")
            if st.form_submit_button("Sign in", type="primary"):
                try:
                    account = sign_in()(name, password, client=st.context.ip_address)
                except Forbidden as refused:
                    st.error(refused.reason.capitalize())
                else:
                    st.session_state.update(user=account.name, seen=time.time(), stamp=_stamp(account))
                    st.rerun()


def _stamp(account: Account) -> str:
    """What a session vouches for, hashed so the session holds no password hash."""
    vouched = (account.password_hash, account.role, sorted(map(str, account.teams)), account.member_id)
    return hashlib.sha256(repr(vouched).encode()).hexdigest()
