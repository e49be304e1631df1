"""The dashboard's charts. One colour per domain everywhere (the Okabe-Ito palette, readable
with colour-blindness), every axis labelled, and colour never the only signal: each domain's
name is written beside its marks, and shaded cells say their number. Every chart fills the
width it is given, so it fits a phone 390 px wide as well as a desktop.

The overview's charts are Vega-Lite specs made once per process and given their rows at each run
(for st.vega_lite_chart): building them with altair, and altair checking them against the schema,
took 0.13 s of a 0.16 s overview run at 1M events, far more than the page's reads."""

from typing import Any

import altair as alt
import pandas as pd

from domain.catalogue import Domain

DOMAIN_COLOURS = {Domain.AVAILABILITY: "#0072B2", Domain.SENSITIVITY: "#E69F00",
                  Domain.ACCEPTANCE: "#009E73", Domain.COOPERATION: "#CC79A7",
                  Domain.BELONGING: "#D55E00"}
DOMAIN_SCALE = alt.Scale(domain=[d.label for d in Domain], range=list(DOMAIN_COLOURS.values()))
MODES = ["in person", "online", "phone", "hybrid"]
# Vega reads the chart's own width, so labels shrink on a phone without the page knowing the screen.
NARROW = "containerSize()[0] < 500"
# What the overview's specs are given at each run: their rows, and the top of the trends' shared scale.
ROWS, TOP = alt.NamedData("rows"), alt.param(name="top", value=1)


def trends(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Each domain's monthly count as a line, its goal as a dashed step: one chart per domain, titled
    with its name and all on one scale, for a grid to lay out five across or one under another."""
    top = max(frame["count"].max(), pd.to_numeric(frame["goal"]).fillna(0).max(), 1)
    return [_TRENDS[domain] | _rows(frame[frame["domain"] == domain.label]) |
            {"params": [{"name": TOP.name, "value": float(top)}]} for domain in Domain]


def mode_share(frame: pd.DataFrame) -> dict[str, Any]:
    """How each domain's support was given: the share in person, online, by phone or hybrid."""
    return _MODE_SHARE | _rows(frame)


def _trend(domain: Domain) -> alt.LayerChart:
    base = alt.Chart(ROWS).encode(x=alt.X("period:O", title="Month", axis=alt.Axis(labelAngle=-45)))
    line = base.mark_line(point=True).encode(
        y=alt.Y("count:Q", title="Activities", scale=alt.Scale(domain=[0, alt.ExprRef(TOP.name)])),
        color=alt.value(DOMAIN_COLOURS[domain]),
        tooltip=["period:N", "count:Q", "goal:Q"])
    goal = base.mark_line(strokeDash=[4, 3], color="#555555", interpolate="step-after").encode(y="goal:Q")
    return alt.layer(line, goal).add_params(TOP).properties(
        title=domain.label, height=240,
        description=f"{domain.label}: activities each month for twelve months, the goal as a dashed line")


def _mode_share() -> alt.LayerChart:
    base = alt.Chart(ROWS).transform_joinaggregate(total="sum(count)", groupby=["domain"]).transform_calculate(
        share="datum.count / datum.total").encode(
        x=alt.X("mode:N", title=None, scale=alt.Scale(domain=MODES),
                axis=alt.Axis(orient="top", labelAngle=0, labelOverlap=False)),
        y=alt.Y("domain:N", title=None, sort=[d.label for d in Domain]))
    return _shaded_cells(base, "share", 1, alt.Text("share:Q", format=".0%"), ["domain:N", "mode:N", "count:Q"]
                         ).properties(height=200, description="Share of each domain's activities given in "
                                                              "person, online, by phone or hybrid")


def _spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart as a Vega-Lite spec, without altair's default sizes (st.altair_chart leaves them
    out too: each chart fills its width and sets its height)."""
    spec = chart.to_dict()
    del spec["config"]
    return spec


def _rows(rows: pd.DataFrame) -> dict[str, Any]:
    return {"datasets": {ROWS.name: rows}}


def heatmap(frame: pd.DataFrame) -> alt.LayerChart:
    """Teams by domains: this period's activity as a share of the goal."""
    cells = _teams_by_domains(frame, "progress", 1.2, "label:N", ["team", "domain", "count", "goal"], "blues")
    return cells.properties(
        height=70 * frame["team"].nunique(), description="Each team's activity this month against its goal, by domain")


def _teams_by_domains(frame: pd.DataFrame, shade: str, top: float, text: alt.Text | str, tooltip: list,
                      scheme: str) -> alt.LayerChart:
    """A row per team, a column per domain, each cell shaded and saying its value; on a phone the
    team names are cut shorter and the domains slant, so the grid keeps the width."""
    base = alt.Chart(frame).encode(
        x=alt.X("domain:N", title=None, sort=[d.label for d in Domain],
                axis=alt.Axis(labelAngle={"expr": f"{NARROW} ? -40 : 0"}, labelOverlap=False)),
        y=alt.Y("team:N", title=None, axis=alt.Axis(labelLimit={"expr": f"{NARROW} ? 110 : 260"})))
    return _shaded_cells(base, shade, top, text, tooltip, scheme)


def _shaded_cells(base: alt.Chart, shade: str, top: float, text: alt.Text | str, tooltip: list,
                  scheme: str = "blues") -> alt.LayerChart:
    """Cells shaded by `shade` (from 0 to `top`), each saying its value: the words carry it, the shade
    repeats them, so there is no legend to read."""
    cells = base.mark_rect().encode(
        color=alt.Color(f"{shade}:Q", legend=None, scale=alt.Scale(scheme=scheme, domain=[0, top], clamp=True)),
        tooltip=tooltip)
    labels = base.mark_text(fontSize={"expr": f"{NARROW} ? 11 : 13"}).encode(
        text=text, color=alt.condition(f"datum.{shade} > {top * 2 / 3}", alt.value("white"), alt.value("black")))
    return cells + labels


def timeline(frame: pd.DataFrame) -> alt.Chart:
    """One member's support over time, a row per domain."""
    return alt.Chart(frame).mark_circle(size=90, opacity=0.85).encode(
        x=alt.X("day:T", title="Date"),
        y=alt.Y("domain:N", title=None, sort=[d.label for d in Domain]),
        color=alt.Color("domain:N", scale=DOMAIN_SCALE, legend=None),
        tooltip=["day:T", "kind", "mode"]).properties(
        height=220, description="Support this member took part in, by date, one row per domain")


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
        tooltip=["domain", "answer", "count"]).properties(height=330)  # the legend below takes ~130


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
    cells = _teams_by_domains(frame, "share", 1, alt.Text("share:Q", format=".0%"),
                              ["team", "domain", alt.Tooltip("share:Q", format=".0%"), "answered"], "purples")
    return cells.properties(
        height=60 * frame["team"].nunique(), description="The share agreeing with each statement, team by team")


_TRENDS = {domain: _spec(_trend(domain)) for domain in Domain}
_MODE_SHARE = _spec(_mode_share())
