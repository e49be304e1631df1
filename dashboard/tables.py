"""Tables shown on more than one page, and the plain words they and the pages use: names and
dates as people say them, never ids or bare day counts."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from domain.dates import shown
from domain.gaps import RULES, Closure, Rule
from domain.periods import Pace, bounds, length
from domain.standing import Standing
from projections.history import Link
from projections.queries import DomainActivity, GapView, Summary

# Dates and times in tables, as securebase shows them everywhere ("27 Nov 2026"), still sorted as dates.
MOMENTS = {name: st.column_config.DatetimeColumn(name, format="D MMM YYYY, HH:mm") for name in ("When", "Logged at")}
DAYS = {name: st.column_config.DateColumn(name, format="D MMM YYYY") for name in ("Date", "Set on")}

PACE_WORDS = {Pace.MET: "Goal met", Pace.ON_TRACK: "On track", Pace.BEHIND: "Behind pace", Pace.BELOW: "Below goal"}
PACE = {pace: f":{'green' if pace in (Pace.MET, Pace.ON_TRACK) else 'orange'}[{words}]"
        for pace, words in PACE_WORDS.items()}


def show_gaps(gaps: list[GapView], with_team: bool = True) -> None:
    """The gap table, with its wordy columns kept narrow enough that every column shows."""
    narrow = {name: st.column_config.TextColumn(name, width="medium") for name in ("What", "State", "To close")}
    st.dataframe(gap_table(gaps, with_team), hide_index=True, width="stretch", column_config=narrow)


def gap_table(gaps: list[GapView], with_team: bool = True) -> pd.DataFrame:
    """Open gaps with how long they have been open and what would close them; closed ones with
    how they closed."""
    rows = [{"Team": g.team, "Who": g.member or "whole team", "Rule": rule_words(g), "What": g.subject,
             "State": state_words(g), "To close": to_close_words(g)} for g in gaps]
    frame = pd.DataFrame(rows, columns=["Team", "Who", "Rule", "What", "State", "To close"])
    if not with_team:
        frame = frame.drop(columns="Team")
    if all(g.closed_on is not None for g in gaps):
        frame = frame.drop(columns="To close")
    return frame


def rule_words(gap: GapView) -> str:
    return ", ".join([gap.rule_label, *(RULES[rule].label.lower() for rule in gap.also)])


def state_words(gap: GapView) -> str:
    """"open 23 days, since 4 Nov"; "closed 27 Nov, 10 days late"; "no longer owed: left on 14 Aug"."""
    if gap.closed_on is None:
        return f"open {days(gap.age_days)}, since {shown(gap.opened_on)}"
    when = shown(gap.closed_on)
    if gap.closed_how == Closure.LEFT:
        return f"no longer owed: left on {when}"
    if gap.closed_how == Closure.ON_LEAVE:
        return f"no longer owed: on leave from {when}"
    if gap.closed_how == Closure.NOT_APPLICABLE:
        return f"not applicable from {when}: {gap.decided_because} ({gap.decided_by})"
    if gap.closed_how == Closure.PERIOD_ENDED:
        return f"below goal when the period ended on {shown(gap.closed_on - timedelta(days=1))}"
    if gap.rule == Rule.BELOW_GOAL:
        return f"back on pace {when}, after {days(gap.age_days)} behind"
    late = gap.late_by_days or 0
    return f"closed {when}, {days(late)} late" if late > 0 else f"closed {when}, in time"


def to_close_words(gap: GapView) -> str:
    if gap.closed_on is not None:
        return ""
    return f"{gap.to_close} for {gap.member}" if gap.member else gap.to_close


def days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def pace_words(row: DomainActivity) -> str:
    """"On track · 7 due by now", in colour; "" without a goal."""
    if row.pace is None:
        return ""
    return PACE[row.pace] + (f" · {row.due} due by now" if row.pace in (Pace.ON_TRACK, Pace.BEHIND) else "")


def compared_words(summary: Summary) -> str:
    """The days of the period before that a summary is compared with: "1–27 Oct", "all of October"."""
    start = bounds(summary.before)[0]
    if summary.before_days == length(summary.before):
        return f"all of {start:%B}"
    return f"1–{summary.before_days} {start:%b}" if summary.before_days else "no days yet"


def standing(open_gaps: list[GapView] | None, summary: Summary) -> Standing:
    """What the overview's answer and the Gaps page's order are judged from (domain/standing.py)."""
    oldest = max(open_gaps or [], key=lambda g: g.age_days, default=None)
    return Standing(
        open_gaps=None if open_gaps is None else len(open_gaps), oldest_days=oldest.age_days if oldest else 0,
        oldest=gap_words(oldest) if oldest else "", with_goals=sum(1 for row in summary.domains if row.goal),
        behind=tuple(row.domain for row in summary.domains if row.pace in (Pace.BEHIND, Pace.BELOW)))


def gap_words(gap: GapView) -> str:
    """"Sam Patel: no induction"; "Co-operation: quiet domain"."""
    return f"{gap.member or (gap.domain.label if gap.domain else 'whole team')}: {gap.rule_label.lower()}"


def link_words(links: list[Link]) -> str:
    """"after the difficult visit on 3 Dec 2026 [ab12cd34]"; "debriefed on 4 Dec 2026 [cd34ef56]"."""
    return "; ".join(("after the difficult visit" if link.kind == "difficult_visit" else "debriefed")
                     + f" on {shown(link.when.date())} [{link.ref}]" for link in links)
