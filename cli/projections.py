"""securebase projections status|rebuild"""


from cli.base import App, reader, say
from domain.access import Action

app = App(help="Look after the read models behind summaries and gaps.")


@app.command()
def status() -> None:
    """How far the read models have read the log, and how far behind they are."""
    current = reader().status()
    say(f"position {current.position} of {current.log_position} (lag {current.lag})")
    for failure in current.failures:
        say(f"could not apply event {failure.position} ({failure.event}): {failure.error}; "
            "it was passed over: fix the cause, then `securebase projections rebuild`")


@app.command()
def rebuild() -> None:
    """Empty the read models and build them again from the whole log."""
    read = reader()
    read.check(Action.ADMINISTER)
    say(f"rebuilt from {read.view.rebuild()} events")
