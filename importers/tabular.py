"""Supervisors' logs in CSV or XLSX: columns found by a mapping file or by their usual names,
read a row at a time so a million rows take no more memory than ten."""

import csv
import tomllib
from collections.abc import Iterator
from pathlib import Path

from importers.records import Record
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
        data = tomllib.loads(path.read_text()) if path else {}
        self.columns: dict[str, str] = data.get("columns", {})
        self.synonyms: dict[str, str] = data.get("synonyms", {})
        unknown = set(self.columns) - set(ROLES)
        if unknown:
            raise ValueError(f"mapping file: unknown columns {', '.join(sorted(unknown))}; "
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
    """A CSV or XLSX file as a source of records."""

    def __init__(self, path: Path, mapping: Mapping):
        self.path, self.mapping = path, mapping
        self.synonyms = Synonyms(mapping.synonyms)

    def records(self) -> Iterator[Record]:
        return read_rows(self.path, self.mapping)


def read_rows(path: Path, mapping: Mapping) -> Iterator[Record]:
    rows = _xlsx_rows(path) if path.suffix.lower() in (".xlsx", ".xlsm") else _csv_rows(path)
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
        yield Record(line=line, source_key=f"{path.name}|{key_text}", when=values["date"],
                     activity=str(values["activity"] or ""), people=str(values["people"] or ""),
                     mode=str(values.get("mode") or ""), note=str(values.get("note") or "").strip(),
                     columns={role: str(header[i]) for role, i in positions.items()})
    if positions is None:
        raise ValueError(f"{path.name}: no header row names a date, an activity and people columns "
                         "(use --mapping to name them)")


def _csv_rows(path: Path) -> Iterator[tuple[int, list]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        sample = handle.read(4096)
        handle.seek(0)
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        reader = csv.reader(handle, delimiter=delimiter)
        for cells in reader:
            yield reader.line_num, cells


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        for number, cells in enumerate(book.active.iter_rows(values_only=True), start=1):
            yield number, list(cells)
    finally:
        book.close()
