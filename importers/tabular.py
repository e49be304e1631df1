"""Supervisors' logs as they keep them: text exports (CSV in UTF-8, Windows-1252 or Excel's UTF-16
"Unicode text"; commas, semicolons or tabs) and workbooks in every format Excel and LibreOffice
save (.xlsx, Strict .xlsx, .xlsm, .xls, .ods). Columns are found by a mapping file or by
their usual names; rows are read one at a time. A row's entry is named by what the row says, never
by the file's name (`Identities`): all that grows with the file is a digest of each row, about 80
bytes of memory a row."""

import codecs
import csv
import functools
import hashlib
import io
import tomllib
from collections.abc import Iterator
from pathlib import Path

from domain.catalogue import Mode
from domain.errors import InvalidInput
from domain.text import clean_note, name_key
from importers import workbook
from importers.dates import parse_when
from importers.people import split_people
from importers.records import MODES, File, Record, read
from importers.synonyms import Synonyms, normalise
from importers.workbook import CFB, RESAVE, ZIP

ROLES = {
    "date": ["date", "when", "day", "date and time"],
    "activity": ["activity", "type", "what", "kind", "support"],
    "people": ["people", "staff", "attendees", "who", "members", "names", "worker", "workers"],
    "mode": ["mode", "how"],
    "note": ["note", "notes", "comments", "comment"],
}
REQUIRED = ("date", "activity", "people")


def _label(file: File | None) -> str | None:
    """A mapping file as its errors name it: the path given on the command line, an upload's name."""
    return None if file is None else str(file) if isinstance(file, Path) else file.name


class Mapping:
    """Which column holds what, and extra synonyms, from an optional TOML file."""

    def __init__(self, path: File | None = None):
        try:
            with read(path) if path else io.BytesIO(b"") as handle:
                data = tomllib.loads(handle.read().decode("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise InvalidInput("mapping", _label(path), f"is not a readable TOML file ({error})") from None
        self.columns: dict[str, str] = data.get("columns", {})
        self.synonyms: dict[str, str] = data.get("synonyms", {})
        if not all(isinstance(table, dict) and all(isinstance(v, str) for v in table.values())
                   for table in (self.columns, self.synonyms)):
            raise InvalidInput("mapping", _label(path), "[columns] and [synonyms] must map names to text")
        unknown = set(self.columns) - set(ROLES)
        if unknown:
            raise InvalidInput("mapping", _label(path), f"names unknown columns {', '.join(sorted(unknown))}; "
                               f"use {', '.join(ROLES)}")

    def locate(self, header: list[str]) -> dict[str, int] | None:
        """Column positions by role, or None when this row is not the header."""
        names = [normalise(h or "") for h in header]
        found = {}
        for role, candidates in ROLES.items():
            wanted = [normalise(self.columns[role])] if role in self.columns else candidates
            index = next((names.index(w) for w in wanted if w in names), None)
            if index is not None:
                found[role] = index
        return found if all(role in found for role in REQUIRED) else None


class Spreadsheet:
    """A log file, on disk or uploaded, as a source of records."""

    def __init__(self, file: File, mapping: Mapping):
        self.file, self.mapping = file, mapping
        self.name = file.name
        self.synonyms = Synonyms(mapping.synonyms)

    def records(self) -> Iterator[Record]:
        identities = Identities(self.synonyms)
        positions = None
        for line, cells in _rows(self.file, self.mapping):
            if positions is None:  # rows above the header (a title, say) are passed over
                positions = self.mapping.locate([_text(c) for c in cells])
                columns = {role: _text(cells[i]) for role, i in (positions or {}).items()}
                continue
            if not any(_text(c).strip() for c in cells):
                continue  # blank line
            when = cells[positions["date"]] if positions["date"] < len(cells) else ""
            said = {role: _text(cells[i]) if i < len(cells) else "" for role, i in positions.items() if role != "date"}
            said["note"] = said.get("note", "").strip()
            yield Record(line=line, source_key=identities.key(when, **said), when=when, columns=columns, **said)
        if positions is None:
            raise InvalidInput("file", self.name, "no header row names a date, an activity and people "
                               "columns (use --mapping to name them)")


class Identities:
    """What makes two rows the same entry: the moment, the kind of support, the people, the mode
    and the note, each as the translator reads them, and how many identical rows came before in
    the same file. So a renamed copy, an upload, or the same log saved in another format adds
    nothing; two check-ins with Sam logged on one day are two entries, and a copy holding a third
    adds one."""

    def __init__(self, synonyms: Synonyms):
        self.synonyms = synonyms
        self.seen: dict[bytes, int] = {}  # 8-byte digests: a million rows in 80 MB

    def key(self, when: object, activity: str, people: str, mode: str = "", note: str = "") -> str:
        said = "|".join([_moment(when), self.synonyms.kind(activity) or normalise(activity), _people(people),
                         _mode(mode), _note(note)])  # only the note, last, may hold a |
        digest = hashlib.blake2b(said.encode(), digest_size=8).digest()
        self.seen[digest] = nth = self.seen.get(digest, 0) + 1
        return f"{nth}|{said}"


def _moment(cell: object) -> str:
    try:
        return parse_when(cell).isoformat()
    except ValueError:
        return _text(cell).strip()  # a row the translator will reject: its key is never used


@functools.lru_cache(maxsize=4096)
def _people(text: str) -> str:
    """The people named, in any order, compared as names are (`name_key`)."""
    return ";".join(sorted({name_key(person) for person in split_people(text)} - {""}))


def _mode(text: str) -> str:
    said = normalise(text)
    return MODES.get(said, said) if said else Mode.IN_PERSON


def _note(text: str) -> str:
    try:
        return clean_note(text)  # as it is stored
    except ValueError:
        return text  # a note the translator will refuse


def _text(cell: object) -> str:
    """A cell as text: a whole number as a spreadsheet shows it (12, not 12.0), an empty cell as ""."""
    if type(cell) is str:  # most cells, five a row: no more to do
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell)


WORKBOOKS = {".xlsx", ".xlsm", ".xls", ".ods"}


def _rows(file: File, mapping: Mapping) -> Iterator[tuple[int, list]]:
    """Numbered rows: a workbook's when the file holds one, whatever its name; else a text file's."""
    with read(file) as handle:
        head = handle.read(len(CFB))
    if head.startswith((ZIP, CFB)):
        with read(file) as handle:
            return workbook.rows(file.name, handle.read())
    if file.suffix.lower() in WORKBOOKS:
        raise InvalidInput("file", file.name, f"is not a spreadsheet, whatever its name says: {RESAVE}")
    return _csv_rows(file, mapping)


def _csv_rows(file: File, mapping: Mapping) -> Iterator[tuple[int, list]]:
    try:
        with _text_stream(file, _encoding(file)) as handle:
            delimiter = _delimiter(handle.read(SAMPLE), mapping)
            handle.seek(0)
            reader = csv.reader(handle, delimiter=delimiter)
            for cells in reader:
                yield reader.line_num, cells
    except UnicodeDecodeError:
        raise InvalidInput("file", file.name, "is not text in UTF-8, UTF-16 or Windows-1252: save it as "
                           "CSV UTF-8 and import that") from None


SAMPLE = 64 * 1024
DELIMITERS = [",", ";", "\t"]


def _text_stream(file: File, encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(read(file), encoding=encoding, newline="")


def _encoding(file: File) -> str:
    """UTF-16 after its byte-order mark (Excel's "Unicode text"); UTF-8, with or without Excel's
    mark; else Windows-1252, Excel's "CSV" on Windows."""
    with read(file) as handle:
        if handle.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return "utf-16"
    try:
        with _text_stream(file, "utf-8-sig") as handle:
            while handle.read(1 << 20):
                pass
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _delimiter(sample: str, mapping: Mapping) -> str:
    """The delimiter under which some early row is a header: counting commas and semicolons is
    fooled by notes full of commas, or people listed with semicolons."""
    for delimiter in DELIMITERS:
        rows = csv.reader(sample.splitlines()[:HEADER_SEARCH], delimiter=delimiter)
        if any(mapping.locate(row) for row in rows):
            return delimiter
    return ","


HEADER_SEARCH = 20  # rows above the header (titles, notes) looked through
