"""Portfolio health: reads the RAG inputs, computes every project's status, and lays
reported beside computed. No Streamlit here, so the pages (through dashboard/data.py)
and ``python -m dashboard rag`` get the very same numbers from one function.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Connection

from dashboard.metrics.portfolio_health import (
    ThresholdsByProject,
    milestones_due_at_risk,
    portfolio_rag,
    rag_frame,
)
from dashboard.metrics.rag import OverallRule, ProjectRag, compute_rag, is_watermelon
from dashboard.metrics.thresholds import RagThresholds
from dashboard.metrics.timelines import project_timelines
from data_access import queries
from data_access.queries import HealthInputs, QueryFilters
from data_access.viewer import Viewer


@dataclass(frozen=True)
class PortfolioHealth:
    """``projects``: the project table plus computed colours, rules, SPI/CPI/EAC and the
    watermelon flag; ``rags``: full explanations by project code."""

    projects: pd.DataFrame
    rags: dict[str, ProjectRag]
    milestones_at_risk: pd.DataFrame
    milestones: pd.DataFrame
    program_codes: dict[str, str]
    """Program code by project code, for every project in ``rags`` (started or not)."""


def _text_or_none(value: object) -> str | None:
    """A status from a frame: missing values (None, NaN) become None."""
    return value if isinstance(value, str) else None


def _computed(
    connection: Connection, viewer: Viewer, filters: QueryFilters, thresholds: RagThresholds, overall: str
) -> tuple[HealthInputs, dict[str, ProjectRag], pd.DataFrame]:
    """The RAG inputs, each project's explained RAG and the ``computed_*`` columns."""
    inputs = queries.health_inputs(connection, viewer, filters)
    program_overrides, project_overrides = queries.rag_tolerances(connection, viewer)
    rags = portfolio_rag(
        inputs.projects,
        inputs.milestones,
        inputs.risks,
        filters.as_of,
        defaults=thresholds,
        program_overrides=program_overrides,
        project_overrides=project_overrides,
        overall_rule=OverallRule(method=overall),  # type: ignore[arg-type]
    )
    computed = rag_frame(rags).add_prefix("computed_").rename(columns={"computed_code": "code"})
    return inputs, rags, computed


def portfolio_health(
    connection: Connection,
    viewer: Viewer,
    filters: QueryFilters,
    thresholds: RagThresholds,
    overall: str = "worst-of",
) -> PortfolioHealth:
    table = queries.project_table(connection, viewer, filters)
    inputs, rags, computed = _computed(connection, viewer, filters, thresholds, overall)
    projects = table.merge(computed, on="code", how="left", validate="one_to_one")
    projects["watermelon"] = [
        is_watermelon(_text_or_none(reported), _text_or_none(computed))
        for reported, computed in zip(projects["reported_rag"], projects["computed_overall"], strict=True)
    ]
    codes = inputs.projects[["id", "code"]].rename(columns={"id": "project_id", "code": "project_code"})
    milestones = inputs.milestones.merge(codes, on="project_id")
    at_risk = milestones_due_at_risk(milestones, filters.as_of)
    program_codes = dict(zip(inputs.projects["code"], inputs.projects["program_code"], strict=True))
    return PortfolioHealth(projects, rags, at_risk, milestones, program_codes)


HISTORY_COLUMNS = ["code", "computed_overall", "reported_rag", "computed_eac"]


def history_rows(health: PortfolioHealth, day: date) -> pd.DataFrame:
    """One date's rows of an overall-status history (see ``overall_history``)."""
    return health.projects[HISTORY_COLUMNS].assign(date=day)


def trend_dates(as_of: date, months: int = 6) -> list[date]:
    """The last day of each of the ``months`` months before ``as_of``, then ``as_of`` itself."""
    first_of_month = pd.Timestamp(as_of).to_period("M").to_timestamp()
    ends = [(first_of_month - pd.offsets.MonthEnd(k)).date() for k in range(months, 0, -1)]
    return [*ends, as_of]


def overall_history(
    connection: Connection,
    viewer: Viewer,
    filters: QueryFilters,
    dates: Sequence[date],
    thresholds: RagThresholds,
    overall: str = "worst-of",
) -> pd.DataFrame:
    """Computed and reported overall status of each project on each date (one row per pair).

    Each date is a full as-of computation, so the history shows what was known then. The
    inputs of all dates are read at once (``queries.history_inputs``: seven reads instead
    of four per date) and replayed date by date per project (``metrics.timelines``); a
    history does not need the project table or milestone lists.
    ``filters.as_of`` is ignored: the dates say which days.
    """
    days = sorted(set(dates))
    if not days:
        return pd.DataFrame(columns=[*HISTORY_COLUMNS, "date"])
    batch = queries.history_inputs(connection, viewer, filters, days)
    program_overrides, project_overrides = queries.rag_tolerances(connection, viewer)
    tolerance = ThresholdsByProject(thresholds, program_overrides, project_overrides)
    rule = OverallRule(method=overall)  # type: ignore[arg-type]
    timelines = project_timelines(batch)
    columns: dict[str, list[object]] = {name: [] for name in [*HISTORY_COLUMNS, "date"]}
    for index, day in enumerate(days):
        for timeline in timelines:
            inputs = timeline.input_on(day, index)
            if inputs is None:
                continue
            rag = compute_rag(inputs, tolerance.of(timeline.code, timeline.program_code), rule)
            columns["code"].append(timeline.code)
            columns["computed_overall"].append(rag.overall.colour.value)
            columns["reported_rag"].append(timeline.reported_on(day))
            columns["computed_eac"].append(rag.earned.eac if rag.earned is not None else None)
            columns["date"].append(day)
    return pd.DataFrame(columns)
