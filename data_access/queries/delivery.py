"""Flow inputs of one project: its workflow, work items and their status transitions.

Why a dedicated read: flow metrics need every transition of every item (no aggregate
will do), so this returns plain frames for ``dashboard.metrics.flow.compute_flow``. The
storage convention (see ``data_access.seed.workflows``) is that creation is not a
transition row: an item's initial status is the ``from_status`` of its first transition,
or its current status when it never moved; ``initial_status`` carries that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

import pandas as pd
from sqlalchemy import ColumnElement, Connection, select

from data_access.models import Program, Project, StatusTransition, Team, Workflow, WorkflowStatus, WorkItem
from data_access.queries.filters import QueryFilters
from data_access.queries.frames import rows_frame
from data_access.queries.scope import project_filter
from data_access.viewer import Viewer

ITEM_COLUMNS = [
    "item_key",
    "item_type",
    "title",
    "points",
    "status",
    "created_at",
    "created_utc_offset_minutes",
    "resolved_at",
]
TRANSITION_COLUMNS = ["item_key", "from_status", "to_status", "changed_at", "utc_offset_minutes"]
# Offsets reach ±14 h: rows up to two UTC days past the as-of date may still fall on it
# locally. The flow engine cuts exactly; this only bounds what is read.
_AS_OF_MARGIN = timedelta(days=2)


@dataclass(frozen=True)
class FlowData:
    """One project's flow inputs; ``workflow`` rows are (status, stage, stage_order, category)."""

    code: str
    name: str
    methodology: str
    team: str | None
    workflow_name: str | None
    start_stage: str | None
    done_stage: str | None
    workflow: pd.DataFrame
    items: pd.DataFrame
    transitions: pd.DataFrame
    # Team and program views pool several projects (data_access.queries.delivery_group);
    # flow metrics need one workflow, so items of projects on another board are left out
    # and counted here for the page to say so. A project view leaves nothing out.
    projects: tuple[str, ...] = ()
    left_out_items: int = 0
    left_out_projects: tuple[str, ...] = ()


def _utc(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, utc=True)


def read_until(filters: QueryFilters) -> datetime:
    """Rows created or changed from this UTC instant on cannot fall on the as-of date anywhere."""
    return datetime.combine(filters.as_of, time(), tzinfo=UTC) + _AS_OF_MARGIN


def workflow_rows(connection: Connection, workflow_id: int | None) -> pd.DataFrame:
    """(status, stage, stage_order, category) of a workflow in board order; empty for None."""
    workflow = pd.DataFrame(
        connection.execute(
            select(
                WorkflowStatus.status,
                WorkflowStatus.stage,
                WorkflowStatus.stage_order,
                WorkflowStatus.category,
            )
            .where(WorkflowStatus.workflow_id == workflow_id)
            .order_by(WorkflowStatus.stage_order, WorkflowStatus.id)
        ).all(),
        columns=["status", "stage", "stage_order", "category"],
    )
    workflow["category"] = workflow["category"].map(lambda c: getattr(c, "value", c))
    return workflow


def items_and_transitions(
    connection: Connection, which: ColumnElement[bool], until: datetime
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Items matching ``which`` (a WHERE clause over WorkItem) and their transitions before ``until``.

    One function for a project and for a pooled team or program, so both read the same
    columns with the same initial-status rule.
    """
    items = rows_frame(
        connection.execute(
            select(
                WorkItem.key, WorkItem.item_type, WorkItem.title, WorkItem.points, WorkItem.status,
                WorkItem.created_at, WorkItem.created_utc_offset_minutes, WorkItem.resolved_at,
            )
            .where(which)
            .order_by(WorkItem.id)
        ).all(),
        ITEM_COLUMNS,
    )  # fmt: skip
    transitions = rows_frame(
        connection.execute(
            select(
                WorkItem.key, StatusTransition.from_status, StatusTransition.to_status,
                StatusTransition.changed_at, StatusTransition.utc_offset_minutes,
            )
            .join(WorkItem, WorkItem.id == StatusTransition.work_item_id)
            .where(which)
            .order_by(StatusTransition.work_item_id, StatusTransition.changed_at, StatusTransition.id)
        ).all(),
        TRANSITION_COLUMNS,
    )  # fmt: skip
    for column in ("created_at", "resolved_at"):
        items[column] = _utc(items[column])
    transitions["changed_at"] = _utc(transitions["changed_at"])
    first_from = transitions.drop_duplicates("item_key").set_index("item_key")["from_status"]
    items["initial_status"] = items["item_key"].map(first_from).fillna(items["status"])
    return items, transitions[transitions["changed_at"] < until].reset_index(drop=True)


def flow_data(
    connection: Connection, viewer: Viewer, project_code: str, filters: QueryFilters
) -> FlowData | None:
    """The project's flow inputs as of ``filters.as_of``; None when absent or out of scope."""
    header = connection.execute(
        select(
            Project.id, Project.code, Project.name, Project.methodology, Team.name.label("team"),
            Workflow.id.label("workflow_id"), Workflow.name.label("workflow_name"),
            Workflow.start_stage, Workflow.done_stage,
        )
        .join(Program, Program.id == Project.program_id)
        .outerjoin(Team, Team.id == Project.team_id)
        .outerjoin(Workflow, Workflow.id == Project.workflow_id)
        .where(Project.code == project_code, project_filter(viewer, filters))
    ).first()  # fmt: skip
    if header is None:
        return None
    workflow = workflow_rows(connection, header.workflow_id)
    until = read_until(filters)
    items, transitions = items_and_transitions(
        connection, (WorkItem.project_id == header.id) & (WorkItem.created_at < until), until
    )
    return FlowData(
        code=header.code,
        name=header.name,
        methodology=getattr(header.methodology, "value", header.methodology),
        team=header.team,
        workflow_name=header.workflow_name,
        start_stage=header.start_stage,
        done_stage=header.done_stage,
        workflow=workflow,
        items=items,
        transitions=transitions,
        projects=(header.code,),
    )
