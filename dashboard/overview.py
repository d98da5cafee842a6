"""View model of the portfolio overview: turns query results into labelled KPIs."""

from __future__ import annotations

from dashboard.components.kpi import Kpi
from dashboard.formatting import money, percent
from dashboard.rag_style import rag_label
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
    status_line = " · ".join(f"{rag_label(s)} {counts.get(s, 0)}" for s in ("red", "amber", "green"))
    return [
        Kpi("Projects", f"{kpis.project_count:,}", "Projects started on or before the as-of date, in view."),
        Kpi(
            "Total budget",
            money(budget, currency, compact=True),
            "Sum of budget at completion (BAC) of the projects in view." + without_budget,
        ),
        Kpi(
            "Actual cost to date",
            money(kpis.actual_cost_to_date, currency, compact=True),
            "Actual cost booked for months up to the as-of date.",
            delta=f"{percent(spent)} of budget" if spent is not None else None,
        ),
        Kpi(
            "Reported status",
            status_line,
            "Overall RAG of each project's latest status report on or before the as-of date"
            f" ({kpis.projects_without_report} without a report).",
        ),
    ]
