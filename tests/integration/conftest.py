"""A clock the tests move, so that when things happen and when they are logged can differ."""

from datetime import date, datetime, time

import pytest

from services.bootstrap import build_view


class Clock:
    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def on(self, day: date, hour: int = 17) -> "Clock":
        self.moment = datetime.combine(day, time(hour))
        return self


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 1, 5, 9))


@pytest.fixture
def world(make_app, clock):
    """An application on the test's clock and its read models."""
    app = make_app(clock=clock)
    return app, build_view(app)
