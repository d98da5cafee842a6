"""Export the whole portfolio as the CSV templates, ready to be imported elsewhere.

Why: a PMO moves its data between databases (trial SQLite -> production PostgreSQL),
edits it in a spreadsheet and loads it back, and the round-trip test proves the
templates carry everything the overview shows. Rows are written in stored order, so a
fresh database gets them in the same order. References are written as codes.

Files are UTF-8 with a byte-order mark, so a spreadsheet opens accented names right.
This is an administrator's tool: it reads every project, no viewer scope applies.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import aliased

from data_access.importers.csv_format import csv_bytes, format_value
from data_access.importers.csv_spec import ENTITIES, RISKS, Entity, ValueType
from data_access.models import Milestone, Person, Program, Project, Team

# What each reference is written as.
_TARGETS: dict[str, tuple[Any, str]] = {
    "program": (Program, "code"),
    "project": (Project, "code"),
    "person": (Person, "username"),
    "team": (Team, "code"),
    "milestone": (Milestone, "name"),
}
_REF = RISKS.column_names.index("ref")


def _statement(entity: Entity):  # type: ignore[no-untyped-def]
    table = entity.table
    selected: list[Any] = [table.c.id]
    joined = table
    milestone = aliased(Milestone, name="ref_milestone")
    if "milestone_id" in table.c:  # a re-plan names its milestone's project too
        joined = joined.join(milestone, milestone.id == table.c.milestone_id)
    for column in entity.columns:
        if column.type is ValueType.REFERENCE:
            model, attribute = _TARGETS[column.refers_to or ""]
            if model is Milestone:
                selected.append(milestone.name.label(column.name))
                continue
            target = aliased(model, name=f"ref_{column.name}")
            via = milestone.project_id if column.lookup_only else table.c[column.field]
            joined = joined.outerjoin(target, target.id == via)
            selected.append(getattr(target, attribute).label(column.name))
        else:
            selected.append(table.c[column.field].label(column.name))
        if column.offset_field:
            selected.append(table.c[column.offset_field].label(f"{column.name}__offset"))
    return select(*selected).select_from(joined).order_by(table.c.id)


def entity_rows(connection: Connection, entity: Entity) -> list[list[str]]:
    """Every stored row of ``entity`` as template cells, in stored order."""
    rows = []
    for stored in connection.execute(_statement(entity)).mappings():
        cells = [
            format_value(c, stored[c.name], stored.get(f"{c.name}__offset") if c.offset_field else None)
            for c in entity.columns
        ]
        if entity is RISKS and not cells[_REF]:
            cells[_REF] = f"R-{stored['id']}"  # a risk stored before refs existed (migration 0004's rule)
        rows.append(cells)
    return rows


def export_csv(engine: Engine, out_dir: Path) -> dict[str, int]:
    """Write ``<template>.csv`` for every template into ``out_dir``; rows written per template."""
    out_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    with engine.connect() as connection:
        for entity in ENTITIES:
            rows = entity_rows(connection, entity)
            (out_dir / entity.file_name).write_bytes(csv_bytes(entity.column_names, rows, bom=True))
            counts[entity.name] = len(rows)
    return counts
