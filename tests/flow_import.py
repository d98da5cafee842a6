"""Test helpers for flow imports: an empty project to import into, and table snapshots."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine, insert, select

from data_access.models import Program, Project, StatusTransition, WorkItem

GOLDEN_WORKFLOW = Path(__file__).resolve().parent / "data" / "jira_agile_metrics_workflow.json"


def add_project(engine: Engine, code: str = "GOLD") -> None:
    """A program and a kanban project with no work items (what an import attaches to)."""
    with engine.begin() as connection:
        program_id = connection.execute(
            insert(Program).values(code=f"P-{code}", name="Imported").returning(Program.id)
        ).scalar_one()
        connection.execute(
            insert(Project).values(
                code=code,
                name=f"{code} imported board",
                program_id=program_id,
                project_type="software development",
                methodology="kanban",
                lifecycle_phase="execution",
                start_date=date(2021, 1, 1),
            )
        )


def snapshot(engine: Engine) -> tuple[list[tuple], list[tuple]]:
    """Every work item and transition row, ids included (a re-import must not touch them)."""
    with engine.connect() as connection:
        items = connection.execute(select(*WorkItem.__table__.columns).order_by(WorkItem.id)).all()
        rows = connection.execute(
            select(*StatusTransition.__table__.columns).order_by(StatusTransition.id)
        ).all()
    return [tuple(r) for r in items], [tuple(r) for r in rows]
