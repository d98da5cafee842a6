"""Program and project RAG tolerances (overrides of the portfolio thresholds)."""

from __future__ import annotations

from sqlalchemy import Connection, select

from data_access.models import Program, Project, RagTolerance
from data_access.queries.scope import visible_projects
from data_access.viewer import Viewer

Overrides = dict[str, dict[str, float]]


def rag_tolerances(connection: Connection, viewer: Viewer) -> tuple[Overrides, Overrides]:
    """(per program code, per project code) threshold overrides the viewer's projects use.

    Rows are read oldest first, so if a name was entered twice the newest row wins.
    """
    visible_programs = select(Project.program_id).where(visible_projects(viewer))
    program_rows = connection.execute(
        select(Program.code, RagTolerance.name, RagTolerance.value)
        .join(Program, Program.id == RagTolerance.program_id)
        .where(RagTolerance.program_id.in_(visible_programs))
        .order_by(RagTolerance.id)
    ).all()
    project_rows = connection.execute(
        select(Project.code, RagTolerance.name, RagTolerance.value)
        .join(Project, Project.id == RagTolerance.project_id)
        .where(visible_projects(viewer))
        .order_by(RagTolerance.id)
    ).all()
    programs: Overrides = {}
    for code, name, value in program_rows:
        programs.setdefault(code, {})[name] = float(value)
    projects: Overrides = {}
    for code, name, value in project_rows:
        projects.setdefault(code, {})[name] = float(value)
    return programs, projects
