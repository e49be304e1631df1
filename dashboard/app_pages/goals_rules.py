"""Goals & rules: what the team aims for in each domain, and when a gap counts as a gap.
Every change is recorded as an event, so past months keep the goal they had."""

import streamlit as st

from dashboard.markup import plain
from dashboard.resources import app, command, current_team, no_writing_in_the_past, reader, user_name
from domain.catalogue import Domain
from domain.commands import SetGoal, SetRules
from domain.errors import SecureBaseError
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
    chosen = {}
    for domain in Domain:
        left, right = st.columns([3, 1])
        target, per = current.get(domain, (0, "month"))
        chosen[domain] = (left.number_input(f"{domain.label} — “{domain.belief}”", 0, 500, target),
                          right.selectbox("per", ["month", "week"], index=["month", "week"].index(per),
                                          key=f"per_{domain}"))
    if st.form_submit_button("Save goals", type="primary"):
        changed = [d for d in Domain if chosen[d] != current.get(d, (0, "month"))]
        for domain in changed:
            command(lambda d=domain: app().set_goal(SetGoal.parse(
                team_id=team.team_id, domain=d, target=chosen[d][0], per=chosen[d][1], by=user_name())))
        st.success(f"Saved {len(changed)} goal change(s)." if changed else "Nothing changed.")
if history:
    with st.expander("Goal history"):
        st.dataframe([{"Set on": day, "Domain": domain.label, "Target": target, "Per": per}
                      for day, domain, target, per in history], hide_index=True)

st.subheader("Gap rules")
in_force = read.rules(team)
thresholds, closed = in_force.thresholds, in_force.closed_days
with st.form("rules"):
    values = {rule: st.number_input(f"{info.label} after ({info.unit})", 1, 365, thresholds[rule])
              for rule, info in RULES.items() if info.default}
    days = st.text_input("Closed days (YYYY-MM-DD, comma-separated)", ", ".join(d.isoformat() for d in sorted(closed)))
    if st.form_submit_button("Save rules", type="primary"):
        result = command(lambda: app().set_rules(SetRules.parse(
            team_id=team.team_id, thresholds={r.value: v for r, v in values.items()}, by=user_name(),
            closed_days=[d.strip() for d in days.split(",") if d.strip()])))
        if isinstance(result, SecureBaseError):
            st.error(plain(str(result)))
        else:
            st.success("Rules saved.")
