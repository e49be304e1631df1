"""Links between a debrief and the difficult visit it follows, on the history, the log page's
latest entries and a member's timeline: each side shows the other whether or not the other is
shown too, and only an entry that is a debrief now links to a visit."""

from datetime import date, timedelta

from domain.commands import LogSupport
from services.bootstrap import build_view
from services.reading import Reader
from tests.conftest import NOW, add_team


def visit_and_debrief(app, debriefed: str):
    """Sam's difficult visit six days ago, and today a debrief of `debriefed` after it; the
    team's ids, the two entries, a manager's reader, the view and the team."""
    ids = add_team(app, "North Team", ("Sam Patel", date(2026, 1, 5)), ("Jo Okoro", date(2026, 1, 5)))
    visit = LogSupport.parse(team_id=ids["team"], kind="difficult_visit", members=[ids["Sam Patel"]],
                             at=NOW - timedelta(days=6), logged_by="ann")
    debrief = LogSupport.parse(team_id=ids["team"], kind="debrief", members=[ids[debriefed]], at=NOW,
                               regarding=visit.entry_id, logged_by="ann")
    app.log_support(visit)
    app.log_support(debrief)
    view = build_view(app)
    view.catch_up()
    return ids, visit, debrief, Reader(app, view, None), view, Reader.ref(app.team(ids["team"]))


def test_each_side_of_a_link_shows_the_other_when_only_one_is_shown(app):
    # Jo is debriefed after Sam's visit (Jo was there too): the debrief is not on Sam's timeline.
    ids, visit, debrief, read, _, team = visit_and_debrief(app, "Jo Okoro")

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
    ids, visit, debrief, read, view, team = visit_and_debrief(app, "Sam Patel")
    assert [bool(item.links) for item in read.history(team) if item.entry_id] == [True, True]

    # It was a check-in after all: the visit awaits a debrief again, and neither side shows a link.
    app.amend(debrief.entry_id, "ann", kind="check_in")
    view.catch_up()
    assert [v.entry_id for v in read.awaiting_debrief(team, NOW.date())] == [visit.entry_id]
    assert [(item.what, item.links) for item in read.history(team) if item.entry_id] == [
        ("check_in", []), ("difficult_visit", [])]
    assert [item.links for item in read.timeline(team, ids["Sam Patel"])] == [[], []]
