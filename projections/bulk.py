"""Bulk inserts at driver speed. SQLAlchemy's executemany spends more per row assembling
parameters than the database spends storing them (bench/projections.py); here each column's
values are converted together, by its own bind processor or, on SQLite, by the C methods giving
the same text, so rows are stored exactly as SQLAlchemy would store them."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Date, DateTime, Table, Uuid
from sqlalchemy.dialects.sqlite.base import DATE, DATETIME

PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s", "numeric": "?"}


def insert_rows(connection: Connection, table: Table, rows: list[dict[str, Any]], on_conflict: str = "",
                columns: list[str] | None = None) -> None:
    """INSERT every row (all with the same keys, or at least `columns`); `on_conflict` is appended verbatim."""
    if not rows:
        return
    columns = columns or list(rows[0])
    marks = ", ".join([PLACEHOLDERS[connection.dialect.paramstyle]] * len(columns))
    connection.exec_driver_sql(f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks}) {on_conflict}",
                               _params(connection, table, rows, columns))


def update_rows(connection: Connection, table: Table, rows: list[dict[str, Any]], key: str) -> None:
    """UPDATE each row (all with the same keys) where `key` equals its own."""
    if not rows:
        return
    columns = [name for name in rows[0] if name != key]
    mark = PLACEHOLDERS[connection.dialect.paramstyle]
    connection.exec_driver_sql(
        f"UPDATE {table.name} SET {', '.join(f'{name} = {mark}' for name in columns)} WHERE {key} = {mark}",
        _params(connection, table, rows, [*columns, key]))


def _params(connection: Connection, table: Table, rows: list[dict[str, Any]], columns: list[str]) -> list[tuple]:
    """Each row's values in `columns` order, as each column's bind processor stores them."""
    values = []
    for name in columns:  # column by column: one comprehension per column, not per value
        column = [row[name] for row in rows]
        values.append(_converted(connection, table.c[name].type, column))
    return list(zip(*values))


def _converted(connection: Connection, kind: Any, column: list) -> list:
    """SQLite's own processors for dates, times and ids format each value in Python; the same
    text comes from the values' C methods, for the default storage formats (as SQLite's, the
    time is the wall clock's, without its zone)."""
    convert = kind._cached_bind_processor(connection.dialect)
    if connection.dialect.name == "sqlite":
        stored_as = getattr(kind.dialect_impl(connection.dialect), "_storage_format", None)
        if isinstance(kind, DateTime) and stored_as == DATETIME._storage_format:
            return [v.replace(tzinfo=None).isoformat(" ", "microseconds") if type(v) is datetime
                    else None if v is None else convert(v) for v in column]
        if isinstance(kind, Date) and stored_as == DATE._storage_format:
            return [v.isoformat() if type(v) is date else None if v is None else convert(v) for v in column]
        if isinstance(kind, Uuid) and kind.as_uuid:
            return [None if v is None else v.hex for v in column]
    return column if convert is None else [None if v is None else convert(v) for v in column]
