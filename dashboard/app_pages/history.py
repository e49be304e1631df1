"""History: everything logged for the team, who logged it and when, filterable and downloadable."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from dashboard.forms import Refusals, day_input, typed_day
from dashboard.resources import current_team, reader
from dashboard.tables import MOMENTS, link_words
from domain import zone
from services.cells import csv_bytes

team = current_team()
st.title("History")
if team is None:
    st.stop()
typed = day_input("From", zone.today() - timedelta(days=90), "history_from")
refusals = Refusals()
refusals.under("from")
with refusals.shown(stop=True):
    since = typed_day(typed, "from")
items = reader().history(team, None, since)
frame = pd.DataFrame([{"When": i.when, "What": i.what.replace("_", " "), "Who": ", ".join(i.members),
                       "How": i.mode.replace("_", " "), "Note": i.note or "", "Linked": link_words(i.links),
                       "Logged by": i.by, "Logged at": i.logged_at, "Status": i.status} for i in items])
if frame.empty:
    st.info("Nothing recorded yet.")
    st.stop()
left, middle, right = st.columns(3)
kinds = left.multiselect("What", sorted(frame["What"].unique()), placeholder="Everything")
person = middle.text_input("Who (part of a name)")
logger = right.selectbox("Logged by", ["anyone", *sorted(set(frame["Logged by"]) - {""})])
if kinds:
    frame = frame[frame["What"].isin(kinds)]
if person:
    frame = frame[frame["Who"].str.contains(person, case=False, regex=False)]
if logger != "anyone":
    frame = frame[frame["Logged by"] == logger]
st.caption(f"{len(frame)} records, newest first. Corrections and retractions keep the original record.")
st.dataframe(frame, hide_index=True, width="stretch", column_config=MOMENTS)
st.download_button("Download as CSV", csv_bytes(frame.to_dict("records")), file_name=f"{team.name} history.csv",
                   mime="text/csv")
