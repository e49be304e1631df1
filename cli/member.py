"""securebase member join|leave|start-leave|return|list"""

from datetime import date
from pathlib import Path

import orjson
import typer

from cli.base import App, acting, application, refreshed, team_for
from domain.access import Action
from domain.commands import EraseMember, JoinMember, MemberDated
from services.subject_access import person_data

app = App(help="Record people joining, leaving, going on leave and coming back.")
TEAM = typer.Option(..., "--team", help="The team's name.")
ON = typer.Option(None, "--on", help="The day, as YYYY-MM-DD (default: today).")


@app.command()
def join(name: str, team: str = TEAM, role: str = "social worker", email: str = None,
         on: str = ON) -> None:
    """Add a member to a team from the day they joined."""
    team_id = application().team_named(team).id
    application().join_member(JoinMember.parse(
        team_id=team_id, name=name, role=role, email=email, joined_on=on or date.today(), by=acting()))
    refreshed()
    typer.echo(f"{name} joined {team}")


def _dated(name: str, team: str, on: str | None) -> MemberDated:
    found = application().team_named(team)
    return MemberDated.parse(team_id=found.id, member_id=found.member_named(name).id,
                             on=on or date.today(), by=acting())


@app.command()
def leave(name: str, team: str = TEAM, on: str = ON) -> None:
    """Record that a member left the team."""
    application().member_left(_dated(name, team, on))
    refreshed()
    typer.echo(f"{name} left {team}")


@app.command("start-leave")
def start_leave(name: str, team: str = TEAM, on: str = ON) -> None:
    """Record that a member started a period of leave (parental, sickness, ...)."""
    application().leave_started(_dated(name, team, on))
    refreshed()
    typer.echo(f"{name} is on leave")


@app.command("return")
def return_from_leave(name: str, team: str = TEAM, on: str = ON) -> None:
    """Record that a member came back from leave."""
    application().member_returned(_dated(name, team, on))
    refreshed()
    typer.echo(f"{name} is back from leave")


@app.command("list")
def list_members(team: str = TEAM) -> None:
    """List a team's members, current and past."""
    for member in sorted(team_for(team, Action.SEE_TEAM).members.values(), key=lambda m: m.name):
        status = (f"left {member.left_on}" if member.left_on else
                  f"on leave since {member.leaves[-1][0]}" if member.on_leave else "current")
        typer.echo(f"{member.name:<24} {member.role:<20} joined {member.joined_on}  {status}")


@app.command("export")
def export_person(name: str, team: str = TEAM,
                  out: Path = typer.Option(..., "--out", help="The JSON file to write.")) -> None:
    """Write everything held about one person (a subject access request) to a JSON file."""
    found = team_for(team, Action.ADMINISTER)
    data = person_data(application(), found, found.member_named(name).id)
    out.write_bytes(orjson.dumps(data, default=str, option=orjson.OPT_INDENT_2))
    typer.echo(f"wrote {len(data['support'])} support entries and {len(data['events'])} events about {name} to {out}")


@app.command()
def erase(name: str, team: str = TEAM,
          yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation.")) -> None:
    """Make a person's name, email and the notes of what they took part in unreadable for ever.
    What they took part in still counts; views show "erased member"."""
    found = team_for(team, Action.ADMINISTER)
    member = found.member_named(name)
    if not yes:
        typer.confirm(f"Erase {member.name} from {found.name}? This cannot be undone", abort=True)
    application().erase_member(EraseMember.parse(team_id=found.id, member_id=member.id, by=acting()))
    refreshed()
    typer.echo(f"erased {name} from {team}: they now show as an erased member")
