"""Links between a debrief and the difficult visit it follows, on the history, the log page's
latest entries and a member's timeline: each side shows the other whether or not the other is
shown too, and only an entry that is a debrief now links to a visit."""

from datetime import date, timedelta

from domain.commands import LogSupport
from services.bootstrap import build_view
from services.reading import Reader
from tests.conftest import NOW, add_team


def test_each_side_of_a_link_shows_the_other_when_only_one_is_shown(app):
    ids = add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)), ("Jo Okoro", date(2026, 1, 5)))
    visit = LogSupport.parse(team_id=ids["team"], kind="difficult_visit", members=[ids["Sam Patel"]],
                             at=NOW - timedelta(days=6), logged_by="ann")
    app.log_support(visit)
    # Jo is debriefed after Sam's visit (Jo was there too): the debrief is not on Sam's timeline.
    debrief = LogSupport.parse(team_id=ids["team"], kind="debrief", members=[ids["Jo Okoro"]], at=NOW,
                               regarding=visit.entry_id, logged_by="ann")
    app.log_support(debrief)
    view = build_view(app)
    view.catch_up()
    read, team = Reader(app, view, None), Reader.ref(app.team(ids["team"]))

    # Sam's timeline shows the visit alone, with the debrief that followed it.
    [on_visit] = read.timeline(team, ids["Sam Patel"])
    assert [(link.when, link.kind, link.ref) for link in on_visit.links] == [(NOW, "debrief", debrief.entry_id.hex[:8])]
    # The log page's latest entry is the debrief alone, with the visit it follows.
    [latest] = read.latest_entries(team, 1)
    assert [(link.when, link.kind, link.ref) for link in latest.links] == [
        (NOW - timedelta(days=6), "difficult_visit", visit.entry_id.hex[:8])]
    # The history since yesterday holds the debrief alone, linked the same way.
    assert [item.links for item in read.history(team, None, NOW.date() - timedelta(days=1))] == [latest.links]


def test_a_debrief_amended_to_another_kind_no_longer_links_to_the_visit(app):
    ids = add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)))
    visit = LogSupport.parse(team_id=ids["team"], kind="difficult_visit", members=[ids["Sam Patel"]],
                             at=NOW - timedelta(days=6), logged_by="ann")
    app.log_support(visit)
    debrief = LogSupport.parse(team_id=ids["team"], kind="debrief", members=[ids["Sam Patel"]], at=NOW,
                               regarding=visit.entry_id, logged_by="ann")
    app.log_support(debrief)
    view = build_view(app)
    view.catch_up()
    read, team = Reader(app, view, None), Reader.ref(app.team(ids["team"]))
    assert [bool(item.links) for item in read.history(team) if item.entry_id] == [True, True]

    # It was a check-in after all: the visit awaits a debrief again, and neither side shows a link.
    app.amend(debrief.entry_id, "ann", kind="check_in")
    view.catch_up()
    assert [v.entry_id for v in read.awaiting_debrief(team, NOW.date())] == [visit.entry_id]
    assert [(item.what, item.links) for item in read.history(team) if item.entry_id] == [
        ("check_in", []), ("difficult_visit", [])]
    assert [item.links for item in read.timeline(team, ids["Sam Patel"])] == [[], []]
