"""Log support: what falls due soon, each with "Log it now" to fill the form in; the supervisor's
form, with the domain's own messages beside the field at fault; and the latest entries with
their amend and retract actions."""

from datetime import datetime, time

import streamlit as st

from dashboard.markup import plain
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
from domain import zone
from domain.access import Action
from domain.catalogue import KINDS, Domain, Mode
from domain.commands import LogSupport, Retract
from domain.errors import SecureBaseError

MODES = {Mode.IN_PERSON: "In person", Mode.ONLINE: "Online", Mode.PHONE: "Phone", Mode.HYBRID: "Hybrid"}
ORDER = {domain: n for n, domain in enumerate(Domain)}
KIND_KEYS = sorted(KINDS, key=lambda k: (ORDER.get(KINDS[k].primary, 9), k))


def kind_label(key: str) -> str:
    kind = KINDS[key]
    where = kind.primary.label if kind.primary else "Trigger"
    return f"{where} · {kind.label} — {kind.hint}"


def log_it_now(kind: str, member_id, regarding, visit_on) -> None:
    """Fills the form in for a due-soon row: the kind that closes it, the member and, for a
    debrief, the difficult visit it follows."""
    st.session_state["log_kind"] = kind
    st.session_state["log_members"] = [member_id] if member_id in names else []
    st.session_state["log_regarding"] = (regarding, visit_on) if regarding else None


def show_due_soon(box) -> None:
    """Support falling due in the next 5 working days for this team, soonest first; only today."""
    fresh = reader()  # after a submit, the list shows what it logged
    if not fresh.may(Action.SEE_NOTES, team.team_id):
        return
    coming = fresh.due_soon([team])
    with box:
        st.subheader("Due soon")
        if not coming:
            st.caption("Nothing falls due in the next 5 working days.")
        for row in coming:
            text, action = st.columns([5, 1], vertical_alignment="center")
            text.markdown(f"**{row.due_on:%a %d %b}** · {plain(row.member or '')} · {plain(row.rule_label)}: "
                          f"{plain(row.subject)} — {plain(row.to_close)}")
            action.button("Log it now", key=f"due_soon/{row.key}", on_click=log_it_now,
                          args=(row.kind, row.member_id, row.regarding, row.owed_from))


def show_error(error: SecureBaseError, slots: dict) -> None:
    field = error.field.split(".")[0]
    slots.get(field, slots["kind"]).error(plain(f"{error.reason}" + (f" ({error.value})" if error.value else "")))


team = current_team()
st.title("Log support")
if team is None:
    st.stop()
no_writing_in_the_past("log or correct support")
read = reader()
people = [m for m in read.roster(team) if m.left_on is None]
names = {m.member_id: m.name for m in people}
due_box = st.container()  # filled once any submit below is logged

with st.form("log_support"):
    slots = {}
    kind = st.selectbox("Kind of support", KIND_KEYS, format_func=kind_label, key="log_kind")
    slots["kind"] = st.empty()
    members = st.multiselect("Who took part", list(names), format_func=names.get, key="log_members",
                             placeholder="Choose members (none for whole-team kinds)")
    visit = st.session_state.get("log_regarding")
    if visit:
        st.caption(f"A debrief logged now follows the difficult visit on {visit[1]:%d %B}.")
    slots["members"] = st.empty()
    left, right = st.columns(2)
    day = left.date_input("Date", value=zone.today(), format="DD/MM/YYYY")
    at_time = right.time_input("Time", value=time(zone.now().hour, 0))
    slots["at"] = st.empty()
    mode = st.radio("How", list(MODES), format_func=MODES.get, horizontal=True)
    slots["mode"] = st.empty()
    note = st.text_area("Note (optional — keep it short, no case details)", max_chars=500, key="log_note")
    slots["note"] = st.empty()
    submitted = st.form_submit_button("Log it", type="primary")

if submitted:
    result = command(lambda: app().log_support(LogSupport.parse(
        team_id=team.team_id, kind=kind, members=members, at=datetime.combine(day, at_time),
        mode=mode, note=note, logged_by=user_name(), regarding=visit[0] if visit and kind == "debrief" else None)))
    if isinstance(result, SecureBaseError):
        show_error(result, slots)
    else:  # an empty form again, so nothing is logged twice by habit
        who = ", ".join(names[m] for m in members) or "the whole team"
        for key in ("log_regarding", "log_members", "log_note"):
            st.session_state.pop(key, None)
        rerun_saying(f"Logged {KINDS[kind].label.lower()} with {plain(who)} on {day:%d %B}.", "log")
said("log")

show_due_soon(due_box)

st.subheader("Latest entries")
entries = [item for item in read.history(team, 40) if item.entry_id][:15]
if not entries:
    st.info("Nothing logged yet.")
    st.stop()
st.dataframe([{"When": e.when.strftime("%d %b %Y %H:%M"), "Kind": KINDS[e.what].label,
               "Who": ", ".join(e.members) or "whole team", "How": e.mode.replace("_", " "),
               "Logged by": e.by, "Status": e.status} for e in entries],
             hide_index=True, width="stretch")


def done(message: str) -> None:
    """After a correction: a new, empty choice, so nothing acts twice on stale input."""
    st.session_state["entry_round"] = st.session_state.get("entry_round", 0) + 1
    rerun_saying(message, "entries")


def entry_label(e) -> str:  # noqa: ANN001 (a history item)
    return (f"{e.when:%d %b %H:%M} · {KINDS[e.what].label} · {', '.join(e.members) or 'whole team'} · "
            f"{e.mode.replace('_', ' ')} · by {e.by} [{e.ref}]")


said("entries")
open_entries = {e.ref: e for e in entries if not e.status.startswith("retracted")}
ref = st.selectbox("Correct or withdraw an entry", list(open_entries), index=None, placeholder="Choose an entry",
                   format_func=lambda r: entry_label(open_entries[r]),
                   key=f"entry_{st.session_state.get('entry_round', 0)}")
chosen = open_entries.get(ref)
if chosen:
    amend_tab, retract_tab = st.tabs(["Amend", "Retract"])
    with amend_tab, st.form("amend"):
        everyone = {m.member_id: m.name for m in read.roster(team)}  # leavers too: they may have taken part
        new_kind = st.selectbox("Kind", KIND_KEYS, index=KIND_KEYS.index(chosen.what), format_func=kind_label,
                                key=f"amend_kind/{chosen.ref}")
        new_members = st.multiselect("Who took part", list(everyone), format_func=everyone.get,
                                     default=[m for m in chosen.member_ids if m in everyone],
                                     key=f"amend_members/{chosen.ref}")
        left, right = st.columns(2)
        new_day = left.date_input("Date", value=chosen.when.date(), format="DD/MM/YYYY", key=f"amend_day/{chosen.ref}")
        new_time = right.time_input("Time", value=chosen.when.time(), key=f"amend_time/{chosen.ref}")
        new_mode = st.radio("How", list(MODES), index=list(MODES).index(Mode(chosen.mode)),
                            format_func=MODES.get, horizontal=True, key=f"amend_mode/{chosen.ref}")
        new_note = st.text_area("Note", value=chosen.note or "", max_chars=500, key=f"amend_note/{chosen.ref}")
        if st.form_submit_button("Save the correction"):
            result = command(lambda: app().amend(chosen.entry_id, user_name(), kind=new_kind, members=new_members,
                                                 at=datetime.combine(new_day, new_time), mode=new_mode,
                                                 note=new_note))
            if isinstance(result, SecureBaseError):
                st.error(plain(str(result)))
            else:
                done(f"Corrected {plain(entry_label(chosen))}. The original stays in the history.")
    with retract_tab, st.form("retract"):
        reason = st.text_input("Why is it being withdrawn?")
        if st.form_submit_button("Retract"):
            result = command(lambda: app().retract(Retract.parse(entry_id=chosen.entry_id, reason=reason,
                                                                 by=user_name())))
            if isinstance(result, SecureBaseError):
                st.error(plain(str(result)))
            else:
                done(f"Retracted {plain(entry_label(chosen))}. It no longer counts, and the history keeps "
                     "the record.")
