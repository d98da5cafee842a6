"""Sprints of one project and the points of their items, as of a date.

Why item rows and not a SQL sum: an item counts for a sprint when it was resolved inside the
sprint's window in *local* days (its stored UTC offset), which no portable SQL expression
computes, and the burndown needs the day of each resolution anyway. The read is bounded to
the project's sprint items, a few hundred rows. As of the date: sprints not started, items
created after it are left out, and resolutions after it read as not resolved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Connection, select

from data_access.models import Sprint, WorkItem
from data_access.queries.filters import QueryFilters
from data_access.queries.scope import scoped_project
from data_access.viewer import Viewer

SPRINT_COLUMNS = ["sprint_id", "name", "start_date", "end_date", "committed_points"]
SPRINT_ITEM_COLUMNS = ["sprint_id", "points", "resolved_on"]
_OFFSET_MARGIN = timedelta(days=2)  # local days reach ±14 h past UTC midnight


@dataclass(frozen=True)
class SprintData:
    """A project's methodology, its sprints started by the as-of date and their items."""

    methodology: str
    sprints: pd.DataFrame
    items: pd.DataFrame


def local_days(moments: pd.Series, offset_minutes: pd.Series) -> pd.Series:
    """Calendar day of UTC moments in each row's UTC offset (NaT stays NaT)."""
    utc = pd.to_datetime(moments, utc=True).dt.tz_localize(None)
    return (utc + pd.to_timedelta(offset_minutes.astype("int64"), unit="min")).dt.normalize()


def sprint_data(
    connection: Connection, viewer: Viewer, project_code: str, filters: QueryFilters
) -> SprintData | None:
    """The project's sprints and sprint items as of ``filters.as_of``; None when absent or out of scope."""
    project = scoped_project(connection, viewer, project_code, filters)
    if project is None:
        return None
    as_of = filters.as_of
    sprints = pd.DataFrame(
        connection.execute(
            select(Sprint.id, Sprint.name, Sprint.start_date, Sprint.end_date, Sprint.committed_points)
            .where(Sprint.project_id == project.id, Sprint.start_date <= as_of)
            .order_by(Sprint.start_date, Sprint.id)
        ).all(),
        columns=SPRINT_COLUMNS,
    )
    until = datetime.combine(as_of, time(), tzinfo=UTC) + _OFFSET_MARGIN
    rows = pd.DataFrame(
        connection.execute(
            select(WorkItem.sprint_id, WorkItem.points, WorkItem.resolved_at, WorkItem.created_at,
                   WorkItem.created_utc_offset_minutes)
            .join(Sprint, Sprint.id == WorkItem.sprint_id)
            .where(Sprint.project_id == project.id, Sprint.start_date <= as_of, WorkItem.created_at < until)
        ).all(),
        columns=["sprint_id", "points", "resolved_at", "created_at", "offset"],
    )  # fmt: skip
    cutoff = pd.Timestamp(as_of)
    created_on = local_days(rows["created_at"], rows["offset"])
    resolved_on = local_days(rows["resolved_at"], rows["offset"])
    rows = rows.assign(resolved_on=resolved_on.where(resolved_on <= cutoff))[created_on <= cutoff]
    return SprintData(
        methodology=getattr(project.methodology, "value", project.methodology),
        sprints=sprints,
        items=rows[SPRINT_ITEM_COLUMNS].reset_index(drop=True),
    )
