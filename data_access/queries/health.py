"""Inputs of the computed RAG, per visible project, as known on the as-of date.

Aggregation happens in SQL (PV, AC, latest progress per project); milestones and
open risks come back as rows because the RAG rules look at each one. Anything
dated after the as-of date is left out or rewound (a milestone done later was
still open; a risk closed later was still open).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Float, cast, func, or_, select

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
from data_access.queries.frames import read_frame, rows_frame
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


# What the RAG rules need of a risk (HealthInputs.risks); queries/history.py reads the same.
RISK_COLUMNS = ("project_id", "title", "probability", "impact", "has_owner", "due")
RISK_FIELDS = (
    RiskItem.project_id,
    RiskItem.title,
    RiskItem.probability,
    RiskItem.impact,
    RiskItem.owner_id.is_not(None),
    RiskItem.due_date,
)


def _visible_ids(viewer: Viewer, filters: QueryFilters):  # type: ignore[no-untyped-def]
    return (
        select(Project.id)
        .join(Program, Program.id == Project.program_id)
        .where(project_filter(viewer, filters), Project.start_date <= filters.as_of)
    )


def health_inputs(connection: Connection, viewer: Viewer, filters: QueryFilters) -> HealthInputs:
    visible = _visible_ids(viewer, filters)
    as_of = filters.as_of

    # Sums only over the projects in view: a one-project page must not add up the portfolio.
    planned = (
        select(CostPlan.project_id, func.sum(CostPlan.amount, type_=Float).label("pv"))
        .where(CostPlan.month <= as_of, CostPlan.project_id.in_(visible))
        .group_by(CostPlan.project_id)
        .subquery()
    )
    has_plan = select(CostPlan.project_id).where(CostPlan.project_id == Project.id).exists()
    actual = (
        select(CostActual.project_id, func.sum(CostActual.amount, type_=Float).label("ac"))
        .where(CostActual.month <= as_of, CostActual.project_id.in_(visible))
        .group_by(CostActual.project_id)
        .subquery()
    )
    project_rows = connection.execute(
        select(
            Project.id,
            Project.code,
            Program.code,
            cast(Project.budget_at_completion, Float),
            # No plan at all = no baseline (grey); a plan starting later = PV 0 so far.
            func.coalesce(planned.c.pv, 0.0),
            has_plan,
            func.coalesce(actual.c.ac, 0.0),
            cast(ProgressReport.percent_complete, Float),
        )
        .join(Program, Program.id == Project.program_id)
        .outerjoin(planned, planned.c.project_id == Project.id)
        .outerjoin(actual, actual.c.project_id == Project.id)
        .outerjoin(
            ProgressReport, latest_as_of(ProgressReport, "project_id", "period_end", as_of, Project.id)
        )
        .where(Project.id.in_(visible))
        .order_by(Project.code)
    ).all()
    projects = rows_frame(
        project_rows, ["id", "code", "program_code", "bac", "pv", "has_baseline", "ac", "percent_complete"]
    )
    for column in ("bac", "pv", "ac", "percent_complete"):
        projects[column] = pd.to_numeric(projects[column], errors="coerce").astype("float64")
    projects["has_baseline"] = projects["has_baseline"].astype(bool)

    # A milestone's forecast as re-planned on or before the as-of date (else its baseline).
    milestones = rows_frame(
        connection.execute(
            select(
                Milestone.project_id,
                Milestone.name,
                Milestone.baseline_date,
                MilestoneForecast.forecast_date,
                Milestone.actual_date,
            )
            .outerjoin(
                MilestoneForecast,
                latest_as_of(MilestoneForecast, "milestone_id", "recorded_on", as_of, Milestone.id),
            )
            .where(Milestone.project_id.in_(visible))
            .order_by(Milestone.project_id, Milestone.baseline_date)
        ).all(),
        ["project_id", "name", "baseline", "forecast", "actual"],
    )
    done_later = milestones["actual"].notna() & (milestones["actual"] > as_of)
    milestones.loc[done_later, "actual"] = None

    risks = read_frame(
        connection,
        select(*RISK_FIELDS)
        .where(
            RiskItem.project_id.in_(visible),
            RiskItem.raised_on <= as_of,
            or_(RiskItem.closed_on.is_(None), RiskItem.closed_on > as_of),
        )
        .order_by(RiskItem.project_id, RiskItem.id),
        list(RISK_COLUMNS),
    )
    return HealthInputs(projects, milestones, risks)
