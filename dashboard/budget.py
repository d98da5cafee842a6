"""Budget burn and earned value: reads the finance inputs, computes EVM per project,
program and portfolio as of a date, and narrows it to one drill-down level.

No Streamlit here, so the Budget page (through dashboard/data.py) and
``python -m dashboard evm`` get the very same numbers from one function.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

import pandas as pd
from sqlalchemy import Connection

from dashboard.health import PortfolioHealth
from dashboard.metrics import evm_series
from dashboard.metrics.evm import (
    DEFAULT_EAC_METHOD,
    PADDED_BASELINE_THRESHOLD,
    EacMethod,
    rollup_earned_value,
)
from data_access import queries
from data_access.queries import QueryFilters
from data_access.viewer import Viewer

FIGURE_COLUMNS = (
    "bac",
    "pv",
    "ev",
    "ac",
    "sv",
    "cv",
    "spi",
    "cpi",
    "eac",
    "etc",
    "vac",
    "tcpi_bac",
    "tcpi_eac",
    "burn_rate",
    "run_out_date",
    "planned_end",
    "padded_baseline",
)
"""The figures shown per project and roll-up, in this order, on the page and by the CLI."""

Level = Literal["portfolio", "program", "project"]


@dataclass(frozen=True)
class BudgetReport:
    """Everything the Budget page and the CLI show, as of ``as_of``.

    ``projects``: code, name, program_code, program_name, percent_complete and ``FIGURE_COLUMNS``.
    ``programs``: program_code, program_name, n_rows, n_excluded and ``FIGURE_COLUMNS``.
    ``portfolio``: one row like ``programs`` without the program columns.
    ``series``: per project and month, cumulative PV, AC, EV (``evm_series.SERIES_COLUMNS``).
    ``categories``: per program, month and category, planned and actual cost in the month
    (``queries.category_costs``).
    """

    as_of: date
    projects: pd.DataFrame
    programs: pd.DataFrame
    portfolio: pd.DataFrame
    series: pd.DataFrame
    categories: pd.DataFrame


@dataclass(frozen=True)
class BudgetFocus:
    """One drill-down level: its figures as of the date and its monthly series."""

    level: Level
    label: str
    figures: dict[str, Any]
    series: pd.DataFrame
    categories: pd.DataFrame
    codes: tuple[str, ...]


def _planned_end(projects: pd.DataFrame) -> pd.Series:
    """The forecast end where one is recorded, else the baseline end."""
    forecast = pd.to_datetime(projects["forecast_end_date"])
    return forecast.fillna(pd.to_datetime(projects["baseline_end_date"]))


def _monthly_inputs(
    connection: Connection, viewer: Viewer, filters: QueryFilters
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The projects in view, their monthly costs and their cumulative monthly PV, AC, EV."""
    projects = queries.budget_projects(connection, viewer, filters)
    costs = queries.monthly_costs(connection, viewer, filters)
    progress = queries.progress_history(connection, viewer, filters)
    projects = projects.assign(planned_end=_planned_end(projects))
    costs = costs.merge(projects[["code", "program_code"]], on="code", how="inner")
    return projects, costs, evm_series.monthly_series(projects, costs, progress, filters.as_of)


def budget_report(
    connection: Connection,
    viewer: Viewer,
    filters: QueryFilters,
    eac_method: EacMethod = DEFAULT_EAC_METHOD,
    padded_threshold: float = PADDED_BASELINE_THRESHOLD,
) -> BudgetReport:
    """Per project, per program and portfolio EVM as of ``filters.as_of`` (BAC from the project)."""
    as_of = filters.as_of
    projects, costs, series = _monthly_inputs(connection, viewer, filters)
    options = dict(eac_method=eac_method, padded_threshold=padded_threshold)
    per_project = evm_series.project_figures(series, costs, as_of, **options)  # type: ignore[arg-type]
    per_program = evm_series.rollup_figures(series, costs, as_of, "program_code", **options)  # type: ignore[arg-type]
    overall = evm_series.rollup_figures(series, costs, as_of, None, **options)  # type: ignore[arg-type]

    facts = projects[["code", "name", "program_code", "program_name", "planned_end"]]
    per_project = facts.merge(
        per_project.drop(columns=["program_code"]), on="code", how="left", validate="one_to_one"
    )
    program_facts = projects.groupby(["program_code", "program_name"], as_index=False)["planned_end"].max()
    per_program = program_facts.merge(per_program, on="program_code", how="left", validate="one_to_one")
    overall = overall.assign(planned_end=projects["planned_end"].max())
    return BudgetReport(
        as_of=as_of,
        projects=per_project[
            ["code", "name", "program_code", "program_name", "percent_complete", *FIGURE_COLUMNS]
        ],
        programs=per_program[["program_code", "program_name", "n_rows", "n_excluded", *FIGURE_COLUMNS]],
        portfolio=overall[["n_rows", "n_excluded", *FIGURE_COLUMNS]],
        series=series,
        categories=queries.category_costs(connection, viewer, filters),
    )


def _categories(costs: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Planned and actual cost per month and category (actual blank after the as-of month),
    from ``queries.category_costs`` rows."""
    if costs.empty:
        return pd.DataFrame(columns=["month", "category", "planned", "actual"])
    totals = costs.groupby(["month", "category"], as_index=False)[["planned", "actual"]].sum()
    totals["actual"] = totals["actual"].where(totals["month"] <= evm_series.as_of_month(as_of))
    return totals


def _earned_from_health(health: PortfolioHealth) -> pd.DataFrame:
    """BAC, PV, EV, AC and program code of every project the RAG engine saw (NaN where it
    computed no earned value, so the roll-up counts the project as excluded)."""
    rows = []
    for code, program_code in health.program_codes.items():
        earned = health.rags[code].earned
        figures = (earned.bac, earned.pv, earned.ev, earned.ac) if earned is not None else (None,) * 4
        rows.append((program_code, *figures))
    frame = pd.DataFrame(rows, columns=["program_code", "bac", "pv", "ev", "ac"])
    return frame.astype({c: "float64" for c in ("bac", "pv", "ev", "ac")})


def rollup_from_health(health: PortfolioHealth) -> dict[str, Any]:
    """The budget report's portfolio roll-up (``budget_report(...).portfolio``: BAC, PV, EV
    and AC summed over complete projects, then divided) from the as-of EVM figures the RAG
    engine already holds. Same numbers (a test compares them on both databases), without the
    monthly series the Program page does not show: building those was 1.6-2.1 s of a cold
    Program page on the large portfolio. Burn rate and run-out are not included."""
    return rollup_earned_value(_earned_from_health(health), None).iloc[0].to_dict()


def program_rollup_from_health(health: PortfolioHealth) -> pd.DataFrame:
    """Per program code, the budget report's program roll-up figures (``budget_report(...).programs``,
    without names, burn rate and run-out) from the health, as ``rollup_from_health`` does."""
    return rollup_earned_value(_earned_from_health(health), "program_code")


def read_project_series(
    connection: Connection, viewer: Viewer, filters: QueryFilters, code: str
) -> pd.DataFrame:
    """One project's monthly series, as the Budget page shows it for that project
    (``budget_focus(report, project=code).series``), read and computed for that project
    alone: a steering slide needs one project's CPI and SPI by month, not the whole
    portfolio's monthly costs (85,764 rows and 1.6-2.1 s on the large portfolio)."""
    _, _, series = _monthly_inputs(connection, viewer, replace(filters, project_codes=(code,)))
    return evm_series.rollup_series(evm_series.select_codes(series, (code,)), filters.as_of)


def read_project_categories(
    connection: Connection, viewer: Viewer, filters: QueryFilters, code: str
) -> pd.DataFrame:
    """One project's cost per month and category, for ``budget_focus(..., project=code)``:
    the report keeps them per program only (per project they were 85,764 rows to read on
    the large portfolio, for a chart that shows one project or a sum)."""
    return queries.category_costs(connection, viewer, replace(filters, project_codes=(code,)))


def budget_focus(
    report: BudgetReport,
    program: str | None = None,
    project: str | None = None,
    project_categories: pd.DataFrame | None = None,
) -> BudgetFocus:
    """The portfolio, one program or one project of the report (``project`` wins).

    ``project_categories``: the project's ``read_project_categories``; without them a
    project's category costs are empty. Codes not in the report are the caller's to
    reject; here they give an empty focus.
    """
    if project:
        rows = report.projects[report.projects["code"] == project]
        level: Level = "project"
        label = f"{project} · {rows['name'].iloc[0]}" if len(rows) else project
        codes = tuple(rows["code"])
        figures = rows.iloc[0].to_dict() if len(rows) else {}
        categories = project_categories if project_categories is not None and codes else report.categories[:0]
    elif program:
        rows = report.programs[report.programs["program_code"] == program]
        level, label = "program", (rows["program_name"].iloc[0] if len(rows) else program)
        codes = tuple(report.projects.loc[report.projects["program_code"] == program, "code"])
        figures = rows.iloc[0].to_dict() if len(rows) else {}
        categories = report.categories[report.categories["program_code"] == program]
    else:
        level, label = "portfolio", "Whole portfolio"
        codes = tuple(report.projects["code"])
        figures = report.portfolio.iloc[0].to_dict() if len(report.portfolio) else {}
        categories = report.categories
    series = evm_series.select_codes(report.series, codes)
    return BudgetFocus(
        level=level,
        label=label,
        figures=figures,
        series=evm_series.rollup_series(series, report.as_of),
        categories=_categories(categories, report.as_of),
        codes=codes,
    )
