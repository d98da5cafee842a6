"""Monte Carlo forecasts: determinism, ordering, exact answers on constant input, calibration."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard.metrics.forecast import backtest, history_window, how_many_by, when

LAST = pd.Timestamp("2024-03-31")


def daily(values: np.ndarray | list[int], last: pd.Timestamp = LAST) -> pd.Series:
    index = pd.date_range(end=last, periods=len(values), freq="D")
    return pd.Series(np.asarray(values, dtype=np.int64), index=index, name="throughput")


def poisson(rate: float, days: int, seed: int) -> pd.Series:
    return daily(np.random.default_rng(seed).poisson(rate, days))


def test_same_seed_same_answer_other_seed_may_differ() -> None:
    history = poisson(1.5, 120, seed=1)
    by = date(2024, 4, 30)
    pd.testing.assert_series_equal(how_many_by(history, by, seed=7), how_many_by(history, by, seed=7))
    pd.testing.assert_series_equal(when(history, 40, seed=7), when(history, 40, seed=7))
    assert backtest(history, seed=3).points.equals(backtest(history, seed=3).points)


def test_confidence_ordering() -> None:
    history = poisson(1.5, 120, seed=2)
    many = how_many_by(history, date(2024, 4, 30))
    dates = when(history, 40)
    assert many.index.tolist() == dates.index.tolist() == [50, 70, 85, 95]
    # more confidence -> fewer items promised, later date promised
    assert many.is_monotonic_decreasing and many.iloc[0] > many.iloc[-1]
    assert dates.is_monotonic_increasing and dates.iloc[0] < dates.iloc[-1]


def test_constant_throughput_is_exact() -> None:
    history = daily([2] * 84)
    many = how_many_by(history, (LAST + pd.Timedelta(days=10)).date())  # Apr 1..10: 10 days
    assert many.tolist() == [20, 20, 20, 20]
    done = when(history, 20)
    assert (done == LAST + pd.Timedelta(days=10)).all()
    assert (when(history, 21) == LAST + pd.Timedelta(days=11)).all()  # 21st item on day 11


def test_history_window_is_last_twelve_weeks_with_gaps_as_zero() -> None:
    old = daily([9] * 30, last=LAST - pd.Timedelta(days=84))
    recent = daily([1, 0, 3], last=LAST)
    window = history_window(pd.concat([old, recent]))
    assert len(window) == 84 and window.sum() == 4  # 81 missing days count as 0
    with pytest.raises(ValueError, match="no completed items"):
        history_window(daily([0] * 84))


def test_higher_recent_throughput_gives_earlier_dates_and_more_items() -> None:
    slow = poisson(1.0, 84, seed=4)
    fast = daily(
        np.concatenate([np.random.default_rng(4).poisson(1.0, 84), np.random.default_rng(5).poisson(3.0, 84)])
    )
    slow_when, fast_when = when(slow, 60), when(fast, 60)
    assert (fast_when < slow_when).all()
    by = (LAST + pd.Timedelta(days=30)).date()
    assert (how_many_by(fast, by) > how_many_by(slow, by)).all()


def test_unreachable_target_is_nat() -> None:
    got = when(daily([0] * 83 + [1]), 1_000, max_days=100)
    assert got.isna().all()


def test_backtest_is_calibrated_on_a_stationary_series() -> None:
    history = poisson(2.0, 3 * 365, seed=11)
    result = backtest(history, horizon_days=14, step_days=7, trials=4_000, seed=1)
    assert len(result.points) > 100
    assert 0.75 <= result.hit_rate <= 0.95
    assert result.points["held"].mean() == result.hit_rate
    # as-of days leave a full history window before and a full horizon after
    assert result.points["as_of"].iloc[0] == history.index[83]
    assert result.points["as_of"].iloc[-1] <= history.index[-15]
