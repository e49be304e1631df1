"""When things are recorded, as distinct from when they happened.

Every event carries the moment it was recorded, and the read models answer "as of" a date by
that moment. The application sets it for each command from its own clock, so that its "now"
for validation and the log's timestamps agree, and so a test or a demo can say when something
was recorded."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone

from eventsourcing.domain import Aggregate

from domain import zone

_recording_time: ContextVar[datetime | None] = ContextVar("recording_time", default=None)


@contextmanager
def recording_at(moment: datetime) -> Iterator[None]:
    """Events created inside this block are recorded at `moment` (naive: in the store's zone)."""
    token = _recording_time.set(zone.instant(moment))
    try:
        yield
    finally:
        _recording_time.reset(token)


def recorded_now() -> datetime:
    return _recording_time.get() or datetime.now(timezone.utc)


class RecordedAggregate(Aggregate):
    """The base of securebase's aggregates: their events take their timestamps from above."""

    class Event(Aggregate.Event):
        @staticmethod
        def create_timestamp() -> datetime:
            return recorded_now()

    class Created(Event, Aggregate.Created):
        pass
