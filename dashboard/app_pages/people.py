"""People: one member's status and the support they took part in, by domain. A member sees
only their own, without notes."""

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.markup import plain
from dashboard.resources import as_of, current_team, reader
from dashboard.tables import DAYS, link_words
from domain.access import Action
from domain.catalogue import KINDS
from domain.dates import shown

team = current_team()
read = reader()
notes = team is not None and read.may(Action.SEE_NOTES, team.team_id)
st.title("People" if notes else "My timeline")
if team is None:
    st.stop()
people = [m for m in read.roster(team, as_of()) if read.sees_timeline(team.team_id, m.member_id)]
if not people:
    st.info("No members yet: add them with `securebase member join`.")
    st.stop()
if notes:
    person = st.selectbox("Member", people, format_func=lambda m: m.name + (" (left)" if m.left_on else ""))
else:  # a member's own timeline
    person = people[0]
    st.subheader(plain(person.name))

status = st.columns(4)
status[0].metric("Joined", shown(person.joined_on))
status[1].metric("Inducted", shown(person.inducted_on) if person.inducted_on else "not recorded")
status[2].metric("Last check-in", shown(person.last_check_in) if person.last_check_in else "none recorded")
status[3].metric("Now", f"left {shown(person.left_on)}" if person.left_on else
                 f"on leave since {shown(person.on_leave_since)}" if person.on_leave_since else "working")

items = read.timeline(team, person.member_id, as_of())
if not items:
    st.info(f"No support logged with {plain(person.name)} yet.")
    st.stop()
frame = pd.DataFrame([{"day": i.occurred_on, "kind": KINDS[i.kind].label, "mode": i.mode.replace("_", " "),
                       "domain": d.label} for i in items for d in i.domains])
if not frame.empty:
    st.altair_chart(charts.timeline(frame), width="stretch")
st.dataframe([{"Date": i.occurred_on, "Kind": KINDS[i.kind].label,
               "Domains": ", ".join(d.label for d in i.domains) or "—", "How": i.mode.replace("_", " "),
               **({"Note": i.note or ""} if notes else {}), "Linked": link_words(i.links),
               "Logged by": i.logged_by} for i in items],
             hide_index=True, width="stretch", column_config=DAYS)
