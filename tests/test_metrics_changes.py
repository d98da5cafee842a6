"""What changed between two dates, on hand-made frames."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.metrics.changes import compare_health

PROJECT_COLUMNS = ["code", "name", "program", "computed_overall", "computed_overall_rule", "computed_eac"]


def projects(rows: list[tuple[str, str, float | None]]) -> pd.DataFrame:
    return pd.DataFrame([(c, f"Project {c}", "P", s, "rule", e) for c, s, e in rows], columns=PROJECT_COLUMNS)


def milestones(rows: list[tuple[str, str, date, date | None, date | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["project_code", "name", "baseline", "forecast", "actual"])


def test_new_reds_recoveries_and_eac_moves() -> None:
    before = projects([("A", "red", 100.0), ("B", "green", 100.0), ("C", "amber", 100.0), ("D", "red", None)])
    now = projects(
        [
            ("A", "red", 100.0),
            ("B", "red", 130.0),
            ("C", "green", 90.0),
            ("D", "red", 50.0),
            ("E", "red", 10.0),
        ]
    )
    changes = compare_health(before, now, milestones([]), milestones([]))
    assert set(changes.new_reds["code"]) == {"B", "E"}  # A was already red; E had not started
    assert set(changes.recoveries["code"]) == {"C"}
    assert changes.eac_changes[["code", "eac_change"]].values.tolist() == [["B", 30.0], ["C", -10.0]]


def test_a_milestone_slips_when_its_expected_date_moves_later() -> None:
    base = date(2026, 6, 1)
    before = milestones(
        [
            ("A", "Go-live", base, date(2026, 6, 10), None),
            ("A", "UAT", base, None, None),
            ("B", "Done", base, None, base),
        ]
    )
    now = milestones(
        [
            ("A", "Go-live", base, date(2026, 6, 25), None),  # forecast moved 15 days later
            ("A", "UAT", base, None, date(2026, 5, 30)),  # met early: not a slip
            ("B", "Done", base, None, base),
        ]
    )
    changes = compare_health(projects([]), projects([]), before, now)
    assert changes.slipped_milestones[["project_code", "name", "days_later"]].values.tolist() == [
        ["A", "Go-live", 15]
    ]
