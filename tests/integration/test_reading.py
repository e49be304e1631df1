"""The one reading door, walked for every role: each public query of the Reader, on the user's own
team and on another team, allowed or refused as the role says; what is allowed is scoped and
redacted (a member sees no notes, no gaps, no one else's timeline)."""

import inspect
import io
from datetime import date, timedelta

import pytest

from domain.access import Action
from domain.commands import AddUser, LogSupport
from domain.errors import Forbidden, NotFound
from services.auth import hash_password
from services.bootstrap import build_view
from services.reading import Reader, reader_for
from tests.conftest import NOW, add_team

HELPERS = {"may", "check", "ref", "sees_timeline", "who"}  # answer questions, read nothing


@pytest.fixture
def store(app):
    north = add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)), ("Jo Okoro", date(2026, 1, 5)))
    south = add_team(app, "South Team", ("Ola Berg", date(2026, 1, 5)))
    hashed = hash_password("correct horse battery")
    app.add_user(AddUser.parse(name="boss", role="manager", password_hash=hashed))
    app.add_user(AddUser.parse(name="sue", role="supervisor", teams=[north["team"]], password_hash=hashed, by="boss"))
    app.add_user(AddUser.parse(name="sam", role="member", teams=[north["team"]], member_id=north["Sam Patel"],
                               password_hash=hashed, by="boss"))
    entries = {}
    for team, who, by in ((north, "Jo Okoro", "sue"), (north, "Sam Patel", "sue"), (south, "Ola Berg", "boss")):
        cmd = LogSupport.parse(team_id=team["team"], kind="check_in", members=[team[who]], at=NOW,
                               note=f"how {who} is doing", logged_by=by)
        app.log_support(cmd)
        entries[who] = cmd.entry_id
    for team, who in ((north, "Jo Okoro"), (south, "Ola Berg")):  # a debrief owed in each team
        app.log_support(LogSupport.parse(team_id=team["team"], kind="difficult_visit", members=[team[who]],
                                         at=NOW - timedelta(days=10), logged_by="boss"))
    view = build_view(app)
    view.catch_up()
    return app, view, north, south, entries


def calls(store):
    """Each public query, called on North Team (the users' own) and South Team (another)."""
    app, _, north, south, entries = store
    n, s = Reader.ref(app.team(north["team"])), Reader.ref(app.team(south["team"]))
    return {
        "teams": {"": lambda r: r.teams()},
        "team": {"north": lambda r: r.team("North Team"), "south": lambda r: r.team("South Team")},
        "entry": {"north": lambda r: r.entry(entries["Jo Okoro"].hex[:8]),
                  "south": lambda r: r.entry(entries["Ola Berg"].hex[:8])},
        "summary": {"north": lambda r: r.summary(n, "2026-06"), "south": lambda r: r.summary(s, "2026-06")},
        "trend": {"north": lambda r: r.trend(n, "2026-06"), "south": lambda r: r.trend(s, "2026-06")},
        "goals": {"north": lambda r: r.goals(n), "south": lambda r: r.goals(s)},
        "rules": {"north": lambda r: r.rules(n), "south": lambda r: r.rules(s)},
        "roster": {"north": lambda r: r.roster(n), "south": lambda r: r.roster(s)},
        "timeline": {"own": lambda r: r.timeline(n, north["Sam Patel"]),
                     "colleague": lambda r: r.timeline(n, north["Jo Okoro"]),
                     "south": lambda r: r.timeline(s, south["Ola Berg"]),
                     "south member through own team": lambda r: r.timeline(n, south["Ola Berg"])},
        "gaps": {"all visible": lambda r: r.gaps(None, NOW.date()), "north": lambda r: r.gaps([n], NOW.date()),
                 "south": lambda r: r.gaps([s], NOW.date()), "none": lambda r: r.gaps([], NOW.date())},
        "due_soon": {"all visible": lambda r: r.due_soon(None, NOW.date()),
                     "north": lambda r: r.due_soon([n], NOW.date()),
                     "south": lambda r: r.due_soon([s], NOW.date()), "none": lambda r: r.due_soon([], NOW.date())},
        "history": {"north": lambda r: r.history(n), "south": lambda r: r.history(s)},
        "latest_entries": {"north": lambda r: r.latest_entries(n, 15), "south": lambda r: r.latest_entries(s, 15)},
        "pulse": {"north": lambda r: r.pulse(n), "south": lambda r: r.pulse(s)},
        "awaiting_debrief": {"north": lambda r: r.awaiting_debrief(n, NOW.date()),
                             "south": lambda r: r.awaiting_debrief(s, NOW.date())},
        "gap": {"north": lambda r: r.gap(gap_refs(r, "Jo Okoro")), "south": lambda r: r.gap(gap_refs(r, "Ola Berg"))},
        "users": {"": lambda r: r.users()},
        "person": {"north": lambda r: r.person(app.team(north["team"]), north["Sam Patel"])},
        "export": {"": lambda r: r.export(io.StringIO())},
        "status": {"": lambda r: r.status()},
    }


def gap_refs(reader, who: str) -> str:
    """The reference of the debrief owed for WHO, found as a manager would."""
    boss = reader_for(reader.app, reader.view, "boss")
    return next(g.ref for g in boss.gaps(None, NOW.date()) if g.member == who and g.rule == "debrief_overdue")


# Who may call what: "all" for the three of them, else the names allowed.
ALLOWED = {
    ("teams", ""): "all", ("team", "north"): "all", ("team", "south"): {"boss"},
    ("entry", "north"): {"boss", "sue"}, ("entry", "south"): {"boss"},
    **{(q, "north"): "all" for q in ("summary", "trend", "goals", "rules", "roster")},
    **{(q, "south"): {"boss"} for q in ("summary", "trend", "goals", "rules", "roster", "history", "latest_entries")},
    ("timeline", "own"): "all", ("timeline", "colleague"): {"boss", "sue"}, ("timeline", "south"): {"boss"},
    ("timeline", "south member through own team"): {"boss", "sue"},  # allowed, and empty: see below
    ("gaps", "all visible"): "all", ("gaps", "north"): {"boss", "sue"}, ("gaps", "south"): {"boss"},
    ("gaps", "none"): "all", ("history", "north"): {"boss", "sue"}, ("latest_entries", "north"): {"boss", "sue"},
    ("pulse", "north"): "all", ("pulse", "south"): {"boss"},
    ("awaiting_debrief", "north"): {"boss", "sue"}, ("awaiting_debrief", "south"): {"boss"},
    ("due_soon", "all visible"): "all", ("due_soon", "north"): {"boss", "sue"}, ("due_soon", "south"): {"boss"},
    ("due_soon", "none"): "all",
    ("gap", "north"): {"boss", "sue"}, ("gap", "south"): {"boss"},
    ("users", ""): {"boss"}, ("person", "north"): {"boss"}, ("export", ""): {"boss"}, ("status", ""): {"boss"},
}


def test_every_public_query_is_in_the_matrix(store):
    public = {name for name, _ in inspect.getmembers(Reader, inspect.isfunction) if not name.startswith("_")}
    assert public - HELPERS == set(calls(store))
    assert {(query, case) for query, cases in calls(store).items() for case in cases} == set(ALLOWED)


@pytest.mark.parametrize("user", ["boss", "sue", "sam"])
def test_each_role_reads_only_what_it_may(store, user):
    app, view, *_ = store
    reader = reader_for(app, view, user)
    for query, cases in calls(store).items():
        for case, call in cases.items():
            allowed = ALLOWED[(query, case)]
            if allowed == "all" or user in allowed:
                call(reader)  # raises if refused
            else:
                with pytest.raises((Forbidden, NotFound)):
                    call(reader)


def test_what_is_allowed_is_scoped_and_redacted(store):
    app, view, north, south, entries = store
    boss, sue, sam = (reader_for(app, view, name) for name in ("boss", "sue", "sam"))
    n = Reader.ref(app.team(north["team"]))
    assert [t.name for t in boss.teams()] == ["North Team", "South Team"]
    assert [t.name for t in sue.teams()] == [t.name for t in sam.teams()] == ["North Team"]
    # A member sees their own timeline without notes, and no gaps at all.
    assert [i.note for i in sam.timeline(n, north["Sam Patel"])] == [None]
    assert [i.note for i in sue.timeline(n, north["Sam Patel"])] == ["how Sam Patel is doing"]
    assert sam.gaps(None, NOW.date()) == [] and not sam.teams(Action.SEE_NOTES)
    assert sam.due_soon(None, NOW.date()) == []
    # The visit a debrief logged now can follow, with whose it is (opened for the supervisor).
    [visit] = sue.awaiting_debrief(n, NOW.date())
    assert (visit.member, visit.day, app.entry(visit.entry_id).kind) == (
        "Jo Okoro", (NOW - timedelta(days=10)).date(), "difficult_visit")
    assert {g.team for g in sue.gaps(None, NOW.date())} <= {"North Team"}
    assert {g.team for g in boss.gaps(None, NOW.date())} == {"North Team", "South Team"}
    # A colleague's inductions and check-ins are not a member's to see; names are.
    roster = {m.name: m for m in sam.roster(n)}
    assert roster["Jo Okoro"].last_check_in is None and roster["Sam Patel"].last_check_in == NOW.date()
    # Another team's member is not read through one's own team.
    assert sue.timeline(n, south["Ola Berg"]) == []
    # Who logged shows the user's name, not the id the log records.
    assert {i.by for i in sue.history(n) if i.ref} == {"sue", "boss"}


def test_an_empty_scope_means_nothing(store):
    app, view, *_ = store
    assert reader_for(app, view, "boss").gaps([], NOW.date()) == []


def test_another_team_is_refused_as_if_it_did_not_exist(store):
    app, view, *_ = store
    sue = reader_for(app, view, "sue")
    with pytest.raises(NotFound) as other:
        sue.team("South Team")
    with pytest.raises(NotFound) as missing:
        sue.team("No Such Team")
    assert str(other.value).replace("South Team", "X") == str(missing.value).replace("No Such Team", "X")
