"""Deciding about a gap: not applicable with a reason, snoozed until a day, undone by
reinstating; each decision an event by a named user, kept per gap, role-checked."""

from datetime import date

import pytest

from domain.commands import AddUser, DecideGap
from domain.decisions import Decision, GapDecision
from domain.errors import Conflict, Forbidden, InvalidInput
from projections import tables as t
from services.auth import hash_password
from services.bootstrap import build_view
from tests.conftest import NOW, add_team

KEY = "missing_induction/sam/2026-01-05"


def decide(app, team_id, decision, by="ann", **fields):
    return app.decide_gap(DecideGap.parse(team_id=team_id, gap_key=KEY, decision=decision, by=by, **fields))


def test_a_gap_is_dismissed_snoozed_and_reinstated_with_its_trail_kept(app):
    ids = add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)))
    decide(app, ids["team"], "not applicable", reason="inducted by the previous team")
    decide(app, ids["team"], "reinstated")
    decide(app, ids["team"], "snoozed", until="2026-07-01", reason="back from leave then")
    gap = app.repository.get(GapDecision.create_id(ids["team"], KEY))
    assert (gap.decision, gap.until, gap.reason) == (Decision.SNOOZED, date(2026, 7, 1), "back from leave then")
    view = build_view(app)
    view.catch_up()
    with view.engine.connect() as connection:
        trail = connection.execute(t.gap_decisions.select().order_by(t.gap_decisions.c.version)).all()
    assert [(row.decision, row.reason) for row in trail] == [
        ("not applicable", "inducted by the previous team"), ("reinstated", ""), ("snoozed", "back from leave then")]


def test_what_cannot_be_decided_is_refused_and_nothing_is_written(app):
    ids = add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)))
    before = app.recorder.max_notification_id()
    with pytest.raises(InvalidInput, match="say why the rule does not apply"):
        decide(app, ids["team"], "not applicable")
    with pytest.raises(InvalidInput, match="snooze until a day after today"):
        decide(app, ids["team"], "snoozed", until=NOW.date().isoformat())
    with pytest.raises(Conflict, match="nothing to undo"):
        decide(app, ids["team"], "reinstated")
    assert app.recorder.max_notification_id() == before
    decide(app, ids["team"], "not applicable", reason="agency worker")
    with pytest.raises(Conflict, match="was already marked not applicable"):
        decide(app, ids["team"], "not applicable", reason="again")


def test_only_the_team_s_supervisors_and_managers_decide(app):
    ids = add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)))
    other = add_team(app, "South Team")
    hashed = hash_password("correct horse battery")
    app.add_user(AddUser.parse(name="ann", role="manager", password_hash=hashed))
    app.add_user(AddUser.parse(name="sue", role="supervisor", teams=[other["team"]], password_hash=hashed, by="ann"))
    app.add_user(AddUser.parse(name="sam", role="member", teams=[ids["team"]], member_id=ids["Sam Patel"],
                               password_hash=hashed, by="ann"))
    for user in ("sue", "sam"):
        with pytest.raises(Forbidden, match="may not dismiss, snooze or reinstate gaps for North Team"):
            decide(app, ids["team"], "not applicable", by=user, reason="no")
    decide(app, ids["team"], "not applicable", by="ann", reason="agency worker")


def test_a_dismissed_gap_closes_saying_why_and_a_snoozed_one_comes_back_on_its_day(make_app):
    from datetime import datetime, time, timedelta

    from domain.commands import LogSupport
    from services.reading import Reader
    moment = [NOW]
    app = make_app(clock=lambda: moment[0])
    ids = add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)), ("Jo Okoro", date(2026, 1, 5)))
    for who in ("Sam Patel", "Jo Okoro"):  # a debrief owed for each
        app.log_support(LogSupport.parse(team_id=ids["team"], kind="difficult_visit", members=[ids[who]],
                                         at=NOW - timedelta(days=10), logged_by="ann"))
    view = build_view(app)
    view.catch_up()
    read = Reader(app, view, None)
    debriefs = {g.member: g for g in read.gaps(None, NOW.date()) if g.rule == "debrief_overdue"}
    sam, jo = debriefs["Sam Patel"], debriefs["Jo Okoro"]
    assert read.gap(sam.ref.upper(), NOW.date()) == sam  # found by its reference
    app.decide_gap(DecideGap.parse(team_id=ids["team"], gap_key=sam.key, decision="not applicable",
                                   reason="debriefed by the duty manager", by="ann"))
    app.decide_gap(DecideGap.parse(team_id=ids["team"], gap_key=jo.key, decision="snoozed",
                                   until=NOW.date() + timedelta(days=3), by="ann"))
    view.catch_up()
    assert [g.member for g in read.gaps(None, NOW.date()) if g.rule == "debrief_overdue"] == []
    [closed] = [g for g in read.gaps(None, NOW.date(), "closed") if g.member == "Sam Patel"]
    assert (closed.closed_how, closed.decided_because, closed.decided_by) == (
        "not applicable", "debriefed by the duty manager", "ann")
    later = NOW.date() + timedelta(days=3)
    moment[0] = datetime.combine(later, time(12))
    assert [g.member for g in read.gaps(None, later) if g.rule == "debrief_overdue"] == ["Jo Okoro"]
    app.decide_gap(DecideGap.parse(team_id=ids["team"], gap_key=sam.key, decision="reinstated", by="ann"))
    view.catch_up()
    assert sorted(g.member for g in read.gaps(None, later) if g.rule == "debrief_overdue") == ["Jo Okoro", "Sam Patel"]
