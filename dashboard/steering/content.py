"""Builds one SteeringContent for a viewer, an as-of date and a "since" date.

Why here and from these calls: the numbers come from the very services the pages use
(``health.portfolio_health`` for the overview, ``compare_health`` for What changed,
``budget.budget_report`` for the Budget page, ``project_detail`` for the project page),
so a slide never disagrees with the page an executive opens afterwards. No Streamlit:
the page (through dashboard/data.py) and ``python -m dashboard pack`` call the same function.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
from sqlalchemy import Connection

from dashboard.budget import BudgetReport, budget_report
from dashboard.health import PortfolioHealth, history_rows, overall_history, portfolio_health, trend_dates
from dashboard.metrics.changes import compare_health
from dashboard.metrics.thresholds import RagThresholds
from dashboard.settings import Settings
from dashboard.steering.model import SteeringContent, SteeringRequest
from dashboard.steering.steps import changes_step, milestones_step, project_step, summary_step
from data_access import queries
from data_access.queries import QueryFilters
from data_access.viewer import Viewer

MAX_PROJECT_STEPS = 15
TROUBLE = ("red", "amber")


@dataclass(frozen=True)
class SteeringOptions:
    """The settings the numbers depend on (plain values: part of every cache key)."""

    thresholds: RagThresholds
    overall: str = "worst-of"
    padded: float = 1.10
    currency: str = "USD"
    max_projects: int = MAX_PROJECT_STEPS


def options_from_settings(settings: Settings) -> SteeringOptions:
    return SteeringOptions(
        thresholds=settings.rag_thresholds(),
        overall=settings.rag_overall,
        padded=settings.rag_padded,
        currency=settings.currency,
    )


def scope_text(viewer: Viewer, programs: pd.DataFrame, program_codes: tuple[str, ...]) -> str:
    """Whose view the numbers describe, e.g. "whole portfolio" or "Keira Horvat (project manager)"."""
    who = "whole portfolio" if viewer.scope.everything else f"{viewer.display_name} ({viewer.role.value})"
    if not program_codes:
        return who
    names = programs.loc[programs["code"].isin(program_codes), "name"].tolist()
    return f"{who} · program{'s' if len(names) > 1 else ''} {', '.join(names) or ', '.join(program_codes)}"


def trouble_projects(projects: pd.DataFrame) -> pd.DataFrame:
    """Red and amber projects, most severe first: red before amber, then more red
    dimensions, then more amber ones, watermelons first on a tie, then by code."""
    dimensions = ["computed_schedule", "computed_budget", "computed_risk"]
    trouble = projects[projects["computed_overall"].isin(TROUBLE)]
    return (
        trouble.assign(
            _red_first=(trouble["computed_overall"] != "red").astype(int),
            _reds=-(trouble[dimensions] == "red").sum(axis=1),
            _ambers=-(trouble[dimensions] == "amber").sum(axis=1),
            _watermelon=~trouble["watermelon"].astype(bool),
        )
        .sort_values(["_red_first", "_reds", "_ambers", "_watermelon", "code"])
        .drop(columns=["_red_first", "_reds", "_ambers", "_watermelon"])
        .reset_index(drop=True)
    )


# --------------------------------------------------------------------------- the whole pack


def _trend_history(
    connection: Connection,
    viewer: Viewer,
    filters: QueryFilters,
    now: PortfolioHealth,
    codes: tuple[str, ...],
    options: SteeringOptions,
) -> pd.DataFrame:
    """The overview's trend strip, for the projects that get a slide only."""
    if not codes:
        return pd.DataFrame(columns=["code", "computed_overall", "date"])
    past = overall_history(
        connection,
        viewer,
        replace(filters, project_codes=codes),
        trend_dates(filters.as_of)[:-1],
        options.thresholds,
        options.overall,
    )
    return pd.concat([past, history_rows(now, filters.as_of)], ignore_index=True)


@dataclass(frozen=True)
class Computed:
    """Figures a caller may already hold for this request (the dashboard's shared caches):
    the health as of ``as_of`` and ``since`` and the budget report. Passing them saves
    computing the whole portfolio's RAG twice more when the page also shows them."""

    now: PortfolioHealth | None = None
    before: PortfolioHealth | None = None
    report: BudgetReport | None = None


def request_filters(request: SteeringRequest) -> QueryFilters:
    """The filters every figure of the request is read with (as-of date, programs)."""
    return QueryFilters(as_of=request.as_of, program_codes=request.program_codes)


def steering_content(
    connection: Connection,
    viewer: Viewer,
    request: SteeringRequest,
    options: SteeringOptions,
    computed: Computed = Computed(),
) -> SteeringContent:
    """Every step of the presentation for this viewer's scope, as of ``request.as_of``."""
    filters = request_filters(request)
    now = computed.now or portfolio_health(connection, viewer, filters, options.thresholds, options.overall)
    before = computed.before or portfolio_health(
        connection, viewer, replace(filters, as_of=request.since), options.thresholds, options.overall
    )
    changes = compare_health(before.projects, now.projects, before.milestones, now.milestones)
    report = computed.report or budget_report(connection, viewer, filters, padded_threshold=options.padded)
    kpis = queries.portfolio_kpis(connection, viewer, filters)

    trouble = trouble_projects(now.projects)
    shown = trouble.head(options.max_projects)
    omitted = tuple(trouble["code"].iloc[options.max_projects :])
    history = _trend_history(connection, viewer, filters, now, tuple(shown["code"]), options)
    project_steps = [
        project_step(
            row,
            now.rags[str(row["code"])],
            queries.project_detail(connection, viewer, str(row["code"]), filters),
            report,
            history,
            options.currency,
        )
        for row in shown.to_dict("records")
    ]
    steps = (
        summary_step(now, kpis, report, trouble, omitted, request.as_of, options.currency),
        changes_step(changes, request, options.currency),
        *project_steps,
        milestones_step(now, request),
    )
    programs = queries.list_programs(connection, viewer)
    return SteeringContent(
        request=request,
        scope=scope_text(viewer, programs, request.program_codes),
        freshness=queries.freshness_line(queries.data_freshness(connection)),
        projects=len(now.projects),
        steps=steps,
        trouble_total=len(trouble),
        trouble_omitted=omitted,
    )
