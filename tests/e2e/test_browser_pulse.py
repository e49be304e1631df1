"""Ask the team in a real browser: a supervisor opens a round, five members each sign in and
answer it, the supervisor closes it, and the overview shows what the team said."""

from datetime import date, timedelta

import pytest

from bench.browser import chromium, dashboard, sign_in
from domain.catalogue import Domain
from services.bootstrap import build_app
from tests.conftest import add_team
from tests.e2e.conftest import PASSWORD, add_user

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("browser_available")]  # skips, or fails in CI, without Chromium
PEOPLE = ["Ada Ng", "Ben Ode", "Cai Lu", "Dee Roy", "Eli Sun", "Fay Ito"]


def test_a_round_opened_answered_by_five_and_closed_shows_its_results(sqlite_url):
    app = build_app(sqlite_url)
    ids = add_team(app, "North Team", *[(p, date.today() - timedelta(days=60)) for p in PEOPLE])
    add_user(sqlite_url, "ann")
    add_user(sqlite_url, "sue", "supervisor", [ids["team"]])
    for person in PEOPLE:
        add_user(sqlite_url, person.split()[0].lower(), "member", [ids["team"]], ids[person])
    with dashboard(sqlite_url) as url, chromium() as page:
        sign_in(page, url, "sue", PASSWORD)
        page.get_by_role("link", name="Ask the team").click()
        page.get_by_role("button", name="Open the round").click()
        page.get_by_text("The round is open").wait_for(timeout=15000)
        for n, name in enumerate(("ada", "ben", "cai", "dee", "eli")):
            page.context.clear_cookies()
            sign_in(page, url, name, PASSWORD)
            page.get_by_role("link", name="Ask the team").click()
            for domain in Domain:
                group = page.get_by_role("radiogroup", name=domain.label)
                group.get_by_text("Agree" if n < 4 else "Disagree", exact=True).click()
            page.get_by_role("button", name="Send my answers").click()
            page.get_by_text("Thank you: your answers are in").wait_for(timeout=15000)
        page.context.clear_cookies()
        sign_in(page, url, "sue", PASSWORD)
        page.get_by_role("link", name="Ask the team").click()
        page.get_by_text("5 of 6 have answered").wait_for(timeout=15000)
        page.get_by_role("button", name="Close the round now").click()
        page.get_by_text("Round closed and counted.").wait_for(timeout=15000)
        page.get_by_role("link", name="Team overview").click()
        page.get_by_text("The last twelve months").wait_for(timeout=15000)
        assert page.get_by_text("What the team says").is_visible()
        assert page.get_by_text("5 of 6 answered").is_visible()
