"""securebase gap dismiss|snooze|reinstate: a supervisor's decisions about one gap, by its reference."""

import typer

from cli.base import App, acting, application, reader, refreshed, say
from domain.commands import DecideGap

app = App(help="Decide about a gap: the rule does not apply, look again later, or undo either.")
REF = typer.Argument(..., help="The gap's reference, as `securebase gaps` shows it.")
REASON = typer.Option(None, "--reason", help="Why: kept in the gap's trail and shown beside it.")


def _decide(ref: str, decision: str, until: str | None = None, reason: str | None = None) -> None:
    gap = reader().gap(ref)
    application().decide_gap(DecideGap.parse(team_id=gap.team_id, gap_key=gap.key, decision=decision, until=until,
                                             reason=reason, by=acting()))
    refreshed()
    who = f"{gap.member}, " if gap.member else ""
    say(f"{decision} [{gap.ref}]: {gap.team}, {who}{gap.rule_label}, {gap.subject}")


@app.command()
def dismiss(ref: str = REF, reason: str = REASON) -> None:
    """Mark a gap not applicable: it closes, saying why and who decided."""
    _decide(ref, "not applicable", reason=reason)


@app.command()
def snooze(ref: str = REF, until: str = typer.Option(..., "--until", help="The day to look again (YYYY-MM-DD)."),
           reason: str = REASON) -> None:
    """Leave a gap out of the open list until a day; then it is back."""
    _decide(ref, "snoozed", until=until, reason=reason)


@app.command()
def reinstate(ref: str = REF) -> None:
    """Undo a dismissal or a snooze."""
    _decide(ref, "reinstated")
