"""securebase pulse open|answer|close|close-due|results: ask the team how secure the base feels,
anonymously (domain/pulse.py says how anonymity is kept)."""

import json

import typer

from cli.base import App, acting, application, parse_day, reader, refreshed, say
from domain.access import Action
from domain.catalogue import Domain
from domain.commands import AnswerPulse, ClosePulse, OpenPulse
from domain.dates import shown
from domain.pulse import DEFAULT_THRESHOLD, STATEMENTS, Answer, Round, agreeing

app = App(help="Ask the team how secure the base feels: five statements, answered anonymously.")
TEAM = typer.Option(..., "--team", help="The team's name.")


CLOSES = typer.Option(..., "--closes", help="The last day to answer (YYYY-MM-DD).")
THRESHOLD = typer.Option(DEFAULT_THRESHOLD, "--threshold", help="Show results only if at least this many answer (3+).")


@app.command("open")
def open_round(team: str = TEAM, closes: str = CLOSES, threshold: int = THRESHOLD) -> None:
    """Open a round for the team; each member then answers once, until the day it closes."""
    found = reader().team(team, Action.RUN_TEAM)
    application().open_pulse(OpenPulse.parse(team_id=found.id, closes_on=parse_day(closes, "--closes"),
                                             threshold=threshold, by=acting()))
    refreshed()
    say(f"{found.name}: the team is asked until {closes}; results show if at least {threshold} answer")


def _statement(domain: Domain) -> typer.Option:
    return typer.Option(..., f"--{domain.value}",
                        help=f"“{STATEMENTS[domain]}”: {' | '.join(a.value for a in Answer)}")


@app.command()
def answer(team: str = TEAM, availability: str = _statement(Domain.AVAILABILITY),
           sensitivity: str = _statement(Domain.SENSITIVITY), acceptance: str = _statement(Domain.ACCEPTANCE),
           cooperation: str = _statement(Domain.COOPERATION), belonging: str = _statement(Domain.BELONGING)) -> None:
    """Answer your team's open round (as the member you sign in as): one answer per statement."""
    found = reader().team(team)
    application().answer_pulse(AnswerPulse.parse(team_id=found.id, by=acting(), answers={
        "availability": availability, "sensitivity": sensitivity, "acceptance": acceptance,
        "cooperation": cooperation, "belonging": belonging}))
    say(f"{found.name}: thank you, your answers are in; no one can see which are yours")


@app.command()
def close(team: str = TEAM) -> None:
    """Close the team's open round now: count it and keep what may be shown."""
    found = reader().team(team, Action.RUN_TEAM)
    application().close_pulse(ClosePulse.parse(team_id=found.id, by=acting()))
    refreshed()
    results(team=team, as_json=False)


@app.command("close-due")
def close_due() -> None:
    """Close every round whose last day has passed (run it daily from cron or a timer)."""
    closed = [t.name for t in application().teams() if application().close_pulse_if_due(t.id)]
    say(f"closed: {', '.join(closed)}" if closed else "no round was due to close")


@app.command()
def results(team: str = typer.Option(None, "--team", help="One team (default: every team you may see)."),
            as_json: bool = typer.Option(False, "--json", help="Print JSON: only what may be shown.")) -> None:
    """Each round's results per statement, where enough answered; newest first."""
    read = reader()
    teams = [read.ref(read.team(team))] if team else read.teams()
    views = {ref.name: read.pulse(ref) for ref in teams}
    if as_json:
        say(json.dumps({name: [_round_data(r) for r in view.closed] for name, view in views.items()}, indent=2))
        return
    for name, view in views.items():
        if view.open_round:
            answered = "" if view.answered is None else f", {view.answered} of {view.open_round.asked} answered so far"
            say(f"{name}: a round is open until {shown(view.open_round.closes_on)}{answered}")
        for closing in view.closed:
            say(f"{name}, round {closing.number} (closed {shown(closing.closed_on)}): "
                f"{closing.answered} of {closing.asked} answered")
            for line in _result_lines(closing):
                say(f"  {line}")
        if not view.open_round and not view.closed:
            say(f"{name}: the team has not been asked yet")


def _result_lines(closing: Round) -> list[str]:
    if not closing.counts:
        return [f"fewer than {closing.threshold} answered: results are not shown, so no one can be singled out"]
    return [f"{d.label:<15} {agreeing(closing.counts[d.value]):4.0%} agree" if d.value in closing.counts
            else f"{d.label:<15} not shown: fewer than {closing.threshold} answered it" for d in Domain]


def _round_data(closing: Round) -> dict:
    return {"round": closing.number, "closed_on": closing.closed_on.isoformat(), "asked": closing.asked,
            "answered": closing.answered, "threshold": closing.threshold, "counts": closing.counts}
