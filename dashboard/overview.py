"""View model of the portfolio overview: turns query results into labelled KPIs."""

from __future__ import annotations

from dashboard.components.kpi import Kpi
from dashboard.formatting import money, percent
from dashboard.rag_style import rag_style
from data_access.queries import PortfolioKpis


def portfolio_kpis(kpis: PortfolioKpis, currency: str) -> list[Kpi]:
    counts = kpis.reported_status_counts
    budget = float(kpis.total_budget)
    spent = float(kpis.actual_cost_to_date) / budget if budget > 0 else None
    without_budget = (
        f" {kpis.projects_without_budget} project(s) have no budget yet and are not counted."
        if kpis.projects_without_budget
        else ""
    )
    tiles = [
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
    ]
    for status in ("red", "amber", "green"):
        tiles.append(
            Kpi(
                f"Reported {status}",
                f"{rag_style(status).icon} {counts.get(status, 0):,}",
                f"Projects whose latest status report on or before the as-of date says {status}"
                f" overall ({kpis.projects_without_report} project(s) have no report yet).",
            )
        )
    return tiles
