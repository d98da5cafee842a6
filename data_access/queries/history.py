"""The RAG inputs and reported status of the projects in view on several dates, read once.

Why not ``health_inputs`` once per date: a status history (the overview's six month ends,
a project's status reports over a year) asked the database the same questions for every
date, and on the large portfolio the reads and their row processing were half of each
date's cost. Here each table is read once for the whole span, sums come back with one
column per date, and rows carry their dates, so ``dashboard.metrics.timelines`` can pick
each date's "newest row on or before it" without asking again.

Replayed for a date, these rows give exactly the RAG inputs ``health_inputs`` reads for that
date (tests compare the two on both databases), so the engine cannot tell them apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Connection, Float, Select, case, cast, func, select

from data_access.models import (
    CostActual,
    CostPlan,
    Milestone,
    MilestoneForecast,
    Program,
    ProgressReport,
    Project,
    RiskItem,
    StatusReport,
)
from data_access.queries.filters import QueryFilters
from data_access.queries.frames import read_frame
from data_access.queries.health import RISK_COLUMNS, RISK_FIELDS
from data_access.queries.scope import project_filter
from data_access.viewer import Viewer


@dataclass(frozen=True)
class HistoryInputs:
    """Everything read for ``days``, each table sorted by its key, then its date."""

    days: tuple[date, ...]
    projects: pd.DataFrame  # id, code, program_code, bac, has_baseline, start_date, pv_<i>, ac_<i>
    progress: pd.DataFrame  # project_id, period_end, percent_complete
    milestones: pd.DataFrame  # id, project_id, name, baseline, actual
    forecasts: pd.DataFrame  # milestone_id, recorded_on, forecast
    risks: pd.DataFrame  # project_id, title, probability, impact, has_owner, due, raised_on, closed_on
    reports: pd.DataFrame  # project_id, report_date, reported_rag


def _per_day_sums(model: type, prefix: str, days: Sequence[date], visible: Select) -> Select:
    """One row per project: the sum of ``amount`` over months on or before each day."""
    return (
        select(
            model.project_id,
            *(
                func.sum(case((model.month <= day, model.amount), else_=0), type_=Float).label(
                    f"{prefix}_{i}"
                )
                for i, day in enumerate(days)
            ),
        )
        .where(model.project_id.in_(visible), model.month <= max(days))
        .group_by(model.project_id)
    )


def history_inputs(
    connection: Connection, viewer: Viewer, filters: QueryFilters, days: Sequence[date]
) -> HistoryInputs:
    """The RAG inputs of every project in view (``filters`` without its as-of date) on each
    of ``days``: seven reads whatever the number of days."""
    days = tuple(sorted(set(days)))
    if not days:
        raise ValueError("history_inputs needs at least one day")
    last = days[-1]
    visible = (
        select(Project.id)
        .join(Program, Program.id == Project.program_id)
        .where(project_filter(viewer, filters), Project.start_date <= last)
    )
    has_plan = select(CostPlan.project_id).where(CostPlan.project_id == Project.id).exists()
    projects = read_frame(
        connection,
        select(
            Project.id,
            Project.code,
            Program.code,
            cast(Project.budget_at_completion, Float),
            has_plan,
            Project.start_date,
        )
        .join(Program, Program.id == Project.program_id)
        .where(Project.id.in_(visible))
        .order_by(Project.code),
        ["id", "code", "program_code", "bac", "has_baseline", "start_date"],
    )
    for model, prefix in ((CostPlan, "pv"), (CostActual, "ac")):
        sums = read_frame(
            connection,
            _per_day_sums(model, prefix, days, visible),
            ["project_id", *(f"{prefix}_{i}" for i in range(len(days)))],
        ).set_index("project_id")
        for column in sums.columns:
            projects[column] = projects["id"].map(sums[column]).fillna(0.0)

    progress = read_frame(
        connection,
        select(
            ProgressReport.project_id,
            ProgressReport.period_end,
            cast(ProgressReport.percent_complete, Float),
        )
        .where(ProgressReport.project_id.in_(visible), ProgressReport.period_end <= last)
        .order_by(ProgressReport.project_id, ProgressReport.period_end),
        ["project_id", "period_end", "percent_complete"],
    )
    milestones = read_frame(
        connection,
        select(
            Milestone.id,
            Milestone.project_id,
            Milestone.name,
            Milestone.baseline_date,
            Milestone.actual_date,
        )
        .where(Milestone.project_id.in_(visible))
        .order_by(Milestone.project_id, Milestone.baseline_date, Milestone.id),
        ["id", "project_id", "name", "baseline", "actual"],
    )
    forecasts = read_frame(
        connection,
        select(MilestoneForecast.milestone_id, MilestoneForecast.recorded_on, MilestoneForecast.forecast_date)
        .join(Milestone, Milestone.id == MilestoneForecast.milestone_id)
        .where(Milestone.project_id.in_(visible), MilestoneForecast.recorded_on <= last)
        .order_by(MilestoneForecast.milestone_id, MilestoneForecast.recorded_on),
        ["milestone_id", "recorded_on", "forecast"],
    )
    risks = read_frame(
        connection,
        select(*RISK_FIELDS, RiskItem.raised_on, RiskItem.closed_on)
        .where(RiskItem.project_id.in_(visible), RiskItem.raised_on <= last)
        .order_by(RiskItem.project_id, RiskItem.id),
        [*RISK_COLUMNS, "raised_on", "closed_on"],
    )
    reports = read_frame(
        connection,
        select(StatusReport.project_id, StatusReport.report_date, StatusReport.overall_rag)
        .where(StatusReport.project_id.in_(visible), StatusReport.report_date <= last)
        .order_by(StatusReport.project_id, StatusReport.report_date),
        ["project_id", "report_date", "reported_rag"],
    )
    reports["reported_rag"] = reports["reported_rag"].map(
        lambda v: getattr(v, "value", v), na_action="ignore"
    )
    return HistoryInputs(days, projects, progress, milestones, forecasts, risks, reports)
