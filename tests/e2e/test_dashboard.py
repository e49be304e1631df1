"""The dashboard, page by page, through Streamlit's AppTest: it renders on demo data and on an
empty store, logging through the form shows at once, bad entries show the domain's message
beside the field and store nothing, corrections work, and "as of" shows the past."""

import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from domain.commands import JoinMember, LogSupport
from domain.dates import shown as shown_day
from domain.dates import shown_at
from domain.periods import period_of
from services.bootstrap import build_app, build_view
from services.demo import seed_demo
from services.reading import Reader
from tests.conftest import add_team
from tests.e2e.conftest import add_user, just_past

APP = str(Path(__file__).parents[2] / "dashboard" / "streamlit_app.py")
PAGES = ["app_pages/overview.py", "app_pages/log_support.py", "app_pages/gaps.py",
         "app_pages/people.py", "app_pages/goals_rules.py", "app_pages/history.py",
         "app_pages/import_records.py", "app_pages/ask.py", "app_pages/my_digest.py"]
TODAY = date.today()
JOINED = TODAY - timedelta(days=60)


@pytest.fixture
def store(sqlite_url, monkeypatch):
    monkeypatch.setenv("SECUREBASE_DB_URL", sqlite_url)
    monkeypatch.setenv("SECUREBASE_USER", "ann")
    return sqlite_url


@pytest.fixture
def team(store):
    app = build_app(store)
    ids = add_team(app, "North Team", ("Sam Patel", JOINED), ("Jo Okoro", TODAY - timedelta(days=3)))
    add_user(store, "ann")
    return app, ids


def dashboard(user: str = "ann") -> AppTest:
    """The dashboard with USER signed in."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["user"], at.session_state["seen"] = user, time.time()
    return at.run()


def placed(at: AppTest, message) -> tuple[str, str] | None:  # noqa: ANN001 (an element)
    """The field a message is shown under: the nearest field above it on the page."""
    field = None
    for node in at.main:
        if node is message:
            return field
        if node.type in FIELDS:
            field = (node.type, node.label)
    return None


FIELDS = {"selectbox", "multiselect", "text_input", "text_area", "time_input", "radio", "number_input"}


def sensitivity_card(at: AppTest) -> str:
    return at.metric[1].value


@pytest.mark.parametrize("seeded", [True, False], ids=["demo", "empty"])
def test_every_page_renders(store, seeded):
    if seeded:
        seed_demo(build_app(store))
    else:
        add_user(store, "ann")
    at = dashboard("manager" if seeded else "ann")
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert at.title, page
    if not seeded:
        assert "No teams yet" in at.sidebar.info[0].value


def test_logging_through_the_form_updates_the_overview(team):
    at = dashboard()
    assert sensitivity_card(at).startswith("0")
    at.switch_page("app_pages/log_support.py").run()
    form_kind = at.selectbox[0]
    form_kind.select_index(next(i for i, o in enumerate(form_kind.options) if "Check in" in o))
    at.multiselect[0].select(team[1]["Sam Patel"])
    at.text_area(key="log_note").input("after the court hearing")
    at.button[0].click().run()
    assert "Logged check in with Sam Patel" in at.success[0].value
    assert at.multiselect(key="log_members").value == [] and at.text_area(key="log_note").value == ""  # no habit
    at.switch_page("app_pages/overview.py").run()
    assert sensitivity_card(at).startswith("1")


def test_a_member_not_yet_on_the_team_is_refused_beside_the_field(team):
    app, ids = team
    at = dashboard()
    at.switch_page("app_pages/log_support.py").run()
    at.multiselect[0].select(ids["Jo Okoro"])
    at.text_input(key="log_day").input(f"{TODAY - timedelta(days=10):%d/%m/%Y}")
    at.button[0].click().run()
    [error] = at.error
    shown = error.value.replace("\\", "")  # names are escaped, shown as plain text
    assert shown == (f"“Jo Okoro” was not on North Team on {shown_day(TODAY - timedelta(days=10))} "
                     f"(joined on {shown_day(TODAY - timedelta(days=3))}).")
    assert placed(at, error) == ("multiselect", "Who took part")  # under the members, not the date
    assert not at.success
    assert app.recorder.max_notification_id() == 5  # the team, two joiners and ann: nothing logged


def test_amend_and_retract_act_on_the_entry_chosen_and_never_twice(team):
    app, ids = team
    moments = just_past(2)
    early, late = (f"{moment:%H:%M}" for moment in moments)
    for moment in moments:  # two similar check-ins: told apart by time and reference
        app.log_support(LogSupport.parse(team_id=ids["team"], kind="check_in", members=[ids["Sam Patel"]],
                                         at=moment, logged_by="ann"))
    at = dashboard()
    at.switch_page("app_pages/log_support.py").run()
    entry = at.selectbox(key="entry_0")
    assert entry.value is None and len(set(entry.options)) == 2  # nothing chosen until someone chooses
    entry.select(next(o for o in entry.options if late in o)).run()
    amend_kind = next(box for box in at.selectbox if box.label == "Kind")
    amend_kind.select_index(next(i for i, o in enumerate(amend_kind.options) if "Debrief" in o))
    next(b for b in at.button if b.label == "Save the correction").click().run()
    assert at.success[0].value.startswith("Corrected") and late in at.success[0].value.replace("\\", "")
    assert at.selectbox(key="entry_1").value is None  # the choice is cleared: nothing acts on it again
    assert not [b for b in at.button if b.label == "Retract"]
    at.switch_page("app_pages/overview.py").run()
    assert at.metric[2].value.startswith("1")  # acceptance now counts the debrief
    at.switch_page("app_pages/log_support.py").run()
    entry = at.selectbox(key="entry_1")
    entry.select(next(o for o in entry.options if early in o)).run()
    next(box for box in at.text_input if box.label == "Why is it being withdrawn?").input("logged twice")
    next(b for b in at.button if b.label == "Retract").click().run()
    assert at.success[0].value.startswith("Retracted") and early in at.success[0].value.replace("\\", "")
    assert [o for o in at.selectbox(key="entry_2").options if early in o] == []
    assert [o for o in at.selectbox(key="entry_2").options if late in o]  # the other entry still stands
    at.switch_page("app_pages/overview.py").run()
    assert [m.value[0] for m in at.metric] == ["0", "1", "1", "0", "0"]  # only the debrief counts


def test_as_of_shows_the_record_as_it_stood(team):
    app, ids = team
    app.log_support(LogSupport.parse(team_id=ids["team"], kind="check_in", members=[ids["Sam Patel"]],
                                     at=datetime.combine(TODAY, datetime.min.time()), logged_by="ann"))
    at = dashboard()
    assert sensitivity_card(at).startswith("1")
    at.sidebar.toggle[0].set_value(True).run()
    at.sidebar.text_input(key="as_of_day").input(f"{TODAY - timedelta(days=1):%d/%m/%Y}").run()
    assert "Historical view" in at.sidebar.warning[0].value
    assert at.selectbox[0].value == period_of(TODAY - timedelta(days=1), "month")
    assert sensitivity_card(at).startswith("0")


def test_the_history_filter_takes_what_is_typed_literally(team):
    app, ids = team
    app.log_support(LogSupport.parse(team_id=ids["team"], kind="check_in", members=[ids["Sam Patel"]],
                                     at=datetime.now() - timedelta(hours=1), logged_by="ann"))
    at = dashboard()
    at.switch_page("app_pages/history.py").run()
    who = lambda: next(box for box in at.text_input if box.label == "Who (part of a name)")  # noqa: E731
    who().input("Plain (").run()  # a regular expression would fail on it
    assert not at.exception
    counts = lambda: [c.value for c in at.caption if "records, newest first" in c.value]  # noqa: E731
    assert counts() == ["0 records, newest first. Corrections and retractions keep the original record."]
    who().input("patel").run()
    assert counts()[0].startswith("2 records")  # joining, and the check-in


def test_a_supervisor_marks_a_gap_not_applicable_then_reinstates_it(team):
    app, ids = team
    app.log_support(LogSupport.parse(team_id=ids["team"], kind="difficult_visit", members=[ids["Sam Patel"]],
                                     at=datetime.now() - timedelta(days=10), logged_by="ann"))
    at = dashboard()
    at.switch_page("app_pages/gaps.py").run()
    options = at.selectbox(key="decide_gap").options
    at.selectbox(key="decide_gap").select_index(next(i for i, o in enumerate(options) if "Debrief overdue" in o)).run()
    at.text_input(key="decide_reason").input("debriefed by the duty manager")
    at.button[0].click().run()  # the form's submit button comes first on the page
    said = [message.value.replace("\\", "") for message in at.success]  # shown as plain text
    assert any(m.startswith("Not applicable: North Team · Sam Patel · Debrief overdue") for m in said)
    closed = at.dataframe[-1].value
    [row] = closed[closed["Rule"] == "Debrief overdue"]["State"].tolist()
    assert row.startswith("not applicable from ") and row.endswith(": debriefed by the duty manager (ann)")
    assert not [o for o in at.selectbox(key="decide_gap").options if "Debrief overdue" in o]
    at.selectbox(key="reinstate_gap").select_index(0).run()
    at.button(key="reinstate").click().run()
    assert any(m.value.replace("\\", "").startswith("Reinstated: North Team · Sam Patel") for m in at.success)
    assert [o for o in at.selectbox(key="decide_gap").options if "Debrief overdue" in o]


def test_log_it_now_fills_in_a_debrief_for_the_visit_due_soon(team):
    app, ids = team
    visit = LogSupport.parse(team_id=ids["team"], kind="difficult_visit", members=[ids["Sam Patel"]],
                             at=datetime.combine(TODAY, datetime.min.time()), logged_by="ann")
    app.log_support(visit)
    at = dashboard()
    at.switch_page("app_pages/log_support.py").run()
    assert "Due soon" in [h.value for h in at.header]
    [log_it] = [b for b in at.button if b.label == "Log it now"]
    log_it.click().run()
    assert at.selectbox(key="log_kind").value == "debrief"
    assert at.multiselect(key="log_members").value == [ids["Sam Patel"]]
    next(b for b in at.button if b.label == "Log it").click().run()
    assert not at.exception
    assert "Logged debrief with Sam Patel" in at.success[0].value
    assert not [b for b in at.button if b.label == "Log it now"]  # nothing due soon any more
    view = build_view(app)
    view.catch_up()
    [debrief] = [i for i in Reader(app, view, None).history(Reader.ref(app.team(ids["team"]))) if i.what == "debrief"]
    assert app.entry(debrief.entry_id).regarding == visit.entry_id


@pytest.mark.parametrize("page, what", [("log_support", "log or correct support"),
                                        ("goals_rules", "set goals or gap rules"), ("import_records", "import")])
def test_pages_that_write_do_not_while_looking_back(team, page, what):
    at = dashboard()
    at.toggle(key="look_back").set_value(True).run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception and [b.label for b in at.button] == ["Sign out"] and not at.get("file_uploader")
    [shown] = [i.value for i in at.info if "looking back" in i.value]
    assert shown.startswith(f"You are looking back to {shown_day(TODAY)}. To {what}, switch off")


def test_amend_can_change_when_and_who(team):
    app, ids = team
    app.log_support(LogSupport.parse(team_id=ids["team"], kind="check_in", members=[ids["Sam Patel"]],
                                     at=just_past(1)[0], logged_by="ann"))
    at = dashboard()
    at.switch_page("app_pages/log_support.py").run()
    at.selectbox(key="entry_0").select_index(0).run()
    ref = at.selectbox(key="entry_0").value
    at.multiselect(key=f"amend_members/{ref}").unselect(ids["Sam Patel"]).select(ids["Jo Okoro"])
    at.text_input(key=f"amend_day/{ref}").input(f"{TODAY - timedelta(days=1):%Y-%m-%d}")
    next(b for b in at.button if b.label == "Save the correction").click().run()
    assert at.success[0].value.startswith("Corrected"), [e.value for e in at.error]
    [item] = [e for e in Reader(app, build_view(app), None).history(Reader.ref(app.team(ids["team"]))) if e.ref]
    assert (item.when.date(), item.members) == (TODAY - timedelta(days=1), ["Jo Okoro"])


def test_the_entries_to_correct_are_the_fifteen_latest_however_many_joined_since(team):
    app, ids = team
    first = datetime.combine(JOINED, datetime.min.time()).replace(hour=9)
    app.log_many([LogSupport.parse(team_id=ids["team"], kind="check_in", members=[ids["Sam Patel"]],
                                   at=first + timedelta(hours=n), logged_by="ann") for n in range(20)])
    for n in range(30):  # joiners newer than every entry: they take no place in the list
        app.join_member(JoinMember.parse(team_id=ids["team"], name=f"Joiner {chr(65 + n // 26)}{chr(65 + n % 26)}",
                                         joined_on=TODAY - timedelta(days=1), by="ann"))
    at = dashboard()
    at.switch_page("app_pages/log_support.py").run()
    latest = at.dataframe[0].value
    assert len(latest) == 15 and set(latest["Kind"]) == {"Check in"}
    assert latest["When"][0] == shown_at(first + timedelta(hours=19))  # newest first
    assert len(at.selectbox(key="entry_0").options) == 15


def test_a_count_the_same_as_before_says_so_without_an_arrow(team):
    at = dashboard()
    assert len(at.metric) == 5 and all(m.delta.startswith("same as ") for m in at.metric)  # none either side
