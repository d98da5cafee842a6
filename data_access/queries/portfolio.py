"""Portfolio-level reads: KPI totals and the project table, aggregated in SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
from sqlalchemy import ColumnElement, Connection, Select, and_, func, select
from sqlalchemy.orm import aliased

from data_access.models import (
    CostActual,
    DatasetInfo,
    Person,
    Program,
    Project,
    StatusReport,
)
from data_access.queries.as_of import latest_as_of
from data_access.queries.filters import QueryFilters
from data_access.queries.frames import rows_frame
from data_access.queries.scope import project_filter, visible_projects
from data_access.viewer import Viewer
from data_access.vocabulary import Rag


@dataclass(frozen=True)
class PortfolioKpis:
    """Headline numbers for the overview's KPI row (currency as stored on projects)."""

    project_count: int
    total_budget: Decimal
    projects_without_budget: int
    actual_cost_to_date: Decimal
    reported_status_counts: dict[str, int] = field(default_factory=dict)
    projects_without_report: int = 0
    currencies: tuple[str, ...] = ()


def dataset_info(connection: Connection) -> dict[str, str]:
    """Facts about the loaded data (demo flag, generation day). Not scoped: no project data."""
    rows = connection.execute(select(DatasetInfo.key, DatasetInfo.value)).all()
    return {key: value for key, value in rows}


def list_programs(connection: Connection, viewer: Viewer) -> pd.DataFrame:
    """Programs holding at least one project the viewer may see (code, name)."""
    stmt = (
        select(Program.id, Program.code, Program.name)
        .where(Program.id.in_(select(Project.program_id).where(visible_projects(viewer))))
        .order_by(Program.name)
    )
    return pd.DataFrame(connection.execute(stmt).all(), columns=["id", "code", "name"])


def _latest_report(filters: QueryFilters) -> ColumnElement[bool]:
    """Join condition: each project's newest status report on or before the as-of date."""
    return latest_as_of(StatusReport, "project_id", "report_date", filters.as_of, Project.id)


def _actual_cost_to_date(filters: QueryFilters, projects: Select) -> Select:
    """Per project of ``projects`` (a select of ids), actual cost booked for months starting
    on or before the as-of date; summed over those projects only, so a program's page does
    not add up the whole portfolio's bookings."""
    return (
        select(CostActual.project_id, func.sum(CostActual.amount).label("actual_cost"))
        .where(CostActual.month <= filters.as_of, CostActual.project_id.in_(projects))
        .group_by(CostActual.project_id)
    )


def portfolio_kpis(connection: Connection, viewer: Viewer, filters: QueryFilters) -> PortfolioKpis:
    """Counts and sums for the KPI row; projects not yet started on the as-of date are left out."""
    in_view = and_(project_filter(viewer, filters), Project.start_date <= filters.as_of)
    base = select(Project.id).join(Program, Program.id == Project.program_id).where(in_view)

    totals = connection.execute(
        select(
            func.count(Project.id),
            func.coalesce(func.sum(Project.budget_at_completion), 0),
            func.count(Project.id) - func.count(Project.budget_at_completion),
        )
        .join(Program, Program.id == Project.program_id)
        .where(in_view)
    ).one()

    costs = _actual_cost_to_date(filters, base).subquery()
    actual = connection.execute(select(func.coalesce(func.sum(costs.c.actual_cost), 0))).scalar_one()

    status_rows = connection.execute(
        select(StatusReport.overall_rag, func.count())
        .select_from(Project)
        .join(Program, Program.id == Project.program_id)
        .join(StatusReport, _latest_report(filters))
        .where(in_view)
        .group_by(StatusReport.overall_rag)
    ).all()
    counts = {rag.value: 0 for rag in Rag}
    for rag, count in status_rows:
        counts[Rag(rag).value] = count
    currencies = connection.execute(
        select(Project.currency)
        .join(Program, Program.id == Project.program_id)
        .where(in_view)
        .distinct()
        .order_by(Project.currency)
    ).scalars()

    return PortfolioKpis(
        project_count=int(totals[0]),
        total_budget=Decimal(totals[1]),
        projects_without_budget=int(totals[2]),
        actual_cost_to_date=Decimal(actual),
        reported_status_counts=counts,
        projects_without_report=int(totals[0]) - sum(counts.values()),
        currencies=tuple(currencies),
    )


PROJECT_TABLE_COLUMNS = [
    "id",
    "code",
    "name",
    "program_code",
    "program",
    "project_type",
    "methodology",
    "project_manager",
    "lifecycle_phase",
    "start_date",
    "baseline_end_date",
    "forecast_end_date",
    "budget_at_completion",
    "actual_cost",
    "currency",
    "reported_rag",
    "report_date",
]


def project_table(connection: Connection, viewer: Viewer, filters: QueryFilters) -> pd.DataFrame:
    """One row per visible project started by the as-of date, with cost to date and latest report."""
    manager = aliased(Person)
    in_view = and_(project_filter(viewer, filters), Project.start_date <= filters.as_of)
    ids = select(Project.id).join(Program, Program.id == Project.program_id).where(in_view)
    costs = _actual_cost_to_date(filters, ids).subquery()
    stmt = (
        select(
            Project.id,
            Project.code,
            Project.name,
            Program.code.label("program_code"),
            Program.name.label("program"),
            Project.project_type,
            Project.methodology,
            manager.display_name.label("project_manager"),
            Project.lifecycle_phase,
            Project.start_date,
            Project.baseline_end_date,
            Project.forecast_end_date,
            Project.budget_at_completion,
            func.coalesce(costs.c.actual_cost, 0).label("actual_cost"),
            Project.currency,
            StatusReport.overall_rag.label("reported_rag"),
            StatusReport.report_date.label("report_date"),
        )
        .join(Program, Program.id == Project.program_id)
        .outerjoin(manager, manager.id == Project.project_manager_id)
        .outerjoin(costs, costs.c.project_id == Project.id)
        .outerjoin(StatusReport, _latest_report(filters))
        .where(in_view)
        .order_by(Program.name, Project.code)
    )
    frame = rows_frame(connection.execute(stmt).all(), PROJECT_TABLE_COLUMNS)
    for column in ("budget_at_completion", "actual_cost"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    for column in ("project_type", "methodology", "lifecycle_phase", "reported_rag"):
        frame[column] = frame[column].map(lambda v: getattr(v, "value", v), na_action="ignore")
    return frame


def reported_status(connection: Connection, viewer: Viewer, filters: QueryFilters) -> pd.DataFrame:
    """Code and latest reported overall status (None without a report) of the projects
    ``project_table`` lists: the one column of it a status history needs, without the
    cost sums and joins that make the table the slower read."""
    rows = connection.execute(
        select(Project.code, StatusReport.overall_rag)
        .join(Program, Program.id == Project.program_id)
        .outerjoin(StatusReport, _latest_report(filters))
        .where(project_filter(viewer, filters), Project.start_date <= filters.as_of)
        .order_by(Project.code)
    ).all()
    frame = rows_frame(rows, ["code", "reported_rag"])
    frame["reported_rag"] = frame["reported_rag"].map(lambda v: getattr(v, "value", v), na_action="ignore")
    return frame
