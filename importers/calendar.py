"""Calendar exports (.ics from Outlook, Teams or Google): meetings whose title or category names
a kind of support become entries, attendees matched by email, recurring meetings expanded to
their occurrences in a date range."""

from collections.abc import Iterator
from datetime import date, datetime

import icalendar
import recurring_ical_events

from importers.records import File, Record, read
from importers.synonyms import Synonyms

ONLINE_HINTS = ("teams", "zoom", "meet.google", "online", "video")


class Calendar:
    """An .ics file, on disk or uploaded, as a source of records between two days."""

    def __init__(self, file: File, start: date, end: date, synonyms: Synonyms):
        self.file, self.start, self.end, self.synonyms = file, start, end, synonyms
        self.name = file.name

    def records(self) -> Iterator[Record]:
        return read_events(self.file, self.start, self.end, self.synonyms)


def read_events(file: File, start: date, end: date, synonyms: Synonyms) -> Iterator[Record]:
    """Occurrences between `start` and `end` that name a kind of support; others are not support."""
    with read(file) as handle:
        calendar = icalendar.Calendar.from_ical(handle.read())
    occurrences = recurring_ical_events.of(calendar).between(start, end)
    for number, event in enumerate(sorted(occurrences, key=lambda e: str(e.get("DTSTART").dt)), start=1):
        title = str(event.get("SUMMARY", ""))
        categories = [str(c) for group in _list(event.get("CATEGORIES")) for c in group.cats]
        activity = next((text for text in [title, *categories] if synonyms.kind(text)), None)
        if activity is None:
            continue  # an ordinary meeting, not support
        moment = event.get("DTSTART").dt
        place = f"{event.get('LOCATION', '')} {event.get('X-MICROSOFT-SKYPETEAMSMEETINGURL', '')}".lower()
        attendees = [str(a).removeprefix("mailto:").removeprefix("MAILTO:") for a in _list(event.get("ATTENDEE"))]
        yield Record(line=number, source_key=f"{event.get('UID')}|{moment.isoformat()}",
                     when=moment if isinstance(moment, datetime) else moment,
                     activity=activity, people=attendees,
                     mode="online" if any(hint in place for hint in ONLINE_HINTS) else "",
                     note="", columns={"date": "DTSTART", "activity": "SUMMARY", "people": "ATTENDEE"})


def _list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
