"""The dashboard's forms and summaries as a supervisor and a manager read them, through AppTest: a
debrief names its visit and History and People show the link both ways; dates are typed as
people type them and shown one way; refusals are one plain sentence under the field at fault;
the Gaps page puts the team in most need first; the overview answers "a secure base right now?"."""

from datetime import date, datetime, time, timedelta

import pytest

from domain.commands import LogSupport, SetGoal
from domain.dates import shown
from domain.digest import Rhythm
from domain.errors import Forbidden
from services.application import SecureBase
from services.bootstrap import build_app
from tests.conftest import add_team
from tests.e2e.conftest import add_user, just_past
from tests.e2e.test_dashboard import dashboard, placed

TODAY = date.today()
VALIDATOR_WORDS = ("Input should", "String should", "valid date", "validation error", "Value error")


@pytest.fixture
def team(sqlite_url, monkeypatch):
    """North Team: Sam Patel and Jo Okoro joined 60 days ago; ann is the manager."""
    monkeypatch.setenv("SECUREBASE_DB_URL", sqlite_url)
    app = build_app(sqlite_url)
    ids = add_team(app, "North Team", ("Sam Patel", TODAY - timedelta(days=60)), ("Jo Okoro", TODAY - timedelta(days=60)))
    add_user(sqlite_url, "ann")
    return app, ids


def visit(app, ids, who: str, days_ago: int) -> LogSupport:  # noqa: ANN001 (the fixture's app and ids)
    """A difficult visit DAYS_AGO, logged that day (so a debrief has been owed since)."""
    then = datetime.combine(TODAY - timedelta(days=days_ago), time(11))
    cmd = LogSupport.parse(team_id=ids["team"], kind="difficult_visit", members=[ids[who]], logged_by="ann", at=then)
    build_app(app.env["SQLALCHEMY_URL"], clock=lambda: then + timedelta(hours=1)).log_support(cmd)
    return cmd


def texts(at) -> list[str]:  # noqa: ANN001 (an AppTest)
    return [e.value.replace("\\", "") for kind in ("error", "success", "warning", "info") for e in getattr(at, kind)]


def test_a_debrief_names_the_visit_chosen_and_both_show_the_link(team):
    app, ids = team
    older, newer = visit(app, ids, "Sam Patel", 6), visit(app, ids, "Sam Patel", 2)
    visit(app, ids, "Jo Okoro", 1)  # someone else's: not offered for Sam
    at = dashboard()
    at.switch_page("app_pages/log_support.py").run()
    at.selectbox(key="log_kind").select("debrief").run()
    assert not at.get("selectbox") or "log_regarding" not in [b.key for b in at.selectbox]  # no one chosen yet
    at.multiselect(key="log_members").select(ids["Sam Patel"]).run()
    visits = at.selectbox(key="log_regarding")
    assert visits.options == [f"Sam Patel's visit on {d:%a} {shown(d)}" for d in
                              (TODAY - timedelta(days=2), TODAY - timedelta(days=6))] + ["Not after a visit recorded here"]
    assert visits.value == newer.entry_id  # the newest is chosen first
    visits.select(older.entry_id)
    next(b for b in at.button if b.label == "Log it").click().run()
    assert "Logged debrief with Sam Patel" in texts(at)[0]
    [debrief] = [e for _, e in app.read_log() if getattr(e, "kind", None) == "debrief"]
    assert debrief.regarding == older.entry_id

    at.switch_page("app_pages/history.py").run()
    history = at.dataframe[0].value
    linked = dict(zip(history["What"] + " " + history["When"].dt.strftime("%d"), history["Linked"]))
    assert linked[f"debrief {TODAY:%d}"] == f"after the difficult visit on {shown(TODAY - timedelta(days=6))} " \
                                            f"[{older.entry_id.hex[:8]}]"
    assert linked[f"difficult visit {TODAY - timedelta(days=6):%d}"].startswith(f"debriefed on {shown(TODAY)} [")
    assert linked[f"difficult visit {TODAY - timedelta(days=2):%d}"] == ""
    at.switch_page("app_pages/people.py").run()
    at.selectbox[0].select_index(next(i for i, o in enumerate(at.selectbox[0].options) if o == "Sam Patel")).run()
    assert any(link.startswith("debriefed on") for link in at.dataframe[0].value["Linked"])


@pytest.mark.parametrize("typed", ["{d:%d/%m/%Y}", "{d:%Y-%m-%d}", "{d.day} {d:%b %Y}"])
def test_a_date_is_taken_as_people_type_it(team, typed):
    app, ids = team
    day = TODAY - timedelta(days=5)
    at = dashboard()
    at.switch_page("app_pages/log_support.py").run()
    at.selectbox(key="log_kind").select("check_in")
    at.multiselect(key="log_members").select(ids["Sam Patel"])
    at.text_input(key="log_day").input(typed.format(d=day))
    next(b for b in at.button if b.label == "Log it").click().run()
    assert texts(at) == [f"Logged check in with Sam Patel on {shown(day)}."]
    [logged] = [e for _, e in app.read_log() if getattr(e, "kind", None) == "check_in"]
    assert logged.occurred_at.date() == day


def test_a_date_that_is_not_one_is_refused_under_the_date_in_plain_words(team):
    app, ids = team
    before = app.recorder.max_notification_id()
    at = dashboard()
    at.switch_page("app_pages/log_support.py").run()
    at.multiselect(key="log_members").select(ids["Sam Patel"])
    at.text_input(key="log_day").input("31/02/2026")
    next(b for b in at.button if b.label == "Log it").click().run()
    [error] = at.error
    assert error.value.replace("\\", "") == \
        "“31/02/2026” is not a day of the calendar: write it as 27/11/2026 or 2026-11-27."
    assert placed(at, error) == ("time_input", "Time")  # the date and time's place, not the members'
    assert app.recorder.max_notification_id() == before


def test_closed_days_take_typed_dates_and_a_bad_one_is_named(team):
    at = dashboard()
    at.switch_page("app_pages/goals_rules.py").run()
    closed = next(box for box in at.text_input if box.label.startswith("Closed days"))
    closed.input("25/12/2026, 2026-12-28")
    next(b for b in at.button if b.label == "Save rules").click().run()
    assert "Rules saved." in texts(at)
    closed = next(box for box in at.text_input if box.label.startswith("Closed days"))
    assert closed.value == "25 Dec 2026, 28 Dec 2026"  # shown the one way
    closed.input("25/12/2026, 32/12/2026")
    next(b for b in at.button if b.label == "Save rules").click().run()
    [error] = at.error
    assert error.value.replace("\\", "") == \
        "“32/12/2026” is not a day of the calendar: write it as 27/11/2026 or 2026-11-27."
    assert placed(at, error) == ("text_input", closed.label)


def test_refusals_are_plain_sentences_never_a_validators_words(team):
    app, ids = team
    app.log_support(LogSupport.parse(team_id=ids["team"], kind="check_in", members=[ids["Sam Patel"]],
                                     at=just_past(1)[0], logged_by="ann"))
    at = dashboard()
    at.switch_page("app_pages/log_support.py").run()
    at.selectbox(key="log_kind").select("check_in")
    next(b for b in at.button if b.label == "Log it").click().run()  # a check-in with no one
    said = texts(at)
    at.selectbox(key="entry_0").select_index(0).run()
    next(b for b in at.button if b.label == "Retract").click().run()  # no reason given
    said += texts(at)
    assert said == ["A check in needs at least one member.", "The reason is empty: write something here."]
    assert not [s for s in said if any(words in s for words in VALIDATOR_WORDS)]


def test_a_refused_goal_save_says_why_and_never_saved(team, monkeypatch):
    def refuse(*_):  # noqa: ANN002 (the application's arguments)
        raise Forbidden("user", "ann", "as a member may not set goals and gap rules")
    monkeypatch.setattr(SecureBase, "set_goal", refuse)
    at = dashboard()
    at.switch_page("app_pages/goals_rules.py").run()
    at.number_input[0].set_value(8)
    next(b for b in at.button if b.label == "Save goals").click().run()
    assert texts(at) == ["“ann”, as a member, may not set goals and gap rules."]


def test_the_gaps_page_puts_the_team_in_most_need_first_and_opens_it(team):
    app, ids = team
    add_team(app, "Able Team", ("Ola Berg", TODAY - timedelta(days=3)))  # first by name; nothing owed yet
    visit(app, ids, "Sam Patel", 30)
    visit(app, ids, "Jo Okoro", 9)
    at = dashboard()
    at.switch_page("app_pages/gaps.py").run()
    rows = at.dataframe[0].value
    assert list(rows["Team"]) == ["North Team", "Able Team"]
    north = rows.iloc[0]
    assert "2 debrief overdue" in north["By rule"]
    assert north["Oldest"].startswith("Sam Patel: debrief overdue (")
    assert north["Secure base now?"] == "✕ Not yet"  # a gap open more than two weeks; in words, not colour
    assert list(at.dataframe[1].value["Who"]) == ["Sam Patel", "Jo Okoro"]  # the open gaps, oldest first


def test_the_overview_answers_whether_the_team_is_a_secure_base_now(team):
    app, ids = team
    at = dashboard()
    assert [e.value.replace("\\", "") for e in at.success if "secure base right now" in e.value] == [
        "**Is North Team a secure base right now?** Yes: no open gaps; no goals set yet."]
    for domain in ("belonging", "sensitivity", "acceptance", "cooperation", "availability"):
        app.set_goal(SetGoal.parse(team_id=ids["team"], domain=domain, target=1, by="ann"))
    visit(app, ids, "Sam Patel", 30)
    at = dashboard()
    [answer] = [e.value.replace("\\", "") for e in at.error if "secure base right now" in e.value]
    assert answer.startswith("**Is North Team a secure base right now?** Not yet: ")
    assert "Sam Patel: debrief overdue" in answer


def test_my_digest_sets_where_and_how_often_and_previews_it(team):
    app, ids = team
    visit(app, ids, "Sam Patel", 9)
    at = dashboard()
    at.switch_page("app_pages/my_digest.py").run()
    next(box for box in at.text_input if box.label == "Send it to").input("ann@example.org")
    next(box for box in at.selectbox if box.label == "How often").set_value(Rhythm.DAILY)
    next(b for b in at.button if b.label == "Save").click().run()
    assert "Saved." in texts(at)
    account = app.directory().account("ann")
    assert (account.email, account.digest) == ("ann@example.org", "daily")
    [preview] = [e for e in at.main if e.type == "html"]
    assert "North Team" in preview.proto.body and "Sam Patel: debrief overdue" in preview.proto.body
    assert at.dataframe[0].value.to_dict("records") == [
        {"User": "ann", "Role": "manager", "Digest": "daily", "To": "ann@example.org"}]
