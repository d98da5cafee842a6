"""Budget and earned-value inputs, aggregated in SQL and filtered by the viewer's scope.

Three reads feed the Budget page and ``python -m dashboard evm``: the projects in view
(BAC, planned end), cost per project, month and category (the whole baseline plan, but
actuals only up to the as-of month) and the progress history known on the as-of date.
A project counts once it has started by the as-of date, as on the overview.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Float, Select, String, func, literal, select, type_coerce, union_all

from data_access.models import CostActual, CostPlan, Program, ProgressReport, Project
from data_access.queries.filters import QueryFilters
from data_access.queries.frames import rows_frame
from data_access.queries.scope import project_filter
from data_access.viewer import Viewer

BUDGET_PROJECT_COLUMNS = [
    "code",
    "name",
    "program_code",
    "program_name",
    "bac",
    "start_date",
    "baseline_end_date",
    "forecast_end_date",
    "has_baseline",
]
MONTHLY_COST_COLUMNS = ["code", "month", "category", "planned", "actual"]
PROGRESS_COLUMNS = ["code", "period_end", "percent_complete"]


def _visible_ids(viewer: Viewer, filters: QueryFilters) -> Select:
    """Ids of the projects in scope and filters that had started by the as-of date."""
    return (
        select(Project.id)
        .join(Program, Program.id == Project.program_id)
        .where(project_filter(viewer, filters), Project.start_date <= filters.as_of)
    )


def budget_projects(connection: Connection, viewer: Viewer, filters: QueryFilters) -> pd.DataFrame:
    """One row per project in view: BAC (NaN when missing), dates, whether a cost plan exists."""
    has_plan = select(CostPlan.project_id).distinct().subquery()
    rows = connection.execute(
        select(
            Project.code,
            Project.name,
            Program.code,
            Program.name,
            Project.budget_at_completion,
            Project.start_date,
            Project.baseline_end_date,
            Project.forecast_end_date,
            has_plan.c.project_id.is_not(None),
        )
        .join(Program, Program.id == Project.program_id)
        .outerjoin(has_plan, has_plan.c.project_id == Project.id)
        .where(Project.id.in_(_visible_ids(viewer, filters)))
        .order_by(Project.code)
    ).all()
    frame = rows_frame(rows, BUDGET_PROJECT_COLUMNS)
    frame["bac"] = pd.to_numeric(frame["bac"], errors="coerce").astype("float64")
    frame["has_baseline"] = frame["has_baseline"].astype(bool)
    return frame


def monthly_costs(connection: Connection, viewer: Viewer, filters: QueryFilters) -> pd.DataFrame:
    """Planned and actual cost per project, month and category (not cumulative).

    The plan is the whole baseline (the burn-up draws it to the end); actuals stop at the
    as-of month, so later bookings change nothing. Months without a row in either table
    are absent; a missing side is 0.
    """
    visible = _visible_ids(viewer, filters)
    plan = select(
        CostPlan.project_id.label("project_id"),
        CostPlan.month.label("month"),
        CostPlan.category.label("category"),
        CostPlan.amount.label("planned"),
        literal(0).label("actual"),
    ).where(CostPlan.project_id.in_(visible))
    actual = select(
        CostActual.project_id,
        CostActual.month,
        CostActual.category,
        literal(0),
        CostActual.amount,
    ).where(CostActual.project_id.in_(visible), CostActual.month <= filters.as_of)
    both = union_all(plan, actual).subquery()
    rows = connection.execute(
        select(
            Project.code,
            # The stored text, parsed by pandas below: making 100k dates and enum members
            # row by row (then text again) took a third of this read.
            type_coerce(both.c.month, String),
            type_coerce(both.c.category, String),
            # Floats, not Decimals: converting 100k Decimals costs more than the query.
            func.sum(both.c.planned, type_=Float),
            func.sum(both.c.actual, type_=Float),
        )
        .join(Project, Project.id == both.c.project_id)
        .group_by(Project.code, both.c.month, both.c.category)
        .order_by(Project.code, both.c.month, both.c.category)
    ).all()
    frame = rows_frame(rows, MONTHLY_COST_COLUMNS)
    frame["month"] = pd.to_datetime(frame["month"]).astype("datetime64[s]")
    for column in ("planned", "actual"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame


def progress_history(connection: Connection, viewer: Viewer, filters: QueryFilters) -> pd.DataFrame:
    """Every percent-complete report per project with a period end on or before the as-of date."""
    rows = connection.execute(
        select(Project.code, ProgressReport.period_end, ProgressReport.percent_complete)
        .join(Project, Project.id == ProgressReport.project_id)
        .where(
            ProgressReport.project_id.in_(_visible_ids(viewer, filters)),
            ProgressReport.period_end <= filters.as_of,
        )
        .order_by(Project.code, ProgressReport.period_end)
    ).all()
    frame = rows_frame(rows, PROGRESS_COLUMNS)
    frame["period_end"] = pd.to_datetime(frame["period_end"])
    frame["percent_complete"] = pd.to_numeric(frame["percent_complete"], errors="coerce").astype("float64")
    return frame
