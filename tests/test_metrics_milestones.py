"""Milestone expected dates, slip and the due-soon window, by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.metrics.milestones import expected_dates, open_due_within, slip_days

AS_OF = date(2026, 6, 1)


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("done early", date(2026, 5, 10), None, date(2026, 5, 8)),  # actual wins: -2
            ("re-planned", date(2026, 6, 10), date(2026, 6, 25), None),  # forecast: +15, due in 9 days
            ("on plan", date(2026, 6, 20), None, None),  # baseline: 0, due in 19 days
            ("later", date(2026, 8, 1), date(2026, 8, 3), None),  # due in 61 days
        ],
        columns=["name", "baseline", "forecast", "actual"],
    )


def test_expected_date_is_actual_else_forecast_else_baseline() -> None:
    m = frame()
    expected = expected_dates(m["baseline"], m["forecast"], m["actual"])
    assert list(expected) == [date(2026, 5, 8), date(2026, 6, 25), date(2026, 6, 20), date(2026, 8, 3)]
    assert list(slip_days(expected, m["baseline"])) == [-2, 15, 0, 2]


def test_open_milestones_due_within_the_window() -> None:
    soon = open_due_within(frame(), AS_OF, 30)
    assert list(soon["name"]) == ["re-planned", "on plan"]
    assert list(soon["slip_days"]) == [15, 0]
    assert list(open_due_within(frame(), AS_OF, 90)["name"]) == ["re-planned", "on plan", "later"]
