"""The digest: what each person can act on, told by e-mail so that no one has to open the
dashboard to find it. A supervisor hears, for each of their teams, what falls due in the coming
days, the gaps opened since their last digest and those still open; a manager hears one line per
team and the gaps *escalated* to them: still open a team-set number of days (14 unless the team
says otherwise) after a supervisor of the team was first told.

What was sent is recorded (`Mailbox.Sent`: when, and which gaps by reference), so a second run in
the same period sends nothing twice, escalation counts from the day a supervisor was first told,
and a send that failed is simply not recorded, to be tried again on the next run. A digest names
no note and says nothing about a person beyond a gap's rule and dates."""

from datetime import date, timedelta
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from domain.recording import RecordedAggregate

ESCALATE_AFTER_DAYS = 14


class Rhythm(StrEnum):
    WEEKLY = "weekly"  # on the first run from each Monday
    DAILY = "daily"
    OFF = "off"


def due(rhythm: Rhythm, last_sent: date | None, today: date) -> bool:
    """Whether a digest is owed today: daily, once a day; weekly, once a week from Monday."""
    if rhythm is Rhythm.OFF:
        return False
    since = today if rhythm is Rhythm.DAILY else today - timedelta(days=today.weekday())
    return last_sent is None or last_sent < since


class Mailbox(RecordedAggregate):
    """What one user was sent. One aggregate per user, so sending never contends with anything."""

    @staticmethod
    def create_id(user_id: UUID) -> UUID:
        return uuid5(NAMESPACE_URL, f"securebase/mailbox/{user_id}")

    @event("Opened")
    def __init__(self, user_id: UUID):
        self.user_id = user_id
        self.last_sent: date | None = None
        self.told: dict[str, date] = {}  # gap reference → the day this user was first told of it
        self.escalated: set[str] = set()
        self.sends: list[tuple[date, list[str], list[str]]] = []  # each digest: day, gaps told, escalated

    def sent(self, on: date, gaps: list[str], escalated: list[str]) -> None:
        self._sent(on, sorted(gaps), sorted(escalated))

    @event("Sent")
    def _sent(self, on: date, gaps: list[str], escalated: list[str]) -> None:
        self.last_sent = on
        self.sends.append((on, gaps, escalated))
        for ref in gaps:
            self.told.setdefault(ref, on)
        self.escalated.update(escalated)


def escalated(open_refs: dict[str, int], first_told: dict[str, date], already: set[str], today: date) -> list[str]:
    """The open gaps (reference → the team's escalation days) a manager is to hear of now: a
    supervisor was told at least that many days ago, and this manager has not heard yet."""
    return sorted(ref for ref, days in open_refs.items()
                  if ref in first_told and ref not in already and (today - first_told[ref]).days >= days)
