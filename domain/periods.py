"""Months and ISO weeks, the periods activity is counted and goals are set in, and how much of
a goal is due part way through one."""

import math
import re
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

from domain.errors import InvalidInput

Per = Literal["month", "week"]


def period_of(day: date, per: Per | Literal["day"]) -> str:
    if per == "day":
        return day.isoformat()
    if per == "month":
        return f"{day.year:04d}-{day.month:02d}"
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def bounds(period: str) -> tuple[date, date]:
    """First and last day of a period given as "2026-11" or "2026-W47"."""
    if "-W" in period:
        first = date.fromisocalendar(int(period[:4]), int(period[6:]), 1)
        return first, first + timedelta(days=6)
    first = date(int(period[:4]), int(period[5:7]), 1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def period_words(period: str) -> str:
    """"February 2026"; "the week of 26 Jan 2026"."""
    first = bounds(period)[0]
    return f"the week of {first.day} {first:%b %Y}" if "-W" in period else f"{first:%B %Y}"


PERIOD = re.compile(r"\d{4}-(W\d{2}|\d{2})")
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)  # far enough either way for a record of people at work


def parse_period(text: str, field: str) -> str:
    """A period a person typed, or an InvalidInput saying what one looks like."""
    try:
        if PERIOD.fullmatch(text) and EARLIEST <= bounds(text)[0] <= LATEST:
            return text
    except ValueError:
        pass
    raise InvalidInput(field, text, "use a month such as 2026-11 or an ISO week such as 2026-W47")


def per_of(period: str) -> Per:
    return "week" if "-W" in period else "month"


def previous(period: str, count: int) -> list[str]:
    """The `count` periods ending with `period`, oldest first."""
    found = [period]
    while len(found) < count:
        found.insert(0, period_of(bounds(found[0])[0] - timedelta(days=1), per_of(period)))
    return found


def scale_goal(target: int, goal_per: Per, period_per: Per) -> float:
    """A monthly goal seen week by week, or the other way round."""
    if goal_per == period_per:
        return float(target)
    return round(target * 12 / 52, 1) if period_per == "week" else round(target * 52 / 12, 1)


def length(period: str) -> int:
    first, last = bounds(period)
    return (last - first).days + 1


def elapsed(period: str, day: date) -> int:
    """Calendar days of the period over by the end of `day`: none before it, all after it."""
    return max(0, min((day - bounds(period)[0]).days + 1, length(period)))


def share(target: float, days: int, of_days: int) -> int:
    """A goal's share for `days` calendar days out of `of_days`, in whole activities, rounded
    down: 16 a month is 1 due by the end of the 3rd of a 30-day month (1.6), 16 by its end."""
    return math.floor(target * days / of_days + 1e-9)


class Pace(StrEnum):
    MET = "goal met"
    ON_TRACK = "on track"
    BEHIND = "behind pace"
    BELOW = "below goal"


def pace(count: float, target: float, days: int, of_days: int) -> Pace:
    """Where a count stands against a goal `days` calendar days into a period of `of_days`:
    behind pace only while below the goal's share of the days elapsed, below goal only once the
    period is over."""
    if count >= target:
        return Pace.MET
    if days >= of_days:
        return Pace.BELOW
    return Pace.ON_TRACK if count >= share(target, days, of_days) else Pace.BEHIND
