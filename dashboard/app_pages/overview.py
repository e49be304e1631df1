"""Team overview: a one-line answer to "is this team a secure base right now?" (domain/standing.py
says how it is decided), then the five domains this month against the team's goals (on pace for
the days gone, and against as many days of the month before), what the team said when last
asked, the year's trend, how support is given, the team's open gaps, and prompts where a domain
needs attention."""


import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.markup import plain
from dashboard.pulse_results import show_results
from dashboard.resources import as_of, current_team, reader
from dashboard.tables import compared_words, pace_words, show_gaps
from domain import zone
from domain.access import Action
from domain.catalogue import Domain
from domain.gaps import Rule
from domain.periods import Pace, bounds, period_of, previous
from domain.prompts import PROMPTS
from domain.standing import Verdict

# The answer's words carry it; the colour and the icon only repeat them.
ANSWERS = {Verdict.YES: st.success, Verdict.MOSTLY: st.warning, Verdict.NOT_YET: st.error}
ICONS = {Verdict.YES: ":material/check_circle:", Verdict.MOSTLY: ":material/info:",
         Verdict.NOT_YET: ":material/error:"}

team = current_team()
day = as_of() or zone.today()
st.title(plain(team.name) if team else "Team overview")
if team is None:
    st.stop()

read = reader()
# Gaps name people, so only those who may see notes and timelines see them.
open_gaps = read.gaps([team], as_of()) if read.may(Action.SEE_NOTES, team.team_id) else None
right_now_summary = read.summary(team, period_of(day, "month"), as_of())
right_now = right_now_summary.standing(open_gaps)
ANSWERS[right_now.verdict()](f"**Is {plain(team.name)} a secure base right now?** {plain(right_now.answer())}",
                             icon=ICONS[right_now.verdict()])

months = previous(period_of(day, "month"), 12)[::-1]
month = st.selectbox("Month", months, format_func=lambda p: f"{bounds(p)[0]:%B %Y}", width=300)
summary = read.summary(team, month, as_of())
compared = compared_words(summary)

needs_attention = {g.domain for g in open_gaps or [] if g.rule == Rule.DOMAIN_DROUGHT}
# Five cards across a desktop, two to a row on a phone.
cards = st.grid(5, min_column_width=150, border=True)
for now in summary.domains:
    with cards.cell():
        colour = charts.DOMAIN_COLOURS[now.domain]
        st.markdown(f"<span style='color:{colour};font-size:1.4em'>●</span> **{now.domain.label}**",
                    unsafe_allow_html=True)
        goal = f" of {now.goal:g}" if now.goal else ""
        same = now.count == now.before
        st.metric("Activities", f"{now.count}{goal}",
                  delta=f"same as {compared}" if same else f"{now.count - now.before:+d} on {compared}",
                  delta_color="off" if same else "normal", delta_arrow="off" if same else "auto")
        st.caption(f"“{now.domain.belief}”")
        if now.pace:
            st.markdown(pace_words(now))
            needs_attention |= {now.domain} if now.pace in (Pace.BEHIND, Pace.BELOW) else set()
        else:
            st.caption("No goal set — add one in Goals & rules.")

show_results(read.pulse(team), right_now_summary)

st.header("The last twelve months")
st.caption("Activities each month; the dashed line is the goal.")
points = read.trend(team, month, 12, as_of())
frame = pd.DataFrame([{"period": p.period, "domain": p.domain.label, "count": p.count, "goal": p.goal}
                      for p in points])
trends = st.grid(5, min_column_width=180)  # one chart to a row on a phone
for chart in charts.trends(frame):
    trends.vega_lite_chart(chart, width="stretch")

left, right = st.columns([2, 3])
with left:
    st.header("How support was given")
    modes = pd.DataFrame([{"domain": d.domain.label, "mode": mode.replace("_", " "), "count": n}
                          for d in summary.domains for mode, n in d.by_mode.items()])
    if modes.empty:
        st.info("Nothing logged this month yet.")
    else:
        st.vega_lite_chart(charts.mode_share(modes), width="stretch")
with right:
    if open_gaps is None:
        st.header("Your support")
        st.page_link("app_pages/people.py", label="See your own timeline", icon=":material/person:")
    elif open_gaps:
        st.header("Open gaps")
        show_gaps(open_gaps, with_team=False)
    else:
        st.header("Open gaps")
        st.success("No open gaps.")

if needs_attention:
    st.header("Things to reflect on")
    for domain in Domain:
        if domain in needs_attention:
            with st.expander(f"{domain.label}: “{domain.belief}”"):
                st.markdown("\n".join(f"- {prompt}" for prompt in PROMPTS[domain]))
