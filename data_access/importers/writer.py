"""Write a checked flow import in one transaction: workflow, items, transitions.

Upsert by item key, so importing the same file again changes nothing: an item's row is
updated only where a value differs, and its transitions are replaced only when the
file's list differs from the stored one. Items of the project that the file does not
mention are left alone. Problems found against the database (unknown project, a key
that belongs to another project, an unknown team) are collected before anything is
written, so a rejected file leaves the database as it was.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select, update

from data_access.importers.parsed import ParsedChange, ParsedFile, ParsedItem
from data_access.importers.problems import ImportRejected, Problem
from data_access.importers.workflow_file import WorkflowDefinition
from data_access.models import Project, StatusTransition, Team, Workflow, WorkflowStatus, WorkItem

_Change = tuple[str | None, str, datetime, int]


@dataclass(frozen=True)
class ImportSummary:
    """What an import did (all zero but ``unchanged`` when the file was imported before)."""

    project: str
    workflow: str
    items_created: int
    items_updated: int
    items_unchanged: int
    transitions_written: int


def _workflow_rows(definition: WorkflowDefinition) -> set[tuple[str, str, int, str]]:
    return {
        (status, stage.name, order, stage.category)
        for order, stage in enumerate(definition.stages, start=1)
        for status in stage.statuses
    }


def _upsert_workflow(connection: Connection, definition: WorkflowDefinition, name: str) -> int:
    """Create or update the named workflow; untouched when the file says the same."""
    row = connection.execute(
        select(Workflow.id, Workflow.start_stage, Workflow.done_stage).where(Workflow.name == name)
    ).first()
    wanted = _workflow_rows(definition)
    if row is None:
        workflow_id = connection.execute(
            insert(Workflow)
            .values(name=name, start_stage=definition.start_stage, done_stage=definition.done_stage)
            .returning(Workflow.id)
        ).scalar_one()
    else:
        workflow_id = row.id
        if (row.start_stage, row.done_stage) != (definition.start_stage, definition.done_stage):
            connection.execute(
                update(Workflow)
                .where(Workflow.id == workflow_id)
                .values(start_stage=definition.start_stage, done_stage=definition.done_stage)
            )
        stored = connection.execute(
            select(
                WorkflowStatus.status,
                WorkflowStatus.stage,
                WorkflowStatus.stage_order,
                WorkflowStatus.category,
            ).where(WorkflowStatus.workflow_id == workflow_id)
        ).all()
        if {(s, st, o, getattr(c, "value", c)) for s, st, o, c in stored} == wanted:
            return workflow_id
        connection.execute(delete(WorkflowStatus).where(WorkflowStatus.workflow_id == workflow_id))
    connection.execute(
        insert(WorkflowStatus),
        [
            {"workflow_id": workflow_id, "status": s, "stage": st, "stage_order": o, "category": c}
            for s, st, o, c in sorted(wanted, key=lambda r: (r[2], r[0]))
        ],
    )
    return workflow_id


def _item_values(item: ParsedItem, project_id: int, team_ids: dict[str, int]) -> dict[str, object]:
    return {
        "project_id": project_id,
        "key": item.key,
        "item_type": item.item_type,
        "title": item.title,
        "points": item.points,
        "status": item.status,
        "created_at": item.created_at,
        "created_utc_offset_minutes": item.created_offset,
        "resolved_at": item.resolved_at,
        "team_id": team_ids.get(item.team_code) if item.team_code else None,
    }


def _check_target(
    connection: Connection, project_code: str, items: list[ParsedItem]
) -> tuple[int, dict[str, int], list[Problem]]:
    problems: list[Problem] = []
    project_id = connection.execute(select(Project.id).where(Project.code == project_code)).scalar()
    if project_id is None:
        problems.append(Problem("--project", f"no project with code {project_code!r}; create it first"))
    codes = sorted({i.team_code for i in items if i.team_code})
    team_ids = (
        dict(connection.execute(select(Team.code, Team.id).where(Team.code.in_(codes))).all())
        if codes
        else {}
    )
    for item in items:
        if item.team_code and item.team_code not in team_ids:
            problems.append(Problem(item.where, f"unknown team {item.team_code!r}"))
    keys = [i.key for i in items]
    elsewhere = (
        connection.execute(
            select(WorkItem.key, Project.code)
            .join(Project, Project.id == WorkItem.project_id)
            .where(WorkItem.key.in_(keys), WorkItem.project_id != (project_id or -1))
        ).all()
        if keys
        else []
    )
    where = {i.key: i.where for i in items}
    problems.extend(Problem(where[k], f"item {k} already belongs to project {code}") for k, code in elsewhere)
    return project_id or -1, team_ids, problems


def _stored_changes(connection: Connection, ids: list[int]) -> dict[int, list[_Change]]:
    out: dict[int, list[_Change]] = defaultdict(list)
    if not ids:
        return out
    rows = connection.execute(
        select(
            StatusTransition.work_item_id,
            StatusTransition.from_status,
            StatusTransition.to_status,
            StatusTransition.changed_at,
            StatusTransition.utc_offset_minutes,
        )
        .where(StatusTransition.work_item_id.in_(ids))
        .order_by(StatusTransition.work_item_id, StatusTransition.changed_at, StatusTransition.id)
    ).all()
    for item_id, *change in rows:
        out[item_id].append(tuple(change))  # type: ignore[arg-type]
    return out


def write_import(
    connection: Connection,
    project_code: str,
    definition: WorkflowDefinition,
    parsed: ParsedFile,
    source: str,
) -> ImportSummary:
    """Write ``parsed`` (already checked) into ``connection``'s open transaction."""
    project_id, team_ids, problems = _check_target(connection, project_code, parsed.items)
    if problems:
        raise ImportRejected(source, problems)
    name = definition.name or f"{project_code} workflow"
    workflow_id = _upsert_workflow(connection, definition, name)
    connection.execute(
        update(Project)
        .where(Project.id == project_id, Project.workflow_id.is_distinct_from(workflow_id))
        .values(workflow_id=workflow_id)
    )

    columns = [c for c in _item_values(parsed.items[0], 0, {}) if c != "key"] if parsed.items else []
    keys = [i.key for i in parsed.items]
    existing = (
        {
            row.key: row
            for row in connection.execute(
                select(WorkItem.id, WorkItem.key, *(getattr(WorkItem, c) for c in columns)).where(
                    WorkItem.key.in_(keys)
                )
            ).all()
        }
        if keys
        else {}
    )
    created = updated = 0
    new_values = [_item_values(i, project_id, team_ids) for i in parsed.items if i.key not in existing]
    if new_values:
        connection.execute(insert(WorkItem), new_values)
        created = len(new_values)
    for item in parsed.items:
        row = existing.get(item.key)
        if row is None:
            continue
        values = _item_values(item, project_id, team_ids)
        changed = {c: values[c] for c in columns if getattr(row, c) != values[c]}
        if changed:
            connection.execute(update(WorkItem).where(WorkItem.id == row.id).values(**changed))
            updated += 1
    ids = (
        dict(connection.execute(select(WorkItem.key, WorkItem.id).where(WorkItem.key.in_(keys))).all())
        if keys
        else {}
    )

    wanted: dict[int, list[_Change]] = {ids[k]: [] for k in keys}
    for change in parsed.changes:
        wanted[ids[change.key]].append(_as_tuple(change))
    stored = _stored_changes(connection, [ids[k] for k in existing])
    replace_ids = [i for i, changes in wanted.items() if stored.get(i, []) != changes]
    if replace_ids:
        connection.execute(delete(StatusTransition).where(StatusTransition.work_item_id.in_(replace_ids)))
        rows = [
            {"work_item_id": i, "from_status": f, "to_status": t, "changed_at": at, "utc_offset_minutes": off}
            for i in replace_ids
            for f, t, at, off in wanted[i]
        ]
        if rows:
            connection.execute(insert(StatusTransition), rows)
    written = sum(len(wanted[i]) for i in replace_ids)
    return ImportSummary(project_code, name, created, updated, len(parsed.items) - created - updated, written)


def _as_tuple(change: ParsedChange) -> _Change:
    return (change.from_status, change.to_status, change.changed_at, change.offset)
