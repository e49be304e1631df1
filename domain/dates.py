"""Dates as people write and read them. One way of showing a day ("27 Nov 2026") wherever a
person reads it, and every way they would type one accepted: 27/11/2026 (day first, as in the
UK), 2026-11-27, 27 Nov 2026 or 27 November 2026."""

import re
from datetime import date, datetime

HOW = "write it as 27/11/2026 or 2026-11-27"
_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDS = re.compile(r"(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})")
MONTHS = {name: n for n in range(1, 13)
          for name in (date(2000, n, 1).strftime("%B").lower(), date(2000, n, 1).strftime("%b").lower())}
MONTHS["sept"] = 9


def shown(day: date) -> str:
    """"27 Nov 2026"."""
    return f"{day.day} {day:%b %Y}"


def shown_at(moment: datetime) -> str:
    """"27 Nov 2026, 14:30"."""
    return f"{shown(moment.date())}, {moment:%H:%M}"


def read_day(text: str) -> date:
    """The day a person typed; `ValueError` in words they can act on when it is not one."""
    year_month_day = _parts(" ".join(text.strip().lower().split()))
    if year_month_day is None:
        raise ValueError(f"is not a date: {HOW}")
    try:
        return date(*year_month_day)
    except ValueError:
        raise ValueError(f"is not a day of the calendar: {HOW}") from None


def _parts(typed: str) -> tuple[int, int, int] | None:
    if found := _ISO.fullmatch(typed):
        return int(found[1]), int(found[2]), int(found[3])
    if found := _NUMERIC.fullmatch(typed):
        year = int(found[3])
        return year + (2000 if year < 100 else 0), int(found[2]), int(found[1])
    if (found := _WORDS.fullmatch(typed)) and found[2] in MONTHS:
        return int(found[3]), MONTHS[found[2]], int(found[1])
    return None
