"""Look up many keys at once, on SQLite and PostgreSQL alike.

Why two forms: SQLite caps the bound parameters of one statement, so long lists go in
chunks of ``CHUNK``; with psycopg a statement of thousands of placeholders costs more to
prepare on the client than to run, so PostgreSQL gets the whole list as one array
parameter (``= ANY(:values)``). A 100k-row file needs one round trip, not twenty.
New rows go in with COPY on PostgreSQL for the same reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, Connection, Table, any_, insert, literal

CHUNK = 5000


def chunks(values: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    """Lists of at most ``size`` values (bound-parameter lists SQLite accepts)."""
    batch: list[Any] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def among(connection: Connection, column: Any, values: Iterable[Any]) -> Iterator[ColumnElement[bool]]:
    """WHERE clauses that together select the rows whose ``column`` is one of ``values``."""
    distinct = sorted(set(values))
    if not distinct:
        return
    if connection.dialect.name == "postgresql":
        yield column == any_(literal(distinct, ARRAY(column.type)))
        return
    for batch in chunks(distinct):
        yield column.in_(batch)


def insert_rows(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (same keys each): COPY on PostgreSQL with psycopg (one statement
    per row otherwise, even pipelined, is the slow part of a 100k-row import), chunked
    ``executemany`` elsewhere. Values are what the column types bind: aware UTC datetimes,
    dates, Decimals, plain strings."""
    if not rows:
        return
    if connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg":
        from psycopg import sql

        names = list(rows[0])
        # COPY skips SQLAlchemy's client-side defaults (currency 'USD', weight 0): add them.
        defaults = {
            c.name: c.default.arg  # type: ignore[union-attr]
            for c in table.c
            if c.name not in names and c.default is not None and c.default.is_scalar
        }
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table.name),
            sql.SQL(", ").join(sql.Identifier(name) for name in [*names, *defaults]),
        )
        fixed = list(defaults.values())
        with connection.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([*(row[name] for name in names), *fixed])
        return
    for batch in chunks(rows):
        connection.execute(insert(table), batch)
