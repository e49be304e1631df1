"""Log support: what falls due soon, each with "Log it now" to fill the form in; the supervisor's
form (a debrief names the visit it follows), each refusal under the field at fault; and the
latest entries with their amend and retract actions, chosen by reference."""

from datetime import datetime, time

import streamlit as st

from dashboard.forms import Refusals, day_input, typed_day
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
from domain.dates import shown, shown_at

MODES = {Mode.IN_PERSON: "In person", Mode.ONLINE: "Online", Mode.PHONE: "Phone", Mode.HYBRID: "Hybrid"}
ORDER = {domain: n for n, domain in enumerate(Domain)}
KIND_KEYS = sorted(KINDS, key=lambda k: (ORDER.get(KINDS[k].primary, 9), k))
NOT_AFTER_A_VISIT = "none"


def kind_label(key: str) -> str:
    """The kind's name first, so typing "debrief" finds Debrief before any kind whose hint
    mentions a debrief."""
    kind = KINDS[key]
    return f"{kind.label} — {kind.hint} ({kind.primary.label if kind.primary else 'a trigger'})"


def log_it_now(kind: str, member_id, regarding) -> None:  # noqa: ANN001 (ids)
    """Fills the form in for a due-soon row: the kind that closes it, the member and, for a
    debrief, the difficult visit it follows."""
    st.session_state["log_kind"] = kind
    st.session_state["log_members"] = [member_id] if member_id in names else []
    st.session_state["log_regarding"] = regarding


def show_due_soon(box) -> None:  # noqa: ANN001 (a Streamlit container)
    """Support falling due in the next 5 working days for this team, soonest first; only today."""
    fresh = reader()  # after a submit, the list shows what it logged
    if not fresh.may(Action.SEE_NOTES, team.team_id):
        return
    coming = fresh.due_soon([team])
    with box:
        st.header("Due soon")
        if not coming:
            st.caption("Nothing falls due in the next 5 working days.")
        for row in coming:
            text, action = st.columns([5, 1], vertical_alignment="center")
            text.markdown(f"**{row.due_on:%a} {shown(row.due_on)}** · {plain(row.member or '')} · "
                          f"{plain(row.rule_label)}: {plain(row.subject)} — {plain(row.to_close)}")
            action.button("Log it now", key=f"due_soon/{row.key}", on_click=log_it_now,
                          args=(row.kind, row.member_id, row.regarding))


def visit_picker(members: list) -> object | None:  # noqa: ANN001 (member ids)
    """For a debrief: the chosen members' visits awaiting one, newest first, the newest chosen."""
    visits = {v.entry_id: v for v in read.awaiting_debrief(team) if v.member_id in members}
    if not visits:
        st.session_state.pop("log_regarding", None)
        return None
    choices = [*visits, NOT_AFTER_A_VISIT]
    if st.session_state.get("log_regarding") not in choices:
        st.session_state.pop("log_regarding", None)
    chosen = st.selectbox("After which difficult visit?", choices, key="log_regarding",
                          format_func=lambda v: "Not after a visit recorded here" if v == NOT_AFTER_A_VISIT
                          else f"{visits[v].member}'s visit on {visits[v].day:%a} {shown(visits[v].day)}")
    return None if chosen == NOT_AFTER_A_VISIT else chosen


team = current_team()
st.title("Log support")
if team is None:
    st.stop()
no_writing_in_the_past("log or correct support")
read = reader()
people = [m for m in read.roster(team) if m.left_on is None]
names = {m.member_id: m.name for m in people}
due_box = st.container()  # filled once any submit below is logged

refusals = Refusals()
with st.container(border=True):
    kind = st.selectbox("Kind of support", KIND_KEYS, index=KIND_KEYS.index("check_in"), format_func=kind_label,
                        key="log_kind")
    refusals.under("kind")
    members = st.multiselect("Who took part", list(names), format_func=names.get, key="log_members",
                             placeholder="Choose members (none for whole-team kinds)")
    refusals.under("members")
    regarding = visit_picker(members) if kind == "debrief" and members else None
    refusals.under("regarding")
    left, right = st.columns(2)
    day = day_input("Date", zone.today(), "log_day", left)
    at_time = right.time_input("Time", value=time(zone.now().hour, 0), key="log_time")
    refusals.under("at", "date")
    mode = st.radio("How", list(MODES), format_func=MODES.get, horizontal=True, key="log_mode")
    refusals.under("mode")
    note = st.text_area("Note (optional — keep it short, no case details)", max_chars=500, key="log_note")
    refusals.under("note", "entry", "user")
    if st.button("Log it", type="primary"):
        with refusals.shown():
            on = typed_day(day, "date")
            command(lambda: app().log_support(LogSupport.parse(
                team_id=team.team_id, kind=kind, members=members, at=datetime.combine(on, at_time),
                mode=mode, note=note, logged_by=user_name(), regarding=regarding)))
            who = ", ".join(names[m] for m in members) or "the whole team"
            for key in ("log_regarding", "log_members", "log_note"):  # so nothing is logged twice by habit
                st.session_state.pop(key, None)
            rerun_saying(f"Logged {KINDS[kind].label.lower()} with {plain(who)} on {shown(on)}.", "log")
said("log")

show_due_soon(due_box)

st.header("Latest entries")
entries = read.latest_entries(team, 15)
if not entries:
    st.info("Nothing logged yet.")
    st.stop()
st.dataframe([{"When": shown_at(e.when), "Kind": KINDS[e.what].label, "Who": ", ".join(e.members) or "whole team",
               "How": e.mode.replace("_", " "), "Logged by": e.by, "Status": e.status or "as logged",
               "Reference": e.ref} for e in entries],
             hide_index=True, width="stretch")


def done(message: str) -> None:
    """After a correction: a new, empty choice, so nothing acts twice on stale input."""
    st.session_state["entry_round"] = st.session_state.get("entry_round", 0) + 1
    rerun_saying(message, "entries")


def entry_label(e) -> str:  # noqa: ANN001 (a history item)
    """Enough to tell two similar entries apart: when, what, who, how, by whom, the note's start."""
    note = f" · “{e.note[:30]}{'…' if len(e.note) > 30 else ''}”" if e.note else ""
    return (f"{shown_at(e.when)} · {KINDS[e.what].label} · {', '.join(e.members) or 'whole team'} · "
            f"{e.mode.replace('_', ' ')} · by {e.by}{note} [{e.ref}]")


said("entries")
open_entries = {e.ref: e for e in entries if not e.status.startswith("retracted")}
ref = st.selectbox("Correct or withdraw an entry", list(open_entries), index=None, placeholder="Choose an entry",
                   format_func=lambda r: entry_label(open_entries[r]),
                   key=f"entry_{st.session_state.get('entry_round', 0)}")
chosen = open_entries.get(ref)
if chosen:
    amend_tab, retract_tab = st.tabs(["Amend", "Retract"])
    with amend_tab, st.form("amend"):
        fixes = Refusals()
        everyone = {m.member_id: m.name for m in read.roster(team)}  # leavers too: they may have taken part
        new_kind = st.selectbox("Kind", KIND_KEYS, index=KIND_KEYS.index(chosen.what), format_func=kind_label,
                                key=f"amend_kind/{chosen.ref}")
        fixes.under("kind")
        new_members = st.multiselect("Who took part", list(everyone), format_func=everyone.get,
                                     default=[m for m in chosen.member_ids if m in everyone],
                                     key=f"amend_members/{chosen.ref}")
        fixes.under("members")
        left, right = st.columns(2)
        new_day = day_input("Date", chosen.when.date(), f"amend_day/{chosen.ref}", left)
        new_time = right.time_input("Time", value=chosen.when.time(), key=f"amend_time/{chosen.ref}")
        fixes.under("at", "date")
        new_mode = st.radio("How", list(MODES), index=list(MODES).index(Mode(chosen.mode)),
                            format_func=MODES.get, horizontal=True, key=f"amend_mode/{chosen.ref}")
        new_note = st.text_area("Note", value=chosen.note or "", max_chars=500, key=f"amend_note/{chosen.ref}")
        fixes.under("note", "mode", "entry", "user")
        if st.form_submit_button("Save the correction"):
            with fixes.shown():
                at = datetime.combine(typed_day(new_day, "date"), new_time)
                command(lambda: app().amend(chosen.entry_id, user_name(), kind=new_kind, members=new_members,
                                            at=at, mode=new_mode, note=new_note))
                done(f"Corrected {plain(entry_label(chosen))}. The original stays in the history.")
    with retract_tab, st.form("retract"):
        reason = st.text_input("Why is it being withdrawn?")
        withdrawn = Refusals()
        withdrawn.under("reason", "entry", "user")
        if st.form_submit_button("Retract"):
            with withdrawn.shown():
                command(lambda: app().retract(Retract.parse(entry_id=chosen.entry_id, reason=reason,
                                                            by=user_name())))
                done(f"Retracted {plain(entry_label(chosen))}. It no longer counts, and the history keeps "
                     "the record.")
