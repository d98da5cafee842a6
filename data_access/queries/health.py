"""Inputs of the computed RAG, per visible project, as known on the as-of date.

Aggregation happens in SQL (PV, AC, latest progress per project); milestones and
open risks come back as rows because the RAG rules look at each one. Anything
dated after the as-of date is left out or rewound (a milestone done later was
still open; a risk closed later was still open).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, func, or_, select

from data_access.models import (
    CostActual,
    CostPlan,
    Milestone,
    MilestoneForecast,
    Program,
    ProgressReport,
    Project,
    RiskItem,
)
from data_access.queries.as_of import latest_as_of
from data_access.queries.filters import QueryFilters
from data_access.queries.scope import project_filter
from data_access.viewer import Viewer


@dataclass(frozen=True)
class HealthInputs:
    """``projects``: id, code, program_code, bac, pv, ac, percent_complete (NaN = never reported).
    ``milestones``: project_id, name, baseline, forecast, actual. ``risks``: open on the as-of
    date: project_id, title, probability, impact, has_owner, due."""

    projects: pd.DataFrame
    milestones: pd.DataFrame
    risks: pd.DataFrame


def _visible_ids(viewer: Viewer, filters: QueryFilters):  # type: ignore[no-untyped-def]
    return (
        select(Project.id)
        .join(Program, Program.id == Project.program_id)
        .where(project_filter(viewer, filters), Project.start_date <= filters.as_of)
    )


def health_inputs(connection: Connection, viewer: Viewer, filters: QueryFilters) -> HealthInputs:
    visible = _visible_ids(viewer, filters)
    as_of = filters.as_of

    planned = (
        select(CostPlan.project_id, func.sum(CostPlan.amount).label("pv"))
        .where(CostPlan.month <= as_of)
        .group_by(CostPlan.project_id)
        .subquery()
    )
    has_plan = select(CostPlan.project_id).distinct().subquery()
    actual = (
        select(CostActual.project_id, func.sum(CostActual.amount).label("ac"))
        .where(CostActual.month <= as_of)
        .group_by(CostActual.project_id)
        .subquery()
    )
    progress = latest_as_of(
        ProgressReport.project_id, ProgressReport.period_end, as_of, ProgressReport.percent_complete
    )
    project_rows = connection.execute(
        select(
            Project.id,
            Project.code,
            Program.code,
            Project.budget_at_completion,
            # No plan at all = no baseline (grey); a plan starting later = PV 0 so far.
            func.coalesce(planned.c.pv, 0).label("pv"),
            has_plan.c.project_id.is_not(None).label("has_baseline"),
            func.coalesce(actual.c.ac, 0).label("ac"),
            progress.c.percent_complete,
        )
        .join(Program, Program.id == Project.program_id)
        .outerjoin(planned, planned.c.project_id == Project.id)
        .outerjoin(has_plan, has_plan.c.project_id == Project.id)
        .outerjoin(actual, actual.c.project_id == Project.id)
        .outerjoin(progress, progress.c.key == Project.id)
        .where(Project.id.in_(visible))
        .order_by(Project.code)
    ).all()
    projects = pd.DataFrame(
        project_rows,
        columns=["id", "code", "program_code", "bac", "pv", "has_baseline", "ac", "percent_complete"],
    )
    for column in ("bac", "pv", "ac", "percent_complete"):
        projects[column] = pd.to_numeric(projects[column], errors="coerce").astype("float64")
    projects["has_baseline"] = projects["has_baseline"].astype(bool)

    # A milestone's forecast as re-planned on or before the as-of date (else its baseline).
    forecast = latest_as_of(
        MilestoneForecast.milestone_id, MilestoneForecast.recorded_on, as_of, MilestoneForecast.forecast_date
    )
    milestones = pd.DataFrame(
        connection.execute(
            select(
                Milestone.project_id,
                Milestone.name,
                Milestone.baseline_date,
                forecast.c.forecast_date,
                Milestone.actual_date,
            )
            .outerjoin(forecast, forecast.c.key == Milestone.id)
            .where(Milestone.project_id.in_(visible))
            .order_by(Milestone.project_id, Milestone.baseline_date)
        ).all(),
        columns=["project_id", "name", "baseline", "forecast", "actual"],
    )
    done_later = milestones["actual"].notna() & (milestones["actual"] > as_of)
    milestones.loc[done_later, "actual"] = None

    risks = pd.DataFrame(
        connection.execute(
            select(
                RiskItem.project_id,
                RiskItem.title,
                RiskItem.probability,
                RiskItem.impact,
                RiskItem.owner_id.is_not(None),
                RiskItem.due_date,
            )
            .where(
                RiskItem.project_id.in_(visible),
                RiskItem.raised_on <= as_of,
                or_(RiskItem.closed_on.is_(None), RiskItem.closed_on > as_of),
            )
            .order_by(RiskItem.project_id, RiskItem.id)
        ).all(),
        columns=["project_id", "title", "probability", "impact", "has_owner", "due"],
    )
    return HealthInputs(projects, milestones, risks)
