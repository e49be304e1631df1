"""Gaps, for managers: every team's month at a glance, the open gaps oldest first with what would
close them, a supervisor's decisions about them (not applicable, snooze, undo), and the gaps
closed lately with how they closed."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.markup import plain
from dashboard.resources import app, as_of, command, reader, rerun_saying, said, user_name
from dashboard.tables import day_words, show_gaps
from domain import zone
from domain.access import Action
from domain.commands import DecideGap
from domain.errors import SecureBaseError
from domain.gaps import RULES
from domain.periods import bounds, period_of
from projections.queries import GapView

day = as_of() or zone.today()
month = period_of(day, "month")
st.title("Gaps across teams")
read = reader()
teams = read.teams(Action.SEE_NOTES)
if not teams:
    st.info("No teams yet.")
    st.stop()

st.subheader(f"{bounds(month)[0]:%B %Y}: activity against each team's goals")
cells = []
for team in teams:
    for row in read.summary(team, month, as_of()).domains:
        cells.append({"team": team.name, "domain": row.domain.label, "count": row.count, "goal": row.goal,
                      "progress": row.count / row.goal if row.goal else None,
                      "label": f"{row.count} / {row.goal:g}" if row.goal else f"{row.count}"})
st.altair_chart(charts.heatmap(pd.DataFrame(cells)), width="stretch")
st.caption("Darker is closer to the goal; a plain number means the team has set no goal for that domain.")

RECENT_DAYS = 30  # closed gaps shown below the open ones
found = read.gaps(teams, as_of(), "all", RECENT_DAYS)
open_gaps = [g for g in found if g.closed_on is None and not g.snoozed]
left, middle, right = st.columns([2, 2, 1])
chosen_teams = left.multiselect("Teams", [t.name for t in teams], placeholder="All teams")
chosen_rules = middle.multiselect("Rules", list(RULES), format_func=lambda rule: RULES[rule].label,
                                 placeholder="All rules")
oldest = max([g.age_days for g in open_gaps], default=0)
min_age = right.number_input("Open at least (days)", min_value=0, max_value=max(oldest, 0), value=0)


def wanted(gap: GapView) -> bool:
    return ((not chosen_teams or gap.team in chosen_teams)
            and (not chosen_rules or bool({gap.rule, *gap.also} & set(chosen_rules))))


st.subheader("Open gaps, oldest first")
shown = [g for g in open_gaps if wanted(g) and g.age_days >= min_age]
if shown:
    show_gaps(shown, day)
else:
    st.success("No open gaps match.")


def label(gap: GapView) -> str:
    return f"{gap.team} · {gap.member or 'whole team'} · {gap.rule_label} · {gap.subject} [{gap.ref}]"


def decide(gap: GapView, decision: str, **fields) -> None:  # noqa: ANN003 (the command's fields)
    result = command(lambda: app().decide_gap(DecideGap.parse(
        team_id=gap.team_id, gap_key=gap.key, decision=decision, by=user_name(), **fields)))
    if isinstance(result, SecureBaseError):
        st.error(plain(result.reason))
    else:
        rerun_saying(plain(f"{decision.capitalize()}: {label(gap)}"), "gaps")


asleep = [g for g in found if g.snoozed and wanted(g)]
undoable = asleep + [g for g in found if g.decision == "not applicable" and wanted(g)]
said("gaps")
if as_of() is None and (shown or undoable):
    with st.expander("Decide about a gap: the rule does not apply, look again later, or undo either"):
        chosen = st.selectbox("Gap", shown, format_func=label, index=None, placeholder="Choose an open gap",
                              key="decide_gap")
        choice = st.radio("Decision", ["Not applicable", "Snooze"], horizontal=True, key="decide_how")
        with st.form("decide", clear_on_submit=True):
            until = st.date_input("Look again on", value=day + timedelta(days=14), min_value=day + timedelta(days=1),
                                  format="DD/MM/YYYY", disabled=choice != "Snooze")
            reason = st.text_input("Why (kept in the gap's trail)", key="decide_reason")
            if st.form_submit_button("Save the decision", type="primary", disabled=chosen is None):
                decide(chosen, "not applicable" if choice == "Not applicable" else "snoozed",
                       until=until if choice == "Snooze" else None, reason=reason or None)
        if undoable:
            back = st.selectbox("Dismissed or snoozed", undoable, index=None, placeholder="Choose one to reinstate",
                                key="reinstate_gap",
                                format_func=lambda g: f"{label(g)} — {g.decision}"
                                + (f" until {day_words(g.decided_until, day)}" if g.decided_until else "")
                                + f", by {g.decided_by}")
            if st.button("Reinstate", disabled=back is None, key="reinstate"):
                decide(back, "reinstated")

st.subheader(f"Closed in the last {RECENT_DAYS} days")
recent = sorted((g for g in found if g.closed_on and wanted(g)),
                key=lambda g: g.closed_on, reverse=True)
if recent:
    show_gaps(recent, day)
else:
    st.info("Nothing closed lately.")
