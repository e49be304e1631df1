"""securebase log|amend|retract|history: the support entries themselves."""

import typer

from cli.base import App, acting, application, day_text, reader, refreshed, say
from domain import zone
from domain.access import Action
from domain.catalogue import KINDS
from domain.commands import LogSupport, Retract

app = App()
MEMBER = typer.Option(None, "--member", "-m", help="A member's name or email; repeat for several.")
AT = typer.Option(None, "--at", help="When it happened: YYYY-MM-DD or 'YYYY-MM-DD HH:MM'.")
MODE = typer.Option(None, "--mode", help="in_person, online, phone or hybrid.")
NOTE = typer.Option(None, "--note", help="An optional short note (500 characters at most).")


@app.command()
def log(kind: str, team: str = typer.Option(..., "--team"), member: list[str] = MEMBER,
        at: str = AT, mode: str = MODE, note: str = NOTE,
        about: str = typer.Option(None, "--about", help="The difficult visit a debrief follows.")) -> None:
    """Log a piece of support (see `securebase kinds`)."""
    read = reader()
    found = read.team(team, Action.LOG)
    fields = {"mode": mode} if mode else {}
    cmd = LogSupport.parse(
        team_id=found.id, kind=kind, members=[found.member_named(m).id for m in member or []],
        at=at or zone.now(), note=note, logged_by=acting(),
        regarding=read.entry(about) if about else None, **fields)
    application().log_support(cmd)
    refreshed()
    say(f"logged {kind} [{cmd.entry_id.hex[:8]}]")


@app.command()
def amend(ref: str, kind: str = typer.Option(None, "--kind"), member: list[str] = MEMBER,
          at: str = AT, mode: str = MODE, note: str = NOTE) -> None:
    """Correct an entry: give only what changes. The original stays in the log."""
    entry = application().entry(reader().entry(ref))
    team = application().team(entry.team_id)
    changes = {"kind": kind, "at": at, "mode": mode, "note": note,
               "members": [team.member_named(m).id for m in member] if member else None}
    application().amend(entry.id, acting(), **{k: v for k, v in changes.items() if v is not None})
    refreshed()
    say(f"amended [{entry.ref}]")


@app.command()
def retract(ref: str, reason: str = typer.Option(..., "--reason")) -> None:
    """Withdraw an entry logged in error. The original stays in the log."""
    entry = application().entry(reader().entry(ref))
    application().retract(Retract.parse(entry_id=entry.id, reason=reason, by=acting()))
    refreshed()
    say(f"retracted [{entry.ref}]")


@app.command()
def history(team: str = typer.Option(..., "--team"), limit: int = typer.Option(50, min=1, max=100_000)) -> None:
    """A team's history, newest first: joiners, leavers and every support entry."""
    read = reader()
    for item in read.history(read.ref(read.team(team, Action.SEE_NOTES)), limit):
        ref = f"[{item.ref}]" if item.ref else ""
        line = f"{day_text(item.when)}  {item.what:<22} {', '.join(item.members):<30} {item.mode:<9} {ref}"
        extras = [f"by {item.by}" if item.by else "", item.note or "", item.status]
        say("  ".join([line.rstrip(), *[x for x in extras if x]]))


@app.command()
def kinds() -> None:
    """The kinds of support and the domains each counts in."""
    for kind in KINDS.values():
        domains = ", ".join(d.label for d in kind.domains) or "(a trigger: a debrief is due)"
        say(f"{kind.key:<24} {domains:<32} {kind.hint}")
