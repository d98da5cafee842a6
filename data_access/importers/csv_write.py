"""Upsert checked template rows by their natural key, counting added, updated, unchanged.

Why compare before writing: re-importing the same file must change nothing, and the
import log must say so (all rows unchanged). Only the columns the file's header names
are written; a column left out of the file keeps its stored values (and its default
on new rows). Nothing is deleted: a row missing from the file stays as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlalchemy import Connection, Table, bindparam, select, update

from data_access.importers.csv_rows import TypedRow
from data_access.importers.csv_spec import RISKS, Entity
from data_access.importers.csv_sql import among, chunks, insert_rows
from data_access.importers.import_log import RowCounts
from data_access.importers.problems import ImportRejected


@dataclass(frozen=True)
class Record:
    """A checked row: its place in the file and the values to store, by model column."""

    row: TypedRow
    values: dict[str, Any]


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def key_fields(entity: Entity) -> tuple[str, ...]:
    """The natural key as stored (a milestone re-plan's key is its milestone and day)."""
    return tuple(c.field for c in map(entity.column, entity.key) if not c.lookup_only)


Stored = tuple[int, tuple[Any, ...]]  # (row id, values of the file's fields)


def _existing(
    connection: Connection, table: Table, keys: tuple[str, ...], fields: list[str], records: Sequence[Record]
) -> tuple[dict[tuple[Any, ...], Stored], set[tuple[Any, ...]]]:
    """Stored rows whose key the file names, and keys the database holds more than once."""
    where = [fields.index(k) for k in keys]
    first = table.c[keys[0]]
    found: dict[tuple[Any, ...], Stored] = {}
    doubled: set[tuple[Any, ...]] = set()
    for clause in among(connection, first, (r.values.get(keys[0]) for r in records)):
        statement = select(table.c.id, *(table.c[f] for f in fields)).where(clause).order_by(table.c.id)
        for row_id, *stored in connection.execute(statement):
            values = tuple(_plain(v) for v in stored)
            key = tuple(values[i] for i in where)
            if key in found:
                doubled.add(key)
            found[key] = (row_id, values)
    return found, doubled


def _adopt_unreferenced_risks(
    connection: Connection, table: Table, fields: list[str], records: Sequence[Record], found: dict
) -> None:
    """A stored risk without a ref (entered before refs existed) is the file's risk of the same
    project, title and raised day: it takes the file's ref instead of being duplicated."""
    missing = [r for r in records if (r.values["project_id"], r.values["ref"]) not in found]
    if not missing:
        return
    candidates: dict[tuple[Any, ...], list[Stored]] = {}
    for clause in among(connection, table.c.project_id, (r.values["project_id"] for r in missing)):
        statement = (
            select(table.c.id, table.c.title, table.c.raised_on, *(table.c[f] for f in fields))
            .where(clause, table.c.ref.is_(None))
            .order_by(table.c.id)
        )
        for row_id, title, raised_on, *stored in connection.execute(statement):
            values = tuple(_plain(v) for v in stored)
            candidates.setdefault((values[fields.index("project_id")], title, raised_on), []).append(
                (row_id, values)
            )
    for record in missing:
        values = record.values
        match = candidates.get((values["project_id"], values.get("title"), values.get("raised_on")), [])
        if len(match) == 1:
            found[(values["project_id"], values["ref"])] = match.pop()


def upsert(connection: Connection, entity: Entity, records: Sequence[Record], source: str) -> RowCounts:
    """Insert new keys, update changed rows, leave equal ones alone; all in the caller's transaction."""
    if not records:
        return RowCounts()
    table = entity.table
    keys = key_fields(entity)
    fields = list(dict.fromkeys([*keys, *records[0].values]))  # key fields a file leaves out are NULL
    found, doubled = _existing(connection, table, keys, fields, records)
    ambiguous = [
        record.row.problem(
            entity.key[-1], "the database holds this key more than once; fix the stored rows first"
        )
        for record in records
        if tuple(record.values.get(k) for k in keys) in doubled
    ]
    if ambiguous:
        raise ImportRejected(source, ambiguous)
    if entity is RISKS:
        _adopt_unreferenced_risks(connection, table, fields, records, found)
    new: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for record in records:
        wanted = tuple(record.values.get(f) for f in fields)
        stored = found.get(tuple(record.values.get(k) for k in keys))
        if stored is None:
            new.append(record.values)
        elif stored[1] != wanted:
            changed.append(
                {"row_id": stored[0], **{f"new_{f}": v for f, v in zip(fields, wanted, strict=True)}}
            )
    insert_rows(connection, table, new)
    if changed:
        statement = (
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values({f: bindparam(f"new_{f}", type_=table.c[f].type) for f in fields})
        )
        for batch in chunks(changed):
            connection.execute(statement, batch)
    return RowCounts(added=len(new), updated=len(changed), unchanged=len(records) - len(new) - len(changed))
