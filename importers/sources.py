"""Which reader a file calls for, by its suffix: the command line, the Import page and the tests
all come here, so a file is read the same way whichever brings it."""

from datetime import date, timedelta
from enum import StrEnum

from domain import zone
from domain.errors import InvalidInput
from importers.calendar import Calendar
from importers.records import File
from importers.run import Source
from importers.synonyms import Synonyms
from importers.tabular import Mapping, Spreadsheet


class Format(StrEnum):
    LOG = "a support log"  # a spreadsheet, one row per piece of support
    CALENDAR = "a calendar"
    EXPORT = "a securebase export"  # every event of a store, replayed as it was


SUFFIXES = {".csv": Format.LOG, ".tsv": Format.LOG, ".txt": Format.LOG,  # Excel's "Unicode text" is .txt
            ".xlsx": Format.LOG, ".xlsm": Format.LOG, ".xls": Format.LOG, ".ods": Format.LOG,
            ".ics": Format.CALENDAR, ".jsonl": Format.EXPORT}


def format_of(file: File) -> Format:
    try:
        return SUFFIXES[file.suffix.lower()]
    except KeyError:
        raise InvalidInput("file", file.name, f"is not a format securebase reads: use one of "
                           f"{', '.join(SUFFIXES)}") from None


def period(start: date | None = None, end: date | None = None) -> tuple[date, date]:
    """The days a calendar is read between, both included: from a year ago to today, unless given."""
    return start or zone.today() - timedelta(days=365), end or zone.today()


def source_for(file: File, mapping: Mapping, start: date | None = None, end: date | None = None) -> Source:
    """A calendar, read over `period(start, end)`, or a support log. An export is not a source of
    records: importers/jsonl.py replays it."""
    match format_of(file):
        case Format.CALENDAR:
            return Calendar(file, *period(start, end), Synonyms(mapping.synonyms))
        case Format.LOG:
            return Spreadsheet(file, mapping)
    raise InvalidInput("file", file.name, "is an export: import it on its own, without a team")
