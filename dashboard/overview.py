"""View model of the executive overview: KPI tiles and the focus filter of the project list."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.components.kpi import Kpi
from dashboard.formatting import money, percent
from dashboard.health import PortfolioHealth
from dashboard.rag_style import rag_style
from data_access.queries import PortfolioKpis

FOCUS_OPTIONS = {
    "all": "All projects",
    "red": "▲ Red",
    "amber": "◆ Amber",
    "watermelon": "Watermelons",
    "grey": "○ Grey",
}

TABLE_ROWS = 100
"""Rows the overview's project table shows before "Show all": the 100 most severe. The
whole large portfolio (1,100 rows with their trends) was 420 KiB more per session."""


@dataclass(frozen=True)
class CellFocus:
    """A heatmap cell the user clicked: one program, one dimension, its non-green projects."""

    program: str
    dimension: str


def status_kpis(health: PortfolioHealth) -> list[Kpi]:
    projects = health.projects
    counts = projects["computed_overall"].value_counts()
    reported = projects["reported_rag"].value_counts()
    tiles = [
        Kpi(
            f"Computed {status}",
            f"{rag_style(status).icon} {int(counts.get(status, 0)):,}",
            f"Projects whose overall status computed from schedule, budget and risk data is {status}"
            + (" (not enough data to judge: no baseline, progress or cost yet)." if status == "grey" else ".")
            + f" The small figure: projects whose latest status report says {status}.",
            delta=f"{int(reported.get(status, 0)):,} reported",
        )
        for status in ("red", "amber", "green", "grey")
    ]
    tiles.append(
        Kpi(
            "Watermelons",
            f"{int(projects['watermelon'].sum()):,}",
            "Reported green by the project, computed red from its data (two steps better than the data).",
        )
    )
    return tiles


def money_kpis(kpis: PortfolioKpis, health: PortfolioHealth, currency: str) -> list[Kpi]:
    budget = float(kpis.total_budget)
    spent = float(kpis.actual_cost_to_date) / budget if budget > 0 else None
    overrun = forecast_overrun(health.projects)
    without_budget = (
        f" {kpis.projects_without_budget} project(s) have no budget yet and are not counted."
        if kpis.projects_without_budget
        else ""
    )
    return [
        Kpi("Projects", f"{kpis.project_count:,}", "Projects started on or before the as-of date, in view."),
        Kpi(
            "Budget (BAC)",
            money(budget, currency, compact=True),
            "Sum of budget at completion (BAC) of the projects in view." + without_budget,
        ),
        Kpi(
            "Spent to date",
            money(kpis.actual_cost_to_date, currency, compact=True),
            "Actual cost booked for months up to the as-of date; the small figure is the share of"
            " the total budget.",
            delta=percent(spent) if spent is not None else None,
        ),
        Kpi(
            "Forecast overrun",
            money(overrun, currency, compact=True),
            "Sum of EAC − BAC over the projects forecast to finish over budget, with EAC = BAC ÷ CPI"
            " (current cost efficiency continues).",
        ),
        Kpi(
            "Milestones at risk",
            f"{len(health.milestones_at_risk):,}",
            "Open milestones due in the next 30 days whose forecast date is later than their baseline.",
        ),
    ]


def forecast_overrun(projects: pd.DataFrame) -> float:
    """Σ max(EAC − BAC, 0): what the projects heading over budget will need on top."""
    over = (projects["computed_eac"] - projects["budget_at_completion"]).clip(lower=0)
    return float(over.sum(skipna=True))


def trend_strings(history: pd.DataFrame) -> pd.Series:
    """Per project code, its computed overall status on each history date as shapes, oldest
    first (``▲▲◆●``); ``·`` where the project had not started yet."""
    if history.empty:
        return pd.Series(dtype="string")
    # Plain lists, not a pivot and DataFrame.apply per row: every session of the overview
    # runs this, and on the large portfolio the pivot cost more than the rest of the table.
    position = {day: i for i, day in enumerate(sorted(history["date"].unique()))}
    statuses = history["computed_overall"].tolist()
    icons = {v: rag_style(v).icon for v in set(statuses) if isinstance(v, str)}
    shapes: dict[str, list[str]] = {}
    for code, day, status in zip(history["code"].tolist(), history["date"].tolist(), statuses, strict=True):
        shapes.setdefault(code, ["·"] * len(position))[position[day]] = icons.get(status, "·")
    codes = sorted(shapes)
    return pd.Series(["".join(shapes[code]) for code in codes], index=pd.Index(codes, name="code"))


def focus_projects(projects: pd.DataFrame, focus: str, cell: CellFocus | None) -> pd.DataFrame:
    """The rows the table shows for the chosen focus and, if any, the clicked heatmap cell."""
    rows = projects
    if cell is not None:
        rows = rows[(rows["program"] == cell.program) & (rows[f"computed_{cell.dimension}"] != "green")]
    if focus == "watermelon":
        return rows[rows["watermelon"]]
    if focus in ("red", "amber", "grey"):
        return rows[rows["computed_overall"] == focus]
    return rows
