"""A supervisor's and a manager's writes in a real browser, as they click them: typing a kind's
name finds that kind first, a debrief is linked to the visit chosen, two retractions in a row
each act on the entry chosen, an amendment changes when and who, and a click on a team in the
Gaps page opens that team's gaps. One dashboard, one browser, one store for the module."""

from datetime import date, datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from bench.browser import chromium, dashboard, sign_in
from domain.commands import LogSupport
from domain.dates import shown
from services.bootstrap import build_app
from tests.conftest import add_team
from tests.e2e.conftest import PASSWORD, add_user
from tests.e2e.test_browser import browser_available  # noqa: F401 (skips, or fails in CI, without Chromium)

pytestmark = pytest.mark.slow
TODAY = date.today()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """North Team (Sam Patel, Jo Okoro) and South Team (Ola Berg); ann manages both."""
    url = f"sqlite:///{tmp_path_factory.mktemp('journeys') / 'store.db'}"
    app = build_app(url)
    north = add_team(app, "North Team", ("Sam Patel", TODAY - timedelta(days=90)), ("Jo Okoro", TODAY - timedelta(days=90)))
    add_team(app, "South Team", ("Ola Berg", TODAY - timedelta(days=90)))
    add_user(url, "ann")
    return app, north, url


@pytest.fixture(scope="module")
def page(store):
    with dashboard(store[2]) as address, chromium() as page:
        sign_in(page, address, "ann", PASSWORD)
        page.get_by_text("The last twelve months").wait_for(timeout=30000)
        yield page


def log(app, team: dict, kind: str, who: str, at: datetime, note: str | None = None) -> LogSupport:  # noqa: ANN001
    cmd = LogSupport.parse(team_id=team["team"], kind=kind, members=[team[who]], at=at, note=note, logged_by="ann")
    build_app(app.env["SQLALCHEMY_URL"], clock=lambda: at + timedelta(hours=1)).log_support(cmd)
    return cmd


def open_page(page, name: str, ready: str) -> None:  # noqa: ANN001 (a Playwright page)
    page.get_by_role("link", name=name).click()
    page.get_by_text(ready).first.wait_for(timeout=30000)


def choose(page, box: str, option: str, typed: str | None = None) -> None:  # noqa: ANN001
    page.get_by_role("combobox", name=box).click()
    if typed:
        page.keyboard.type(typed)
    page.get_by_role("option", name=option).first.click()


def test_typing_a_kinds_name_offers_that_kind_first(page):
    open_page(page, "Log support", "Kind of support")
    page.get_by_role("combobox", name="Kind of support").click()
    page.keyboard.type("debrief")
    assert page.get_by_role("option").first.inner_text().startswith("Debrief")
    page.keyboard.press("Escape")


def test_a_debrief_is_linked_to_the_visit_chosen(store, page):
    app, north, _ = store
    older = log(app, north, "difficult_visit", "Sam Patel", datetime.combine(TODAY - timedelta(days=3), time(10)))
    log(app, north, "difficult_visit", "Sam Patel", datetime.combine(TODAY - timedelta(days=1), time(10)))
    open_page(page, "Team overview", "The last twelve months")
    open_page(page, "Log support", "Kind of support")
    choose(page, "Kind of support", "Debrief", typed="debrief")
    choose(page, "Who took part", "Sam Patel")
    page.keyboard.press("Escape")
    day = TODAY - timedelta(days=3)
    choose(page, "After which difficult visit?", f"Sam Patel's visit on {day:%a} {shown(day)}")
    page.get_by_role("button", name="Log it", exact=True).click()
    page.get_by_text("Logged debrief with Sam Patel").wait_for(timeout=15000)
    [debrief] = [e for _, e in app.read_log() if getattr(e, "kind", None) == "debrief"]
    assert debrief.regarding == older.entry_id


def test_two_retractions_in_a_row_each_act_on_the_entry_chosen(store, page):
    app, north, _ = store
    first = log(app, north, "check_in", "Jo Okoro", datetime.combine(TODAY, time(8)), note="first call")
    second = log(app, north, "check_in", "Jo Okoro", datetime.combine(TODAY, time(9)), note="second call")
    open_page(page, "Team overview", "The last twelve months")
    open_page(page, "Log support", "Correct or withdraw an entry")
    for entry, note in ((second, "second call"), (first, "first call")):
        choose(page, "Correct or withdraw an entry", f"[{entry.entry_id.hex[:8]}]", typed=entry.entry_id.hex[:8])
        page.get_by_role("tab", name="Retract").click()
        page.get_by_role("textbox", name="Why is it being withdrawn?").fill("logged by mistake")
        page.get_by_role("button", name="Retract").click()
        page.get_by_text(f"“{note}” [{entry.entry_id.hex[:8]}]. It no longer counts").wait_for(timeout=15000)
        expect(page.get_by_role("button", name="Retract")).to_have_count(0)  # the choice is cleared: nothing to repeat
    retracted = {e.originator_id for _, e in app.read_log() if type(e).__name__ == "Retracted"}
    assert retracted == {first.entry_id, second.entry_id}


def test_an_amendment_changes_when_and_who(store, page):
    app, north, _ = store
    entry = log(app, north, "check_in", "Sam Patel", datetime.combine(TODAY, time(11)), note="corridor chat")
    open_page(page, "Team overview", "The last twelve months")
    open_page(page, "Log support", "Correct or withdraw an entry")
    choose(page, "Correct or withdraw an entry", f"[{entry.entry_id.hex[:8]}]", typed=entry.entry_id.hex[:8])
    page.get_by_role("tab", name="Amend").click()
    form = page.get_by_test_id("stForm").filter(has_text="Save the correction")
    form.get_by_role("button", name="Remove Sam Patel").click()
    form.get_by_role("combobox", name="Who took part").click()
    page.get_by_role("option", name="Jo Okoro").click()
    page.keyboard.press("Escape")
    form.get_by_role("textbox", name="Date").fill(f"{TODAY - timedelta(days=2):%d/%m/%Y}")
    form.get_by_role("button", name="Save the correction").click()
    page.get_by_text("Corrected").wait_for(timeout=15000)
    [amended] = [e for _, e in app.read_log() if type(e).__name__ == "Amended" and e.originator_id == entry.entry_id]
    assert (amended.occurred_at.date(), amended.member_ids) == (TODAY - timedelta(days=2), [north["Jo Okoro"]])


def test_a_click_on_a_team_opens_its_gaps(store, page):
    open_page(page, "Gaps", "Where to look first")
    teams = page.get_by_test_id("stDataFrame").first
    box = teams.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # the first row's selection box, under the header
    page.get_by_text("Open gaps, oldest first: North Team").wait_for(timeout=15000)
