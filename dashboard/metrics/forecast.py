"""Monte Carlo forecasts over daily throughput (shared/METRICS.md "Forecasts").

Why Monte Carlo: a team's daily throughput is lumpy and skewed, so an average-rate
projection hides the risk; resampling past days keeps that shape. Each trial draws one
past day (from the history window, default the last 12 weeks) for every future day.
Seeded (numpy ``default_rng(seed)``) so the same inputs give the same answer.

Confidences are conservative order statistics, not interpolated: "85%" means at least
85% of trials meet the forecast. For "how many by a date" that is a low percentile of
simulated totals (85% -> 15th), for "when" a high percentile of completion days (85% ->
85th). Simulation is a trials x days matrix, never a loop per trial.

Pure: numpy and pandas only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

DEFAULT_CONFIDENCES: tuple[int, ...] = (50, 70, 85, 95)
DEFAULT_HISTORY_WEEKS = 12
DEFAULT_TRIALS = 10_000
DEFAULT_SEED = 0
MAX_DAYS = 3650
""""When" gives up after ten years: such a date is no forecast, it is NaT."""
_CELLS_PER_CHUNK = 4_000_000  # ~32 MB of int64 per simulated block


@dataclass(frozen=True)
class Backtest:
    """How often past "how many" forecasts held.

    ``points``: one row per forecast (as_of, forecast, actual, held); ``hit_rate``: share
    of held forecasts, which should be close to ``confidence`` / 100 for a calibrated model.
    """

    points: pd.DataFrame
    hit_rate: float
    confidence: float
    horizon_days: int


def history_window(
    daily_throughput: pd.Series, weeks: int = DEFAULT_HISTORY_WEEKS, end: date | None = None
) -> np.ndarray:
    """Daily counts of the last ``weeks`` weeks up to ``end`` (default the last day).

    Days missing from the index count as zero: a day without a completion is data.
    Shorter histories are used whole.
    """
    series = _daily(daily_throughput)
    if series.empty:
        raise ValueError("no throughput history to sample from")
    stop = pd.Timestamp(end) if end is not None else series.index[-1]
    start = stop - pd.Timedelta(days=7 * weeks - 1)
    window = series[(series.index >= start) & (series.index <= stop)]
    if window.empty or window.sum() <= 0:
        raise ValueError("no completed items in the history window: cannot forecast")
    return window.to_numpy(dtype=np.int64)


def how_many_by(
    daily_throughput: pd.Series,
    by: date,
    *,
    start: date | None = None,
    history_weeks: int = DEFAULT_HISTORY_WEEKS,
    trials: int = DEFAULT_TRIALS,
    seed: int = DEFAULT_SEED,
    confidences: Sequence[float] = DEFAULT_CONFIDENCES,
) -> pd.Series:
    """Items done from ``start`` (default the day after the history) to ``by``, both included.

    Indexed by confidence; at 85%, 85% of trials finish at least that many.
    """
    history = history_window(daily_throughput, history_weeks)
    first = _first_day(daily_throughput, start)
    days = (pd.Timestamp(by) - first).days + 1
    if days < 0:
        raise ValueError("how_many_by: 'by' is before the forecast start")
    rng = np.random.default_rng(seed)
    totals = np.zeros(trials, dtype=np.int64)
    step = max(1, _CELLS_PER_CHUNK // max(trials, 1))
    for offset in range(0, days, step):  # chunks of days, each a trials x days matrix
        width = min(step, days - offset)
        totals += history[rng.integers(0, len(history), size=(trials, width))].sum(axis=1)
    totals.sort()
    values = [int(totals[_shortfall_index(c, trials)]) for c in confidences]
    return pd.Series(values, index=pd.Index(list(confidences), name="confidence"), name="items")


def when(
    daily_throughput: pd.Series,
    n_items: int,
    *,
    start: date | None = None,
    history_weeks: int = DEFAULT_HISTORY_WEEKS,
    trials: int = DEFAULT_TRIALS,
    seed: int = DEFAULT_SEED,
    confidences: Sequence[float] = DEFAULT_CONFIDENCES,
    max_days: int = MAX_DAYS,
) -> pd.Series:
    """Date by which ``n_items`` are done, per confidence (NaT beyond ``max_days``).

    Day 1 is ``start`` (default the day after the history). Trials still short of
    ``n_items`` are extended in growing blocks of days, all trials at once.
    """
    if n_items < 1:
        raise ValueError("when: n_items must be at least 1")
    history = history_window(daily_throughput, history_weeks)
    first = _first_day(daily_throughput, start)
    rng = np.random.default_rng(seed)
    finish = np.full(trials, np.iinfo(np.int64).max, dtype=np.int64)  # 1-based day, max = never
    remaining = np.full(trials, n_items, dtype=np.int64)
    active = np.arange(trials)
    offset = 0
    block = min(max_days, max(7, math.ceil(1.5 * n_items / history.mean())))
    while active.size and offset < max_days:
        width = min(block, max_days - offset, max(1, _CELLS_PER_CHUNK // active.size))
        cum = history[rng.integers(0, len(history), size=(active.size, width))].cumsum(axis=1)
        reached = cum >= remaining[active, None]
        hit = reached[:, -1]
        finish[active[hit]] = offset + reached[hit].argmax(axis=1) + 1
        remaining[active[~hit]] -= cum[~hit, -1]
        active = active[~hit]
        offset += width
        block *= 2
    finish.sort()
    dates = []
    for c in confidences:
        d = finish[_reach_index(c, trials)]
        dates.append(pd.NaT if d == np.iinfo(np.int64).max else first + pd.Timedelta(days=int(d) - 1))
    return pd.Series(
        pd.DatetimeIndex(dates), index=pd.Index(list(confidences), name="confidence"), name="date"
    )


def backtest(
    daily_throughput: pd.Series,
    *,
    horizon_days: int = 14,
    step_days: int = 7,
    confidence: float = 85,
    history_weeks: int = DEFAULT_HISTORY_WEEKS,
    trials: int = DEFAULT_TRIALS,
    seed: int = DEFAULT_SEED,
) -> Backtest:
    """Forecast "how many in the next ``horizon_days``" at every ``step_days`` of the past.

    Each forecast uses only the history window before its as-of day and is checked
    against what then happened. All forecast points are simulated together
    (points x trials x days), in chunks of points.
    """
    series = _daily(daily_throughput)
    values = series.to_numpy(dtype=np.int64)
    window = 7 * history_weeks
    as_of = np.arange(window - 1, len(values) - horizon_days, step_days)
    if as_of.size == 0:
        raise ValueError(f"backtest needs at least {window + horizon_days} days of history")
    cum = np.concatenate([[0], np.cumsum(values)])
    actual = cum[as_of + 1 + horizon_days] - cum[as_of + 1]
    rng = np.random.default_rng(seed)
    forecast = np.empty(as_of.size, dtype=np.int64)
    k = _shortfall_index(confidence, trials)
    per_chunk = max(1, _CELLS_PER_CHUNK // (trials * horizon_days))
    for lo in range(0, as_of.size, per_chunk):  # chunks of forecast points
        points = as_of[lo : lo + per_chunk]
        draw = rng.integers(0, window, size=(points.size, trials, horizon_days))
        totals = values[(points - window + 1)[:, None, None] + draw].sum(axis=2)
        forecast[lo : lo + points.size] = np.sort(totals, axis=1)[:, k]
    held = actual >= forecast
    table = pd.DataFrame(
        {"as_of": series.index[as_of], "forecast": forecast, "actual": actual, "held": held},
    )
    return Backtest(
        points=table, hit_rate=float(held.mean()), confidence=confidence, horizon_days=horizon_days
    )


def _daily(daily_throughput: pd.Series) -> pd.Series:
    """Throughput on a gap-free daily DatetimeIndex (missing days = 0)."""
    if not isinstance(daily_throughput.index, pd.DatetimeIndex):
        raise ValueError("daily throughput must be indexed by date")
    if daily_throughput.empty:
        return daily_throughput.astype(np.int64)
    s = daily_throughput.fillna(0).sort_index()
    s.index = s.index.normalize()
    s = s.groupby(level=0).sum()
    full = pd.date_range(s.index[0], s.index[-1], freq="D", unit=s.index.unit)
    return s.reindex(full, fill_value=0).astype(np.int64)


def _first_day(daily_throughput: pd.Series, start: date | None) -> pd.Timestamp:
    if start is not None:
        return pd.Timestamp(start)
    return daily_throughput.index.max().normalize() + pd.Timedelta(days=1)


def _check(confidence: float) -> float:
    if not 0 < confidence <= 100:
        raise ValueError(f"confidence {confidence!r} must be in (0, 100]")
    return confidence


def _reach_index(confidence: float, trials: int) -> int:
    """Sorted index of the smallest value at least ``confidence``% of trials reach."""
    return max(0, math.ceil(round(_check(confidence) * trials / 100, 9)) - 1)


def _shortfall_index(confidence: float, trials: int) -> int:
    """Sorted index of the largest value at least ``confidence``% of trials meet or beat."""
    return min(trials - 1, math.floor(round((100 - _check(confidence)) * trials / 100, 9)))
