"""View model of the Program and My-projects landing pages."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.metrics.milestones import open_due_within

STALE_AFTER_DAYS = 14


def upcoming_milestones(milestones: pd.DataFrame, as_of: date, days: int = 90) -> pd.DataFrame:
    """Open milestones with a baseline in the next ``days`` days, expected date and slip."""
    if milestones.empty:
        return milestones
    soon = open_due_within(milestones, as_of, days)
    return soon.sort_values(["baseline", "project_code"], ignore_index=True)[
        ["project_code", "name", "baseline", "expected", "slip_days"]
    ]


def stale_reports(projects: pd.DataFrame, as_of: date, days: int = STALE_AFTER_DAYS) -> pd.Series:
    """True where the latest status report is older than ``days`` days (or missing)."""
    age = [(as_of - d).days if isinstance(d, date) else None for d in projects["report_date"]]
    return pd.Series([a is None or a > days for a in age], index=projects.index)
