"""A progress bar for long imports on a terminal: records written, rows/s and time left."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from importers.run import Progress


@contextmanager
def progress_bar() -> Iterator[Progress | None]:
    """A bar on a terminal; nothing when the output goes to a file or a pipe."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as Bar
    bar = Bar(TextColumn("importing"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
              TimeRemainingColumn(), transient=True)
    task = bar.add_task("import", total=None, rate="")

    def show(done: int, total: int) -> None:
        speed = bar.tasks[0].speed
        bar.update(task, completed=done, total=total, rate=f"{speed:,.0f} rows/s" if speed else "")
    with bar:
        yield show
