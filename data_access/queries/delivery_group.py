"""Flow inputs of a team or a program: the work items of its projects the viewer may see, pooled.

Why a separate read: a team or program spans several projects, possibly on different
boards, while flow metrics need one workflow (status -> stage). The pooling happens in
SQL: one grouped count per project picks the workflow most of the items use, then the
items and transitions of the projects on that workflow are read in one query each. What
is left out (other boards, no board) is counted and returned so the page can say so.
Scope: only projects passing ``project_filter`` are counted or read, so a team or program
with no project in view is answered exactly like one that does not exist (None).
"""

from __future__ import annotations

from typing import Literal

import pandas as pd
from sqlalchemy import ColumnElement, Connection, func, select

from data_access.models import Program, Project, Team, Workflow, WorkItem
from data_access.queries.delivery import FlowData, items_and_transitions, read_until, workflow_rows
from data_access.queries.filters import QueryFilters
from data_access.queries.scope import project_filter
from data_access.viewer import Viewer

GroupKind = Literal["team", "program"]


def visible_teams(connection: Connection, viewer: Viewer, filters: QueryFilters) -> pd.DataFrame:
    """Code and name of the teams with at least one project the viewer may see (team picker)."""
    stmt = (
        select(Team.code, Team.name)
        .where(
            Team.id.in_(
                select(Project.team_id)
                .join(Program, Program.id == Project.program_id)
                .where(project_filter(viewer, filters))
            )
        )
        .order_by(Team.code)
    )
    return pd.DataFrame(connection.execute(stmt).all(), columns=["code", "name"])


def _group(connection: Connection, kind: GroupKind, code: str) -> tuple[int, str, str] | None:
    """(id, code, name) of the team or program ``code``; not scoped: callers check projects."""
    table = Team if kind == "team" else Program
    row = connection.execute(select(table.id, table.code, table.name).where(table.code == code)).first()
    return None if row is None else (row.id, row.code, row.name)


def _project_counts(
    connection: Connection, in_group: ColumnElement[bool], filters: QueryFilters
) -> pd.DataFrame:
    """Per project matching ``in_group`` (scope included): id, code, methodology, workflow_id, items."""
    until = read_until(filters)
    stmt = (
        select(
            Project.id,
            Project.code,
            Project.methodology,
            Project.workflow_id,
            func.count(WorkItem.id).label("items"),
        )
        .join(Program, Program.id == Project.program_id)
        .outerjoin(WorkItem, (WorkItem.project_id == Project.id) & (WorkItem.created_at < until))
        .where(in_group)
        .group_by(Project.id, Project.code, Project.methodology, Project.workflow_id)
        .order_by(Project.code)
    )
    frame = pd.DataFrame(
        connection.execute(stmt).all(), columns=["id", "code", "methodology", "workflow_id", "items"]
    )
    frame["methodology"] = frame["methodology"].map(lambda m: getattr(m, "value", m))
    return frame


def majority_workflow(counts: pd.DataFrame) -> int | None:
    """The workflow most of the items use (ties: more projects, then the lower id); None if no board."""
    boards = counts.dropna(subset=["workflow_id"])
    if boards.empty:
        return None
    ranked = (
        boards.groupby("workflow_id")
        .agg(items=("items", "sum"), projects=("id", "size"))
        .reset_index()
        .sort_values(["items", "projects", "workflow_id"], ascending=[False, False, True], kind="stable")
    )
    return int(ranked["workflow_id"].iloc[0])


def group_flow_data(
    connection: Connection, viewer: Viewer, kind: GroupKind, code: str, filters: QueryFilters
) -> FlowData | None:
    """The pooled flow inputs of a team or program as of ``filters.as_of``.

    None when the team/program does not exist or has no project in the viewer's scope
    (the same answer, so a link cannot probe what exists).
    """
    group = _group(connection, kind, code)
    if group is None:
        return None
    group_id, group_code, group_name = group
    member = Project.team_id == group_id if kind == "team" else Project.program_id == group_id
    counts = _project_counts(connection, member & project_filter(viewer, filters), filters)
    if counts.empty:
        return None
    workflow_id = majority_workflow(counts)
    pooled = counts[counts["workflow_id"] == workflow_id] if workflow_id is not None else counts.iloc[:0]
    left_out = counts.drop(pooled.index)
    board = (
        None
        if workflow_id is None
        else connection.execute(
            select(Workflow.name, Workflow.start_stage, Workflow.done_stage).where(Workflow.id == workflow_id)
        ).one()
    )
    until = read_until(filters)
    project_ids = [int(i) for i in pooled["id"]]
    items, transitions = items_and_transitions(
        connection, WorkItem.project_id.in_(project_ids) & (WorkItem.created_at < until), until
    )
    return FlowData(
        code=group_code,
        name=group_name,
        methodology=", ".join(sorted(set(counts["methodology"]))),
        team=group_name if kind == "team" else None,
        workflow_name=None if board is None else board.name,
        start_stage=None if board is None else board.start_stage,
        done_stage=None if board is None else board.done_stage,
        workflow=workflow_rows(connection, workflow_id),
        items=items,
        transitions=transitions,
        projects=tuple(pooled["code"]),
        left_out_items=int(left_out["items"].sum()),
        left_out_projects=tuple(left_out["code"]),
    )
