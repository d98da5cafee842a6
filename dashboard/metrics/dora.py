"""DORA four keys (METRICS.md "DevOps (DORA)") over a window ending on the as-of date.

Figures, over the ``window_days`` (default 90) ending with the as-of day, UTC days:
- deployment frequency: production deployments ÷ days (shown per week);
- lead time for changes: median of deployed_at − first_commit_at;
- change failure rate: deployments that caused a failure ÷ deployments;
- time to restore service: median of resolved_at − started_at of the incidents started in
  the window and resolved by the end of the as-of day (still-open incidents are left out).

Bands: the *2023 Accelerate State of DevOps Report* (DORA, Google Cloud), "software delivery
performance" clusters. The report gives each cluster as a range (frequency, lead time,
recovery) or a cluster median (change failure rate), with gaps and overlaps between clusters;
here they are made contiguous, boundaries as follows (x = the figure):

==================  ===========================  ==================  ==============  ===============
band                deployment frequency         lead time           change failure  time to restore
==================  ===========================  ==================  ==============  ===============
elite               > 1 per day (on demand)      < 1 day             ≤ 5%            < 1 hour
high                1 per week ≤ x ≤ 1 per day   1 day ≤ x ≤ 7 days  ≤ 10%           < 1 day
medium              1 per 30 days ≤ x < 1/week   7 < x ≤ 30 days     ≤ 15%           1 ≤ x ≤ 7 days
low                 < 1 per 30 days              > 30 days           > 15%           > 7 days
==================  ===========================  ==================  ==============  ===============

Where these depart from the report's table: 2023 lists *low* frequency and lead time with
the same ranges as *medium* (weekly–monthly, one week–one month), so low here is "less than
monthly" / "more than a month", as in the 2019 and 2024 reports; change failure rates are the
2023 cluster medians (elite 5%, high 10%, medium 15%, low 64%) used as upper limits; the 2023
low recovery time is one to six months, so one week to one month (a gap in the report)
counts as low. The 2021 report's 0–15% / 16–30% failure bands are not used: three of its
four clusters share 16–30%, which cannot band a team.

Pure: pandas only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

DEFAULT_WINDOW_DAYS = 90
BANDS = ("Elite", "High", "Medium", "Low")
REPORT = "2023 Accelerate State of DevOps Report"
HOUR, DAY = pd.Timedelta(hours=1), pd.Timedelta(days=1)


def deployment_frequency_band(per_day: float) -> str | None:
    """Elite above once a day, high down to weekly, medium down to once in 30 days, else low."""
    if pd.isna(per_day):
        return None
    if per_day > 1:
        return "Elite"
    if per_day >= 1 / 7:
        return "High"
    return "Medium" if per_day >= 1 / 30 else "Low"


def lead_time_band(lead_time: pd.Timedelta) -> str | None:
    """Elite under a day, high to a week, medium to 30 days, low beyond."""
    if pd.isna(lead_time):
        return None
    if lead_time < DAY:
        return "Elite"
    if lead_time <= 7 * DAY:
        return "High"
    return "Medium" if lead_time <= 30 * DAY else "Low"


def change_failure_band(rate: float) -> str | None:
    """Elite to 5%, high to 10%, medium to 15%, low above (2023 cluster medians)."""
    if pd.isna(rate):
        return None
    if rate <= 0.05:
        return "Elite"
    if rate <= 0.10:
        return "High"
    return "Medium" if rate <= 0.15 else "Low"


def restore_band(time_to_restore: pd.Timedelta) -> str | None:
    """Elite under an hour, high under a day, medium to a week, low beyond."""
    if pd.isna(time_to_restore):
        return None
    if time_to_restore < HOUR:
        return "Elite"
    if time_to_restore < DAY:
        return "High"
    return "Medium" if time_to_restore <= 7 * DAY else "Low"


@dataclass(frozen=True)
class DoraFigures:
    """The four keys for one window; NaN/NaT (band None) where there is nothing to measure."""

    start: date
    end: date
    deployments: int
    failures: int
    per_day: float
    lead_time: pd.Timedelta
    change_failure_rate: float
    time_to_restore: pd.Timedelta
    restored_incidents: int

    @property
    def per_week(self) -> float:
        return self.per_day * 7

    @property
    def bands(self) -> dict[str, str | None]:
        return {
            "deployment_frequency": deployment_frequency_band(self.per_day),
            "lead_time": lead_time_band(self.lead_time),
            "change_failure_rate": change_failure_band(self.change_failure_rate),
            "time_to_restore": restore_band(self.time_to_restore),
        }


def window_bounds(as_of: date, window_days: int = DEFAULT_WINDOW_DAYS) -> tuple[pd.Timestamp, pd.Timestamp]:
    """[first day 00:00 UTC, the day after ``as_of`` 00:00 UTC): ``window_days`` whole days."""
    end = pd.Timestamp(as_of + timedelta(days=1), tz="UTC")
    return end - pd.Timedelta(days=window_days), end


def _utc(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, utc=True)


def in_window(deployments: pd.DataFrame, as_of: date, window_days: int = DEFAULT_WINDOW_DAYS) -> pd.DataFrame:
    """The deployments (deployed_at, first_commit_at, caused_failure) inside the window."""
    start, end = window_bounds(as_of, window_days)
    deployed = _utc(deployments["deployed_at"])
    return deployments[(deployed >= start) & (deployed < end)]


def dora_figures(
    deployments: pd.DataFrame, incidents: pd.DataFrame, as_of: date, window_days: int = DEFAULT_WINDOW_DAYS
) -> DoraFigures:
    """The four keys of ``deployments`` (deployed_at, first_commit_at, caused_failure) and
    ``incidents`` (started_at, resolved_at) over the window ending on ``as_of``."""
    start, end = window_bounds(as_of, window_days)
    shipped = in_window(deployments, as_of, window_days)
    lead = (_utc(shipped["deployed_at"]) - _utc(shipped["first_commit_at"])).dropna()
    started, resolved = _utc(incidents["started_at"]), _utc(incidents["resolved_at"])
    restored = (started >= start) & (started < end) & resolved.notna() & (resolved < end)
    restore = resolved[restored] - started[restored]
    count = len(shipped)
    failures = int(shipped["caused_failure"].astype(bool).sum())
    return DoraFigures(
        start=start.date(),
        end=as_of,
        deployments=count,
        failures=failures,
        per_day=count / window_days,
        lead_time=lead.median() if len(lead) else pd.NaT,
        change_failure_rate=failures / count if count else float("nan"),
        time_to_restore=restore.median() if len(restore) else pd.NaT,
        restored_incidents=int(restored.sum()),
    )


def deployments_per_week(
    deployments: pd.DataFrame, as_of: date, window_days: int = DEFAULT_WINDOW_DAYS
) -> pd.DataFrame:
    """Deployments and failed deployments per week (Monday start, UTC), zeros kept.

    From the first Monday inside the window, so no week is cut short at the start (a
    two-day first week would read as a quiet week); the last week runs to the as-of date.
    """
    start, end = window_bounds(as_of, window_days)
    first = start.tz_localize(None) + pd.Timedelta(days=(7 - start.weekday()) % 7)
    shipped = in_window(deployments, as_of, window_days)
    day = _utc(shipped["deployed_at"]).dt.tz_localize(None).dt.normalize()
    monday = day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    weeks = pd.date_range(first, end.tz_localize(None) - DAY, freq="W-MON")
    frame = pd.DataFrame({"week": monday, "failed": shipped["caused_failure"].astype(bool).to_numpy()})
    grouped = frame.groupby("week")["failed"].agg(["size", "sum"]).reindex(weeks, fill_value=0)
    return pd.DataFrame(
        {"deployments": grouped["size"].astype(int), "failed": grouped["sum"].astype(int)}, index=weeks
    )
