"""securebase team create|list"""


from cli.base import App, acting, application, reader, refreshed, say
from domain.commands import CreateTeam

app = App(help="Create and list teams.")


@app.command()
def create(name: str) -> None:
    """Create a team."""
    application().create_team(CreateTeam.parse(name=name, by=acting()))
    refreshed()
    say(f"created team {name}")


@app.command("list")
def list_teams() -> None:
    """List the teams you may see and how many people are on each now."""
    read = reader()
    teams = read.teams()
    if not teams:
        say("no teams yet: create one with `securebase team create NAME`")
    for team in teams:
        current = sum(1 for m in read.roster(team) if m.left_on is None)
        say(f"{team.name}  ({current} current members)")
