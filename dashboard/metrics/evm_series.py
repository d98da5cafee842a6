"""Earned value month by month, per project and rolled up, as of a date (METRICS.md).

Why a series and not just today's figures: the burn-up and the CPI/SPI trend need the
cumulative PV, AC and EV at every month end, and a roll-up must sum those inputs per
month before dividing. Everything is column arithmetic over a projects x months grid
(no loop per project or per row), so a thousand projects cost the same few calls.

Conventions (the same as the computed RAG, so the Budget page and the overview agree):
a month is valued at its last day, or at the as-of date for the as-of month; PV counts
every planned month up to and including that month; AC only months up to the as-of
month; EV = the newest percent complete reported by then x BAC (NaN before the first
report or without a BAC); PV is NaN for a project without any cost plan (no baseline).

Pure: pandas and numpy only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from dashboard.metrics.evm import (
    DAYS_PER_MONTH,
    DEFAULT_EAC_METHOD,
    PADDED_BASELINE_THRESHOLD,
    EacMethod,
    burn_rates,
    earned_value_frame,
    rollup_earned_value,
)

SERIES_COLUMNS = [
    "code",
    "program_code",
    "month",
    "bac",
    "pv",
    "ac",
    "ev",
    "percent_complete",
    "planned",
    "actual",
]
"""``planned`` / ``actual``: cost in that month; ``pv`` / ``ac`` / ``ev``: cumulative to its end."""


def as_of_month(as_of: date) -> pd.Timestamp:
    """The first day of the as-of month, the month key used throughout."""
    return pd.Timestamp(as_of).to_period("M").to_timestamp()


def _wide(frame: pd.DataFrame, column: str, codes: pd.Index, months: pd.DatetimeIndex) -> pd.DataFrame:
    """``column`` summed per code (rows) and month (columns) on the full grid; gaps are NaN."""
    summed = frame.groupby(["code", "month"])[column].sum(min_count=1)
    return summed.unstack("month").reindex(index=codes, columns=months)


def monthly_series(
    projects: pd.DataFrame, costs: pd.DataFrame, progress: pd.DataFrame, as_of: date
) -> pd.DataFrame:
    """Cumulative PV, AC, EV per project (``SERIES_COLUMNS``) for every month from the
    project's first month (start or first cost) to the later of its last planned month
    and the as-of month. AC, EV and percent complete are NaN after the as-of month.

    ``projects``: code, program_code, bac, start_date, has_baseline. ``costs``: code, month
    (first day), planned, actual (per month, any number of rows per month). ``progress``:
    code, period_end, percent_complete (only reports known on the as-of date).
    """
    if projects.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in SERIES_COLUMNS})
    last_actual_month = as_of_month(as_of)
    codes = pd.Index(projects["code"], name="code")
    starts = pd.to_datetime(projects["start_date"]).dt.to_period("M").dt.to_timestamp()
    first = min(starts.min(), costs["month"].min() if len(costs) else starts.min())
    last = max(last_actual_month, costs["month"].max() if len(costs) else last_actual_month)
    months = pd.date_range(first, last, freq="MS", name="month")

    planned = _wide(costs, "planned", codes, months)
    actual = _wide(costs, "actual", codes, months)
    after_as_of = months > last_actual_month
    pv = planned.fillna(0).cumsum(axis=1)
    pv.loc[~projects["has_baseline"].to_numpy()] = np.nan
    ac = actual.fillna(0).cumsum(axis=1)
    ac.loc[:, after_as_of] = np.nan
    reports = progress.sort_values("period_end").assign(
        month=progress["period_end"].dt.to_period("M").dt.to_timestamp()
    )
    latest = reports.groupby(["code", "month"])["percent_complete"].last()
    percent = latest.unstack("month").reindex(index=codes, columns=months).ffill(axis=1)
    percent.loc[:, after_as_of] = np.nan
    bac = pd.Series(projects["bac"].to_numpy(dtype="float64"), index=codes)
    ev = percent.div(100).mul(bac, axis=0)

    long = pd.DataFrame(
        {
            "pv": pv.stack(future_stack=True),
            "ac": ac.stack(future_stack=True),
            "ev": ev.stack(future_stack=True),
            "percent_complete": percent.stack(future_stack=True),
            "planned": planned.stack(future_stack=True).fillna(0.0),
            "actual": actual.stack(future_stack=True).fillna(0.0),
        }
    ).reset_index()
    long["actual"] = long["actual"].where(long["month"] <= last_actual_month)
    program = dict(zip(projects["code"], projects["program_code"], strict=True))
    long["program_code"] = long["code"].map(program)
    long["bac"] = long["code"].map(bac)
    # Trim each project to its own span: before its first month and after both its plan
    # and the as-of month there is nothing to draw.
    cost_months = costs.groupby("code")["month"].agg(["min", "max"])
    own_first = pd.concat([starts.set_axis(codes), cost_months["min"]], axis=1).min(axis=1)
    own_last = cost_months["max"].reindex(codes).fillna(last_actual_month).clip(lower=last_actual_month)
    keep = (long["month"] >= long["code"].map(own_first)) & (long["month"] <= long["code"].map(own_last))
    return long.loc[keep, SERIES_COLUMNS].reset_index(drop=True)


def run_out_dates(bac: pd.Series, ac: pd.Series, rate: pd.Series, as_of: date) -> pd.Series:
    """Vectorised ``evm.run_out_date``: as-of + (BAC - AC) / burn rate months (average
    calendar months, day rounded down); the as-of date when the budget is spent; NaT when
    an input is missing or the burn rate is not positive."""
    remaining = bac - ac
    valid = bac.notna() & ac.notna() & (rate > 0)
    months = (remaining / rate.where(rate > 0)).clip(lower=0)
    days = np.floor(months * DAYS_PER_MONTH).where(valid)
    return pd.Timestamp(as_of) + pd.to_timedelta(days, unit="D")


def padded_flags(frame: pd.DataFrame, threshold: float = PADDED_BASELINE_THRESHOLD) -> pd.Series:
    """Vectorised ``evm.is_padded_baseline``: CPI or SPI above ``threshold`` (NaN never flags)."""
    return (frame["cpi"] > threshold) | (frame["spi"] > threshold)


def at_as_of(series: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Each project's row for the as-of month: its cumulative figures on the as-of date."""
    return series[series["month"] == as_of_month(as_of)].reset_index(drop=True)


def _with_burn(
    figures: pd.DataFrame,
    costs: pd.DataFrame,
    by: str | None,
    as_of: date,
    eac_method: EacMethod,
    padded_threshold: float,
) -> pd.DataFrame:
    """EVM metrics, 3-month burn rate (per ``by``, or overall), run-out date, padded flag."""
    out = earned_value_frame(figures, eac_method=eac_method)
    group = by or "_all"
    spent = costs[costs["month"] <= as_of_month(as_of)].assign(_all="all")
    rates = burn_rates(spent, as_of, by=group, month_column="month", ac_column="actual", months=3)
    keys = out[by] if by else pd.Series("all", index=out.index)
    out["burn_rate"] = keys.map(rates).astype("float64")
    out["run_out_date"] = run_out_dates(out["bac"], out["ac"], out["burn_rate"], as_of)
    out["padded_baseline"] = padded_flags(out, padded_threshold)
    return out


def project_figures(
    series: pd.DataFrame,
    costs: pd.DataFrame,
    as_of: date,
    eac_method: EacMethod = DEFAULT_EAC_METHOD,
    padded_threshold: float = PADDED_BASELINE_THRESHOLD,
) -> pd.DataFrame:
    """One row per project as of the date: inputs, every EVM metric, burn rate, run-out date."""
    return _with_burn(at_as_of(series, as_of), costs, "code", as_of, eac_method, padded_threshold)


def rollup_figures(
    series: pd.DataFrame,
    costs: pd.DataFrame,
    as_of: date,
    by: str | None,
    eac_method: EacMethod = DEFAULT_EAC_METHOD,
    padded_threshold: float = PADDED_BASELINE_THRESHOLD,
) -> pd.DataFrame:
    """Roll-up as of the date per ``by`` (e.g. program_code) or for everything (None):
    BAC, PV, EV, AC summed over complete projects first, then divided (``n_excluded``
    projects lacked BAC, baseline or progress). Burn rate from the group's summed costs."""
    totals = rollup_earned_value(at_as_of(series, as_of), by, eac_method=eac_method)
    totals = totals[[*([by] if by else []), "n_rows", "n_excluded", "bac", "pv", "ev", "ac"]]
    return _with_burn(totals, costs, by, as_of, eac_method, padded_threshold)


def rollup_series(
    series: pd.DataFrame, as_of: date, eac_method: EacMethod = DEFAULT_EAC_METHOD
) -> pd.DataFrame:
    """Month by month for one selection of projects: ``baseline`` (PV summed over every
    project with a baseline, over the whole plan), cost ``planned`` / ``actual`` in the month,
    and the summed-then-divided EVM (pv, ac, ev, cpi, spi, ...) up to the as-of month."""
    if series.empty:
        return pd.DataFrame(
            columns=["month", "baseline", "planned", "actual", "pv", "ac", "ev", "cpi", "spi"]
        )
    by_month = series.groupby("month", sort=True)
    planned = by_month["planned"].sum()
    with_baseline = series[series["pv"].notna()].groupby("month")["planned"].sum()
    frame = pd.DataFrame(
        {
            # Cumulated here, not summed from each project's PV: a project's rows end with
            # its plan, and its PV must keep counting in the months after.
            "baseline": with_baseline.reindex(planned.index, fill_value=0.0).cumsum(),
            "planned": planned,
            "actual": by_month["actual"].sum(min_count=1),
        }
    )
    known = series[series["month"] <= as_of_month(as_of)]
    evm = rollup_earned_value(known, "month", eac_method=eac_method).set_index("month")
    return frame.join(evm, how="left").reset_index()


def select_codes(frame: pd.DataFrame, codes: Sequence[str]) -> pd.DataFrame:
    """The rows of the given project codes (a drill-down selection)."""
    return frame[frame["code"].isin(list(codes))]
