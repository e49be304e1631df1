"""Ask the team, on both backends: who may open, answer and close a round; one answer per member;
results only where enough answered; and after the close, nothing in any table or event ties an
answer to the members who gave it."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import create_engine, inspect, text

from domain import zone
from domain.catalogue import Domain
from domain.commands import AddUser, AnswerPulse, ClosePulse, OpenPulse
from domain.errors import Conflict, Forbidden, InvalidInput
from domain.pulse import Answer
from services.auth import hash_password
from services.bootstrap import build_view
from services.reading import Reader, reader_for
from tests.conftest import NOW, add_team

PEOPLE = [f"Worker {n}" for n in range(1, 8)]
HASHED = hash_password("correct horse battery")
EVENTS = "securebase_events"  # the log


@pytest.fixture
def world(make_app):
    """North Team of seven, each with a member account (worker1…); South Team of one; boss
    manages, sue supervises North."""
    clock = {"now": NOW}
    app = make_app(lambda: clock["now"])
    north = add_team(app, "North Team", *[(p, date(2026, 1, 5)) for p in PEOPLE])
    south = add_team(app, "South Team", ("Ola Berg", date(2026, 1, 5)))
    app.add_user(AddUser.parse(name="boss", role="manager", password_hash=HASHED))
    app.add_user(AddUser.parse(name="sue", role="supervisor", teams=[north["team"]], password_hash=HASHED, by="boss"))
    for n, person in enumerate(PEOPLE, 1):
        app.add_user(AddUser.parse(name=f"worker{n}", role="member", teams=[north["team"]], member_id=north[person],
                                   password_hash=HASHED, by="boss"))
    app.add_user(AddUser.parse(name="ola", role="member", teams=[south["team"]], member_id=south["Ola Berg"],
                               password_hash=HASHED, by="boss"))
    return app, north, south, clock


def ballot(answer: Answer = Answer.AGREE, **others: Answer) -> dict[Domain, Answer]:
    return {domain: others.get(domain.value, answer) for domain in Domain}


def answer(app, team_id, who: str, answers=None) -> None:  # noqa: ANN001
    app.answer_pulse(AnswerPulse.parse(team_id=team_id, answers=answers or ballot(), by=who))


def test_roles_one_answer_each_and_results_only_above_the_threshold(world):
    app, north, south, clock = world
    team = north["team"]
    with pytest.raises(Forbidden):  # a member does not open rounds
        app.open_pulse(OpenPulse.parse(team_id=team, closes_on=date(2026, 6, 30), by="worker1"))
    with pytest.raises(InvalidInput, match="at least 3"):
        OpenPulse.parse(team_id=team, closes_on=date(2026, 6, 30), threshold=2, by="sue")
    app.open_pulse(OpenPulse.parse(team_id=team, closes_on=date(2026, 6, 30), by="sue"))
    with pytest.raises(Conflict, match="already open"):
        app.open_pulse(OpenPulse.parse(team_id=team, closes_on=date(2026, 6, 30), by="boss"))
    answer(app, team, "worker1")
    with pytest.raises(Conflict, match="already answered"):
        answer(app, team, "worker1", ballot(Answer.DISAGREE))
    with pytest.raises(Forbidden):  # another team's member
        answer(app, team, "ola")
    with pytest.raises(Forbidden, match="only its members answer"):  # a supervisor who is no member
        answer(app, team, "sue")
    with pytest.raises(Conflict, match="no round open"):
        answer(app, south["team"], "ola")
    for who in ("worker2", "worker3"):
        answer(app, team, who)

    view = build_view(app)
    sue, worker = reader_for(app, view, "sue"), reader_for(app, view, "worker4")
    north_ref = Reader.ref(app.team(team))
    assert sue.pulse(north_ref).answered == 3 and sue.pulse(north_ref).open_round.asked == 7
    assert worker.pulse(north_ref).answered is None  # members are not told how many, nor who
    assert worker.pulse(north_ref).you_answered is False
    assert reader_for(app, view, "worker1").pulse(north_ref).you_answered is True
    with pytest.raises(Forbidden):
        reader_for(app, view, "ola").pulse(north_ref)

    app.close_pulse(ClosePulse.parse(team_id=team, by="sue"))
    [closed] = sue.pulse(north_ref).closed
    assert (closed.answered, closed.asked, closed.counts, closed.shown) == (3, 7, {}, False)  # below 5: nothing kept
    with pytest.raises(Conflict, match="no round open"):
        answer(app, team, "worker4")


def test_a_round_closes_after_its_last_day_and_keeps_what_may_be_shown(world):
    app, north, _, clock = world
    team = north["team"]
    app.open_pulse(OpenPulse.parse(team_id=team, closes_on=date(2026, 6, 20), by="sue"))
    for n in range(1, 7):  # six answer; two prefer not to say about acceptance: five answered it
        answer(app, team, f"worker{n}", ballot(Answer.AGREE if n % 2 else Answer.DISAGREE,
                                               acceptance=Answer.PREFER_NOT if n <= 2 else Answer.STRONGLY_AGREE))
    assert not app.close_pulse_if_due(team)
    clock["now"] = datetime(2026, 6, 21, 9, 0)
    with pytest.raises(Conflict, match="no round open"):  # the last day has passed: no more answers
        answer(app, team, "worker7")
    assert app.close_pulse_if_due(team)
    [closed] = reader_for(app, build_view(app), "worker7").pulse(Reader.ref(app.team(team))).closed
    assert closed.answered == 6 and closed.closed_on == date(2026, 6, 21)
    assert closed.counts["availability"] == {"strongly disagree": 0, "disagree": 3, "neither agree nor disagree": 0,
                                             "agree": 3, "strongly agree": 0}
    assert "acceptance" not in closed.counts  # only four answered it on the scale: below five, not kept


def rows(url: str) -> set[tuple]:
    """Every row of every table in the store, as (table, values as text)."""
    engine = create_engine(url)
    with engine.connect() as connection:
        found = {(name, tuple(map(str, row))) for name in inspect(engine).get_table_names()
                 for row in connection.execute(text(f'SELECT * FROM "{name}"'))}
    engine.dispose()
    return found


@pytest.mark.parametrize("answering", [3, 5])
def test_after_the_close_nothing_ties_an_answer_to_who_gave_it(world, answering):
    app, north, _, clock = world
    team, url = north["team"], app.env["SQLALCHEMY_URL"]
    app.open_pulse(OpenPulse.parse(team_id=team, closes_on=date(2026, 6, 30), by="sue"))
    before = rows(url)
    for n in range(1, answering + 1):
        clock["now"] += timedelta(minutes=7)
        answer(app, team, f"worker{n}", ballot(Answer.STRONGLY_AGREE if n == 1 else Answer.NEITHER))
    clock["now"] += timedelta(hours=1)
    app.close_pulse(ClosePulse.parse(team_id=team, by="sue"))
    added = rows(url) - before
    # What answering and closing left behind: one stored event (the close), and nothing else.
    [(table, values)] = added  # no ballot, digest or key is left in the box's tables
    stored = " ".join(values)
    assert table == EVENTS and "RoundClosed" in stored
    for n in range(1, answering + 1):  # no member's id, in any form, nor any answer's moment
        member = north[PEOPLE[n - 1]]
        assert member.hex not in stored and str(member) not in stored
    [(_, closed)] = [(p, e) for p, e in app.read_log() if type(e).__name__ == "RoundClosed"]
    assert closed.timestamp == zone.instant(clock["now"])  # the close's moment, no answer's
    if answering < 5:
        assert closed.counts == {}  # below the threshold nothing was kept
    else:  # only the counts: one strongly agreed, four neither
        assert {d: (c["strongly agree"], c["neither agree nor disagree"]) for d, c in closed.counts.items()} == {
            d.value: (1, 4) for d in Domain}
