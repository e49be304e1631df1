"""How fast the dashboard's pages get their data from a store of 1,000,000 events, and how soon
the overview first paints in headless Chromium, from opening the page and signing in: cold, a new
server and browser; warm, the same browser signing in again after signing out (`first_paint`).

    python -m bench.dashboard [--events 1000000]
"""

import argparse
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench.browser import chromium, clicked, dashboard, opened, seen, watch
from bench.projections import Store
from domain.commands import AddUser
from domain.periods import period_of, previous
from projections import queries
from projections.history import history, latest_entries
from services.auth import hash_password
from services.bootstrap import build_view

PASSWORD = "bench password"
FORM, METRIC = "input[aria-label='User name']", "[data-testid='stMetricValue']"
TRENDS = ".vega-embed[aria-label*='activities each month for twelve months'] :is(canvas, svg)"  # five


def page_reads(engine, team, month, day, member_id) -> dict:
    """The reads behind each page, as the pages make them."""
    return {
        "Team overview": lambda: (queries.summary(engine, team, month),
                                  queries.summary(engine, team, previous(month, 2)[0]),
                                  queries.trend(engine, team, month, 12), queries.gaps(engine, [team.team_id], day)),
        "Log support": lambda: (queries.roster(engine, team), latest_entries(engine, team.team_id, 15),
                                queries.due_soon(engine, [team.team_id], day),
                                queries.awaiting_debrief(engine, team.team_id, day)),
        "Gaps": lambda: ([queries.summary(engine, t, month) for t in queries.teams(engine)],
                         queries.gaps(engine, [t.team_id for t in queries.teams(engine)], day, "all", 30)),
        "People": lambda: (queries.roster(engine, team), queries.timeline(engine, team.team_id, member_id)),
        "Goals & rules": lambda: (queries.goals(engine, team), queries.rules(engine, team)),
        "History": lambda: history(engine, team.team_id, None, day - timedelta(days=90)),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    total = parser.parse_args().events
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "bench.db")
        store = Store(path, total)
        store.log(total)
        view = build_view(store.app)
        view.catch_up()
        team = queries.teams(view.engine)[0]
        day = store.now.date()
        month = period_of(day, "month")
        member = queries.roster(view.engine, team)[0].member_id
        print(f"events in the log: {view.position():,}")
        for page, read in page_reads(view.engine, team, month, day, member).items():
            times = []
            for _ in range(3):
                started = time.perf_counter()
                read()
                times.append(time.perf_counter() - started)
            print(f"{page:<16} data in {statistics.median(times) * 1000:8.1f} ms")
        store.app.add_user(AddUser.parse(name="bench", role="manager", password_hash=hash_password(PASSWORD)))
        first_paint(f"sqlite:///{path}")


def first_paint(url: str, rounds: int = 3) -> None:
    """Times a manager of `url` (user "bench") signing in, from opening the page to its form painted,
    plus from clicking Sign in to the overview's cards painted (the typing between is left out): in
    each round a new server and browser, cold, then the same browser signing in again twice, warm."""
    for _ in range(rounds):
        with dashboard(url) as address, chromium() as page:
            watch(page, **{FORM: 1, METRIC: 1, TRENDS: 5})
            for attempt in ("cold", "warm", "warm"):
                if attempt == "warm":  # signed out first, untimed: warm is the server's and the browser's cache
                    page.get_by_role("button", name="Sign out").click()
                    page.get_by_role("textbox", name="User name").wait_for()
                page.goto(address)
                form = seen(page, FORM) - opened(page)
                page.get_by_role("textbox", name="User name").fill("bench")
                page.get_by_role("textbox", name="Password").fill(PASSWORD)
                page.get_by_role("button", name="Sign in").click()
                click = clicked(page)
                overview, charts = seen(page, METRIC) - click, seen(page, TRENDS) - click
                print(f"overview first paint ({attempt}): {form + overview:5.2f} s = the form {form:4.2f} s "
                      f"+ from Sign in {overview:4.2f} s; its trend charts drawn {charts - overview:4.2f} s later")


if __name__ == "__main__":
    main()
