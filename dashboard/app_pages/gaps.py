"""Gaps, for managers: every team's month at a glance, the open gaps oldest first with what would
close them, and the gaps closed lately with how they closed."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.resources import as_of, reader
from dashboard.tables import gap_table
from domain.access import Action
from domain.gaps import RULES
from domain.periods import bounds, period_of
from projections.queries import GapView

day = as_of() or date.today()
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

found = read.gaps(teams, as_of(), "all")
open_gaps = [g for g in found if g.closed_on is None]
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
    st.dataframe(gap_table(shown, day), hide_index=True, width="stretch")
else:
    st.success("No open gaps match.")

st.subheader("Closed in the last 30 days")
recent = sorted((g for g in found if g.closed_on and g.closed_on >= day - timedelta(days=30) and wanted(g)),
                key=lambda g: g.closed_on, reverse=True)
if recent:
    st.dataframe(gap_table(recent, day), hide_index=True, width="stretch")
else:
    st.info("Nothing closed lately.")
