"""DORA four keys on hand-worked deployments and incidents, and every band boundary."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.metrics import dora

AS_OF = date(2026, 3, 31)
H = pd.Timedelta(hours=1)
D = pd.Timedelta(days=1)


def _deployments(rows: list[tuple[str, str | None, bool]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["deployed_at", "first_commit_at", "caused_failure"])


DEPLOYMENTS = _deployments(
    [
        ("2025-12-31T23:00:00Z", "2025-12-30T23:00:00Z", True),  # before the 90-day window
        ("2026-01-01T00:00:00Z", "2025-12-31T22:00:00Z", False),  # first instant inside: 2 h
        ("2026-02-10T12:00:00Z", "2026-02-08T12:00:00Z", True),  # 48 h
        ("2026-03-02T09:00:00Z", None, False),  # no commit time: counted, no lead time
        ("2026-03-31T23:59:00Z", "2026-03-31T13:59:00Z", False),  # last minute of the as-of day: 10 h
        ("2026-04-01T00:00:00Z", "2026-03-31T00:00:00Z", True),  # after the as-of date
    ]
)
INCIDENTS = pd.DataFrame(
    {
        "started_at": [
            "2026-02-10T13:00:00Z",
            "2026-03-01T00:00:00Z",
            "2026-03-30T00:00:00Z",
            "2025-12-01T00:00:00Z",
        ],
        "resolved_at": [
            "2026-02-10T14:30:00Z",
            "2026-03-01T04:30:00Z",
            "2026-04-02T00:00:00Z",
            "2025-12-01T01:00:00Z",
        ],
    }
)


def test_four_keys_over_the_window() -> None:
    figures = dora.dora_figures(DEPLOYMENTS, INCIDENTS, AS_OF)
    assert figures.start == date(2026, 1, 1) and figures.end == AS_OF
    assert figures.deployments == 4 and figures.failures == 1
    assert figures.per_day == pytest.approx(4 / 90) and figures.per_week == pytest.approx(28 / 90)
    assert figures.lead_time == 10 * H  # median of 2, 48, 10 hours
    assert figures.change_failure_rate == pytest.approx(0.25)
    # 1.5 h and 4.5 h restored; the 30 March incident was still open on the as-of date
    assert figures.time_to_restore == 3 * H and figures.restored_incidents == 2
    assert figures.bands == {
        "deployment_frequency": "Medium",  # 0.31 a week: weekly to monthly
        "lead_time": "Elite",
        "change_failure_rate": "Low",
        "time_to_restore": "High",
    }


def test_empty_window_has_no_figures_and_no_bands() -> None:
    figures = dora.dora_figures(DEPLOYMENTS.iloc[0:0], INCIDENTS.iloc[0:0], AS_OF)
    assert figures.deployments == 0 and figures.per_day == 0
    assert (
        pd.isna(figures.lead_time)
        and pd.isna(figures.change_failure_rate)
        and pd.isna(figures.time_to_restore)
    )
    assert figures.bands == {
        "deployment_frequency": "Low",  # no deployment in 90 days is a figure: less than monthly
        "lead_time": None,
        "change_failure_rate": None,
        "time_to_restore": None,
    }


def test_deployments_per_week_keeps_quiet_weeks_and_starts_on_a_whole_week() -> None:
    weekly = dora.deployments_per_week(DEPLOYMENTS, AS_OF)
    # 1 Jan 2026 is a Thursday: the trend starts on Monday 5 Jan, the 1 Jan deployment is left out
    assert weekly.index[0] == pd.Timestamp("2026-01-05") and weekly.index[-1] == pd.Timestamp("2026-03-30")
    assert len(weekly) == 13 and int(weekly["deployments"].sum()) == 3 and int(weekly["failed"].sum()) == 1
    assert weekly.loc["2026-02-09", "failed"] == 1 and weekly.loc["2026-01-19", "deployments"] == 0


@pytest.mark.parametrize(
    ("per_day", "band"),
    [(1.01, "Elite"), (1.0, "High"), (1 / 7, "High"), (1 / 7 - 1e-9, "Medium"), (1 / 30, "Medium"),
     (1 / 30 - 1e-9, "Low"), (0.0, "Low"), (float("nan"), None)],
)  # fmt: skip
def test_deployment_frequency_bands(per_day: float, band: str | None) -> None:
    assert dora.deployment_frequency_band(per_day) == band


def test_frequency_boundaries_by_count_over_90_days() -> None:
    assert dora.deployment_frequency_band(90 / 90) == "High"  # exactly daily
    assert dora.deployment_frequency_band(91 / 90) == "Elite"
    assert dora.deployment_frequency_band(3 / 90) == "Medium"  # exactly monthly (30 days)
    assert dora.deployment_frequency_band(2 / 90) == "Low"


@pytest.mark.parametrize(
    ("lead", "band"),
    [(D - pd.Timedelta(seconds=1), "Elite"), (D, "High"), (7 * D, "High"), (7 * D + pd.Timedelta(seconds=1), "Medium"),
     (30 * D, "Medium"), (30 * D + pd.Timedelta(seconds=1), "Low"), (pd.NaT, None)],
)  # fmt: skip
def test_lead_time_bands(lead: pd.Timedelta, band: str | None) -> None:
    assert dora.lead_time_band(lead) == band


@pytest.mark.parametrize(
    ("rate", "band"),
    [(0.0, "Elite"), (1 / 20, "Elite"), (0.0501, "High"), (2 / 20, "High"), (0.1001, "Medium"), (3 / 20, "Medium"),
     (0.1501, "Low"), (1.0, "Low"), (float("nan"), None)],
)  # fmt: skip
def test_change_failure_bands(rate: float, band: str | None) -> None:
    assert dora.change_failure_band(rate) == band


@pytest.mark.parametrize(
    ("restore", "band"),
    [(H - pd.Timedelta(seconds=1), "Elite"), (H, "High"), (D - pd.Timedelta(seconds=1), "High"), (D, "Medium"),
     (7 * D, "Medium"), (7 * D + pd.Timedelta(seconds=1), "Low"), (pd.NaT, None)],
)  # fmt: skip
def test_time_to_restore_bands(restore: pd.Timedelta, band: str | None) -> None:
    assert dora.restore_band(restore) == band
