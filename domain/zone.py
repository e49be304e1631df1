"""The store's time zone: the wall clock on which support happens and days begin.

Every wall-clock time securebase makes or reads is in this zone, whatever the server's own:
a meeting at 00:30 on Monday in Berlin is on Monday for a Berlin team on a UTC server. The
composition root sets it from SECUREBASE_TIMEZONE (services/bootstrap.py); until then, and by
default, it is the machine's. Naive datetimes everywhere mean wall-clock time in this zone.
"""

from datetime import date, datetime, timezone, tzinfo
from zoneinfo import ZoneInfo

_zone: tzinfo | None = None  # None: the machine's zone, as the operating system says now


def use(name: str | None) -> None:
    """Sets the zone by its IANA name ("Europe/London"); None or "" for the machine's.
    ZoneInfoNotFoundError or ValueError for a name that is not a zone."""
    global _zone
    _zone = ZoneInfo(name) if name else None


def wall(moment: datetime) -> datetime:
    """A moment as a naive wall-clock time in the zone; a naive one already is."""
    return moment.astimezone(_zone).replace(tzinfo=None) if moment.tzinfo else moment


def instant(moment: datetime) -> datetime:
    """A wall-clock time in the zone (or an aware moment) as an instant in UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_zone) if _zone else moment.astimezone()
    return moment.astimezone(timezone.utc)


def now() -> datetime:
    return wall(datetime.now(timezone.utc))


def today() -> date:
    return now().date()
