"""securebase import|export: bring in what a team already keeps, and take everything out."""

from pathlib import Path

import typer

from cli.base import App, acting, application, parse_day, reader, refreshed, say
from cli.progress import progress_bar
from domain.access import Action
from importers.jsonl import import_export
from importers.run import ImportRejected, run_import
from importers.sources import Format, format_of, source_for
from importers.tabular import Mapping

app = App()


@app.command("import")
def import_(path: Path = typer.Argument(..., exists=True, dir_okay=False),
            team: str = typer.Option(None, "--team", help="The team the records belong to (not for .jsonl)."),
            mapping: Path = typer.Option(None, "--mapping", exists=True, help="A TOML file naming the columns."),
            dry_run: bool = typer.Option(False, "--dry-run", help="Say what would happen; write nothing."),
            skip_invalid: bool = typer.Option(False, "--skip-invalid",
                                              help="Import the good rows; write the bad ones to NAME.rejected.csv."),
            start: str = typer.Option(None, "--from", help="Calendars: first day (default: a year ago)."),
            end: str = typer.Option(None, "--to", help="Calendars: last day (default: today).")) -> None:
    """Import a CSV or XLSX log, an .ics calendar, or a securebase export (.jsonl)."""
    if format_of(path) is Format.EXPORT:
        applied, skipped = import_export(application(), path, acting())
        refreshed()
        say(f"applied {applied} events, {skipped} already there")
        return
    if not team:
        raise typer.BadParameter("name the team the records belong to", param_hint="--team")
    found = reader().team(team, Action.LOG)
    source = source_for(path, Mapping(mapping), parse_day(start, "--from"), parse_day(end, "--to"))
    try:
        with progress_bar() as progress:
            report = run_import(application(), found.id, source, acting(), dry_run=dry_run, skip_invalid=skip_invalid,
                                rejected_csv=path.with_suffix(".rejected.csv"), progress=progress)
    except ImportRejected as rejected:
        say(f"error: {rejected}", err=True)
        raise typer.Exit(1) from None
    refreshed()
    say(report.summary(dry_run))
    if report.rejected and not dry_run:
        say(f"the rejected rows and why are in {path.with_suffix('.rejected.csv')}")


@app.command()
def export(path: Path) -> None:
    """Write every event in the store to a JSON Lines file that `securebase import` reads back."""
    read = reader()
    read.check(Action.ADMINISTER)
    with path.open("w", encoding="utf-8") as out:
        count = read.export(out)
    say(f"exported {count} events to {path}")
