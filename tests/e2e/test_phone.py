"""The demo on a phone 390 px wide: every page fits the width (the page itself never scrolls
sideways, and every chart is inside the screen), and the menu closes once a page is chosen."""

import pytest
from playwright.sync_api import expect

from bench.browser import chromium, sign_in, visit
from services.demo import DEMO_PASSWORD, TEAMS

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("browser_available")]

WIDTH = 390
FIRST_TEAM = sorted(TEAMS)[0]  # the team a manager's overview opens on
PAGES = ["Log support", "People", "Ask the team", "Goals & rules", "Import", "Gaps", "History", "My digest",
         "Team overview"]
WIDEST = """() => ({page: document.documentElement.scrollWidth,
                   charts: Math.max(0, ...[...document.querySelectorAll("[data-testid='stVegaLiteChart']")]
                                     .map(chart => chart.getBoundingClientRect().right))})"""


def test_every_page_fits_a_phone_and_the_menu_closes_after_a_choice(demo_dashboard):
    with chromium(WIDTH, 844, phone=True) as page:
        sign_in(page, demo_dashboard, "manager", DEMO_PASSWORD)
        for name in PAGES:
            visit(page, name, FIRST_TEAM if name == "Team overview" else None)
            expect(page.get_by_role("link", name=name)).not_to_be_in_viewport()
            widest = page.evaluate(WIDEST)
            assert widest["page"] <= WIDTH and widest["charts"] <= WIDTH, (name, widest)
