"""The one filter every "as of" query uses: rows on record at the end of a day."""

from datetime import date

from sqlalchemy import ColumnElement, Table, and_, or_, true


def recorded_by(table: Table, as_of: date | None, column: str = "recorded_on") -> ColumnElement[bool]:
    return true() if as_of is None else table.c[column] <= as_of


def valid_on(facts: Table, as_of: date | None) -> ColumnElement[bool]:
    """Fact versions that were the current truth at the end of `as_of` (or now)."""
    if as_of is None:
        return facts.c.valid_to.is_(None)
    return and_(facts.c.valid_from <= as_of,
                or_(facts.c.valid_to.is_(None), facts.c.valid_to > as_of))
