"""The dashboard's charts. One colour per domain everywhere (the Okabe-Ito palette, readable
with colour-blindness), and every axis labelled."""

import altair as alt
import pandas as pd

from domain.catalogue import Domain

DOMAIN_COLOURS = {Domain.AVAILABILITY: "#0072B2", Domain.SENSITIVITY: "#E69F00",
                  Domain.ACCEPTANCE: "#009E73", Domain.COOPERATION: "#CC79A7",
                  Domain.BELONGING: "#D55E00"}
MODE_COLOURS = {"in person": "#3B3B3B", "online": "#56B4E9", "phone": "#BBBBBB", "hybrid": "#7F7F7F"}
DOMAIN_SCALE = alt.Scale(domain=[d.label for d in Domain], range=list(DOMAIN_COLOURS.values()))


def trend(frame: pd.DataFrame) -> alt.FacetChart:
    """Each domain's monthly count as a line, its goal as a dashed step, one panel per domain."""
    base = alt.Chart().encode(x=alt.X("period:O", title="Month", axis=alt.Axis(labelAngle=-45)))
    line = base.mark_line(point=True).encode(
        y=alt.Y("count:Q", title="Activities"),
        color=alt.Color("domain:N", scale=DOMAIN_SCALE, legend=None),
        tooltip=["domain", "period", "count", "goal"])
    goal = base.mark_line(strokeDash=[4, 3], color="#555555", interpolate="step-after").encode(y="goal:Q")
    return alt.layer(line, goal, data=frame).properties(width=170, height=160).facet(
        column=alt.Column("domain:N", title=None, sort=[d.label for d in Domain]))


def mode_share(frame: pd.DataFrame) -> alt.Chart:
    """How each domain's support was given: in person, online, by phone or hybrid."""
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y("domain:N", title=None, sort=[d.label for d in Domain]),
        x=alt.X("count:Q", stack="normalize", title="Share of activities", axis=alt.Axis(format="%")),
        color=alt.Color("mode:N", title="Mode", scale=alt.Scale(
            domain=list(MODE_COLOURS), range=list(MODE_COLOURS.values()))),
        tooltip=["domain", "mode", "count"]).properties(height=180)


def heatmap(frame: pd.DataFrame) -> alt.LayerChart:
    """Teams by domains: this period's activity as a share of the goal."""
    base = alt.Chart(frame).encode(
        x=alt.X("domain:N", title=None, sort=[d.label for d in Domain], axis=alt.Axis(labelAngle=0)),
        y=alt.Y("team:N", title=None, axis=alt.Axis(labelLimit=260)))
    cells = base.mark_rect().encode(
        color=alt.Color("progress:Q", title="Share of goal", scale=alt.Scale(
            scheme="blues", domain=[0, 1.2], clamp=True), legend=alt.Legend(format="%")),
        tooltip=["team", "domain", "count", "goal"])
    labels = base.mark_text(fontSize=13).encode(
        text="label:N", color=alt.condition("datum.progress > 0.8", alt.value("white"), alt.value("black")))
    return (cells + labels).properties(height=70 * frame["team"].nunique())


def timeline(frame: pd.DataFrame) -> alt.Chart:
    """One member's support over time, a row per domain."""
    return alt.Chart(frame).mark_circle(size=90, opacity=0.85).encode(
        x=alt.X("day:T", title="Date"),
        y=alt.Y("domain:N", title=None, sort=[d.label for d in Domain]),
        color=alt.Color("domain:N", scale=DOMAIN_SCALE, legend=None),
        tooltip=["day:T", "kind", "mode"]).properties(height=220)


# The agree scale from disagreeing (orange) to agreeing (blue), readable with colour-blindness;
# each bar also carries its answer in the tooltip and the legend.
ANSWER_COLOURS = {"strongly disagree": "#B35806", "disagree": "#F1A340", "neither agree nor disagree": "#D9D9D9",
                  "agree": "#998EC3", "strongly agree": "#542788"}


def pulse_answers(frame: pd.DataFrame) -> alt.Chart:
    """Each statement's answers as one bar split by answer, from disagreeing to agreeing."""
    order = list(ANSWER_COLOURS)
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y("domain:N", title=None, sort=[d.label for d in Domain]),
        x=alt.X("count:Q", stack="normalize", title="Share of answers", axis=alt.Axis(format="%")),
        color=alt.Color("answer:N", title="Answer", sort=order,
                        scale=alt.Scale(domain=order, range=list(ANSWER_COLOURS.values())),
                        legend=alt.Legend(orient="bottom", columns=3)),
        order=alt.Order("rank:Q"),
        tooltip=["domain", "answer", "count"]).properties(height=200)


def pulse_trend(frame: pd.DataFrame) -> alt.Chart:
    """The share agreeing with each statement, round by round."""
    return alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("round:O", title="Round (closing day)", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("share:Q", title="Agree", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("domain:N", scale=DOMAIN_SCALE, title="Domain"),
        strokeDash=alt.StrokeDash("domain:N", title="Domain"),
        tooltip=["domain", "round", alt.Tooltip("share:Q", format=".0%")]).properties(height=220)


def pulse_teams(frame: pd.DataFrame) -> alt.LayerChart:
    """Teams by statements: the share agreeing in each team's latest round shown."""
    base = alt.Chart(frame).encode(
        x=alt.X("domain:N", title=None, sort=[d.label for d in Domain], axis=alt.Axis(labelAngle=0)),
        y=alt.Y("team:N", title=None, axis=alt.Axis(labelLimit=260)))
    cells = base.mark_rect().encode(
        color=alt.Color("share:Q", title="Agree", scale=alt.Scale(scheme="purples", domain=[0, 1]),
                        legend=alt.Legend(format="%")),
        tooltip=["team", "domain", alt.Tooltip("share:Q", format=".0%"), "answered"])
    labels = base.mark_text(fontSize=13).encode(
        text=alt.Text("share:Q", format=".0%"),
        color=alt.condition("datum.share > 0.6", alt.value("white"), alt.value("black")))
    return (cells + labels).properties(height=60 * frame["team"].nunique())
