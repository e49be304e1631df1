"""For any valid run of logging, amending and retracting, with catch-ups at random moments, the
incremental read models equal a rebuild, and both equal counts folded in plain Python from the
event list, today and as of every day in between. And, with members leaving, going on leave and
coming back, goals and gap rules set along the way, and catch-ups at random moments, the gaps
and the support due soon found through the obligations read model (which works out again only
what each page can change) equal the rules applied to the whole event list, and a rebuild."""

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from domain import gaps as rules
from domain.catalogue import KINDS, Domain, Mode
from domain.commands import LogSupport, MemberDated, Retract, SetGoal, SetRules
from domain.errors import SecureBaseError
from domain.gaps import Happening
from domain.periods import period_of
from domain.support import SupportEntry
from domain.team import Team
from projections import queries
from projections.lookups import activity_counts
from services.bootstrap import build_app, build_view
from tests.conftest import BACKENDS, add_team, fresh_url
from tests.integration.conftest import Clock
from tests.integration.test_projections import snapshot

pytestmark = pytest.mark.slow  # fuzzers, property tests and the browser: `pytest -m 'not slow'` skips them

START = date(2026, 3, 2)
steps = st.lists(st.tuples(
    st.sampled_from(["log", "log", "amend", "retract"]), st.sampled_from(sorted(KINDS)),
    st.integers(0, 40), st.sampled_from(list(Mode)), st.integers(0, 30), st.booleans(),
    st.integers(0, 2)), max_size=30)


def folded_counts(events, as_of: date) -> Counter:
    """Activity by (month, domain, mode) from the entries as they stood at the end of `as_of`."""
    entries = {}
    for event in events:
        if event.timestamp.astimezone().date() > as_of:
            continue
        if isinstance(event, (SupportEntry.Logged, SupportEntry.Amended)):
            entries[event.originator_id] = (event.kind, event.occurred_at, event.mode)
        elif isinstance(event, SupportEntry.Retracted):
            del entries[event.originator_id]
    return Counter((period_of(at.date(), "month"), d.value, mode)
                   for kind, at, mode in entries.values() for d in KINDS[kind].domains)


def stored_counts(view, team_id, as_of: date | None) -> Counter:
    periods = [period_of(START + timedelta(days=n), "month") for n in range(0, 75, 10)]
    with view.engine.connect() as connection:
        found = activity_counts(connection, [team_id], sorted(set(periods)), as_of)
    return Counter({(period, domain, mode): n for (_, period, domain), modes in found.items()
                    for mode, n in modes.items()})


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(run=steps)
def test_incremental_equals_rebuild_equals_plain_python(backend, run):
    clock = Clock(datetime.combine(START, datetime.min.time()))
    app = build_app(fresh_url(backend), clock=clock)
    view = build_view(app)
    ids = add_team(app, "North Team", ("Sam Patel", START), ("Jo Okoro", START))
    logged = []
    for step, kind, day, mode, later, catch_up, who in run:
        clock.moment = max(clock.moment, datetime.combine(START + timedelta(days=day + later), datetime.min.time()))
        people = [ids[p] for p in (["Sam Patel"], ["Jo Okoro"], ["Sam Patel", "Jo Okoro"])[who]]
        try:
            if step == "log" or not logged:
                cmd = LogSupport.parse(team_id=ids["team"], kind=kind, members=people, mode=mode,
                                       at=datetime.combine(START + timedelta(days=day), datetime.min.time()),
                                       logged_by="ann")
                app.log_support(cmd)
                logged.append(cmd.entry_id)
            elif step == "amend":
                app.amend(logged[day % len(logged)], "bea", kind=kind, mode=mode, members=people)
            else:
                app.retract(Retract.parse(entry_id=logged[day % len(logged)], reason="error", by="bea"))
        except SecureBaseError:
            pass
        if catch_up:
            view.catch_up(page_size=3)
    view.catch_up(page_size=3)
    events = [event for _, event in app.read_log()]
    incremental = snapshot(view)
    for offset in range(0, 75, 7):
        as_of = START + timedelta(days=offset)
        assert stored_counts(view, ids["team"], as_of) == folded_counts(events, as_of)
    view.rebuild()
    assert snapshot(view) == incremental
    app.close()


lives = st.lists(st.tuples(
    st.sampled_from(["log", "log", "log", "amend", "retract", "leave", "return", "left", "goal", "rules"]),
    st.sampled_from(sorted(KINDS)), st.integers(0, 60), st.sampled_from(list(Mode)), st.integers(0, 20),
    st.integers(0, 2), st.booleans()), max_size=40)
THRESHOLDS = [rule for rule in rules.Rule if rules.RULES[rule].default]


def folded(events, as_of: date):
    """The team's records on record at the end of `as_of`, folded in plain Python from every event:
    when it went on record, each member's record, each domain's changes in count, the goals and
    the gap rules' settings."""
    began, members, entries, goals = None, {}, {}, defaultdict(list)
    settings = rules.DEFAULTS
    changes = defaultdict(list)  # domain -> [(day it happened, day recorded, change)]
    for event in events:
        day = event.timestamp.astimezone().date()
        if day > as_of:
            continue
        if isinstance(event, Team.Created):
            began = Happening(rules.BEGAN, day, day)
        elif isinstance(event, Team.MemberJoined):
            members[event.member_id] = [Happening(rules.JOINED, event.joined_on, day)]
        elif isinstance(event, (Team.MemberLeft, Team.LeaveStarted, Team.MemberReturned)):
            step, on = {Team.MemberLeft: (rules.LEFT, "left_on"),
                        Team.LeaveStarted: (rules.LEAVE_STARTED, "starts_on"),
                        Team.MemberReturned: (rules.RETURNED, "returned_on")}[type(event)]
            members[event.member_id].append(Happening(step, getattr(event, on), day))
        elif isinstance(event, Team.GoalSet):
            goals[event.domain].append((day, event.target, event.per))
        elif isinstance(event, Team.RulesSet):
            settings = rules.Settings(dict(rules.DEFAULTS.thresholds) | {rules.Rule(r): n for r, n in
                                                                         event.thresholds.items()},
                                      frozenset(event.closed_days))
        elif isinstance(event, (SupportEntry.Logged, SupportEntry.Amended, SupportEntry.Retracted)):
            old = entries.pop(event.originator_id, None)
            for domain in KINDS[old[0]].domains if old else ():
                changes[domain.value].append((old[1], day, -1))
            if not isinstance(event, SupportEntry.Retracted):
                kept = old[2] if old and old[0] == event.kind else {}  # first recorded with this kind
                entries[event.originator_id] = (event.kind, event.occurred_at.date(),
                                                {m: kept.get(m, day) for m in event.member_ids})
                for domain in KINDS[event.kind].domains:
                    changes[domain.value].append((event.occurred_at.date(), day, +1))
    for kind, occurred, people in entries.values():
        for member_id, recorded in people.items():
            if kind in rules.MEMBER_KINDS:
                members[member_id].append(Happening(kind, occurred, recorded))
    return began, members, changes, goals, settings


def folded_gaps(events, as_of: date, since: date) -> list[tuple]:
    """The gaps open at the end of `as_of` or closed since `since`, by the rules applied to every
    event on record by then."""
    began, members, changes, goals, settings = folded(events, as_of)
    team = "team"
    found = [g for member_id, record in members.items()
             for g in rules.member_gaps([began, *record], settings, as_of, team, member_id)]
    joins = [h for record in members.values() for h in record if h.kind == rules.JOINED]
    for domain in Domain:
        counts = [c for c in changes[domain.value] if c[0] <= as_of]
        found += rules.quiet_gaps([began, *joins, *active_days(counts)], settings, as_of, team, domain.value)
        found += rules.goal_gaps(goals[domain.value], counts, as_of, since, team, domain.value)
    return sorted(as_tuple(g) for g in rules.one_gap_per_condition(found)
                  if g.closed_on is None or g.closed_on >= since)


def folded_due_soon(events, as_of: date) -> list[tuple]:
    began, members, _, _, settings = folded(events, as_of)
    return sorted((d.rule, str(d.member_id), d.subject, d.due_on, d.owed_from) for member_id, record in members.items()
                  for d in rules.due_soon([began, *record], settings, as_of, "team", member_id))


def active_days(counts) -> list[Happening]:
    """Days with activity at the end, each on record from when its count at the end of a day
    last went above nothing."""
    by_day = defaultdict(Counter)
    for happened, recorded, change in counts:
        by_day[happened][recorded] += change
    found = []
    for day, net in by_day.items():
        changes = sorted(net.items())
        running = [sum(c for _, c in changes[:i + 1]) for i in range(len(changes))]
        if running[-1] > 0:
            last_nothing = max((i for i, n in enumerate(running) if n <= 0), default=-1)
            found.append(Happening(rules.ACTIVITY, day, changes[last_nothing + 1][0]))
    return found


def as_tuple(gap) -> tuple:
    return (gap.rule, str(gap.member_id), gap.domain and str(gap.domain), gap.subject, gap.due_on,
            gap.opened_on, gap.closed_on, gap.closed_how, tuple(gap.also))


def _quiet(day: int = 0, kind: str = "availability_signalled", later: int = 0, catch_up: bool = False) -> tuple:
    return ("log", kind, day, Mode.IN_PERSON, later, 0, catch_up)


# An induction (belonging, co-operation) on day 14 is amended on day 71 to a kind outside
# co-operation, then, on a later page of that same day, to one inside it: at the end of day 71
# the day's co-operation activity is on record from day 14 again, and so the quiet spell it ended.
AMENDED_TWICE = [_quiet(), _quiet(), _quiet(14, "induction"), *[_quiet()] * 6, _quiet(47, "thinking_together"),
                 *[_quiet()] * 9, _quiet(58, later=13), ("amend", "availability_signalled", 2, Mode.IN_PERSON, 0, 0, False),
                 _quiet(catch_up=True), ("amend", "graded_challenge", 2, Mode.IN_PERSON, 0, 0, False)]


# Jo goes on leave (read on one page), comes back on day 56, and goes on leave again (both read on
# the next page): the return is the earlier leave's, not the new one's. Dated day 0, the new leave
# would overlap the first: refused.
OVERLAPPING_LEAVE = [_quiet(), _quiet(), ("leave", "availability_signalled", 0, Mode.IN_PERSON, 18, 1, False),
                     ("return", "availability_signalled", 56, Mode.IN_PERSON, 0, 1, False),
                     ("leave", "availability_signalled", 0, Mode.IN_PERSON, 18, 1, False)]


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(run=lives)
@example(run=AMENDED_TWICE)
@example(run=[*OVERLAPPING_LEAVE[:-1], ("leave", "availability_signalled", 60, Mode.IN_PERSON, 0, 1, False)])
@example(run=OVERLAPPING_LEAVE)
def test_gaps_through_the_read_models_equal_the_rules_applied_to_every_event(backend, run):
    clock = Clock(datetime.combine(START, datetime.min.time()))
    app = build_app(fresh_url(backend), clock=clock)
    view = build_view(app)
    # Old Hand was on the team before it went on record: owed no welcome, checked in from then.
    ids = add_team(app, "North Team", ("Sam Patel", START), ("Jo Okoro", START), ("Old Hand", START - timedelta(days=90)))
    logged = []
    for step, kind, day, mode, later, who, catch_up in run:
        on = START + timedelta(days=day)
        clock.moment = max(clock.moment, datetime.combine(on + timedelta(days=later), datetime.min.time()))
        people = [ids[p] for p in (["Sam Patel"], ["Jo Okoro", "Old Hand"], ["Old Hand"])[who]]
        dated = MemberDated.parse(team_id=ids["team"], member_id=people[0], on=min(on, clock.moment.date()))
        try:
            if step == "log" or (step in ("amend", "retract") and not logged):
                cmd = LogSupport.parse(team_id=ids["team"], kind=kind, members=people, mode=mode, logged_by="ann",
                                       at=datetime.combine(on, datetime.min.time()))
                app.log_support(cmd)
                logged.append(cmd.entry_id)
            elif step == "amend":
                app.amend(logged[day % len(logged)], "bea", kind=kind, mode=mode, members=people)
            elif step == "retract":
                app.retract(Retract.parse(entry_id=logged[day % len(logged)], reason="error", by="bea"))
            elif step == "goal":
                app.set_goal(SetGoal.parse(team_id=ids["team"], domain=KINDS[kind].primary or "belonging",
                                           target=later % 12, per="week" if mode == Mode.ONLINE else "month"))
            elif step == "rules":
                app.set_rules(SetRules.parse(team_id=ids["team"], thresholds={THRESHOLDS[day % len(THRESHOLDS)]: later + 1},
                                             closed_days=[on] if mode == Mode.ONLINE else None))
            else:
                {"leave": app.leave_started, "return": app.member_returned, "left": app.member_left}[step](dated)
        except SecureBaseError:
            pass
        if catch_up:
            view.catch_up(page_size=4)
    view.catch_up(page_size=7)
    events = [event for _, event in app.read_log()]
    for offset in range(0, 100, 9):
        as_of = START + timedelta(days=offset)
        for lookback in (5, 30, 180):
            found = queries.gaps(view.engine, [ids["team"]], as_of, "all", lookback)
            assert sorted(map(as_tuple, found)) == folded_gaps(events, as_of, as_of - timedelta(days=lookback))
        due = queries.due_soon(view.engine, [ids["team"]], as_of)
        assert sorted((d.rule, str(d.member_id), d.subject, d.due_on, d.owed_from) for d in due) == \
            folded_due_soon(events, as_of)
    incremental = snapshot(view)
    view.rebuild()
    assert snapshot(view) == incremental
    app.close()
