"""Import one template CSV: read, check every row, resolve codes, then upsert.

Why all checks before the first write: a rejected file must leave the database as it
was and the report must list every problem at once. ``run_import`` (registry) owns the
transaction and the import log; this raises ``ImportRejected`` before writing anything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from data_access.importers.csv_read import read_csv_table
from data_access.importers.csv_refs import milestone_key, resolve
from data_access.importers.csv_rows import TypedRow, check_rows
from data_access.importers.csv_rules import Maps, check_rules
from data_access.importers.csv_spec import Entity, ValueType
from data_access.importers.csv_write import Record, upsert
from data_access.importers.problems import ImportRejected, Problem
from data_access.importers.registry import ImportOptions, ImportOutcome


def _report_order(entity: Entity):  # type: ignore[no-untyped-def]
    """Problems by line, then in the template's column order (whole-row problems first)."""
    position = {name: i for i, name in enumerate(entity.column_names, start=1)}

    def key(problem: Problem) -> tuple[int, int]:
        where = problem.where
        line = int(where[5:]) if where.startswith("line ") and where[5:].isdigit() else 0
        return line, position.get(problem.column or "", 0)

    return key


def value_mapper(entity: Entity, names: list[str], maps: Maps) -> Callable[[TypedRow], dict[str, Any]]:
    """From a checked row to its values by model column: codes become ids, a timestamp
    also fills its offset column. Planned once per file, then applied to every row."""
    plain, referenced, timestamps = [], [], []
    for column in (entity.column(name) for name in names if not entity.column(name).lookup_only):
        if column.type is ValueType.REFERENCE and column.refers_to != "milestone":
            referenced.append((column.name, column.field, maps[column.refers_to or ""]))
        elif column.type is ValueType.TIMESTAMP:
            timestamps.append((column.name, column.field, column.offset_field))
        elif column.type is not ValueType.REFERENCE:
            plain.append((column.name, column.field))
    milestone = entity.column("milestone").field if "milestone" in names else None

    def values_of(row: TypedRow) -> dict[str, Any]:
        values = row.values
        out = {field: values[name] for name, field in plain}
        for name, field, ids in referenced:
            code = values[name]
            out[field] = None if code is None else ids[code]
        for name, field, offset_field in timestamps:
            stamp = values[name]
            out[field] = None if stamp is None else stamp[0]  # type: ignore[index]
            if offset_field:
                out[offset_field] = None if stamp is None else stamp[1]  # type: ignore[index]
        if milestone:
            key = milestone_key(maps["project"][values["project"]], values["milestone"])  # type: ignore[index,arg-type]
            out[milestone] = maps["milestone"][key]
        return out

    return values_of


def import_csv(connection: Connection, entity: Entity, path: Path) -> ImportOutcome:
    """Check the whole file, then write it; ImportRejected with every problem otherwise."""
    source = str(path)
    table = read_csv_table(entity, path)
    if not table.columns:  # unreadable, empty or a header that cannot be used: nothing more to check
        raise ImportRejected(source, table.problems)
    rows, problems = check_rows(entity, table)
    maps, unknown = resolve(connection, entity, rows)
    problems = table.problems + problems + unknown + check_rules(connection, entity, rows, maps)
    if problems:
        raise ImportRejected(source, sorted(problems, key=_report_order(entity)))
    values_of = value_mapper(entity, table.columns, maps)
    records = [Record(row, values_of(row)) for row in rows]
    try:
        counts = upsert(connection, entity, records, source)
    except IntegrityError as exc:  # a stored row the file's values clash with (checks above cover the file)
        reason = str(exc.orig).splitlines()[0]
        raise ImportRejected(
            source, [Problem("database", f"the database refused the rows: {reason}")]
        ) from exc
    summary = (
        f"{entity.title}: {counts.added} added, {counts.updated} updated, "
        f"{counts.unchanged} unchanged ({len(records)} rows of {path.name})"
    )
    return ImportOutcome(entity.kind, counts, summary)


def importer_for(entity: Entity):  # type: ignore[no-untyped-def]
    """The registry's importer of ``entity`` (options are not needed: files name their project)."""

    def run(connection: Connection, path: Path, options: ImportOptions) -> ImportOutcome:
        return import_csv(connection, entity, path)

    return run
