"""A change to a user ends their dashboard sessions at once: a new password shuts out whoever
learnt the old one, and a new role or team takes its pages and teams away before the next
click. Signing in gives the page a code to claim a new session's cookie with, once; signing
out, here or in another tab, clears the screen and the sidebar. Through Streamlit's AppTest,
signed in by the form (the cookie itself is set in a browser: test_browser_sessions.py)."""

import json
from datetime import date

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from domain.commands import EraseMember, SetRole, UserCommand
from services.auth import hash_password
from services.bootstrap import build_app
from services.sessions import Sessions, sessions
from tests.conftest import add_team
from tests.e2e.conftest import PASSWORD, add_user
from tests.e2e.test_dashboard import APP, dashboard

CHANGED = "Your password, role or teams changed: please sign in again."
NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def store(sqlite_url, monkeypatch):
    """North Team (Sam Patel) and South Team; ann manages, sue supervises North, sam is Sam."""
    monkeypatch.setenv("SECUREBASE_DB_URL", sqlite_url)
    app = build_app(sqlite_url)
    north, south = add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5))), add_team(app, "South Team")["team"]
    add_user(sqlite_url, "ann")
    add_user(sqlite_url, "sue", "supervisor", [north["team"]])
    add_user(sqlite_url, "sam", "member", [north["team"]], north["Sam Patel"])
    app.close()
    return build_app(sqlite_url), south


def signed_in(name: str, password: str = PASSWORD) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    at.button[0].click().run()
    assert at.title[0].value == "North Team", [error.value for error in at.error]
    return at


def assert_signed_out(at: AppTest, because: str | None = CHANGED) -> None:
    assert [info.value for info in at.info] == ([because] if because else [])
    assert not at.metric and [box.label for box in at.text_input] == ["User name", "Password"]
    assert not at.sidebar.children  # no menu, no team, no name


def cookie_code(at: AppTest) -> str | None:
    """The code this run gives the page, to claim the session's cookie with."""
    return json.loads(at.get("bidi_component")[0].proto.json)["claim"]


def open_sessions(app) -> int:
    with app.factory.datastore.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(sessions)).scalar_one()


def test_a_new_password_ends_every_session_of_the_user(store):
    app, _ = store
    laptop, phone = signed_in("sue"), signed_in("sue")
    app.set_password(UserCommand.parse(name="sue", by="sue"), hash_password(NEW_PASSWORD))
    for session in (laptop, phone):
        assert_signed_out(session.run())
    assert signed_in("sue", NEW_PASSWORD).title[0].value == "North Team"


def test_a_new_role_or_team_ends_the_session(store):
    app, south = store
    at = signed_in("sue")
    app.set_role(SetRole.parse(name="sue", role="supervisor", teams=[south], by="ann"))
    assert_signed_out(at.run())


def test_a_session_not_opened_by_the_form_ends_too(store):
    app, _ = store
    at = dashboard("sue")
    assert at.run().title[0].value == "North Team"
    app.set_password(UserCommand.parse(name="sue", by="ann"), hash_password(NEW_PASSWORD))
    assert_signed_out(at.run())


def test_a_change_to_someone_else_leaves_the_session_alone(store):
    app, _ = store
    at = signed_in("sue")
    app.set_password(UserCommand.parse(name="ann", by="ann"), hash_password(NEW_PASSWORD))
    assert at.run().title[0].value == "North Team"


def test_signing_in_gives_the_page_one_code_for_a_new_cookie(store):
    app, _ = store
    kept = Sessions(app.factory.datastore.engine)
    at = signed_in("sue")
    code = cookie_code(at)
    # the code is given once, and claims the cookie's token once; the token never reaches the page
    assert code and cookie_code(at.run()) is None
    token = kept.claim(code)
    assert token and kept.claim(code) is None and token not in str(at.get("bidi_component")[0].proto)
    assert kept.resume(token) == at.session_state["session"]
    # signing in again opens another session, with another code: nothing carries over
    at.sidebar.button[0].click().run()
    at.text_input[0].input("sue")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert cookie_code(at) not in (None, code) and kept.resume(token) is None


def test_signing_out_clears_the_screen_and_the_sidebar_at_once(store):
    app, _ = store
    at = signed_in("sue")
    assert at.sidebar.selectbox[0].value.name == "North Team"
    at.sidebar.button[0].click().run()
    assert_signed_out(at, because=None)
    assert open_sessions(app) == 0


def test_signing_out_in_one_tab_signs_out_the_others(store):
    app, _ = store
    laptop = signed_in("sue")
    other_tab = AppTest.from_file(APP, default_timeout=30)
    other_tab.session_state["session"] = laptop.session_state["session"]  # as its cookie would resume
    assert other_tab.run().title[0].value == "North Team"
    laptop.sidebar.button[0].click().run()
    assert_signed_out(other_tab.run(), because="You signed out in another tab or window.")


def test_erasing_a_member_ends_their_session(store):
    app, _ = store
    at = signed_in("sam")
    [sam] = [account for account in app.directory().by_id.values() if account.name == "sam"]
    app.erase_member(EraseMember.parse(team_id=next(iter(sam.teams)), member_id=sam.member_id, by="ann"))
    at.run()
    assert at.info[0].value.startswith("Is not a securebase user") and not at.metric
    assert open_sessions(app) == 0
