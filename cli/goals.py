"""securebase goals set|show and rules set|show: what a team aims for and holds itself to."""

import typer

from cli.base import App, acting, application, reader, refreshed, say
from domain.access import Action
from domain.catalogue import Domain
from domain.commands import SetEscalation, SetGoal, SetRules
from domain.gaps import RULES

goals_app = App(help="Set and show a team's goals per domain.")
rules_app = App(help="Set and show the thresholds of a team's gap rules.")
TEAM = typer.Option(..., "--team", help="The team's name.")


@goals_app.command("set")
def set_goal(domain: str, target: int, team: str = TEAM,
             per: str = typer.Option("month", "--per", help="month or week")) -> None:
    """At least TARGET activities in DOMAIN each month (or week); 0 removes the goal."""
    found = reader().team(team, Action.RUN_TEAM)
    application().set_goal(SetGoal.parse(team_id=found.id, domain=domain, target=target, per=per, by=acting()))
    refreshed()
    say(f"{found.name}: goal for {Domain(domain).label} is now {target} a {per}")


@goals_app.command("show")
def show_goals(team: str = TEAM) -> None:
    """The goals in force and when each was set."""
    read = reader()
    current = {domain: (day, target, per) for day, domain, target, per in read.goals(read.ref(read.team(team)))}
    if not current:
        say(f"no goals set: set one with `securebase goals set DOMAIN TARGET --team \"{team}\"`")
    for domain in Domain:
        if domain in current and current[domain][1]:
            day, target, per = current[domain]
            say(f"{domain.label:<16} {target:>3} a {per:<6} (set {day})")


@rules_app.command("set")
def set_rules(team: str = TEAM,
              threshold: list[str] = typer.Option(None, "--threshold", "-t", help="RULE=DAYS, e.g. no_check_in=14"),
              closed_day: list[str] = typer.Option(None, "--closed-day",
                                                   help="A day off for the whole team (YYYY-MM-DD); repeat."),
              clear_closed_days: bool = typer.Option(False, "--clear-closed-days"),
              escalate_after: int = typer.Option(None, "--escalate-after",
                                                 help="Days a gap stays open after the supervisor is told "
                                                      "before the manager's digest names it (default 14).")) -> None:
    """Change gap-rule thresholds, the team's closed days and when gaps are escalated."""
    found = reader().team(team, Action.RUN_TEAM)
    pairs = [item.split("=", 1) for item in threshold or []]
    closed = None
    if closed_day or clear_closed_days:
        closed = [] if clear_closed_days else [*found.closed_days, *closed_day]
    escalation = escalate_after and SetEscalation.parse(team_id=found.id, days=escalate_after, by=acting())
    application().set_rules(SetRules.parse(team_id=found.id, closed_days=closed, by=acting(),
                                           thresholds={k.strip(): v for k, v, *_ in [(*p, "") for p in pairs]}))
    if escalation:
        application().set_escalation(escalation)
    refreshed()
    show_rules(team)


@rules_app.command("show")
def show_rules(team: str = TEAM) -> None:
    """Each gap rule with the team's threshold."""
    read = reader()
    in_force = read.rules(read.ref(read.team(team)))
    for rule, info in RULES.items():
        if info.default:
            say(f"{rule.value:<18} {in_force.thresholds[rule]:>3} {info.unit:<13} {info.label}")
    say("closed days: " + (", ".join(d.isoformat() for d in in_force.closed_days) or "none"))
    say(f"escalated to managers after {read.team(team).escalate_after} days open once the supervisor is told")
