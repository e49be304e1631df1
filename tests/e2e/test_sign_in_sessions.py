"""A change to a user ends their dashboard sessions at once: a new password shuts out whoever
learnt the old one, and a new role or team takes its pages and teams away before the next
click. Through Streamlit's AppTest, signed in by the form."""

import pytest
from streamlit.testing.v1 import AppTest

from domain.commands import SetRole, UserCommand
from services.auth import hash_password
from services.bootstrap import build_app
from tests.conftest import add_team
from tests.e2e.conftest import PASSWORD, add_user
from tests.e2e.test_dashboard import APP, dashboard

CHANGED = "Your password, role or teams changed: please sign in again."
NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def store(sqlite_url, monkeypatch):
    """North and South Team; ann manages, sue supervises North."""
    monkeypatch.setenv("SECUREBASE_DB_URL", sqlite_url)
    app = build_app(sqlite_url)
    north, south = add_team(app, "North Team")["team"], add_team(app, "South Team")["team"]
    add_user(sqlite_url, "ann")
    add_user(sqlite_url, "sue", "supervisor", [north])
    app.close()
    return build_app(sqlite_url), south


def signed_in(name: str, password: str = PASSWORD) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    at.button[0].click().run()
    assert at.title[0].value == "North Team", [error.value for error in at.error]
    return at


def assert_signed_out(at: AppTest) -> None:
    assert at.info[0].value == CHANGED
    assert not at.metric and [box.label for box in at.text_input] == ["User name", "Password"]


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
