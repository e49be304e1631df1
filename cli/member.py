"""securebase member join|leave|start-leave|return|list"""

from pathlib import Path

import orjson
import typer

from cli.base import App, acting, application, reader, refreshed, say
from domain import zone
from domain.access import Action
from domain.commands import EraseMember, JoinMember, MemberDated

app = App(help="Record people joining, leaving, going on leave and coming back.")
TEAM = typer.Option(..., "--team", help="The team's name.")
ON = typer.Option(None, "--on", help="The day, as YYYY-MM-DD (default: today).")


@app.command()
def join(name: str, team: str = TEAM, role: str = "social worker", email: str = None,
         on: str = ON) -> None:
    """Add a member to a team from the day they joined."""
    found = reader().team(team, Action.RUN_TEAM)
    cmd = JoinMember.parse(team_id=found.id, name=name, role=role, email=email, joined_on=on or zone.today(),
                           by=acting())
    application().join_member(cmd)
    refreshed()
    say(f"{cmd.name} joined {found.name} [{cmd.member_id.hex[:8]}]")


def _dated(name: str, team: str, on: str | None) -> MemberDated:
    found = reader().team(team, Action.RUN_TEAM)
    return MemberDated.parse(team_id=found.id, member_id=found.member_named(name).id,
                             on=on or zone.today(), by=acting())


@app.command()
def leave(name: str, team: str = TEAM, on: str = ON) -> None:
    """Record that a member left the team."""
    application().member_left(_dated(name, team, on))
    refreshed()
    say(f"{name} left {team}")


@app.command("start-leave")
def start_leave(name: str, team: str = TEAM, on: str = ON) -> None:
    """Record that a member started a period of leave (parental, sickness, ...)."""
    application().leave_started(_dated(name, team, on))
    refreshed()
    say(f"{name} is on leave")


@app.command("return")
def return_from_leave(name: str, team: str = TEAM, on: str = ON) -> None:
    """Record that a member came back from leave."""
    application().member_returned(_dated(name, team, on))
    refreshed()
    say(f"{name} is back from leave")


@app.command("list")
def list_members(team: str = TEAM) -> None:
    """List a team's members, current and past."""
    read = reader()
    for member in read.roster(read.ref(read.team(team))):
        status = (f"left {member.left_on}" if member.left_on else
                  f"on leave since {member.on_leave_since}" if member.on_leave_since else "current")
        say(f"{member.member_id.hex[:8]}  {member.name:<24} {member.role:<20} joined {member.joined_on}  {status}")


@app.command("export")
def export_person(ref: str = typer.Argument(..., help="The member's reference, from `securebase member list`."),
                  team: str = TEAM, out: Path = typer.Option(..., "--out", help="The JSON file to write.")) -> None:
    """Write everything held about one person (a subject access request) to a JSON file."""
    read = reader()
    found = read.team(team, Action.ADMINISTER)
    member = found.member_by_ref(ref)
    data = read.person(found, member.id)
    out.write_bytes(orjson.dumps(data, default=str, option=orjson.OPT_INDENT_2))
    say(f"wrote {len(data['support'])} support entries and {len(data['events'])} events about "
        f"{member.name} [{member.id.hex[:8]}] to {out}")


@app.command()
def erase(ref: str = typer.Argument(..., help="The member's reference, from `securebase member list`."),
          team: str = TEAM, yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation.")) -> None:
    """Make a person's name, email, the notes of what they took part in and their user account's
    name unreadable for ever. What they took part in still counts; views show "erased member"."""
    found = reader().team(team, Action.ADMINISTER)
    member = found.member_by_ref(ref)
    if not yes:
        typer.confirm(f"Erase {member.name} [{member.id.hex[:8]}], joined {member.joined_on}, from {found.name}? "
                      "This cannot be undone", abort=True)
    application().erase_member(EraseMember.parse(team_id=found.id, member_id=member.id, by=acting()))
    refreshed()
    say(f"erased {member.name} [{member.id.hex[:8]}] from {found.name}: they now show as an erased member")
