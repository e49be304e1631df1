"""Cells for the CSV files securebase writes, made safe to open in a spreadsheet.

A cell such as `=HYPERLINK("http://x", "click")` in a note, a name or a rejected value would run
as a formula when a colleague opens the file in Excel or LibreOffice (CSV injection). Every text
cell that a spreadsheet could read as a formula is written as text instead, by a leading single
quote, as OWASP advises; and every cell holding a separator a spreadsheet might split on (a
semicolon or a tab, in locales that use them) is quoted, so no part of it starts a cell of its own.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEEDS_QUOTES = frozenset(',;\t"\r\n')


def neutralise(value: object) -> object:
    """The value as it is safe to write: text that would start a formula gains a leading `'`;
    numbers, dates and everything else that is not text stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(rows: list[dict[str, object]], columns: list[str] | None = None) -> bytes:
    """A UTF-8 CSV of `rows`, one column per key (`columns`, else the first row's keys), with
    every cell, the header's included, neutralised. None is written as an empty cell."""
    if columns is None:
        columns = list(rows[0]) if rows else []
    if not columns:
        return b""
    lines = [columns, *([row.get(column) for column in columns] for row in rows)]
    return "".join(",".join(_cell(value) for value in line) + "\r\n" for line in lines).encode()


def _cell(value: object) -> str:
    text = "" if value is None else str(neutralise(value))
    return '"' + text.replace('"', '""') + '"' if NEEDS_QUOTES.intersection(text) else text
