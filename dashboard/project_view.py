"""View model of the project page: header facts and display-ready tables."""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import day, money
from dashboard.metrics.milestones import expected_dates, slip_days
from dashboard.rag_style import rag_label
from data_access.queries import ProjectDetail

RAG_COLUMNS = ("overall", "schedule", "budget", "scope", "risk")
STATUS_REPORT_LABELS = {
    "report_date": "Report date",
    "overall": "Overall",
    "schedule": "Schedule",
    "budget": "Budget",
    "scope": "Scope",
    "risk": "Risk",
    "author": "Author",
    "commentary": "Commentary",
    "decisions_needed": "Decisions needed",
}


def header_facts(detail: ProjectDetail) -> list[tuple[str, str]]:
    h = detail.header
    return [
        ("Program", str(h["program"])),
        ("Type · method", f"{h['project_type']} · {h['methodology']}"),
        ("Phase", str(h["lifecycle_phase"]).capitalize()),
        ("Sponsor", str(h["sponsor"] or "—")),
        ("Project manager", str(h["project_manager"] or "—")),
        ("Team", str(h["team"] or "—")),
        ("Start", day(h["start_date"])),
        ("Baseline end", day(h["baseline_end_date"])),
        ("Forecast end", day(h["forecast_end_date"])),
        ("Budget (BAC)", money(h["budget_at_completion"], str(h["currency"]))),
    ]


def status_report_table(detail: ProjectDetail) -> pd.DataFrame:
    frame = detail.status_reports.copy()
    for column in RAG_COLUMNS:
        frame[column] = frame[column].map(rag_label, na_action="ignore")
    frame["decisions_needed"] = frame["decisions_needed"].fillna("—")
    return frame.rename(columns=STATUS_REPORT_LABELS)


def milestone_table(detail: ProjectDetail, as_of) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """Milestones with slip in days: (actual, or forecast while open) − baseline."""
    frame = detail.milestones.copy()
    expected = expected_dates(frame["baseline_date"], frame["forecast_date"], frame["actual_date"])
    frame["slip_days"] = slip_days(expected, frame["baseline_date"])
    frame["state"] = [
        "Done" if not pd.isna(actual) else ("Overdue" if base < as_of else "Open")
        for actual, base in zip(frame["actual_date"], frame["baseline_date"], strict=True)
    ]
    return frame[["name", "state", "baseline_date", "forecast_date", "actual_date", "slip_days", "weight"]]


def report_dates_in_last_year(detail: ProjectDetail, as_of) -> list:  # type: ignore[no-untyped-def]
    """Status-report dates of the 12 months up to ``as_of`` (the timeline's x axis)."""
    start = as_of - pd.Timedelta(days=365).to_pytimedelta()
    return sorted(d for d in detail.status_reports["report_date"] if start <= d <= as_of)
