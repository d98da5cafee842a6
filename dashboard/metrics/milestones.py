"""Milestone dates: when a milestone is expected, how far it slipped, which are due soon.

Written once because the overview (at risk in 30 days), the landing pages (next 90 days),
the project page, its timeline chart and "what changed" all ask the same questions.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd


def expected_dates(baseline: pd.Series, forecast: pd.Series, actual: pd.Series) -> pd.Series:
    """The date a milestone was met or is expected: actual, else forecast, else baseline."""
    planned = forecast.where(forecast.notna(), baseline)
    return actual.where(actual.notna(), planned)


def slip_days(expected: pd.Series, baseline: pd.Series) -> pd.Series:
    """Expected − baseline in whole days (negative when early)."""
    return pd.Series(
        [(e - b).days for e, b in zip(expected, baseline, strict=True)], index=expected.index, dtype="Int64"
    )


def open_due_within(milestones: pd.DataFrame, as_of: date, days: int) -> pd.DataFrame:
    """Open milestones (columns baseline / forecast / actual) with a baseline in the ``days``
    days after ``as_of``, plus their ``expected`` date and ``slip_days``."""
    horizon = as_of + timedelta(days=days)
    soon = milestones[
        milestones["actual"].isna() & (milestones["baseline"] > as_of) & (milestones["baseline"] <= horizon)
    ].copy()
    soon["expected"] = expected_dates(soon["baseline"], soon["forecast"], soon["actual"])
    soon["slip_days"] = slip_days(soon["expected"], soon["baseline"])
    return soon
