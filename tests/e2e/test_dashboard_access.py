"""Who sees what on the dashboard: nothing before signing in, failures slowed down, idle
sessions ended, and each role shown only its pages, its teams and (for members) no notes and
no one else's timeline."""

import time
from datetime import date, timedelta

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.resources import ready
from domain.commands import LogSupport, UserCommand
from services.bootstrap import build_app
from tests.conftest import add_team
from tests.e2e.conftest import PASSWORD, add_user
from tests.e2e.test_dashboard import APP, PAGES, dashboard

JOINED = date.today() - timedelta(days=60)
TITLES = {"app_pages/overview.py": "North Team", "app_pages/log_support.py": "Log support",
          "app_pages/people.py": "People", "app_pages/goals_rules.py": "Goals & rules",
          "app_pages/import_records.py": "Import", "app_pages/gaps.py": "Gaps",
          "app_pages/history.py": "History", "app_pages/ask.py": "Ask the team",
          "app_pages/my_digest.py": "My digest"}
MEMBER_TITLES = {"app_pages/overview.py": "North Team", "app_pages/people.py": "My timeline",
                 "app_pages/ask.py": "Ask the team"}


@pytest.fixture
def store(sqlite_url, monkeypatch):
    monkeypatch.setenv("SECUREBASE_DB_URL", sqlite_url)
    return sqlite_url


@pytest.fixture
def staffed(store):
    """North Team (Sam, Jo) and South Team (Ola); ann manages, sue supervises North, sam is Sam."""
    app = build_app(store)
    north = add_team(app, "North Team", ("Sam Patel", JOINED), ("Jo Okoro", JOINED))
    add_team(app, "South Team", ("Ola Berg", JOINED))
    for member in ("Sam Patel", "Jo Okoro"):
        app.log_support(LogSupport.parse(team_id=north["team"], kind="check_in", members=[north[member]],
                                         at=date.today() - timedelta(days=2), note=f"private about {member}",
                                         logged_by="ann"))
    add_user(store, "ann")
    add_user(store, "sue", "supervisor", [north["team"]])
    add_user(store, "sam", "member", [north["team"]], north["Sam Patel"])
    return store


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    return at.button[0].click().run()


def test_with_no_users_no_one_gets_in(store):
    add_team(build_app(store), "North Team")
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert "No one can sign in yet" in at.warning[0].value
    assert not at.sidebar.selectbox and not at.metric


def test_signing_in_takes_the_right_password_only(staffed):
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.metric  # nothing shown before signing in
    sign_in(at, "sue", "wrong password")
    assert at.error[0].value == "That user name and password do not match"
    sign_in(at, "nobody", PASSWORD)
    assert at.error[0].value == "That user name and password do not match"  # the same for unknown names
    sign_in(at, "sue", PASSWORD)
    assert at.title[0].value == "North Team" and "Signed in as **sue** (supervisor)" in at.sidebar.caption[-1].value


def test_repeated_failures_are_slowed_down(staffed):
    at = AppTest.from_file(APP, default_timeout=30).run()
    for _ in range(3):
        sign_in(at, "sue", "wrong password")
    sign_in(at, "sue", PASSWORD)  # even the right password waits now
    assert at.error[0].value.startswith("Too many failed attempts: try again in ")
    assert not at.metric


def test_an_idle_session_ends(staffed, monkeypatch):
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["user"], at.session_state["seen"] = "sue", time.time() - 31 * 60
    at.run()
    assert "Your session ended" in at.info[0].value and not at.metric
    monkeypatch.setenv("SECUREBASE_SESSION_MINUTES", "60")
    at.session_state["user"], at.session_state["seen"] = "sue", time.time() - 31 * 60
    assert at.run().title[0].value == "North Team"


def test_disabling_a_user_ends_their_session(staffed):
    at = dashboard("sue")
    assert at.title[0].value == "North Team"
    build_app(staffed).disable_user(UserCommand.parse(name="sue", by="ann"))
    at.run()
    assert at.info[0].value == "Is disabled: ask a manager" and not at.metric


@pytest.mark.parametrize("user, teams, titles", [
    ("ann", ["North Team", "South Team"], TITLES),
    ("sue", ["North Team"], TITLES),
    ("sam", ["North Team"], MEMBER_TITLES),
])
def test_each_role_sees_its_pages_and_teams(staffed, user, teams, titles):
    at = dashboard(user)
    assert at.sidebar.selectbox[0].options == teams
    for page in PAGES:
        if page not in titles:  # not in the role's navigation: there is no such page for them
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page(page)
            continue
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert at.title[0].value == titles[page], (user, page)


def test_a_member_sees_only_their_own_timeline_and_no_notes(staffed):
    at = dashboard("sam").switch_page("app_pages/people.py").run()
    assert not [box for box in at.selectbox if box.label == "Member"]
    assert at.header[0].value == "Sam Patel"
    [table] = at.dataframe
    assert "Note" not in table.value.columns and len(table.value) == 1
    assert not [s for s in at.header if s.value == "Open gaps"]
    at.switch_page("app_pages/overview.py").run()
    assert not [s for s in at.header if s.value == "Open gaps"]


def test_a_supervisor_sees_notes_and_gaps_of_their_team_only(staffed):
    at = dashboard("sue").switch_page("app_pages/people.py").run()
    [person] = [box for box in at.selectbox if box.label == "Member"]
    assert person.options == ["Jo Okoro", "Sam Patel"]
    assert at.dataframe[0].value["Note"].tolist() == ["private about Jo Okoro"]
    at.switch_page("app_pages/gaps.py").run()
    assert [box for box in at.multiselect if box.label == "Teams"][0].options == ["North Team"]
    assert all("South Team" not in str(frame.value) for frame in at.dataframe)


def chart_rows(at: AppTest) -> list[list[dict]]:
    """The rows each chart on the page was given."""
    return [pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
            for chart in at.main if chart.type == "vega_lite_chart" for dataset in chart.proto.datasets]


def test_the_charts_made_once_per_process_show_each_user_their_own_teams_rows(staffed):
    # South Team gets three check-ins of its own, and a supervisor who sees it alone
    app = build_app(staffed)
    south = app.team_named("South Team")
    [ola] = south.members
    for days in (3, 4, 5):
        app.log_support(LogSupport.parse(team_id=south.id, kind="check_in", members=[ola],
                                         at=date.today() - timedelta(days=days), logged_by="ann"))
    add_user(staffed, "tia", "supervisor", [south.id])
    # each overview's trend charts hold its own team's year, however the users take turns: North's two
    # check-ins and South's three, each counted in every domain a check-in builds
    totals = [sum(row["count"] for rows in chart_rows(dashboard(user))[:5] for row in rows)
              for user in ("sue", "tia", "sue")]
    assert totals[0] == totals[2] and totals[0] * 3 == totals[1] * 2 > 0, totals


def test_a_store_the_server_cannot_open_at_start_is_reported_by_the_page(monkeypatch, tmp_path):
    monkeypatch.setenv("SECUREBASE_DB_URL", f"sqlite:///{tmp_path}/no/such/folder/store.db")
    ready()  # the server starts all the same
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert "cannot be used" in at.error[0].value and not at.text_input
