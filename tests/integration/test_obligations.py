"""The obligations read model as a manager's question meets it: each obligation is a row that
says when it falls due, when it was met and how it closed, with a new version from the day its
record changed, so "open as of a day" is an indexed query, not a replay; and a new event works
out again only the records it touched."""

import sqlite3
from datetime import date

import pytest
from sqlalchemy import event, select

from domain.gaps import Rule
from projections import tables as t
from projections.gap_finder import find_gaps
from tests.conftest import add_team
from tests.integration import test_gaps
from tests.integration.test_gaps import MON, log

team = test_gaps.team  # Sam Patel joined North Team on a Monday


def versions(view, rule: Rule) -> list[tuple]:
    view.catch_up()
    o = t.obligations
    with view.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(
            select(o.c.due_on, o.c.met_on, o.c.opens_on, o.c.closes_on, o.c.closed_how, o.c.valid_from, o.c.valid_to)
            .where(o.c.rule == rule.value).order_by(o.c.valid_from))]


def test_an_induction_logged_late_closes_the_obligation_in_a_new_version(team, clock):
    app, view, ids = team
    due = date(2026, 1, 19)
    assert versions(view, Rule.MISSING_INDUCTION) == [(due, None, date(2026, 1, 20), None, None, MON, None)]
    clock.on(date(2026, 1, 26))
    log(app, ids, "induction", date(2026, 1, 22), "Sam Patel")
    late = date(2026, 1, 26)
    assert versions(view, Rule.MISSING_INDUCTION) == [
        (due, None, date(2026, 1, 20), None, None, MON, late),  # as it stood until the 26th
        (due, late, date(2026, 1, 20), late, "support", late, None)]


def test_logging_support_for_one_member_leaves_the_others_obligations_as_they_were(world, clock):
    app, view = world
    clock.on(MON, 9)
    ids = add_team(app, "South Team", ("Ann Lee", MON), ("Bo Chen", MON))
    clock.on(MON)
    view.catch_up()
    o = t.obligations
    with view.engine.connect() as connection:
        before = connection.execute(select(o.c.id).where(o.c.member_id == ids["Bo Chen"])).scalars().all()
    clock.on(date(2026, 1, 7))
    log(app, ids, "check_in", date(2026, 1, 7), "Ann Lee")
    view.catch_up()
    with view.engine.connect() as connection:
        after = connection.execute(select(o.c.id, o.c.valid_to).where(o.c.member_id == ids["Bo Chen"])).all()
        ann = connection.execute(select(o.c.rule).where(o.c.member_id == ids["Ann Lee"], o.c.valid_from ==
                                                        date(2026, 1, 7))).scalars().all()
    assert sorted(before) == sorted(i for i, _ in after) and all(to is None for _, to in after)
    assert ann == [Rule.NO_CHECK_IN.value] * 2  # the one owed since she joined, met; the next, opened


def test_the_gaps_open_on_a_day_are_read_through_an_index(team):
    app, view, ids = team
    view.catch_up()
    plan = query_plan(view, "securebase_obligations",
                      lambda connection: find_gaps(connection, [ids["team"]], date(2027, 3, 1), None))
    assert "securebase_obligations_gaps" in plan and "SCAN securebase_obligations" not in plan


def test_support_logged_for_an_earlier_day_looks_up_that_days_taken_away_counts_through_an_index(team, clock):
    """Each page asks whether the days it adds to had activity taken away earlier the same day:
    a scan of every team's counts there took a quarter of a second at a million events."""
    app, view, ids = team
    clock.on(date(2026, 1, 12))
    log(app, ids, "case_discussion", date(2026, 1, 9), "Sam Patel")
    plan = query_plan(view, "count < 0", lambda _: view.catch_up())
    assert "securebase_activity_taken" in plan and "SCAN securebase_activity" not in plan


def query_plan(view, marker: str, read) -> str:
    """SQLite's plan for the first statement `read` runs that holds `marker`."""
    if view.engine.dialect.name != "sqlite":
        pytest.skip("the query plan is SQLite's")
    statements = []
    event.listen(view.engine, "before_cursor_execute",
                 lambda conn, cursor, statement, parameters, context, many: statements.append((statement, parameters)))
    with view.engine.connect() as connection:
        read(connection)
    statement, parameters = next(s for s in statements if marker in s[0])
    return " ".join(str(row) for row in sqlite3.connect(view.engine.url.database).execute(
        "EXPLAIN QUERY PLAN " + statement, parameters))


def test_a_domain_day_taken_away_and_brought_back_on_one_day_is_on_record_from_its_first_day(team, clock):
    app, view, ids = team
    # Co-operation activity on the 12th ends the quiet spell since Monday; the next comes on 9 Feb, in time
    clock.on(date(2026, 1, 12))
    first = log(app, ids, "case_discussion", date(2026, 1, 12), "Sam Patel")
    clock.on(date(2026, 2, 9))
    log(app, ids, "case_discussion", date(2026, 2, 9), "Sam Patel")
    before = quiet_cooperation(view)
    # On the 20th the first is amended out of co-operation, and the change is read on its own page...
    clock.on(date(2026, 2, 20))
    app.amend(first.entry_id, "ann", kind="consultation_slot")
    assert [g.closed_on for g in test_gaps.gaps(view, Rule.DOMAIN_DROUGHT, date(2026, 2, 20))
            if g.domain == "cooperation"] == [date(2026, 2, 9)]  # quiet from Monday until the 9th
    # ...then, that same day, amended back: at the end of the 20th the 12th was active, on record from the 12th
    app.amend(first.entry_id, "ann", kind="case_discussion")
    assert [g for g in test_gaps.gaps(view, Rule.DOMAIN_DROUGHT, date(2026, 2, 20)) if g.domain == "cooperation"] == []
    assert quiet_cooperation(view) == before  # the day's versions never were


def quiet_cooperation(view) -> list[tuple]:
    view.catch_up()
    o = t.obligations
    with view.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(
            select(o.c.owed_from, o.c.met_on, o.c.opens_on, o.c.closes_on, o.c.valid_from, o.c.valid_to)
            .where(o.c.rule == Rule.DOMAIN_DROUGHT.value, o.c.domain == "cooperation").order_by(o.c.id))]
