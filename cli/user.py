"""securebase user add|list|set-role|set-email|set-digest|password|disable|enable"""

from uuid import UUID

import typer

from cli.base import App, acting, application, reader, say
from domain.access import Action, Role
from domain.commands import AddUser, SetDigest, SetEmail, SetRole, UserCommand
from services.auth import hash_password

app = App(help="Manage who may sign in, and what each may see and do.")
ROLE = typer.Option(..., "--role",
                    help="manager (every team), supervisor (their teams) or member (their own timeline).")
TEAMS = typer.Option(None, "--team", help="A team they supervise, or a member's own team; repeat for several.")
MEMBER = typer.Option(None, "--member", help="For a member: their name on their team.")
PASSWORD = typer.Option(..., "--password", prompt=True, hide_input=True, confirmation_prompt=True,
                        help="At least 10 characters (asked for if not given).")


def _placed(role: str, teams: list[str] | None, member: str | None) -> dict:
    """The role, the teams' ids and the member's id, from the names people type."""
    read = reader()
    found = [read.team(name, Action.ADMINISTER) for name in teams or []]
    member_id: UUID | None = found[0].member_named(member).id if member and found else None
    return {"role": role, "teams": [team.id for team in found], "member_id": member_id}


@app.command()
def add(name: str, role: str = ROLE, team: list[str] = TEAMS, member: str = MEMBER,
        password: str = PASSWORD,
        email: str = typer.Option(None, "--email", help="Where their digest goes (weekly unless changed).")) -> None:
    """Add a user. The first user must be a manager; after that, only managers add users."""
    address = SetEmail.parse(name=name, email=email, by=acting())  # checked before anything is written
    application().add_user(AddUser.parse(name=name, by=acting(), password_hash=hash_password(password),
                                         **_placed(role, team, member)))
    if email:
        application().set_email(address)
    say(f"added {name} as a {role}" + (f", digest to {email}" if email else ""))


@app.command("set-email")
def set_email(name: str, email: str = typer.Argument(None, help="Leave out to remove the address.")) -> None:
    """Where a user's digest goes: your own, or anyone's if you are a manager."""
    application().set_email(SetEmail.parse(name=name, email=email, by=acting()))
    say(f"{name}: digest to {email}" if email else f"{name}: no e-mail address, so no digest")


@app.command("set-digest")
def set_digest(name: str, rhythm: str = typer.Argument(..., help="weekly, daily or off")) -> None:
    """How often a user's digest comes: your own, or anyone's if you are a manager."""
    application().set_digest(SetDigest.parse(name=name, rhythm=rhythm, by=acting()))
    say(f"{name}: digest {rhythm}")


@app.command("set-role")
def set_role(name: str, role: str = ROLE, team: list[str] = TEAMS, member: str = MEMBER) -> None:
    """Change what a user may see and do."""
    application().set_role(SetRole.parse(name=name, by=acting(), **_placed(role, team, member)))
    say(f"{name} is now a {role}")


@app.command()
def password(name: str, password: str = PASSWORD) -> None:
    """Set a user's password: your own, or anyone's if you are a manager."""
    application().set_password(UserCommand.parse(name=name, by=acting()), hash_password(password))
    say(f"password changed for {name}")


@app.command()
def disable(name: str) -> None:
    """Stop a user signing in or acting; what they recorded stays."""
    application().disable_user(UserCommand.parse(name=name, by=acting()))
    say(f"disabled {name}")


@app.command()
def enable(name: str) -> None:
    """Let a disabled user sign in again."""
    application().enable_user(UserCommand.parse(name=name, by=acting()))
    say(f"enabled {name}")


@app.command("list")
def list_users() -> None:
    """Every user, their role and teams (managers only)."""
    read = reader()
    users = read.users()
    if not users:
        say("no users yet: add the first manager with `securebase user add NAME --role manager`")
    names = {team.team_id: team.name for team in read.teams()}
    for found in users:
        where = ", ".join(sorted(names[t] for t in found.teams)) or ("every team" if found.role is Role.MANAGER else "")
        status = "  (disabled)" if found.disabled else ""
        digest = f"digest {found.digest} to {found.email}" if found.email and found.role is not Role.MEMBER \
            else "no digest"
        say(f"{found.name:<20} {found.role:<11} {where:<30} {digest}{status}")
