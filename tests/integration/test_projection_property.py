"""For any valid run of logging, amending and retracting, with catch-ups at random moments, the
incremental read models equal a rebuild, and both equal counts folded in plain Python from the
event list, today and as of every day in between."""

from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.catalogue import KINDS, Mode
from domain.commands import LogSupport, Retract
from domain.errors import SecureBaseError
from domain.periods import period_of
from domain.support import SupportEntry
from projections.lookups import activity_counts
from services.bootstrap import build_app, build_view
from tests.conftest import BACKENDS, add_team, fresh_url
from tests.integration.conftest import Clock
from tests.integration.test_projections import snapshot

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
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
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
