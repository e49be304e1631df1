"""The `securebase` entry point."""

import typer

from cli import entries, gap, goals, key, member, projections, pulse, reports, team, transfer, user
from cli.base import App, act_as, application, refreshed
from services.demo import DEMO_PASSWORD, seed_demo

app = App(help="securebase: a team's secure base, logged and looked after.")
app.add_typer(team.app, name="team")
app.add_typer(member.app, name="member")
app.add_typer(goals.goals_app, name="goals")
app.add_typer(goals.rules_app, name="rules")
app.add_typer(projections.app, name="projections")
app.add_typer(key.app, name="key")
app.add_typer(user.app, name="user")
app.add_typer(gap.app, name="gap")
app.add_typer(pulse.app, name="pulse")
app.registered_commands += (entries.app.registered_commands + reports.app.registered_commands
                             + transfer.app.registered_commands)


@app.callback()
def acting_user(as_user: str = typer.Option(
        None, "--as", envvar="SECUREBASE_USER",
        help="Who you are (default: your login name). Once the store has users, it must be one of them.")) -> None:
    act_as(as_user)


@app.command()
def demo(if_empty: bool = typer.Option(False, "--if-empty", help="Do nothing if teams exist.")) -> None:
    """Seed three demo teams with a year of support, including some gaps to find, and three users."""
    if if_empty and application().teams():
        typer.echo("the store already has teams: demo not seeded")
        return
    counts = seed_demo(application())
    refreshed()
    typer.echo(f"seeded {counts.teams} teams, {counts.members} members, {counts.entries} entries; "
               f"sign in as manager, supervisor or member with the password {DEMO_PASSWORD}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
