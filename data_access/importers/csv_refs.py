"""Resolve the codes a template file refers to (program, project, person, team, milestone)
into the ids the tables store, reporting every unknown one at its row.

Why by code: files are written by people and exported from other tools; surrogate ids
mean nothing outside this database. References resolve against the database, so files
are imported in the order of ``csv_spec.ENTITIES`` (programs before projects, ...).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from data_access.importers.csv_rows import TypedRow
from data_access.importers.csv_spec import ENTITIES, REFERENCE_TARGETS, Entity, ValueType
from data_access.importers.csv_sql import among
from data_access.importers.problems import Problem
from data_access.models import Milestone, Person, Program, Project, Team

LIST_KNOWN_UP_TO = 12
_LOOKUPS: dict[str, tuple[Any, Any]] = {
    "program": (Program.code, Program.id),
    "project": (Project.code, Project.id),
    "person": (Person.username, Person.id),
    "team": (Team.code, Team.id),
}
_DEFINED_IN = {"program": "programs", "project": "projects", "person": "people", "team": "teams"}


def _ids(connection: Connection, target: str, codes: set[str]) -> dict[str, int]:
    code_column, id_column = _LOOKUPS[target]
    found: dict[str, int] = {}
    for clause in among(connection, code_column, codes):
        found.update(connection.execute(select(code_column, id_column).where(clause)).all())
    return found


def _known_hint(connection: Connection, target: str) -> str:
    code_column, _ = _LOOKUPS[target]
    total = connection.execute(select(func.count()).select_from(code_column.table)).scalar_one()
    file_name = next(e.file_name for e in ENTITIES if e.name == _DEFINED_IN[target])
    if total == 0:
        return f"the database has none yet: import {file_name} first"
    if total <= LIST_KNOWN_UP_TO:
        known = connection.execute(select(code_column).order_by(code_column)).scalars().all()
        return f"known: {', '.join(known)}"
    return f"check the spelling, or import it with {file_name} first"


def _reference_columns(entity: Entity) -> list[str]:
    return [c.name for c in entity.columns if c.type is ValueType.REFERENCE and c.refers_to != "milestone"]


def resolve(
    connection: Connection, entity: Entity, rows: list[TypedRow]
) -> tuple[dict[str, dict[str, int]], list[Problem]]:
    """{target: {code: id}} for every code the file names, and a problem per unknown one."""
    columns = _reference_columns(entity)
    wanted: dict[str, set[str]] = {}
    for name in columns:
        target = entity.column(name).refers_to or ""
        wanted.setdefault(target, set()).update(
            value for row in rows if isinstance(value := row.values.get(name), str)
        )
    maps = {target: _ids(connection, target, codes) for target, codes in wanted.items()}
    problems: list[Problem] = []
    hints: dict[str, str] = {}
    for row in rows:
        for name in columns:
            target = entity.column(name).refers_to or ""
            value = row.values.get(name)
            if isinstance(value, str) and value not in maps[target]:
                hint = hints.setdefault(target, _known_hint(connection, target))
                noun, attribute = REFERENCE_TARGETS[target]
                problems.append(
                    row.problem(name, f"unknown {noun}: no {noun} has the {attribute} {value!r}; {hint}")
                )
    if any(c.refers_to == "milestone" for c in entity.columns):
        maps["milestone"], more = _milestones(connection, rows, maps.get("project", {}))
        problems.extend(more)
    return maps, problems


def milestone_key(project_id: int, name: str) -> str:
    return f"{project_id}\x1f{name}"


def _milestones(
    connection: Connection, rows: list[TypedRow], projects: dict[str, int]
) -> tuple[dict[str, int], list[Problem]]:
    """Milestones named by (project, milestone name); names must be unique within a project."""
    ids: dict[str, int] = {}
    doubled: set[str] = set()
    for clause in among(connection, Milestone.project_id, projects.values()):
        for project_id, name, milestone_id in connection.execute(
            select(Milestone.project_id, Milestone.name, Milestone.id).where(clause)
        ).all():
            key = milestone_key(project_id, name)
            if key in ids:
                doubled.add(key)
            ids[key] = milestone_id
    problems = []
    for row in rows:
        project, name = row.values.get("project"), row.values.get("milestone")
        if not isinstance(project, str) or project not in projects or not isinstance(name, str):
            continue
        key = milestone_key(projects[project], name)
        if key not in ids:
            problems.append(
                row.problem(
                    "milestone", f"unknown milestone: project {project} has no milestone named {name!r}"
                )
            )
        elif key in doubled:
            problems.append(
                row.problem("milestone", f"project {project} has two milestones named {name!r}: rename one")
            )
    return ids, problems
