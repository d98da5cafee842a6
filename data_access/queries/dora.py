"""Production deployments and incidents of one project over a window ending on a date.

Rows, not SQL aggregates: lead time and time to restore are medians of timestamp
differences, which SQLite cannot compute in SQL, and the weekly trend needs the dates. The
read is bounded to the window (at most a few hundred rows a quarter), so counting in pandas
costs nothing. As of the date: nothing deployed or started after it is read, and an incident
resolved after it reads as still open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Connection, select

from data_access.models import Deployment, Incident
from data_access.queries.filters import QueryFilters
from data_access.queries.scope import scoped_project
from data_access.viewer import Viewer

DEPLOYMENT_COLUMNS = ["deployed_at", "first_commit_at", "caused_failure"]
INCIDENT_COLUMNS = ["started_at", "resolved_at"]


@dataclass(frozen=True)
class DoraData:
    """A project's methodology, production deployments and incidents in [since, as_of]."""

    methodology: str
    since: date
    deployments: pd.DataFrame
    incidents: pd.DataFrame
    ever_deployed: bool


def _utc_frame(rows: list, columns: list[str], times: list[str]) -> pd.DataFrame:  # type: ignore[type-arg]
    frame = pd.DataFrame(rows, columns=columns)
    for column in times:
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def dora_data(
    connection: Connection, viewer: Viewer, project_code: str, filters: QueryFilters, since: date
) -> DoraData | None:
    """Deployments and incidents from ``since`` to the end of ``filters.as_of`` (UTC days);
    None when the project is absent or out of the viewer's scope."""
    project = scoped_project(connection, viewer, project_code, filters)
    if project is None:
        return None
    start = datetime.combine(since, time(), tzinfo=UTC)
    end = datetime.combine(filters.as_of + timedelta(days=1), time(), tzinfo=UTC)
    production = (Deployment.project_id == project.id) & (Deployment.environment == "production")
    deployments = _utc_frame(
        connection.execute(
            select(Deployment.deployed_at, Deployment.first_commit_at, Deployment.caused_failure)
            .where(production, Deployment.deployed_at >= start, Deployment.deployed_at < end)
            .order_by(Deployment.deployed_at)
        ).all(),
        DEPLOYMENT_COLUMNS,
        ["deployed_at", "first_commit_at"],
    )
    incidents = _utc_frame(
        connection.execute(
            select(Incident.started_at, Incident.resolved_at)
            .where(Incident.project_id == project.id, Incident.started_at >= start, Incident.started_at < end)
            .order_by(Incident.started_at)
        ).all(),
        INCIDENT_COLUMNS,
        INCIDENT_COLUMNS,
    )
    incidents["resolved_at"] = incidents["resolved_at"].where(incidents["resolved_at"] < pd.Timestamp(end))
    ever = connection.execute(select(Deployment.id).where(production, Deployment.deployed_at < end).limit(1))
    return DoraData(
        methodology=getattr(project.methodology, "value", project.methodology),
        since=since,
        deployments=deployments,
        incidents=incidents,
        ever_deployed=ever.first() is not None,
    )
