"""Goals & rules: what the team aims for in each domain, and when a gap counts as a gap.
Every change is recorded as an event, so past months keep the goal they had."""

import re

import streamlit as st

from dashboard.forms import Refusals
from dashboard.resources import (
    app,
    command,
    current_team,
    no_writing_in_the_past,
    reader,
    rerun_saying,
    said,
    user_name,
)
from dashboard.tables import DAYS
from domain.catalogue import Domain
from domain.commands import SetGoal, SetRules
from domain.dates import shown
from domain.gaps import RULES

team = current_team()
st.title("Goals & rules")
if team is None:
    st.stop()
no_writing_in_the_past("set goals or gap rules")

read = reader()
history = read.goals(team)
current = {domain: (target, per) for _, domain, target, per in history}
st.subheader("Goals")
st.caption("At least this many activities in each domain per month (or week). 0 means no goal.")
with st.form("goals"):
    refusals = Refusals()
    chosen = {}
    for domain in Domain:
        left, right = st.columns([3, 1])
        target, per = current.get(domain, (0, "month"))
        chosen[domain] = (left.number_input(f"{domain.label} — “{domain.belief}”", 0, 500, target),
                          right.selectbox("per", ["month", "week"], index=["month", "week"].index(per),
                                          key=f"per_{domain}"))
    refusals.under("target", "per", "user")
    if st.form_submit_button("Save goals", type="primary"):
        with refusals.shown():
            changes = [SetGoal.parse(team_id=team.team_id, domain=d, target=chosen[d][0], per=chosen[d][1],
                                     by=user_name()) for d in Domain if chosen[d] != current.get(d, (0, "month"))]
            for change in changes:
                command(lambda change=change: app().set_goal(change))
            rerun_saying(f"Saved {len(changes)} goal change{'s' if len(changes) != 1 else ''}." if changes
                         else "Nothing changed.", "goals")
said("goals")
if history:
    with st.expander("Goal history"):
        st.dataframe([{"Set on": day, "Domain": domain.label, "Target": target, "Per": per}
                      for day, domain, target, per in history], hide_index=True, column_config=DAYS)

st.subheader("Gap rules")
in_force = read.rules(team)
thresholds, closed = in_force.thresholds, in_force.closed_days
with st.form("rules"):
    refusals = Refusals()
    values = {rule: st.number_input(f"{info.label} after ({info.unit})", 1, 365, thresholds[rule])
              for rule, info in RULES.items() if info.default}
    refusals.under("thresholds")
    days = st.text_input("Closed days (bank holidays, office closures), separated by commas",
                         ", ".join(shown(d) for d in sorted(closed)), placeholder="25/12/2026, 2026-12-28",
                         help="Type each day as 27/11/2026, 2026-11-27 or 27 Nov 2026.")
    refusals.under("closed_days", "user")
    if st.form_submit_button("Save rules", type="primary"):
        with refusals.shown():
            command(lambda: app().set_rules(SetRules.parse(
                team_id=team.team_id, thresholds={r.value: v for r, v in values.items()}, by=user_name(),
                closed_days=[d.strip() for d in re.split(r",|;", days) if d.strip()])))
            rerun_saying("Rules saved.", "rules")
said("rules")
