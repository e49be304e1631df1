"""securebase summary|gaps: the team's activity against its goals, and what has been missed."""

import typer

from cli.base import App, parse_day, reader, say
from domain import zone
from domain.access import Action
from domain.periods import parse_period, period_of

app = App()
AS_OF = typer.Option(None, "--as-of", help="Show the record as it stood at the end of this day.")


@app.command()
def summary(team: str = typer.Option(..., "--team"),
            period: str = typer.Option(None, "--period", help="2026-11 or 2026-W47 (default: this month)"),
            as_of: str = AS_OF) -> None:
    """Each domain's activity in a period against the team's goal."""
    day = parse_day(as_of, "--as-of")
    read = reader()
    found = read.ref(read.team(team))
    period = parse_period(period, "--period") if period else period_of(day or zone.today(), "month")
    result = read.summary(found, period, day)
    say(f"{found.name}, {result.period}" + (f" (as of {day})" if day else ""))
    say(f"{'domain':<16} {'count':>5} {'goal':>5}  {'online':>6}  belief")
    for row in result.domains:
        goal = f"{row.goal:g}" if row.goal is not None else "-"
        online = f"{row.online_share:.0%}" if row.online_share is not None else "-"
        say(f"{row.domain.label:<16} {row.count:>5} {goal:>5}  {online:>6}  \"{row.domain.belief}\"")


@app.command()
def gaps(team: str = typer.Option(None, "--team", help="One team (default: every team)."),
         open_: bool = typer.Option(False, "--open", help="Only open gaps (the default)."),
         closed: bool = typer.Option(False, "--closed", help="Only closed gaps."),
         as_of: str = AS_OF,
         as_json: bool = typer.Option(False, "--json", help="One JSON object per line, for scripts."),
         due_soon: bool = typer.Option(False, "--due-soon",
                                       help="Instead: support falling due in the next 5 working days.")) -> None:
    """Open (or closed) gaps across teams, oldest first, each with its reference, who, since when
    and which rule; decide about one with `securebase gap dismiss|snooze|reinstate REF`. With
    --due-soon: what falls due in the next 5 working days, not yet logged, soonest first."""
    read = reader()
    teams = [read.ref(read.team(team, Action.SEE_NOTES))] if team else None
    if due_soon:
        coming = read.due_soon(teams, parse_day(as_of, "--as-of"))
        if as_json:
            for row in coming:
                say(row.model_dump_json(exclude={"key", "team_id"}))
            return
        if not coming:
            say("nothing due in the next 5 working days")
        for row in coming:
            about = f"; regarding [{row.regarding.hex[:8]}]" if row.regarding else ""
            say(f"due {row.due_on}  {row.team:<26} {row.member:<18} {row.rule_label:<16} {row.subject}  "
                f"(to close: {row.to_close}{about})")
        return
    state = "all" if open_ and closed else "closed" if closed else "open"
    found = read.gaps(teams, parse_day(as_of, "--as-of"), state)
    if as_json:
        for gap in found:
            say(gap.model_dump_json(exclude={"key", "team_id"}))
        return
    if not found:
        say(f"no {state if state != 'all' else ''} gaps".replace("  ", " "))
    for gap in found:
        who = gap.member or "whole team"
        end = (f"{gap.closed_how or 'closed'} {gap.closed_on}" + (f": {gap.decided_because}, by {gap.decided_by}"
                                                                  if gap.decision else "") if gap.closed_on
               else f"open {days(gap.age_days)}; to close: {gap.to_close}")
        say(f"[{gap.ref}] {gap.opened_on}  {gap.team:<26} {who:<18} {gap.rule_label:<16} {gap.subject}  ({end})")


def days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"
