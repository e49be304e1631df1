"""Sessions in a real browser: a reload or a bookmark keeps the person signed in and on the page
asked for, behind a cookie that page scripts cannot read; a member typing a staff page's address
lands on a page of their own; signing out or leaving the dashboard idle clears it at once."""

import time
import urllib.error
import urllib.request
from datetime import date, timedelta

import pytest

from bench.browser import chromium, dashboard, sign_in
from services.bootstrap import build_app
from tests.conftest import add_team
from tests.e2e.conftest import PASSWORD, add_user

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("browser_available")]

STAFF_PAGES = {"log_support": "Log support", "gaps": "Gaps", "history": "History", "import_records": "Import",
               "goals_rules": "Goals & rules"}


@pytest.fixture
def north(db_url):
    """North Team with Sam Patel; ann manages, sam is Sam."""
    ids = add_team(build_app(db_url), "North Team", ("Sam Patel", date.today() - timedelta(days=30)))
    add_user(db_url, "ann")
    add_user(db_url, "sam", "member", [ids["team"]], ids["Sam Patel"])
    return db_url


def heading(page) -> str:
    return page.locator("h1").first.inner_text()


def signed_out(page, because: str | None = None) -> None:
    """The form is shown, with nothing of the team beside it: no page, no team, no menu."""
    page.get_by_text(because or "User name").wait_for(timeout=20000)
    page.wait_for_function("() => !document.querySelector('[data-testid=stSidebar]')?.innerText.trim()")
    assert page.get_by_text("North Team").count() == 0 and page.get_by_text("Sam Patel").count() == 0
    assert page.get_by_role("textbox", name="User name").is_visible()


def session_cookie(page) -> dict | None:
    return next((c for c in page.context.cookies() if c["name"] == "securebase_session"), None)


def cookie_expiry(page, later_than: float = 0.0) -> float:
    """When the session cookie expires, once that is later than LATER_THAN (the page has the
    server set it after each run, so it may take a moment)."""
    deadline = time.monotonic() + 10
    while (cookie := session_cookie(page)) is None or cookie["expires"] <= later_than:
        assert time.monotonic() < deadline, cookie
        page.wait_for_timeout(200)
    return cookie["expires"]


def test_a_reload_or_a_bookmark_keeps_the_session_and_the_page(north):
    with dashboard(north) as url, chromium() as page:
        # signed in, the browser holds a cookie no page script can read, lasting the idle timeout
        sign_in(page, url, "ann", PASSWORD)
        signed_in_at = cookie_expiry(page)
        cookie = session_cookie(page)
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        assert 29 * 60 < signed_in_at - time.time() <= 30 * 60
        assert "securebase_session" not in page.evaluate("document.cookie")
        # each click keeps it for the idle timeout from then
        page.wait_for_timeout(1500)
        page.get_by_role("link", name="Gaps").click()
        page.wait_for_url("**/gaps")
        cookie_expiry(page, later_than=signed_in_at + 1)
        # a reload finds ann still signed in, on the page she was on
        page.reload()
        page.get_by_text("Signed in as ann").wait_for(timeout=30000)
        assert page.url == f"{url}/gaps" and heading(page).startswith("Gaps")
        # a bookmark opened in another tab of the same browser, too
        tab = page.context.new_page()
        tab.goto(f"{url}/history")
        tab.get_by_text("Signed in as ann").wait_for(timeout=30000)
        assert tab.url == f"{url}/history" and heading(tab).startswith("History")
        # signing out clears this tab at once, and the other within seconds, without a click
        page.get_by_role("button", name="Sign out").click()
        signed_out(page)
        assert page.locator("[data-testid='stSidebar']").count() == 0 and session_cookie(page) is None
        signed_out(tab, because="You signed out in another tab or window.")
        # a reload or the bookmark shows the form
        page.reload()
        signed_out(page)
        tab.goto(f"{url}/history")
        signed_out(tab)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_member_typing_a_staff_pages_address_lands_on_their_own(north):
    with dashboard(north) as url, chromium() as page:
        sign_in(page, url, "sam", PASSWORD)
        for path in STAFF_PAGES:
            page.goto(f"{url}/{path}")
            page.get_by_text("Signed in as sam").wait_for(timeout=30000)
            page.get_by_text("Page not found").wait_for(timeout=10000)
            assert page.url == f"{url}/" and heading(page) == "North Team", path
            assert page.get_by_role("link", name="My timeline").count() == 1
            assert not [title for title in STAFF_PAGES.values() if page.get_by_role("link", name=title, exact=True).count()]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_an_idle_session_ends_without_a_click(north):
    with dashboard(north, SECUREBASE_SESSION_MINUTES="0.1") as url, chromium() as page:
        sign_in(page, url, "ann", PASSWORD)
        # six seconds later, with no click, the screen is cleared
        signed_out(page, because="Your session ended after a while without activity: please sign in again.")
        assert session_cookie(page) is None
        page.reload()
        signed_out(page)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_cookie_route_answers_the_dashboard_only(north):
    with dashboard(north) as url:
        def post(origin: str, body: bytes) -> tuple[int, str | None]:
            request = urllib.request.Request(f"{url}/api/session", data=body, method="POST",
                                             headers={"Origin": origin})
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return response.status, response.headers.get("Set-Cookie")
            except urllib.error.HTTPError as refused:
                return refused.code, refused.headers.get("Set-Cookie")
        # another site cannot have a browser claim a session, not even with a code
        assert post("http://elsewhere.example", b"a code") == (403, None)
        # a made-up code claims nothing, and no one sends the server more than a code
        assert post(url, b"a made-up code") == (204, None)
        assert post(url, b"x" * 100_000) == (413, None)
