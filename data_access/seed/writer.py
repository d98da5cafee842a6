"""Bulk insert of the generated tables inside the caller's transaction.

Why two paths: on PostgreSQL with psycopg, COPY is several times faster than INSERT
for millions of rows; everywhere else SQLAlchemy Core ``executemany`` in chunks is
fast enough and portable. Both receive the same Python values (aware UTC datetimes,
dates, Decimals), so what lands is what the ORM types would store: on the Core path
the column types themselves convert the values; COPY sends aware ``timestamptz``
values, exactly what ``UTCDateTime`` binds on PostgreSQL.

Primary keys are set by the generator, so on PostgreSQL the id sequences are moved
past them afterwards, or the next ordinary insert would collide.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC
from typing import Any

import numpy as np
from sqlalchemy import Connection, Table, func, select

from data_access.models import Base
from data_access.seed.rows import TableData

# Parents before children (foreign keys are enforced while inserting).
INSERT_ORDER: tuple[str, ...] = (
    "dataset_info",
    "people",
    "programs",
    "teams",
    "workflows",
    "workflow_statuses",
    "projects",
    "milestones",
    "milestone_forecasts",
    "cost_plan",
    "cost_actuals",
    "progress",
    "status_reports",
    "risks",
    "sprints",
    "work_items",
    "status_transitions",
    "deployments",
    "incidents",
    "role_assignments",
    "meetings",
)
CHUNK_ROWS = 20_000


def _python_values(values: Any) -> list[Any]:
    """A column slice as Python values; numpy datetimes become aware UTC datetimes."""
    if isinstance(values, np.ndarray):
        if values.dtype.kind == "M":
            return [
                None if v is None else v.replace(tzinfo=UTC) for v in values.astype("datetime64[us]").tolist()
            ]
        return values.tolist()
    return list(values)


def _chunks(data: TableData) -> Iterator[tuple[list[str], list[tuple[Any, ...]]]]:
    names = list(data.columns)
    for start in range(0, len(data), CHUNK_ROWS):
        columns = [_python_values(data.columns[name][start : start + CHUNK_ROWS]) for name in names]
        yield names, list(zip(*columns, strict=True))


def _uses_copy(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg"


def _copy(connection: Connection, table: Table, names: list[str], rows: list[tuple[Any, ...]]) -> None:
    from psycopg import sql

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(n) for n in names)
    )
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _insert(connection: Connection, table: Table, names: list[str], rows: list[tuple[Any, ...]]) -> None:
    connection.execute(table.insert(), [dict(zip(names, row, strict=True)) for row in rows])


def _reset_sequences(connection: Connection, written: dict[str, int]) -> None:
    """Move each PostgreSQL id sequence to the largest id written."""
    for name, count in written.items():
        table = Base.metadata.tables[name]
        if count and "id" in table.c:
            highest = select(func.max(table.c.id)).scalar_subquery()
            connection.execute(select(func.setval(func.pg_get_serial_sequence(name, "id"), highest)))


def write_tables(
    connection: Connection, tables: list[TableData], progress: Callable[[float, str], None]
) -> dict[str, int]:
    """Insert every table in foreign-key order; returns rows written per table."""
    by_name = {t.name: t for t in tables}
    unknown = set(by_name) - set(INSERT_ORDER)
    if unknown:
        raise ValueError(f"no insert order for tables {sorted(unknown)}")
    total = max(sum(len(t) for t in tables), 1)
    copy = _uses_copy(connection)
    written: dict[str, int] = {}
    done = 0
    for name in INSERT_ORDER:
        data = by_name.get(name)
        if data is None:
            continue
        table = Base.metadata.tables[name]
        for names, rows in _chunks(data):
            (_copy if copy else _insert)(connection, table, names, rows)
            done += len(rows)
            progress(done / total, f"Writing {name.replace('_', ' ')}")
        written[name] = len(data)
    if connection.dialect.name == "postgresql":
        _reset_sequences(connection, written)
    return written
