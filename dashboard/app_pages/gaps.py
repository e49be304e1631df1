"""Gaps: one row per team, the team in most need first (domain/standing.py says how need is
ordered); a click on a team opens its open gaps, oldest first, with what would close them; a
supervisor's decisions about them (not applicable, snooze, undo); the month against each team's
goals; and the gaps closed lately with how they closed."""

from collections import Counter
from datetime import timedelta

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.forms import Refusals, day_input, typed_day
from dashboard.markup import plain
from dashboard.resources import app, as_of, command, reader, rerun_saying, said, user_name
from dashboard.tables import days, show_gaps, standing
from domain import zone
from domain.access import Action
from domain.commands import DecideGap
from domain.dates import shown
from domain.gaps import RULES
from domain.periods import bounds, period_of
from domain.standing import Verdict
from projections.queries import GapView

MARKS = {Verdict.YES: "✓ Yes", Verdict.MOSTLY: "◐ Mostly", Verdict.NOT_YET: "✕ Not yet"}
RECENT_DAYS = 30  # closed gaps shown below the open ones

day = as_of() or zone.today()
month = period_of(day, "month")
read = reader()
teams = read.teams(Action.SEE_NOTES)
st.title("Gaps")
if not teams:
    st.info("No teams yet.")
    st.stop()

found = read.gaps(teams, as_of(), "all", RECENT_DAYS)
open_gaps = [g for g in found if g.closed_on is None and not g.snoozed]
summaries = {team.team_id: read.summary(team, month, as_of()) for team in teams}
standings = {team.team_id: standing([g for g in open_gaps if g.team_id == team.team_id], summaries[team.team_id])
             for team in teams}
by_need = sorted(teams, key=lambda team: (standings[team.team_id].need(), team.name))

st.subheader("Where to look first")
rows = []
for team in by_need:
    now, counts = standings[team.team_id], Counter(g.rule_label for g in open_gaps if g.team_id == team.team_id)
    rows.append({"Team": team.name, "Secure base now?": MARKS[now.verdict()], "Open gaps": now.open_gaps,
                 "By rule": ", ".join(f"{n} {label.lower()}" for label, n in counts.most_common()) or "none",
                 "Oldest": f"{now.oldest} ({days(now.oldest_days)})" if now.open_gaps else "",
                 "Behind their goals": ", ".join(d.label for d in now.behind) or "none"})
picked = st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", on_select="rerun",
                      selection_mode="single-row", key="team_rows",
                      column_config={"Open gaps": st.column_config.NumberColumn(width="small"),
                                     "Secure base now?": st.column_config.TextColumn(width="small"),
                                     **{name: st.column_config.TextColumn(width="medium")
                                        for name in ("Team", "By rule", "Oldest", "Behind their goals")}})
st.caption("The team in most need first: the most open gaps, then the oldest gap, then the most domains behind "
           "their goals this month. Choose a row to see that team's gaps.")
chosen_team = by_need[picked.selection.rows[0]] if picked.selection.rows else None

left, middle, right = st.columns([2, 2, 1])
chosen_teams = left.multiselect("Teams", [t.name for t in teams], placeholder="All teams",
                                default=[chosen_team.name] if chosen_team else None,
                                key=f"gap_teams/{chosen_team.team_id if chosen_team else ''}")
chosen_rules = middle.multiselect("Rules", list(RULES), format_func=lambda rule: RULES[rule].label,
                                 placeholder="All rules")
oldest = max([g.age_days for g in open_gaps], default=0)
min_age = right.number_input("Open at least (days)", min_value=0, max_value=max(oldest, 0), value=0)


def wanted(gap: GapView) -> bool:
    return ((not chosen_teams or gap.team in chosen_teams)
            and (not chosen_rules or bool({gap.rule, *gap.also} & set(chosen_rules))))


st.subheader("Open gaps, oldest first" + (f": {plain(chosen_teams[0])}" if len(chosen_teams) == 1 else ""))
shown_gaps = sorted((g for g in open_gaps if wanted(g) and g.age_days >= min_age), key=lambda g: -g.age_days)
if shown_gaps:
    show_gaps(shown_gaps, with_team=len(chosen_teams) != 1)
else:
    st.success("No open gaps match.")


def label(gap: GapView) -> str:
    return f"{gap.team} · {gap.member or 'whole team'} · {gap.rule_label} · {gap.subject} [{gap.ref}]"


def decide(gap: GapView, decision: str, **fields) -> None:  # noqa: ANN003 (the command's fields)
    command(lambda: app().decide_gap(DecideGap.parse(
        team_id=gap.team_id, gap_key=gap.key, decision=decision, by=user_name(), **fields)))
    rerun_saying(plain(f"{decision.capitalize()}: {label(gap)}"), "gaps")


asleep = [g for g in found if g.snoozed and wanted(g)]
undoable = asleep + [g for g in found if g.decision == "not applicable" and wanted(g)]
said("gaps")
if as_of() is None and (shown_gaps or undoable):
    with st.expander("Decide about a gap: the rule does not apply, look again later, or undo either"):
        chosen = st.selectbox("Gap", shown_gaps, format_func=label, index=None, placeholder="Choose an open gap",
                              key="decide_gap")
        choice = st.radio("Decision", ["Not applicable", "Snooze"], horizontal=True, key="decide_how")
        with st.form("decide", clear_on_submit=True):
            refusals = Refusals()
            until = day_input("Look again on", day + timedelta(days=14), "decide_until") if choice == "Snooze" else ""
            refusals.under("until")
            reason = st.text_input("Why (kept in the gap's trail)", key="decide_reason")
            refusals.under("reason", "gap", "user")
            if st.form_submit_button("Save the decision", type="primary", disabled=chosen is None):
                with refusals.shown():
                    decide(chosen, "not applicable" if choice == "Not applicable" else "snoozed",
                           until=typed_day(until, "until") if until else None, reason=reason or None)
        if undoable:
            back = st.selectbox("Dismissed or snoozed", undoable, index=None, placeholder="Choose one to reinstate",
                                key="reinstate_gap",
                                format_func=lambda g: f"{label(g)} — {g.decision}"
                                + (f" until {shown(g.decided_until)}" if g.decided_until else "")
                                + f", by {g.decided_by}")
            undo = Refusals()
            undo.under("gap", "user")
            if st.button("Reinstate", disabled=back is None, key="reinstate"):
                with undo.shown():
                    decide(back, "reinstated")

st.subheader(f"{bounds(month)[0]:%B %Y}: activity against each team's goals")
cells = [{"team": team.name, "domain": row.domain.label, "count": row.count, "goal": row.goal,
          "progress": row.count / row.goal if row.goal else None,
          "label": f"{row.count} / {row.goal:g}" if row.goal else f"{row.count}"}
         for team in by_need for row in summaries[team.team_id].domains]
st.altair_chart(charts.heatmap(pd.DataFrame(cells)), width="stretch")
st.caption("Darker is closer to the goal; a plain number means the team has set no goal for that domain.")

st.subheader(f"Closed in the last {RECENT_DAYS} days")
recent = sorted((g for g in found if g.closed_on and wanted(g)), key=lambda g: g.closed_on, reverse=True)
if recent:
    show_gaps(recent)
else:
    st.info("Nothing closed lately.")
