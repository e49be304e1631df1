"""axe-core, in Chromium, on every page each role can open, on the demo: no serious or critical
violation. Streamlit's own markup that a page cannot change is excused rule by rule, each on
one selector, never wholesale."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from bench.browser import chromium, sign_in, visit
from services.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("browser_available")]

STAFF = ["Log support", "People", "Ask the team", "Goals & rules", "Import", "Gaps", "History", "My digest"]
PAGES = {"manager": STAFF, "supervisor": STAFF, "member": ["My timeline", "Ask the team"]}  # after the overview
GRAVE = {"serious", "critical"}

# Streamlit 1.67's sidebar menu puts each section's heading and links in a <div> directly inside its
# <ul>, so the <ul> holds a <div> and the <li>s sit in that <div>. The menu is Streamlit's; checked:
# every link in it has its page's name, is reached by Tab and marks the open page with aria-current.
STREAMLIT_OWNED = {"list": "[data-testid='stSidebarNavItems']",
                   "listitem": "[data-testid='stSidebarNavItems'] li"}


def grave_violations(page, axe: Axe) -> list[str]:
    """Serious and critical violations on the page as it stands, less Streamlit's own ones above."""
    found = []
    for rule in axe.run(page).response["violations"]:
        if rule["impact"] not in GRAVE:
            continue
        owned = STREAMLIT_OWNED.get(rule["id"])
        for node in rule["nodes"]:
            if owned and page.evaluate("([target, owned]) => document.querySelector(target).matches(owned)",
                                       [node["target"][0], owned]):
                continue
            found.append(f"{rule['id']} ({rule['impact']}): {rule['help']} at {node['html'][:120]}")
    return found


@pytest.mark.parametrize("role", PAGES)
def test_every_page_passes_axe(demo_dashboard, role):
    axe, found = Axe(), {}
    with chromium() as page:
        sign_in(page, demo_dashboard, role, DEMO_PASSWORD)
        page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(timeout=30000)
        found["Team overview"] = grave_violations(page, axe)
        for name in PAGES[role]:
            visit(page, name)
            found[name] = grave_violations(page, axe)
    assert not {name: problems for name, problems in found.items() if problems}
