"""securebase projections status|rebuild"""

import typer

from cli.base import App, allow, view
from domain.access import Action

app = App(help="Look after the read models behind summaries and gaps.")


@app.command()
def status() -> None:
    """How far the read models have read the log, and how far behind they are."""
    current = view().status()
    typer.echo(f"position {current.position} of {current.log_position} (lag {current.lag})")


@app.command()
def rebuild() -> None:
    """Empty the read models and build them again from the whole log."""
    allow(Action.ADMINISTER)
    typer.echo(f"rebuilt from {view().rebuild()} events")
