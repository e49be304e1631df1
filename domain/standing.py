"""Is a team a secure base right now, and which team needs a manager first: two judgments drawn
from a team's open gaps and its goals, kept here so the overview, the Gaps page and any later
report decide them the same way.

A team is a secure base right now ("Yes") when no gap is open and no domain is behind its goal.
It needs attention ("Not yet") when a gap has been open longer than two weeks, or when three or
more domains are behind their goals. Anything in between is "Mostly". Teams are ordered by need:
the most open gaps first, then the one whose oldest gap is oldest, then the most domains behind.
"""

from dataclasses import dataclass
from enum import StrEnum

from domain.catalogue import Domain

LONG_OPEN_DAYS = 14
MANY_BEHIND = 3


class Verdict(StrEnum):
    YES = "Yes"
    MOSTLY = "Mostly"
    NOT_YET = "Not yet"


@dataclass(frozen=True)
class Standing:
    """What the judgments read: the team's open gaps (None where the reader may not see them),
    the age in days and words of its oldest, and the domains behind their goals."""
    open_gaps: int | None
    oldest_days: int
    oldest: str  # "Sam Patel: no induction"
    behind: tuple[Domain, ...]
    with_goals: int  # domains with a goal

    def verdict(self) -> Verdict:
        if (self.open_gaps and self.oldest_days > LONG_OPEN_DAYS) or len(self.behind) >= MANY_BEHIND:
            return Verdict.NOT_YET
        return Verdict.MOSTLY if self.open_gaps or self.behind else Verdict.YES

    def need(self) -> tuple[int, int, int]:
        """A sort key: the team in most need first."""
        return -(self.open_gaps or 0), -self.oldest_days, -len(self.behind)

    def answer(self) -> str:
        """"Not yet: 4 open gaps, the oldest 40 days (Sam Patel: no induction); Acceptance and
        Co-operation are behind their goals."""
        parts = []
        if self.open_gaps:
            parts.append(f"{_count(self.open_gaps, 'open gap')}, the oldest {_count(self.oldest_days, 'day')} "
                         f"({self.oldest})" if self.open_gaps > 1 else
                         f"1 open gap, {_count(self.oldest_days, 'day')} old ({self.oldest})")
        elif self.open_gaps == 0:
            parts.append("no open gaps")
        if self.behind:
            names = [d.label for d in self.behind]
            listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            parts.append(f"{listed} is behind its goal" if len(names) == 1 else f"{listed} are behind their goals")
        elif self.with_goals:
            parts.append("every goal on track")
        else:
            parts.append("no goals set yet")
        return f"{self.verdict()}: " + "; ".join(parts) + "."


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
