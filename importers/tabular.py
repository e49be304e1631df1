"""Supervisors' logs in CSV or XLSX: columns found by a mapping file or by their usual names,
read a row at a time so a million rows take no more memory than ten."""

import csv
import io
import tomllib
from collections.abc import Iterator
from pathlib import Path

from domain.errors import InvalidInput
from importers.records import File, Record, read
from importers.synonyms import Synonyms, normalise

ROLES = {
    "date": ["date", "when", "day", "date and time"],
    "activity": ["activity", "type", "what", "kind", "support"],
    "people": ["people", "staff", "attendees", "who", "members", "names", "worker", "workers"],
    "mode": ["mode", "how"],
    "note": ["note", "notes", "comments", "comment"],
}
REQUIRED = ("date", "activity", "people")


class Mapping:
    """Which column holds what, and extra synonyms, from an optional TOML file."""

    def __init__(self, path: Path | None = None):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8")) if path else {}
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise InvalidInput("mapping", str(path), f"is not a readable TOML file ({error})") from None
        self.columns: dict[str, str] = data.get("columns", {})
        self.synonyms: dict[str, str] = data.get("synonyms", {})
        if not all(isinstance(table, dict) and all(isinstance(v, str) for v in table.values())
                   for table in (self.columns, self.synonyms)):
            raise InvalidInput("mapping", str(path), "[columns] and [synonyms] must map names to text")
        unknown = set(self.columns) - set(ROLES)
        if unknown:
            raise InvalidInput("mapping", str(path), f"names unknown columns {', '.join(sorted(unknown))}; "
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
    """A CSV or XLSX file, on disk or uploaded, as a source of records."""

    def __init__(self, file: File, mapping: Mapping):
        self.file, self.mapping = file, mapping
        self.name = file.name
        self.synonyms = Synonyms(mapping.synonyms)

    def records(self) -> Iterator[Record]:
        return read_rows(self.file, self.mapping)


def read_rows(file: File, mapping: Mapping) -> Iterator[Record]:
    rows = _xlsx_rows(file) if file.suffix.lower() in (".xlsx", ".xlsm") else _csv_rows(file, mapping)
    positions = None
    for line, cells in rows:
        if positions is None:  # rows above the header (a title, say) are passed over
            positions = mapping.locate([str(c) if c is not None else "" for c in cells])
            header = cells
            continue
        if not any(str(c).strip() for c in cells if c is not None):
            continue  # blank line
        values = {role: cells[i] if i < len(cells) else "" for role, i in positions.items()}
        key_text = "|".join(str(values.get(r) or "").strip() for r in ROLES)
        yield Record(line=line, source_key=f"{file.name}|{key_text}", when=values["date"],
                     activity=str(values["activity"] or ""), people=str(values["people"] or ""),
                     mode=str(values.get("mode") or ""), note=str(values.get("note") or "").strip(),
                     columns={role: str(header[i]) for role, i in positions.items()})
    if positions is None:
        raise InvalidInput("file", file.name, "no header row names a date, an activity and people columns "
                           "(use --mapping to name them)")


def _csv_rows(file: File, mapping: Mapping) -> Iterator[tuple[int, list]]:
    with _text(file, _encoding(file)) as handle:
        delimiter = _delimiter(handle.read(SAMPLE), mapping)
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter)
        for cells in reader:
            yield reader.line_num, cells


SAMPLE = 64 * 1024
DELIMITERS = [",", ";", "\t"]


def _text(file: File, encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(read(file), encoding=encoding, newline="")


def _encoding(file: File) -> str:
    """UTF-8 (with or without Excel's byte-order mark), else Windows-1252: Excel's "CSV" on Windows."""
    try:
        with _text(file, "utf-8-sig") as handle:
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


def _xlsx_rows(file: File) -> Iterator[tuple[int, list]]:
    """Every row of the first sheet. Read-only mode would trust the sheet's <dimension> tag,
    which any program writing the file may get wrong (rows beyond it would be dropped without a
    word), so the sheet's size is found by reading it."""
    from openpyxl import load_workbook
    with read(file) as handle:
        book = load_workbook(handle, read_only=True, data_only=True)
        try:
            sheet = book.active
            sheet.reset_dimensions()
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(cells)
        finally:
            book.close()
