"""Import: upload a supervisor's log or a calendar export, see what would happen row by row, then
confirm. The same code path as `securebase import`. The upload is read from memory and its name
is only a label, so nothing is written to disk: no file lands where its name points, and none
is left behind to outlive the import (or the erasure of someone named in it)."""

import streamlit as st

from dashboard.forms import Refusals, day_input, typed_day
from dashboard.markup import plain
from dashboard.resources import app, current_team, no_writing_in_the_past, user_name, view
from domain.errors import SecureBaseError
from importers.jsonl import import_export
from importers.records import Upload
from importers.run import ImportRejected, run_import
from importers.sources import SUFFIXES, Format, format_of, period, source_for
from importers.tabular import Mapping

team = current_team()
st.title("Import")
if team is None:
    st.stop()
no_writing_in_the_past("import")
st.caption(f"Bring {plain(team.name)}'s existing records in: a CSV, Excel or LibreOffice log (date, activity "
           "and people columns), a calendar export (.ics), or a securebase export (.jsonl, managers only). "
           "Nothing is written until you confirm.")
upload = st.file_uploader("File", type=[suffix.lstrip(".") for suffix in SUFFIXES])
if upload is None:
    st.stop()
file = Upload(upload.name, upload.getvalue())
if format_of(file) is Format.EXPORT:
    st.info("A securebase export holds every event of a store, for every team, with who did what. "
            "Replaying it adds what this store does not have yet, in one go: a line that does not fit "
            "writes nothing.")
    if st.button("Replay the export", type="primary"):
        try:
            applied, skipped = import_export(app(), file, user_name())
        except SecureBaseError as error:
            st.error(plain(str(error)))
        else:
            view().catch_up()
            st.success(f"Applied {applied} events; {skipped} were already here.")
    st.stop()
start = end = None
if format_of(file) is Format.CALENDAR:
    left, right = st.columns(2)
    first, last = period()
    typed = day_input("From", first, "import_from", left), day_input("To", last, "import_to", right)
    refusals = Refusals()
    refusals.under("from", "to")
    with refusals.shown(stop=True):
        start, end = typed_day(typed[0], "from"), typed_day(typed[1], "to")
named = st.file_uploader("Mapping file (optional): your log's column names, and your team's own words for "
                         "kinds of support", type=["toml"])

try:
    source = source_for(file, Mapping(Upload(named.name, named.getvalue())) if named else Mapping(), start, end)
    preview = run_import(app(), team.team_id, source, user_name(), dry_run=True, skip_invalid=True)
except ValueError as error:  # the file's own words (a title, a cell) are shown as text, not Markdown
    st.error(plain(str(error)))
    st.stop()
st.subheader("Preview")
counts = st.columns(4)
counts[0].metric("New entries", preview.added)
counts[1].metric("Already imported", preview.already_imported)
counts[2].metric("Duplicate rows", preview.duplicates)
counts[3].metric("Rows with problems", len(preview.rejected))
if preview.not_support:
    st.caption(f"{preview.passed_over} (they name no kind of support, none of the team took part, or they "
               "are still to come): they are passed over.")
if preview.rejected:
    st.warning("These rows cannot be imported as they are:")
    st.dataframe([{"Where": r.place, "Column": r.column, "Value": r.value, "Why": r.reason}
                  for r in preview.rejected], hide_index=True, width="stretch")
    only_valid = st.checkbox(f"Import the other {preview.added} rows and leave these out")
else:
    only_valid = False
if preview.added and st.button("Confirm import", type="primary", disabled=bool(preview.rejected) and not only_valid):
    try:
        report = run_import(app(), team.team_id, source, user_name(), skip_invalid=only_valid)
    except ImportRejected as rejected:
        st.error(plain(str(rejected)))
    else:
        view().catch_up()
        st.success(report.summary())
