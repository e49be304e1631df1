"""Ask the team: a member answers the open round (once, anonymously); a supervisor opens and
closes rounds and sees only how many have answered; everyone sees what the team said once
enough answered; a manager sees every team side by side."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.forms import Refusals, day_input, typed_day
from dashboard.pulse_results import show_results
from dashboard.resources import (
    app,
    as_of,
    command,
    current_team,
    no_writing_in_the_past,
    reader,
    rerun_saying,
    said,
    user,
    user_name,
)
from domain import zone
from domain.access import Action, Role
from domain.catalogue import Domain
from domain.commands import AnswerPulse, ClosePulse, OpenPulse
from domain.dates import shown
from domain.periods import period_of
from domain.pulse import DEFAULT_THRESHOLD, LOWEST_THRESHOLD, STATEMENTS, Answer, agreeing, combined

team = current_team()
st.title("Ask the team")
if team is None:
    st.stop()
no_writing_in_the_past("answer or run a round")
command(lambda: app().close_pulse_if_due(team.team_id))  # a round past its last day is counted now
read = reader()
view = read.pulse(team)
current, runs_team = view.open_round, read.may(Action.RUN_TEAM, team.team_id)
said("ask")


def answer_form() -> None:
    """The five statements, each answered on the agree scale or "prefer not to say"."""
    st.subheader(f"Round {current.number}: how does the team feel? (until {shown(current.closes_on)})")
    st.caption("Your answers are anonymous: they are counted with everyone's when the round closes, and shown "
               "only if enough people answered. No one, supervisors included, can see which are yours.")
    with st.form("answer"):
        refusals = Refusals()
        chosen = {d: st.radio(f"{d.label}: “{STATEMENTS[d]}”", list(Answer), index=None, key=f"answer/{d.value}",
                              format_func=lambda a: a.value.capitalize()) for d in Domain}
        refusals.under("answers", "round", "user")
        if st.form_submit_button("Send my answers", type="primary"):
            with refusals.shown():
                command(lambda: app().answer_pulse(AnswerPulse.parse(
                    team_id=team.team_id, answers={d: a for d, a in chosen.items() if a}, by=user_name())))
                rerun_saying("Thank you: your answers are in. No one can see which are yours.", "ask")


if current and view.you_answered is False:
    answer_form()
elif current and view.you_answered:
    st.success(f"You have answered this round. Results come after it closes on {shown(current.closes_on)}.")

if runs_team:
    if current:
        st.info(f"Round {current.number} is open until {shown(current.closes_on)}: {view.answered} of "
                f"{current.asked} have answered. Who has or has not answered is not shown to anyone.",
                icon=":material/how_to_vote:")
        closing = Refusals()
        closing.under("round", "user")
        if st.button("Close the round now"):
            with closing.shown():
                command(lambda: app().close_pulse(ClosePulse.parse(team_id=team.team_id, by=user_name())))
                rerun_saying("Round closed and counted.", "ask")
    else:
        with st.expander("Ask the team: open a round", expanded=not view.closed), st.form("open"):
            refusals = Refusals()
            st.markdown("Each member answers five statements, one per domain, once: "
                        + " ".join(f"“{STATEMENTS[d]}”" for d in Domain))
            left, right = st.columns(2)
            closes = day_input("Last day to answer", zone.today() + timedelta(days=14), "pulse_closes", left)
            threshold = right.number_input("Show results only if at least this many answer", LOWEST_THRESHOLD, 500,
                                           view.closed[0].threshold if view.closed else DEFAULT_THRESHOLD)
            refusals.under("closes_on", "threshold", "round", "user")
            if st.form_submit_button("Open the round", type="primary"):
                with refusals.shown():
                    command(lambda: app().open_pulse(OpenPulse.parse(
                        team_id=team.team_id, closes_on=typed_day(closes, "closes_on"), threshold=threshold,
                        by=user_name())))
                    rerun_saying("The round is open: members see it on this page.", "ask")
elif not current and not view.closed:
    st.info("Your team has not been asked yet. When a round opens, you can answer here.")

show_results(view, read.summary(team, period_of(as_of() or zone.today(), "month"), as_of()))

if user().role is Role.MANAGER:
    st.subheader("Every team side by side")
    latest = {ref.name: next(iter(read.pulse(ref).closed), None) for ref in read.teams()}
    shown_rounds = {name: r for name, r in latest.items() if r and r.counts}
    if shown_rounds:
        everyone = combined([r.counts for r in shown_rounds.values()])
        rows = [{"team": name, "domain": d.label, "share": agreeing(r.counts[d.value]), "answered": r.answered}
                for name, r in shown_rounds.items() for d in Domain if d.value in r.counts]
        rows += [{"team": "All teams shown", "domain": d.label, "share": agreeing(everyone[d.value]),
                  "answered": sum(r.answered for r in shown_rounds.values())} for d in Domain if d.value in everyone]
        st.altair_chart(charts.pulse_teams(pd.DataFrame(rows)), width="stretch")
    st.caption("Each team's latest round, where enough answered. " + " ".join(
        f"{name}: {'not asked yet' if r is None else f'fewer than {r.threshold} answered round {r.number}'}."
        for name, r in latest.items() if name not in shown_rounds) + " “All teams shown” adds up only the "
        "teams shown, so nothing held back can be worked out from it.")
