"""What the team said in its latest pulse round shown, beside what was done: shared by the team
overview and the Ask the team page. Only kept figures exist to be shown (domain/pulse.py)."""

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.markup import plain
from dashboard.tables import PACE_WORDS
from domain.catalogue import Domain
from domain.dates import shown
from domain.pulse import SCALE, Round, agreeing, mismatch
from projections.queries import DomainActivity, Summary
from services.reading import PulseView


def show_results(view: PulseView, summary: Summary) -> None:
    """The latest closed round: each statement's answers, the share agreeing beside the domain's
    activity against its goal, prompts where the two disagree, and the trend across rounds."""
    if not view.closed:
        return
    latest = view.closed[0]
    st.subheader("What the team says")
    st.caption(f"Round {latest.number}, closed {shown(latest.closed_on)}: {latest.answered} of {latest.asked} "
               "answered. Answers are anonymous; a figure is shown only when at least "
               f"{latest.threshold} gave it.")
    if not latest.counts:
        st.info(f"Fewer than {latest.threshold} answered, so this round's results are not shown: no one can be "
                "singled out.", icon=":material/visibility_off:")
        return
    frame = pd.DataFrame([{"domain": d.label, "answer": answer.value, "count": latest.counts[d.value][answer.value],
                           "rank": rank} for d in Domain if d.value in latest.counts
                          for rank, answer in enumerate(SCALE)])
    st.altair_chart(charts.pulse_answers(frame), width="stretch")
    activity = {row.domain: row for row in summary.domains}
    st.dataframe([{"Domain": d.label, "Statement": f"“{d.belief}”",
                   "Agree": f"{agreeing(latest.counts[d.value]):.0%}" if d.value in latest.counts
                   else f"not shown (fewer than {latest.threshold})",
                   "Support this month": support_words(activity[d])} for d in Domain],
                 hide_index=True, width="stretch")
    for d in Domain:
        if d.value in latest.counts and (prompt := mismatch(d, agreeing(latest.counts[d.value]), activity[d].pace)):
            st.warning(plain(prompt), icon=":material/psychology_alt:")
    rounds = [r for r in reversed(view.closed) if r.counts]
    if len(rounds) > 1:
        st.altair_chart(charts.pulse_trend(pd.DataFrame(trend_rows(rounds))), width="stretch")


def support_words(row: DomainActivity) -> str:
    """"7 of 16 · behind pace"."""
    return (f"{row.count}" + (f" of {row.goal:g}" if row.goal else "")
            + (f" · {PACE_WORDS[row.pace].lower()}" if row.pace else ""))


def trend_rows(rounds: list[Round]) -> list[dict]:
    return [{"round": f"{r.number} ({shown(r.closed_on)})", "domain": d.label, "share": agreeing(r.counts[d.value])}
            for r in rounds for d in Domain if d.value in r.counts]
