"""Scrum metrics on a hand-worked example: three 2-day sprints and a handful of items."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.metrics import scrum

SPRINTS = pd.DataFrame(
    {
        "sprint_id": [1, 2, 3, 4],
        "name": ["S1", "S2", "S3", "S4"],
        "start_date": [date(2026, 1, 5), date(2026, 1, 7), date(2026, 1, 9), date(2026, 1, 12)],
        "end_date": [date(2026, 1, 6), date(2026, 1, 8), date(2026, 1, 11), date(2026, 1, 15)],
        "committed_points": [10, 8, None, 12],
    }
)
ITEMS = pd.DataFrame(
    {
        "sprint_id": [1, 1, 1, 2, 2, 3, 4, 4, 4, 4],
        "points": [3, 5, 2, 8, None, 4, 2, 3, 5, 1],
        "resolved_on": pd.to_datetime(
            [
                "2026-01-05",  # S1 day 1
                "2026-01-06",  # S1 day 2
                "2026-01-07",  # after S1 ended: not S1's velocity
                "2026-01-08",  # S2
                "2026-01-08",  # S2, no points: counts 0
                None,  # S3 open
                "2026-01-12",  # S4 day 1
                "2026-01-14",  # S4 day 3
                "2026-01-16",  # after as-of (and after S4): not done yet
                "2026-01-04",  # before S4 started: outside its window
            ]
        ),
    }
)
AS_OF = date(2026, 1, 14)


def test_velocity_counts_items_resolved_inside_their_sprint() -> None:
    table = scrum.velocity(SPRINTS, ITEMS, AS_OF)
    assert list(table["name"]) == ["S1", "S2", "S3", "S4"]
    assert list(table["completed"]) == [8.0, 8.0, 0.0, 5.0]  # S1: 3+5; S4: 2+3 by the 14th
    assert list(table["finished"]) == [True, True, True, False]
    assert table["completion"].iloc[0] == pytest.approx(0.8)
    assert table["completion"].iloc[1] == pytest.approx(1.0)
    assert pd.isna(table["completion"].iloc[2])  # no commitment recorded
    assert table["completion"].iloc[3] == pytest.approx(5 / 12)


def test_mean_of_last_three_finished_sprints() -> None:
    table = scrum.velocity(SPRINTS, ITEMS, AS_OF)
    assert scrum.mean_of_last(table) == pytest.approx((8 + 8 + 0) / 3)  # S4 is still running
    assert scrum.mean_of_last(table, 2) == pytest.approx(4.0)
    assert pd.isna(scrum.mean_of_last(table.iloc[0:0]))


def test_nothing_after_the_as_of_date_counts() -> None:
    early = scrum.velocity(SPRINTS, ITEMS, date(2026, 1, 5))
    assert list(early["name"]) == ["S1"]  # later sprints had not started
    assert list(early["completed"]) == [3.0] and not early["finished"].iloc[0]


def test_burndown_of_the_running_sprint() -> None:
    sprint = scrum.current_sprint(SPRINTS, AS_OF)
    assert sprint is not None and sprint["name"] == "S4"
    chart = scrum.burndown(sprint, ITEMS, AS_OF)
    assert list(chart.index.date) == [date(2026, 1, d) for d in (12, 13, 14, 15)]
    assert list(chart["remaining"].iloc[:3]) == [10.0, 10.0, 7.0]  # 12 − 2, then − 3
    assert pd.isna(chart["remaining"].iloc[3])  # the 15th has not happened
    assert list(chart["ideal"]) == [12.0, 8.0, 4.0, 0.0]


def test_burndown_without_commitment_and_current_sprint_before_any() -> None:
    sprint = SPRINTS.iloc[2]
    chart = scrum.burndown(sprint, ITEMS, AS_OF)
    assert list(chart["remaining"]) == [0.0, 0.0, 0.0] and list(chart["ideal"]) == [0.0, 0.0, 0.0]
    assert scrum.current_sprint(SPRINTS, date(2026, 1, 1)) is None
    assert scrum.current_sprint(SPRINTS, date(2026, 1, 10))["name"] == "S3"
