"""Sprint and DORA reports of one project for the Delivery page: read once, computed once.

No Streamlit here (dashboard/data.py caches these), so the words on the panels (empty
states, KPI tiles) are testable without a running page. Formulas live in
``dashboard.metrics.scrum`` and ``dashboard.metrics.dora``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Connection

from dashboard.components.kpi import Kpi
from dashboard.formatting import day, percent
from dashboard.metrics import dora, scrum
from data_access import queries
from data_access.queries import QueryFilters
from data_access.viewer import Viewer

CHART_SPRINTS = 10  # sprints shown in the velocity and commitment charts
WITHOUT_SPRINTS = {
    "kanban": "Kanban project: no sprints. Work flows continuously; see the flow charts above.",
    "devops": "DevOps project: no sprints. Work flows continuously; see the DORA figures below.",
    "waterfall": "Waterfall project: planned in phases and milestones, no sprints.",
}


@dataclass(frozen=True)
class SprintReport:
    """Velocity table, mean of the last 3 finished sprints, and the current sprint's burndown."""

    methodology: str
    as_of: date
    velocity: pd.DataFrame
    mean_last: float
    sprint: pd.Series | None
    burndown: pd.DataFrame

    @property
    def empty_reason(self) -> str | None:
        """Why there is nothing to draw, in words; None when there is."""
        if self.sprint is not None:
            return None
        return WITHOUT_SPRINTS.get(self.methodology, f"No sprint had started by {day(self.as_of)}.")


@dataclass(frozen=True)
class DoraReport:
    """The four keys over the window and deployments per week; ``ever_deployed`` decides the panel."""

    methodology: str
    figures: dora.DoraFigures
    weekly: pd.DataFrame
    ever_deployed: bool

    @property
    def empty_reason(self) -> str | None:
        if self.ever_deployed:
            return None
        if self.methodology == "devops":
            return f"No production deployment recorded by {day(self.figures.end)}: no DORA figures yet."
        return f"{self.methodology.capitalize()} project: no production deployments recorded, so no DORA figures."


def sprint_report(
    connection: Connection, viewer: Viewer, code: str, filters: QueryFilters
) -> SprintReport | None:
    """The project's sprint figures as of the filters' date; None when absent or out of scope."""
    data = queries.sprint_data(connection, viewer, code, filters)
    if data is None:
        return None
    as_of = filters.as_of
    table = scrum.velocity(data.sprints, data.items, as_of)
    sprint = scrum.current_sprint(data.sprints, as_of)
    chart = scrum.burndown(sprint, data.items, as_of) if sprint is not None else pd.DataFrame()
    return SprintReport(data.methodology, as_of, table, scrum.mean_of_last(table), sprint, chart)


def dora_report(
    connection: Connection,
    viewer: Viewer,
    code: str,
    filters: QueryFilters,
    window_days: int = dora.DEFAULT_WINDOW_DAYS,
) -> DoraReport | None:
    """The project's DORA figures over the window ending on the filters' date; None when out of scope."""
    since = filters.as_of - timedelta(days=window_days - 1)
    data = queries.dora_data(connection, viewer, code, filters, since)
    if data is None:
        return None
    figures = dora.dora_figures(data.deployments, data.incidents, filters.as_of, window_days)
    weekly = dora.deployments_per_week(data.deployments, filters.as_of, window_days)
    return DoraReport(data.methodology, figures, weekly, data.ever_deployed)


def sprint_summary(report: SprintReport) -> str:
    """One sentence on the current sprint and the velocity, under the panel title."""
    sprint, chart = report.sprint, report.burndown
    assert sprint is not None
    elapsed = int(chart["remaining"].notna().sum())
    state = "finished" if elapsed == len(chart) else f"day {elapsed} of {len(chart)}"
    row = report.velocity.set_index("sprint_id").loc[sprint["sprint_id"]]
    committed = "no commitment recorded" if pd.isna(row["committed"]) else f"{row['committed']:.0f} committed"
    mean = "n/a" if pd.isna(report.mean_last) else f"{report.mean_last:.1f} points"
    return (
        f"**{sprint['name']}** ({day(sprint['start_date'])} – {day(sprint['end_date'])}), {state}: "
        f"{row['completed']:.0f} points done, {committed}. Velocity, mean of the last "
        f"{min(scrum.LAST_N, int(report.velocity['finished'].sum()))} finished sprints: {mean}. "
        "An item counts for a sprint when it is in the sprint and was resolved within its dates."
    )


def _duration(value: pd.Timedelta) -> str:
    """Hours under two days, days beyond: how people say lead times."""
    if pd.isna(value):
        return "n/a"
    hours = value / pd.Timedelta(hours=1)
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} days"


def dora_kpis(figures: dora.DoraFigures) -> list[Kpi]:
    """Four tiles: the value, its DORA band under it; the counts and band limits in the help."""
    bands = figures.bands
    span = f"{day(figures.start)} – {day(figures.end)}"
    frequency = f"{figures.per_day:.1f} / day" if figures.per_day >= 1 else f"{figures.per_week:.1f} / week"
    rate = "n/a" if pd.isna(figures.change_failure_rate) else percent(figures.change_failure_rate, decimals=1)
    return [
        Kpi("Deployment frequency", frequency,
            f"{figures.deployments} production deployments, {span}. Elite: more than once a day; high: "
            "daily to weekly; medium: weekly to monthly; low: less than monthly.",
            bands["deployment_frequency"]),
        Kpi("Lead time for changes", _duration(figures.lead_time),
            "Median time from the oldest commit to production. Elite: under a day; high: up to a week; "
            "medium: up to a month; low: longer.", bands["lead_time"]),
        Kpi("Change failure rate", rate,
            f"{figures.failures} of {figures.deployments} deployments caused a failure in production. "
            "Elite: up to 5%; high: up to 10%; medium: up to 15%; low: above.", bands["change_failure_rate"]),
        Kpi("Time to restore", _duration(figures.time_to_restore),
            f"Median over {figures.restored_incidents} incidents started and resolved in {span}. Elite: "
            "under an hour; high: under a day; medium: up to a week; low: longer.", bands["time_to_restore"]),
    ]  # fmt: skip


def recent_sprints(report: SprintReport, n: int = 6) -> pd.DataFrame:
    """The last ``n`` sprints as a table, newest first: what the charts show, in numbers."""
    recent = report.velocity.tail(n).iloc[::-1]
    return pd.DataFrame(
        {
            "Sprint": recent["name"].to_numpy(),
            "Dates": [
                f"{s:%d %b} – {e:%d %b}"
                for s, e in zip(recent["start_date"], recent["end_date"], strict=True)
            ],
            "Committed": recent["committed"].to_numpy(),
            "Completed": recent["completed"].to_numpy(),
            "Completion": [percent(c, decimals=0) for c in recent["completion"]],
            "State": ["finished" if f else "running" for f in recent["finished"]],
        }
    )


def dora_caption(figures: dora.DoraFigures) -> str:
    return (
        f"Last {(figures.end - figures.start).days + 1} days ({day(figures.start)} – {day(figures.end)}, UTC), "
        f"production only. Bands from the {dora.REPORT}; the limits are in each tile's help."
    )
