"""Ask the team: how secure the base feels, one statement per domain, answered anonymously.

The model's point is what workers come to feel; a pulse round asks them. What makes a worker
trust it is that no one can tie an answer to them, so the rules are these:

- **Only what is shown is kept.** When a round closes its ballots are counted, and the count is
  kept only if at least the round's threshold of members answered (5 unless the team asked for
  more when it opened the round; never fewer than 3); a domain's figures are kept only if that
  many answered it on the agree scale rather than "prefer not to say". Anything below is thrown
  away at the close, never stored, so no roll-up, trend, export or reader can reveal it: every
  total across rounds or teams is a sum of kept counts only.
- **The log holds no ballot.** The log records that a round opened (who opened it, until when,
  how many were asked) and closed (how many answered, and the kept counts). While a round is
  open, ballots wait outside the log (services/ballots.py), so neither the order nor the time of
  any event follows an answer.
- **Who answered is kept only to refuse a second answer**, as a keyed digest that the round's
  close deletes with its key. Supervisors and managers see only the count ("7 of 9 answered");
  nobody is told who has not answered.
- Answers are not personal data of a named person: erasing a member leaves counts as they are.
"""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from domain.catalogue import Domain
from domain.dates import shown
from domain.errors import Conflict, InvalidInput
from domain.periods import Pace
from domain.recording import RecordedAggregate

DEFAULT_THRESHOLD, LOWEST_THRESHOLD = 5, 3

# Each domain's belief, put as a statement a worker can agree or disagree with.
STATEMENTS = {
    Domain.AVAILABILITY: "When I need someone at work, people are there for me, in the office or online.",
    Domain.SENSITIVITY: "After a hard day or a difficult visit, my feelings are noticed and feel manageable.",
    Domain.ACCEPTANCE: "In this team I don't always have to be strong: mistakes are talked through without blame.",
    Domain.COOPERATION: "When something is hard, I can work with others in the team to find a solution.",
    Domain.BELONGING: "I am valued in this team, and I belong here.",
}


class Answer(StrEnum):
    STRONGLY_DISAGREE = "strongly disagree"
    DISAGREE = "disagree"
    NEITHER = "neither agree nor disagree"
    AGREE = "agree"
    STRONGLY_AGREE = "strongly agree"
    PREFER_NOT = "prefer not to say"


SCALE = [a for a in Answer if a is not Answer.PREFER_NOT]
AGREEING = {Answer.AGREE, Answer.STRONGLY_AGREE}
Tally = dict[str, dict[str, int]]  # domain → answer on the scale → how many


def tally(ballots: list[dict[str, str]]) -> Tally:
    """How many gave each answer on the scale, per domain ("prefer not to say" is not counted)."""
    counted: Tally = {domain.value: {answer.value: 0 for answer in SCALE} for domain in Domain}
    for ballot in ballots:
        for domain, answer in ballot.items():
            if answer != Answer.PREFER_NOT:
                counted[domain][answer] += 1
    return counted


def kept(counted: Tally, answered: int, threshold: int) -> Tally:
    """What a closing round keeps: nothing below the threshold of members answering, and no
    domain that fewer than the threshold answered on the scale. The one place figures are
    suppressed; what it drops is never stored."""
    if answered < threshold:
        return {}
    return {domain: counts for domain, counts in counted.items() if sum(counts.values()) >= threshold}


@dataclass
class Round:
    number: int
    opened_on: date
    closes_on: date  # the last day it takes answers
    threshold: int
    asked: int  # members on the team when it opened
    closed_on: date | None = None
    answered: int | None = None  # known once closed
    counts: Tally = field(default_factory=dict)  # kept at the close (see `kept`)

    @property
    def shown(self) -> bool:
        return self.closed_on is not None and bool(self.counts)


class Pulse(RecordedAggregate):
    """A team's rounds of asking, one open at a time. One aggregate per team."""

    @staticmethod
    def create_id(team_id: UUID) -> UUID:
        return uuid5(NAMESPACE_URL, f"securebase/pulse/{team_id}")

    @event("Started")
    def __init__(self, team_id: UUID):
        self.team_id = team_id
        self.rounds: list[Round] = []

    @property
    def open_round(self) -> Round | None:
        return self.rounds[-1] if self.rounds and self.rounds[-1].closed_on is None else None

    def open(self, closes_on: date, threshold: int, asked: int, today: date, by: str) -> None:
        if self.open_round:
            raise Conflict("round", None, f"a round is already open until {shown(self.open_round.closes_on)}: "
                                          "close it first")
        if closes_on < today:
            raise InvalidInput("closes_on", shown(closes_on), "has passed: choose today or a later day")
        if threshold < LOWEST_THRESHOLD:
            raise InvalidInput("threshold", str(threshold),
                               f"is too low: results are shown only when at least {LOWEST_THRESHOLD} answered")
        if asked < threshold:
            raise InvalidInput("threshold", str(threshold),
                               f"is more than the {asked} members the team has: no result could ever be shown")
        self._opened(len(self.rounds) + 1, today, closes_on, threshold, asked, by)

    @event("RoundOpened")
    def _opened(self, number: int, opened_on: date, closes_on: date, threshold: int, asked: int, by: str) -> None:
        self.rounds.append(Round(number, opened_on, closes_on, threshold, asked))

    def close(self, counted: Tally, answered: int, today: date, by: str) -> None:
        """Closes the open round keeping only what may be shown (`kept`)."""
        if (open_round := self.open_round) is None:
            raise Conflict("round", None, "no round is open")
        self._closed(open_round.number, today, answered, kept(counted, answered, open_round.threshold), by)

    @event("RoundClosed")
    def _closed(self, number: int, closed_on: date, answered: int, counts: Tally, by: str) -> None:
        closing = self.rounds[number - 1]
        closing.closed_on, closing.answered, closing.counts = closed_on, answered, counts

    def due(self, today: date) -> bool:
        """The open round's last day has passed: it should close."""
        return self.open_round is not None and self.open_round.closes_on < today


def agreeing(counts: dict[str, int]) -> float:
    """The share who agreed or strongly agreed, of those who answered on the scale."""
    return sum(counts[a.value] for a in AGREEING) / sum(counts.values())


def combined(tallies: list[Tally]) -> Tally:
    """Several kept tallies added up (teams side by side, all teams together): a sum of shown
    parts only, so taking any shown part away leaves only shown parts."""
    total: Tally = {}
    for part in tallies:
        for domain, counts in part.items():
            into = total.setdefault(domain, {answer.value: 0 for answer in SCALE})
            for answer, n in counts.items():
                into[answer] += n
    return total


LOW_BELIEF, HIGH_BELIEF = 0.5, 0.75


def mismatch(domain: Domain, share: float, pace: Pace | None) -> str | None:
    """A reflective prompt where what was done and what is felt disagree: support on track but
    fewer than half agree, or support behind its goal while three in four agree. None without
    a goal to judge the support by."""
    if pace in (Pace.MET, Pace.ON_TRACK) and share < LOW_BELIEF:
        return (f"{domain.label} support is on track, yet fewer than half agree that “{domain.belief}”. "
                "Is the support reaching the people who need it, in a form they notice?")
    if pace in (Pace.BEHIND, Pace.BELOW) and share >= HIGH_BELIEF:
        return (f"Most agree that “{domain.belief}”, though {domain.label} activity is behind its goal. "
                "Is support happening that is not being logged, or is the goal set right?")
    return None
