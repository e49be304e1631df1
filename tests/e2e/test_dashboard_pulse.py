"""Ask the team on the dashboard, through AppTest: a supervisor opens a round, members answer it
once each on their page, the supervisor sees only the count and closes it, and the overview
shows what the team said beside what was done, with a prompt where they disagree."""

from datetime import date, timedelta

import pytest

from domain.catalogue import Domain
from domain.commands import SetGoal
from domain.pulse import Answer
from services.bootstrap import build_app
from tests.conftest import add_team
from tests.e2e.conftest import add_user
from tests.e2e.test_dashboard import dashboard

PEOPLE = ["Ada Ng", "Ben Ode", "Cai Lu", "Dee Roy", "Eli Sun", "Fay Ito"]


@pytest.fixture
def team(sqlite_url, monkeypatch):
    """North Team of six, each with a member account (ada, ben, …); ann manages, sue supervises."""
    monkeypatch.setenv("SECUREBASE_DB_URL", sqlite_url)
    app = build_app(sqlite_url)
    ids = add_team(app, "North Team", *[(p, date.today() - timedelta(days=60)) for p in PEOPLE])
    add_user(sqlite_url, "ann")
    add_user(sqlite_url, "sue", "supervisor", [ids["team"]])
    for person in PEOPLE:
        add_user(sqlite_url, person.split()[0].lower(), "member", [ids["team"]], ids[person])
    return app, ids


def texts(at) -> list[str]:  # noqa: ANN001 (an AppTest)
    return [e.value.replace("\\", "") for kind in ("error", "success", "warning", "info") for e in getattr(at, kind)]


def answer_as(name: str, choice: str, skip: Domain | None = None) -> list[str]:
    """NAME answers every statement with CHOICE (but SKIP) on Ask the team; what the page said."""
    at = dashboard(name)
    at.switch_page("app_pages/ask.py").run()
    for domain in Domain:
        if domain is not skip:
            at.radio(key=f"answer/{domain.value}").set_value(Answer(choice))
    next(b for b in at.button if b.label == "Send my answers").click().run()
    return texts(at)


def test_a_round_opened_answered_once_by_each_and_closed(team):
    app, ids = team
    for domain in Domain:  # support is on track in every domain (no days gone yet, or goals met)
        app.set_goal(SetGoal.parse(team_id=ids["team"], domain=domain, target=1, by="ann"))
    at = dashboard("sue")
    at.switch_page("app_pages/ask.py").run()
    at.text_input(key="pulse_closes").input((date.today() + timedelta(days=7)).strftime("%d/%m/%Y"))
    next(b for b in at.button if b.label == "Open the round").click().run()
    assert "The round is open: members see it on this page." in texts(at)

    assert answer_as("ada", "strongly disagree", skip=Domain.ACCEPTANCE) == [
        "An answer is missing for Acceptance: choose one, or “prefer not to say”."]
    for name in ("ada", "ben", "cai", "dee", "eli"):
        assert answer_as(name, "disagree" if name != "eli" else "agree")[0].startswith("Thank you")
    again = dashboard("ada")
    again.switch_page("app_pages/ask.py").run()
    assert not [b for b in again.button if b.label == "Send my answers"]  # answered: no form again
    assert texts(again)[0].startswith("You have answered this round.")

    at = dashboard("sue")
    at.switch_page("app_pages/ask.py").run()
    [status] = [t for t in texts(at) if t.startswith("Round 1 is open")]
    assert "5 of 6 have answered" in status and not [n for n in PEOPLE if n in status]
    next(b for b in at.button if b.label == "Close the round now").click().run()
    assert "Round closed and counted." in texts(at)

    overview = dashboard("fay")  # a member who did not answer sees the results too
    assert any(c.value.startswith("Round 1, closed") and "5 of 6 answered" in c.value for c in overview.caption)
    assert [str(e.proto) for e in overview.main if e.type == "vega_lite_chart" and "Share of answers" in str(e.proto)]
    agree = {row["Domain"]: row["Agree"] for row in overview.dataframe[0].value.to_dict("records")}
    assert agree == {d.label: "20%" for d in Domain}
    prompts = [t for t in texts(overview) if "fewer than half agree" in t]
    assert prompts and all("support is on track" in p for p in prompts)


def test_a_round_below_the_threshold_shows_no_figures(team):
    app, ids = team
    at = dashboard("sue")
    at.switch_page("app_pages/ask.py").run()
    next(b for b in at.button if b.label == "Open the round").click().run()
    for name in ("ada", "ben", "cai"):
        answer_as(name, "agree")
    at = dashboard("sue")
    at.switch_page("app_pages/ask.py").run()
    next(b for b in at.button if b.label == "Close the round now").click().run()
    overview = dashboard("ann")
    assert any("Fewer than 5 answered, so this round's results are not shown" in t for t in texts(overview))
    charts = [str(e.proto) for e in overview.main if e.type == "vega_lite_chart"]
    assert charts and not [c for c in charts if "Share of answers" in c]  # the trend is there; no answers chart
