"""Calendar exports (.ics from Outlook, Exchange, Google, Apple, Thunderbird or Nextcloud):
meetings whose title or category names a kind of support become entries, attendees who took
part matched by email, recurring meetings expanded to their occurrences from the first day to
the last, both included. Each occurrence is read in its own zone (its TZID, a UTC time, or for
a floating time the calendar's X-WR-TIMEZONE) and kept as wall-clock time in the store's zone.
A cancelled meeting is not support, and one that names no kind of support is an ordinary
meeting: passed over and counted, never a reason to refuse the file.

A few bytes of RRULE can ask for millions of occurrences (every second, for years), so the work
is bounded before it is done: the repetitions the rules need to be worked out up to the end of
the range (their library cannot skip ahead to its start), then the occurrences, counted as
they come, of each event and of the whole file. Past a cap the file is refused, naming the event.
"""

import math
import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from hashlib import sha256
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from domain import zone
from domain.errors import InvalidInput
from importers.records import File, Record, read
from importers.synonyms import Synonyms

# Where a meeting says it is online: conference links and the words calendars put in a location.
ONLINE = re.compile(r"teams\.microsoft\.com|teams\.live\.com|meet\.google\.com|zoom\.us|zoomgov\.com"
                    r"|webex\.com|whereby\.com|jitsi"
                    r"|\b(?:microsoft teams|teams meeting|zoom meeting|google meet|online|video call)\b", re.IGNORECASE)
CONFERENCE = ("CONFERENCE", "X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL",
              "X-MICROSOFT-ONLINEMEETINGCONFLINK", "X-MICROSOFT-ONLINEMEETINGINFORMATION")
NOT_PEOPLE = {"CUTYPE": {"ROOM", "RESOURCE"}, "ROLE": {"NON-PARTICIPANT"}, "PARTSTAT": {"DECLINED"}}
PER_EVENT = 1_000  # occurrences of one event in the range
PER_FILE = 20_000  # occurrences of all events in the range
STEPS = 200_000  # repetitions worked out, from each rule's first occurrence to the end of the range
SECONDS = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": 86400, "WEEKLY": 7 * 86400,
           "MONTHLY": 28 * 86400, "YEARLY": 365 * 86400}
DAYS_IN = {"WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}  # the days a BYDAY, BYMONTHDAY... may pick per period
DAY_PARTS = ("BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH")
TIME_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")


class Calendar:
    """An .ics file, on disk or uploaded, as a source of records between two days."""

    def __init__(self, file: File, start: date, end: date, synonyms: Synonyms):
        self.file, self.start, self.end, self.synonyms = file, start, end, synonyms
        self.name = file.name

    def records(self) -> Iterator[Record]:
        return read_events(self.file, self.start, self.end, self.synonyms)


def read_events(file: File, start: date, end: date, synonyms: Synonyms) -> Iterator[Record]:
    """Each meeting from `start` to `end` (both included) that was not cancelled, as a record
    that may turn out not to be support (`Record.optional`)."""
    with read(file) as handle:
        calendar = icalendar.Calendar.from_ical(handle.read())
    floating = _zone_named(calendar.get("X-WR-TIMEZONE"))
    yield from _broken(calendar)
    for number, event in enumerate(occurrences(calendar, start, end, file.name), start=1):
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        title = str(event.get("SUMMARY", ""))
        categories = [str(c) for group in _list(event.get("CATEGORIES")) for c in group.cats]
        activity = next((text for text in [title, *categories] if synonyms.kind(text)), title)
        moment = event.get("DTSTART").dt
        when = _wall(moment, floating)
        yield Record(line=number, source_key=_identity(event, moment), when=when, activity=activity,
                     people=_attendees(event), mode="online" if _online(event) else "", note="",
                     columns={"date": "DTSTART", "activity": "SUMMARY", "people": "ATTENDEE"},
                     where=f"meeting {title[:60]!r} on {when:%Y-%m-%d}" + (f" (UID {str(event['UID'])[:60]!r})"
                                                                            if event.get("UID") else ""),
                     optional=True)


def _broken(calendar: icalendar.Calendar) -> Iterator[Record]:
    """A meeting that cannot be read (no start, a date that is no date, a rule that is no rule)
    is taken out, so the others can be, and reported as what it is."""
    for event in [c for c in calendar.subcomponents if c.name == "VEVENT"]:
        problems = [f"{name}: {message}" for name, message in event.errors]
        if event.get("DTSTART") is None:
            problems.append("it has no start (DTSTART)")
        if problems:
            calendar.subcomponents.remove(event)
            yield Record(line=0, source_key="", when=None, activity=str(event.get("SUMMARY", "")),
                         where=f"meeting {_named(event)}", problem="; ".join(problems))


def _wall(moment: date, floating: ZoneInfo | None) -> date:
    """A start as wall-clock time in the store's zone: an all-day meeting keeps its day, a time
    in a zone (or UTC) is moved into the store's, a floating time is the calendar's zone's."""
    if not isinstance(moment, datetime):
        return moment
    if moment.tzinfo is None and floating:
        moment = moment.replace(tzinfo=floating)
    return zone.wall(moment)


def _zone_named(value: object) -> ZoneInfo | None:
    try:
        return ZoneInfo(str(value)) if value else None
    except (ValueError, KeyError):
        return None  # not a zone name: floating times stay as written


def _identity(event: icalendar.Event, moment: date) -> str:
    """What makes two occurrences the same meeting on a re-import: its UID and start; without a
    UID, its start, title and organiser, so different meetings at one time stay different."""
    if event.get("UID"):
        return f"{event['UID']}|{moment.isoformat()}"
    content = "|".join([moment.isoformat(), str(event.get("SUMMARY", "")), str(event.get("ORGANIZER", ""))])
    return f"no-uid|{sha256(content.encode()).hexdigest()}"


def _attendees(event: icalendar.Event) -> list[str]:
    """The email of each attendee who took part, once: not rooms or resources, not those who
    declined, not non-participants."""
    found: dict[str, str] = {}
    for attendee in _list(event.get("ATTENDEE")):
        params = getattr(attendee, "params", {})
        if any(str(params.get(name, "")).upper() in values for name, values in NOT_PEOPLE.items()):
            continue
        email = re.sub(r"^mailto:", "", str(attendee), flags=re.IGNORECASE).strip()
        found.setdefault(email.lower(), email)
    return list(found.values())


def _online(event: icalendar.Event) -> bool:
    if any(event.get(name) for name in CONFERENCE):
        return True
    return any(ONLINE.search(str(event.get(name, ""))) for name in ("LOCATION", "DESCRIPTION", "URL"))


def occurrences(calendar: icalendar.Calendar, start: date, end: date, name: str) -> list[icalendar.Event]:
    """Every occurrence between `start` and `end`, in order, or InvalidInput naming the event
    that takes the file past a cap, raised as soon as it does."""
    steps = 0
    for event in calendar.walk("VEVENT"):
        steps += _steps(event, end)
        if steps > STEPS:
            raise InvalidInput("file", name, f"event {_named(event)} repeats too often, or from too long ago: "
                               f"working out the calendar's recurring events up to {end} would take more "
                               f"than {STEPS:,} repetitions")
    found = []
    for series in recurring_ical_events.of(calendar).series:
        for count, occurrence in enumerate(series.between(start, end + timedelta(days=1)), start=1):
            found.append(occurrence.as_component(False))
            if count > PER_EVENT or len(found) > PER_FILE:
                cap = f"{PER_EVENT:,} times" if count > PER_EVENT else f"{PER_FILE:,} meetings in all"
                raise InvalidInput("file", name, f"event {_named(found[-1])} takes the calendar past {cap} "
                                   f"between {start} and {end}; import a shorter period")
    return sorted(found, key=lambda e: str(e.get("DTSTART").dt))


def _steps(event: icalendar.Event, end: date) -> float:
    """At most how many repetitions the event's rules produce from its start up to `end`: the
    periods its frequency and interval step through, times the days and times each may pick."""
    start = event.get("DTSTART")
    if start is None:
        return 0  # the library says what is wrong with it
    span = max((_naive(end) - _naive(start.dt)).total_seconds(), 0)
    total = 0.0
    for rule in _list(event.get("RRULE")):
        frequency, interval = str(rule.get("FREQ", [""])[0]).upper(), rule.get("INTERVAL", [1])[0]
        if frequency not in SECONDS or not isinstance(interval, int):
            continue  # not a rule the library can follow; it refuses it
        if interval < 1:
            return math.inf  # it would never move on
        days = DAYS_IN.get(frequency, 1) if any(part in rule for part in DAY_PARTS) else 1
        total += (span // (SECONDS[frequency] * interval) + 1) * days * math.prod(
            len(rule[part]) for part in TIME_PARTS if part in rule)
    return total


def _naive(moment: date) -> datetime:
    if isinstance(moment, datetime):
        return moment.replace(tzinfo=None)
    return datetime.combine(moment, time.max)


def _named(event: icalendar.Event) -> str:
    return f"{str(event.get('SUMMARY', ''))[:60]!r} (UID {str(event.get('UID', ''))[:60]!r})"


def _list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
