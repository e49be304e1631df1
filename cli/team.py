"""securebase team create|list"""

import typer

from cli.base import App, account, acting, application, refreshed
from domain.access import Action
from domain.commands import CreateTeam

app = App(help="Create and list teams.")


@app.command()
def create(name: str) -> None:
    """Create a team."""
    application().create_team(CreateTeam.parse(name=name, by=acting()))
    refreshed()
    typer.echo(f"created team {name}")


@app.command("list")
def list_teams() -> None:
    """List the teams you may see and how many people are on each now."""
    user = account()
    teams = [t for t in application().teams() if user is None or user.may(Action.SEE_TEAM, t.id)]
    if not teams:
        typer.echo("no teams yet: create one with `securebase team create NAME`")
    for team in teams:
        current = sum(1 for m in team.members.values() if m.left_on is None)
        typer.echo(f"{team.name}  ({current} current members)")
