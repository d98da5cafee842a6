"""Viewer scope as SQL: the one place that decides which projects a viewer sees."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Connection, Row, false, or_, select, true

from data_access.models import Program, Project
from data_access.queries.filters import QueryFilters
from data_access.viewer import Viewer


def visible_projects(viewer: Viewer) -> ColumnElement[bool]:
    """A WHERE clause over ``Project`` true for the projects the viewer may see."""
    scope = viewer.scope
    if scope.everything:
        return true()
    clauses: list[ColumnElement[bool]] = []
    if scope.program_ids:
        clauses.append(Project.program_id.in_(sorted(scope.program_ids)))
    if scope.project_ids:
        clauses.append(Project.id.in_(sorted(scope.project_ids)))
    if scope.team_ids:
        clauses.append(Project.team_id.in_(sorted(scope.team_ids)))
    return or_(*clauses) if clauses else false()


def selected_programs(filters: QueryFilters) -> ColumnElement[bool]:
    """A WHERE clause over ``Program`` for the program filter (empty = all)."""
    if not filters.program_codes:
        return true()
    return Program.code.in_(filters.program_codes)


def selected_projects(filters: QueryFilters) -> ColumnElement[bool]:
    """A WHERE clause over ``Project`` for an explicit project list (empty = all)."""
    if not filters.project_codes:
        return true()
    return Project.code.in_(filters.project_codes)


def project_filter(viewer: Viewer, filters: QueryFilters) -> ColumnElement[bool]:
    """Scope, program and project filters together; use with a join of Project and Program."""
    return visible_projects(viewer) & selected_programs(filters) & selected_projects(filters)


def scoped_project(connection: Connection, viewer: Viewer, code: str, filters: QueryFilters) -> Row | None:
    """(id, methodology) of the project ``code`` when it exists and is in view, else None."""
    return connection.execute(
        select(Project.id, Project.methodology)
        .join(Program, Program.id == Project.program_id)
        .where(Project.code == code, project_filter(viewer, filters))
    ).first()
