"""securebase summary|gaps: the team's activity against its goals, and what has been missed."""

from datetime import date

import typer

from cli.base import App, account, parse_day, refreshed, team_for
from domain.access import Action
from domain.periods import parse_period, period_of
from projections import queries

app = App()
AS_OF = typer.Option(None, "--as-of", help="Show the record as it stood at the end of this day.")


@app.command()
def summary(team: str = typer.Option(..., "--team"),
            period: str = typer.Option(None, "--period", help="2026-11 or 2026-W47 (default: this month)"),
            as_of: str = AS_OF) -> None:
    """Each domain's activity in a period against the team's goal."""
    day = parse_day(as_of, "--as-of")
    found = team_for(team, Action.SEE_TEAM)
    period = parse_period(period, "--period") if period else period_of(day or date.today(), "month")
    result = queries.summary(refreshed().engine, queries.TeamRef(team_id=found.id, name=found.name), period, day)
    typer.echo(f"{found.name}, {result.period}" + (f" (as of {day})" if day else ""))
    typer.echo(f"{'domain':<16} {'count':>5} {'goal':>5}  {'online':>6}  belief")
    for row in result.domains:
        goal = f"{row.goal:g}" if row.goal is not None else "-"
        online = f"{row.online_share:.0%}" if row.online_share is not None else "-"
        typer.echo(f"{row.domain.label:<16} {row.count:>5} {goal:>5}  {online:>6}  \"{row.domain.belief}\"")


@app.command()
def gaps(team: str = typer.Option(None, "--team", help="One team (default: every team)."),
         open_: bool = typer.Option(False, "--open", help="Only open gaps (the default)."),
         closed: bool = typer.Option(False, "--closed", help="Only closed gaps."),
         as_of: str = AS_OF) -> None:
    """Open (or closed) gaps across teams, oldest first, each with who, since when and which rule."""
    team_ids = [team_for(team, Action.SEE_NOTES).id] if team else visible_teams(Action.SEE_NOTES)
    state = "all" if open_ and closed else "closed" if closed else "open"
    found = queries.gaps(refreshed().engine, team_ids, parse_day(as_of, "--as-of"), state)
    if not found:
        typer.echo(f"no {state if state != 'all' else ''} gaps".replace("  ", " "))
    for gap in found:
        who = gap.member or "whole team"
        end = (f"closed {gap.closed_on}, {days(gap.late_by_days)} after due" if gap.closed_on
               else f"open {days(gap.age_days)}")
        typer.echo(f"{gap.opened_on}  {gap.team:<26} {who:<18} {gap.rule_label:<16} {gap.subject}  ({end})")


def visible_teams(action: Action) -> list | None:
    """The teams the acting user may do this with; None for every team."""
    user = account()
    if user is None or user.may(action):
        return None
    return [t.team_id for t in queries.teams(refreshed().engine) if user.may(action, t.team_id)]


def days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"
