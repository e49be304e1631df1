"""Bulk inserts at driver speed. SQLAlchemy's executemany spends more per row assembling
parameters than the database spends storing them (bench/projections.py); here each column's own
bind processor converts the values, so rows are stored exactly as SQLAlchemy would store them."""

from typing import Any

from sqlalchemy import Connection, Table

PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s", "numeric": "?"}


def insert_rows(connection: Connection, table: Table, rows: list[dict[str, Any]], on_conflict: str = "") -> None:
    """INSERT every row (all with the same keys); `on_conflict` is appended verbatim."""
    if not rows:
        return
    columns = list(rows[0])
    dialect = connection.dialect
    values = []
    for name in columns:  # column by column: one comprehension per column, not per value
        column = [row[name] for row in rows]
        convert = table.c[name].type._cached_bind_processor(dialect)
        values.append(column if convert is None else [None if v is None else convert(v) for v in column])
    params = list(zip(*values))
    marks = ", ".join([PLACEHOLDERS[dialect.paramstyle]] * len(columns))
    connection.exec_driver_sql(
        f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks}) {on_conflict}", params)
