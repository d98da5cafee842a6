"""Budget and earned-value inputs, aggregated in SQL and filtered by the viewer's scope.

Three reads feed the Budget page and ``python -m dashboard evm``: the projects in view
(BAC, planned end), cost per project and month (the whole baseline plan, but actuals only
up to the as-of month) and the progress history known on the as-of date; a fourth, cost per
program, month and category, feeds the page's category chart.
A project counts once it has started by the as-of date, as on the overview.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import (
    Connection,
    Float,
    Select,
    String,
    Subquery,
    func,
    literal,
    select,
    type_coerce,
    union_all,
)

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
MONTHLY_COST_COLUMNS = ["code", "month", "planned", "actual"]
CATEGORY_COST_COLUMNS = ["program_code", "month", "category", "planned", "actual"]
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


def _costs_in_view(viewer: Viewer, filters: QueryFilters) -> Subquery:
    """Every plan row and every actual row up to the as-of date of the projects in view, as
    (project_id, month, category, planned, actual) with 0 on the other side. The plan is
    the whole baseline (the burn-up draws it to the end); actuals stop at the as-of date,
    so later bookings change nothing."""
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
    return union_all(plan, actual).subquery()


def _costs_frame(rows: Sequence[Sequence[object]], columns: list[str]) -> pd.DataFrame:
    frame = rows_frame(rows, columns)
    frame["month"] = pd.to_datetime(frame["month"]).astype("datetime64[s]")
    for column in ("planned", "actual"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame


def monthly_costs(connection: Connection, viewer: Viewer, filters: QueryFilters) -> pd.DataFrame:
    """Planned and actual cost per project and month, all categories together (not cumulative).

    Months without a row in either table are absent; a missing side is 0. Summed over the
    categories in SQL: the series and burn rates need no category, and a row per category
    was four times the rows (85,764 on the large portfolio) to turn into Python values.
    """
    both = _costs_in_view(viewer, filters)
    rows = connection.execute(
        select(
            Project.code,
            # The stored text, parsed by pandas below: making 100k dates row by row (then
            # text again) took a third of this read.
            type_coerce(both.c.month, String),
            # Floats, not Decimals: converting 100k Decimals costs more than the query.
            func.sum(both.c.planned, type_=Float),
            func.sum(both.c.actual, type_=Float),
        )
        .join(Project, Project.id == both.c.project_id)
        .group_by(Project.code, both.c.month)
        .order_by(Project.code, both.c.month)
    ).all()
    return _costs_frame(rows, MONTHLY_COST_COLUMNS)


def category_costs(connection: Connection, viewer: Viewer, filters: QueryFilters) -> pd.DataFrame:
    """Planned and actual cost per program, month and category, over the projects in view:
    the Budget page's cost-by-category chart of the portfolio or a program (narrow
    ``filters`` to one project for that project's chart)."""
    both = _costs_in_view(viewer, filters)
    rows = connection.execute(
        select(
            Program.code,
            type_coerce(both.c.month, String),
            type_coerce(both.c.category, String),
            func.sum(both.c.planned, type_=Float),
            func.sum(both.c.actual, type_=Float),
        )
        .join(Project, Project.id == both.c.project_id)
        .join(Program, Program.id == Project.program_id)
        .group_by(Program.code, both.c.month, both.c.category)
        .order_by(Program.code, both.c.month, both.c.category)
    ).all()
    return _costs_frame(rows, CATEGORY_COST_COLUMNS)


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
