"""One end-to-end run in a real browser: load the overview, log a check-in through the form,
and see it counted."""

import importlib.util
import os
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from bench.browser import chromium, dashboard, sign_in
from services.bootstrap import build_app
from tests.conftest import add_team
from tests.e2e.conftest import PASSWORD, add_user

pytestmark = pytest.mark.slow  # fuzzers, property tests and the browser: `pytest -m 'not slow'` skips them

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"

MISSING = ("playwright is not installed" if importlib.util.find_spec("playwright") is None else
           "no chromium: install Debian's package (apt-get install chromium)" if not shutil.which("chromium")
           else None)


@pytest.fixture(autouse=True)
def browser_available():
    """Skips without a browser, except in CI, where .ci/run installs one and this must run."""
    if MISSING:
        (pytest.fail if os.environ.get("CI") else pytest.skip)(MISSING)


def sensitivity(page) -> str:
    """The count on the overview's second card (the domains come in the model's order)."""
    return page.locator("[data-testid='stMetricValue']").nth(1).inner_text()


def test_a_check_in_logged_in_the_browser_is_counted(sqlite_url):
    add_team(build_app(sqlite_url), "North Team", ("Sam Patel", date.today() - timedelta(days=30)))
    add_user(sqlite_url, "ann")
    with dashboard(sqlite_url) as url, chromium() as page:
        sign_in(page, url, "ann", PASSWORD)
        page.get_by_text("The last twelve months").wait_for(timeout=30000)
        assert sensitivity(page) == "0"

        page.get_by_role("link", name="Log support").click()
        page.get_by_text("Kind of support").wait_for()
        page.get_by_role("combobox", name="Kind of support").click()
        page.keyboard.type("check in")
        page.get_by_role("option", name="Check in").first.click()
        page.get_by_role("combobox", name="Who took part").click()
        page.get_by_role("option", name="Sam Patel").click()
        page.keyboard.press("Escape")
        page.get_by_role("button", name="Log it", exact=True).click()
        page.get_by_text("Logged check in with Sam Patel").wait_for(timeout=15000)

        page.get_by_role("link", name="Team overview").click()
        page.get_by_text("The last twelve months").wait_for()
        assert sensitivity(page) == "1"


def test_a_log_uploaded_on_the_import_page_is_previewed_then_imported(sqlite_url):
    from domain.commands import JoinMember
    app = build_app(sqlite_url)
    ids = add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)), ("Zoë Lambert", date(2026, 1, 5)),
                   ("José Núñez", date(2026, 1, 5)), ("Sunil Patel", date(2026, 1, 5)))
    app.join_member(JoinMember.parse(team_id=ids["team"], name="Jo Okoro", email="jo.okoro@example.org",
                                     joined_on="2026-01-05"))
    add_user(sqlite_url, "ann")
    with dashboard(sqlite_url) as url, chromium() as page:
        sign_in(page, url, "ann", PASSWORD)
        page.get_by_role("link", name="Import").click()
        page.get_by_text("Nothing is written until you confirm").wait_for(timeout=30000)
        page.locator("input[type=file]").set_input_files(str(FIXTURES / "supervision_log.csv"))
        page.get_by_text("Preview").wait_for(timeout=15000)
        assert page.locator("[data-testid='stMetricValue']").first.inner_text() == "6"
        page.get_by_role("button", name="Confirm import").click()
        page.get_by_text("added 6, 0 already imported").wait_for(timeout=15000)
    assert app.recorder.max_notification_id() == 6 + 2 + 6  # the team, its members, ann, the rows


def test_names_that_look_like_markdown_are_shown_as_text_and_load_nothing(sqlite_url):
    """A name such as ![x](https://…) must not become an image fetched from elsewhere."""
    odd = "Sam ![x](https://example.invalid/track.png) **Patel**"
    app = build_app(sqlite_url)
    ids = add_team(app, "North ![t](https://example.invalid/team.png)", (odd, date.today() - timedelta(days=30)))
    from domain.commands import LogSupport
    app.log_support(LogSupport.parse(team_id=ids["team"], kind="check_in", members=[ids[odd]],
                                     at=date.today() - timedelta(days=1), note="[click](https://example.invalid)",
                                     logged_by="ann"))
    add_user(sqlite_url, "ann")
    with dashboard(sqlite_url) as url, chromium() as page:
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        sign_in(page, url, "ann", PASSWORD)
        page.get_by_text("The last twelve months").wait_for(timeout=30000)
        page.get_by_role("link", name="People").click()
        page.get_by_text("Last check-in").wait_for(timeout=30000)
        page.get_by_role("link", name="Log support").click()
        page.get_by_text("Latest entries").wait_for(timeout=30000)
        assert page.locator("img[src*='example.invalid']").count() == 0
        assert page.locator("a[href*='example.invalid']").count() == 0
    assert not [u for u in requested if "example.invalid" in u]
