"""Import: upload a supervisor's log or a calendar export, see what would happen row by row, then
confirm. The same code path as `securebase import`."""

import tempfile
from datetime import date, timedelta
from pathlib import Path

import streamlit as st

from dashboard.resources import app, current_team, user_name, view
from importers.calendar import Calendar
from importers.run import ImportRejected, run_import
from importers.synonyms import Synonyms
from importers.tabular import Mapping, Spreadsheet

team = current_team()
st.title("Import")
if team is None:
    st.stop()
st.caption(f"Bring {team.name}'s existing records in: a CSV or Excel log (date, activity and people "
           "columns), or a calendar export (.ics). Nothing is written until you confirm.")
upload = st.file_uploader("File", type=["csv", "xlsx", "ics"])
if upload is None:
    st.stop()
folder = Path(tempfile.gettempdir()) / "securebase-uploads"
folder.mkdir(exist_ok=True)
path = folder / upload.name
path.write_bytes(upload.getvalue())
if path.suffix == ".ics":
    left, right = st.columns(2)
    start = left.date_input("From", value=date.today() - timedelta(days=365), format="DD/MM/YYYY")
    end = right.date_input("To", value=date.today(), format="DD/MM/YYYY")
    source = Calendar(path, start, end, Synonyms())
else:
    source = Spreadsheet(path, Mapping())

try:
    preview = run_import(app(), team.team_id, source, user_name(), dry_run=True, skip_invalid=True,
                         progress=False)
except ValueError as error:
    st.error(str(error))
    st.stop()
st.subheader("Preview")
counts = st.columns(4)
counts[0].metric("New entries", preview.added)
counts[1].metric("Already imported", preview.already_imported)
counts[2].metric("Duplicate rows", preview.duplicates)
counts[3].metric("Rows with problems", len(preview.rejected))
if preview.rejected:
    st.warning("These rows cannot be imported as they are:")
    st.dataframe([{"Line": r.line, "Column": r.column, "Value": r.value, "Why": r.reason}
                  for r in preview.rejected], hide_index=True, width="stretch")
    only_valid = st.checkbox(f"Import the other {preview.added} rows and leave these out")
else:
    only_valid = False
if preview.added and st.button("Confirm import", type="primary", disabled=bool(preview.rejected) and not only_valid):
    try:
        report = run_import(app(), team.team_id, source, user_name(), skip_invalid=only_valid, progress=False)
    except ImportRejected as rejected:
        st.error(str(rejected))
    else:
        view().catch_up()
        st.success(report.summary())
