"""Calendar exports as Outlook, Google and booking tools write them, imported for a team in
Berlin: each meeting lands on its own wall-clock time in the team's zone whatever the server's
zone, cancelled and declined are not support, rooms are not people, meetings without a UID stay
apart, conference links mean online, a word inside a web address names nothing, and meetings
that are not support are passed over and counted."""

import os
import time
from datetime import date, datetime
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from domain import zone
from domain.commands import CreateTeam, JoinMember
from importers.calendar import Calendar
from importers.run import ImportRejected, run_import
from importers.synonyms import Synonyms
from services.bootstrap import build_view
from services.reading import Reader

FIXTURES = Path(__file__).parents[1] / "fixtures" / "calendars"
MARCH = (date(2026, 3, 1), date(2026, 3, 30))  # the last day included


@pytest.fixture(params=["UTC", "Europe/London", "America/New_York"])
def server_zone(request):
    """The machine's own zone, as TZ sets it; the store's zone is Berlin's throughout."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    zone.use("Europe/Berlin")
    yield request.param
    zone.use(None)
    if before is None:
        os.environ.pop("TZ")
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture
def team(app, server_zone):
    app.create_team(CreateTeam.parse(name="North Team"))
    team_id = app.team_named("North Team").id
    for name, email in (("Sam Patel", "sam.patel@example.org"), ("Jo Okoro", "jo.okoro@example.org")):
        app.join_member(JoinMember.parse(team_id=team_id, name=name, email=email, joined_on=date(2026, 1, 5)))
    return team_id


def imported(app, team_id, name: str):
    report = run_import(app, team_id, Calendar(FIXTURES / name, *MARCH, Synonyms()), "ann")
    view = build_view(app)
    view.catch_up()
    found = sorted((h.when, h.what, tuple(h.members), h.mode)
                   for h in Reader(app, view, None).history(Reader.ref(app.team(team_id))) if h.ref)
    return report, found


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute)


def test_outlook_times_are_the_teams_wall_clock_whatever_the_servers_zone(app, team):
    report, found = imported(app, team, "outlook.ics")
    sam = ("Sam Patel",)  # once, though listed twice; Jo declined; the room is not a person
    assert found == [
        (at(2, 0, 30), "check_in", sam, "in_person"),  # 00:30 on Monday in Berlin, on any server
        (at(9, 0, 30), "check_in", sam, "in_person"),  # the 16th was cancelled
        (at(24, 9, 30), "check_in", sam, "in_person"),  # the 23rd's, moved to the 24th
        (at(30, 0, 30), "check_in", sam, "in_person")]  # after the clocks went forward; the last day counts
    assert report.rejected == []


def test_google_utc_and_floating_times_conference_links_and_what_is_not_support(app, team):
    report, found = imported(app, team, "google.ics")
    assert found == [
        (at(3, 15), "thinking_together", ("Sam Patel", "Jo Okoro"), "in_person"),  # floating: 14:00 in London
        (at(30, 11), "debrief", ("Jo Okoro",), "online")]  # 09:00 UTC, with Google Meet
    # "Planning" links to a check-in page; the induction is for an outsider; the check-ins were cancelled.
    assert (report.added, report.not_support, report.rejected) == (2, 2, [])
    assert "2 meetings were not support" in report.summary()


def test_meetings_without_a_uid_stay_apart_and_a_reimport_adds_nothing(app, team):
    report, found = imported(app, team, "no_uid.ics")
    assert [(when, who) for when, _, who, _ in found] == [(at(10, 12), ("Jo Okoro",)), (at(10, 12), ("Sam Patel",))]
    assert (report.added, report.not_support) == (2, 1)
    again, _ = imported(app, team, "no_uid.ics")
    assert (again.added, again.already_imported) == (0, 2)


@pytest.mark.parametrize("name", ["outlook.ics", "google.ics", "no_uid.ics", "apple.ics"])
def test_every_occurrence_the_calendar_library_expands_is_read(name, server_zone):
    """Cross-checked with recurring-ical-events expanding the file on its own, cancellations kept."""
    calendar = icalendar.Calendar.from_ical((FIXTURES / name).read_bytes())
    expected = len(recurring_ical_events.of(calendar).between(MARCH[0], date(2026, 3, 31)))
    source = Calendar(FIXTURES / name, *MARCH, Synonyms())
    cancelled = sum(str(e.get("STATUS", "")).upper() == "CANCELLED"
                    for e in recurring_ical_events.of(calendar).between(MARCH[0], date(2026, 3, 31)))
    assert len(list(source.records())) == expected - cancelled


def test_a_broken_meeting_refuses_the_file_naming_it_or_is_skipped_when_asked(app, team):
    source = Calendar(FIXTURES / "broken.ics", *MARCH, Synonyms())
    with pytest.raises(ImportRejected) as refused:
        run_import(app, team, source, "ann")
    assert str(refused.value).splitlines()[1:] == [
        "meeting 'Debrief' (UID 'nostart@example.org'), column 'event', value 'Debrief': it has no start (DTSTART)",
        "meeting 'Debrief' (UID 'badrule@example.org'), column 'event', value 'Debrief': "
        "RRULE: Expected frequency, got: SOMETIMES"]
    assert imported_count(app, team) == 0
    report = run_import(app, team, source, "ann", skip_invalid=True)
    assert (report.added, len(report.rejected), imported_count(app, team)) == (1, 2, 1)


def imported_count(app, team_id) -> int:
    view = build_view(app)
    view.catch_up()
    return sum(1 for h in Reader(app, view, None).history(Reader.ref(app.team(team_id))) if h.ref)


def test_an_apple_calendar_in_new_york_follows_both_daylight_saving_changes(app, team):
    """New York moves its clocks on 8 March, Berlin on 29 March: 09:00 there is 15:00, then 14:00,
    then 15:00 again in Berlin."""
    report, found = imported(app, team, "apple.ics")
    assert [(when, kind, mode) for when, kind, _, mode in found] == [
        (at(2, 15), "thinking_together", "online"), (at(9, 14), "thinking_together", "online"),
        (at(16, 14), "thinking_together", "online"), (at(23, 14), "thinking_together", "online"),
        (at(30, 15), "thinking_together", "online")]
