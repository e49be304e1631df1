"""The digest's HTML opened in Chromium, as a phone (390 px) and a desktop mail reader show it:
it fits the width, its links are real links, and it names no notes."""

from datetime import date, datetime, time, timedelta

import pytest

from bench.browser import chromium
from domain.commands import LogSupport
from services.bootstrap import build_view
from services.digest import compose
from tests.conftest import add_team
from tests.e2e.conftest import add_user

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("browser_available")]  # skips, or fails in CI, without Chromium


@pytest.mark.parametrize("width", [390, 1000])
def test_the_digest_fits_a_phone_and_a_desktop(sqlite_url, tmp_path, width):
    from services.bootstrap import build_app
    app = build_app(sqlite_url)
    ids = add_team(app, "Northgate Children's Team with a long name", ("Sam Patel", date.today() - timedelta(days=40)))
    app.log_support(LogSupport.parse(team_id=ids["team"], kind="difficult_visit", members=[ids["Sam Patel"]],
                                     at=datetime.combine(date.today() - timedelta(days=1), time(9)),
                                     note="SECRET-NOTE", logged_by="ann"))
    add_user(sqlite_url, "ann")
    view = build_view(app)
    view.catch_up()
    page_file = tmp_path / "digest.html"
    html = compose(app, view, app.directory().account("ann"), date.today()).message("x").get_body(("html",))
    page_file.write_text(html.get_content())
    with chromium(width=width, height=900) as page:
        page.goto(page_file.as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.get_by_role("heading", name="Your securebase digest").is_visible()
        assert "SECRET-NOTE" not in page.content()
        assert page.get_by_role("link", name="See its gaps").get_attribute("href") == "http://localhost:8501/gaps"
