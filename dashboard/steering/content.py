"""Builds a steering presentation for a viewer, an as-of date and a "since" date: its
outline first, then any one step, or the whole content for the pack.

Why here and from these calls: the numbers come from the very services the pages use
(``health.portfolio_health`` for the overview, ``compare_health`` for What changed, the
budget roll-up and monthly series of the Budget page, ``project_detail`` for the project
page), so a slide never disagrees with the page an executive opens afterwards. Why one step
at a time: the page shows one step, and a cold presentation of the large portfolio spent
most of its time on slides nobody had opened yet. No Streamlit: the page (through
dashboard/data.py, with its caches as ``Sources``) and ``python -m dashboard pack`` call
the same functions.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
from sqlalchemy import Connection

from dashboard.budget import program_rollup_from_health, read_project_series, rollup_from_health
from dashboard.health import PortfolioHealth, history_rows, overall_history, portfolio_health, trend_dates
from dashboard.metrics.changes import compare_health
from dashboard.metrics.thresholds import RagThresholds
from dashboard.settings import Settings
from dashboard.steering.model import PROJECT_STEP, SteeringContent, SteeringOutline, SteeringRequest, Step
from dashboard.steering.steps import (
    MILESTONES_TITLE,
    SUMMARY_TITLE,
    changes_step,
    changes_title,
    milestones_step,
    project_step,
    project_title,
    summary_step,
)
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


# --------------------------------------------------------------------------- figures


def request_filters(request: SteeringRequest) -> QueryFilters:
    """The filters every figure of the request is read with (as-of date, programs)."""
    return QueryFilters(as_of=request.as_of, program_codes=request.program_codes)


def trend_history(
    connection: Connection,
    viewer: Viewer,
    filters: QueryFilters,
    now: PortfolioHealth,
    codes: tuple[str, ...],
    options: SteeringOptions,
) -> pd.DataFrame:
    """The overview's trend strip (six month ends, then the as-of date), for ``codes`` only."""
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
class Sources:
    """Where the two costly figures of a step come from: the portfolio health on a date
    (the request's filters, the options' thresholds) and the status trend of the projects
    that get a step. The dashboard passes its shared caches, so a step reuses what the
    overview and What changed already computed; ``direct_sources`` computes each once."""

    health: Callable[[date], PortfolioHealth]
    trend: Callable[[tuple[str, ...]], pd.DataFrame]


def direct_sources(
    connection: Connection, viewer: Viewer, request: SteeringRequest, options: SteeringOptions
) -> Sources:
    """Figures computed on ``connection``, each once (the CLI's pack, the tests)."""
    filters = request_filters(request)

    @functools.cache
    def health(day: date) -> PortfolioHealth:
        return portfolio_health(
            connection, viewer, replace(filters, as_of=day), options.thresholds, options.overall
        )

    @functools.cache
    def trend(codes: tuple[str, ...]) -> pd.DataFrame:
        return trend_history(connection, viewer, filters, health(request.as_of), codes, options)

    return Sources(health, trend)


def program_budgets(
    health: PortfolioHealth, programs: pd.DataFrame
) -> tuple[pd.DataFrame, dict[str, object]]:
    """BAC and EAC per program (with its name) and for the whole scope, from the health: the
    Budget page's roll-ups without its monthly series."""
    names = programs[["code", "name"]].rename(columns={"code": "program_code", "name": "program_name"})
    per_program = program_rollup_from_health(health).merge(names, on="program_code", how="left")
    return per_program, rollup_from_health(health)


# --------------------------------------------------------------------------- outline and steps


def steering_outline(
    connection: Connection,
    viewer: Viewer,
    request: SteeringRequest,
    options: SteeringOptions,
    now: PortfolioHealth,
) -> SteeringOutline:
    """The steps (summary, what changed, the most severe projects, milestones) and footer."""
    trouble = trouble_projects(now.projects)
    shown = trouble.head(options.max_projects).to_dict("records")
    programs = queries.list_programs(connection, viewer)
    return SteeringOutline(
        request=request,
        scope=scope_text(viewer, programs, request.program_codes),
        freshness=queries.freshness_line(queries.data_freshness(connection)),
        projects=len(now.projects),
        step_keys=("summary", "changes", *(f"{PROJECT_STEP}{row['code']}" for row in shown), "milestones"),
        step_titles=(
            SUMMARY_TITLE,
            changes_title(request),
            *(project_title(row) for row in shown),
            MILESTONES_TITLE,
        ),
        trouble_total=len(trouble),
        trouble_omitted=tuple(trouble["code"].iloc[options.max_projects :]),
    )


def steering_step(
    connection: Connection,
    viewer: Viewer,
    outline: SteeringOutline,
    key: str,
    options: SteeringOptions,
    sources: Sources,
) -> Step:
    """One step of ``outline`` (``key`` from ``outline.step_keys``), built on its own."""
    request = outline.request
    filters = request_filters(request)
    now = sources.health(request.as_of)
    if key == "summary":
        budgets = program_budgets(now, queries.list_programs(connection, viewer))
        kpis = queries.portfolio_kpis(connection, viewer, filters)
        trouble = trouble_projects(now.projects)
        return summary_step(
            now, kpis, budgets, trouble, outline.trouble_omitted, request.as_of, options.currency
        )
    if key == "changes":
        before = sources.health(request.since)
        changes = compare_health(before.projects, now.projects, before.milestones, now.milestones)
        return changes_step(changes, request, options.currency)
    if key == "milestones":
        return milestones_step(now, request)
    if key not in outline.step_keys:
        raise KeyError(f"no step {key!r} in this presentation")
    code = key.removeprefix(PROJECT_STEP)
    row = now.projects[now.projects["code"] == code].iloc[0].to_dict()
    return project_step(
        row,
        now.rags[code],
        queries.project_detail(connection, viewer, code, filters),
        read_project_series(connection, viewer, filters, code),
        sources.trend(outline.project_codes),
        options.currency,
    )


def steering_content(
    connection: Connection,
    viewer: Viewer,
    request: SteeringRequest,
    options: SteeringOptions,
    sources: Sources | None = None,
) -> SteeringContent:
    """Every step of the presentation for this viewer's scope, as of ``request.as_of``."""
    sources = sources or direct_sources(connection, viewer, request, options)
    outline = steering_outline(connection, viewer, request, options, sources.health(request.as_of))
    steps = tuple(
        steering_step(connection, viewer, outline, key, options, sources) for key in outline.step_keys
    )
    return SteeringContent(outline, steps)
