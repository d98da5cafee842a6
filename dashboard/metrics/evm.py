"""Earned value management (PMI practice), as defined in shared/METRICS.md.

Why these rules: executives act on these numbers, so an undefined ratio (divisor 0
or a missing input) is ``None`` / NaN and shown as "n/a" -- never 0 or infinity,
which would read as "terrible" or "perfect". Roll-ups sum the inputs first and
divide after, because the mean of project ratios over-weights small projects.

Pure: plain functions over scalars, frozen dataclasses and pandas DataFrames.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, get_args

import pandas as pd

EacMethod = Literal["cpi", "budget_rate", "cpi_spi", "bottom_up"]
"""Which EAC formula drives ``eac``, ``etc``, ``vac`` and ``tcpi_eac``.

- ``cpi`` (default): BAC / CPI -- current cost efficiency continues.
- ``budget_rate``: AC + (BAC - EV) -- the rest of the work goes at the budgeted rate.
- ``cpi_spi``: AC + (BAC - EV) / (CPI x SPI) -- cost and schedule pressure both continue.
- ``bottom_up``: AC + bottom-up ETC -- the team's own re-estimate, when reported.
"""

EAC_METHODS: tuple[str, ...] = get_args(EacMethod)
DEFAULT_EAC_METHOD: EacMethod = "cpi"
PADDED_BASELINE_THRESHOLD = 1.10
DAYS_PER_MONTH = 365.25 / 12
"""Average calendar month, used to turn months of burn into a run-out date."""

INPUT_COLUMNS: tuple[str, ...] = ("bac", "pv", "ev", "ac")
METRIC_COLUMNS: tuple[str, ...] = (
    "sv",
    "cv",
    "spi",
    "cpi",
    "eac_cpi",
    "eac_budget_rate",
    "eac_cpi_spi",
    "eac_bottom_up",
    "eac",
    "etc",
    "vac",
    "tcpi_bac",
    "tcpi_eac",
)


def _value(x: float | None) -> float | None:
    """None for missing (None or NaN, as pandas hands it over), else a float."""
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else x


def _div(numerator: float | None, divisor: float | None) -> float | None:
    """Undefined (None) when an input is missing or the divisor is 0 -- never 0 or inf."""
    if numerator is None or divisor is None or divisor == 0:
        return None
    return numerator / divisor


def _sub(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


CENT = 0.005
"""Half a cent: a money difference smaller than this is float noise (EAC = BAC / CPI gives
back AC to within about 1e-10 for a finished project), not an amount."""


def _money_gap(a: float | None, b: float | None) -> float | None:
    """``a - b`` for a TCPI divisor, 0 when it is below half a cent: a finished project's
    EAC - AC is 0 / 0 (n/a), not 0 divided by rounding noise (0.00 or -0.00)."""
    gap = _sub(a, b)
    return 0.0 if gap is not None and abs(gap) < CENT else gap


def _add(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a + b


def _mul(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a * b


def _check_method(eac_method: str) -> None:
    if eac_method not in EAC_METHODS:
        raise ValueError(f"unknown EAC method {eac_method!r}; expected one of {', '.join(EAC_METHODS)}")


@dataclass(frozen=True)
class EarnedValue:
    """Inputs and every EVM metric of one project (or roll-up); None means "n/a"."""

    bac: float | None
    pv: float | None
    ev: float | None
    ac: float | None
    bottom_up_etc: float | None
    eac_method: EacMethod
    sv: float | None
    cv: float | None
    spi: float | None
    cpi: float | None
    eac_cpi: float | None
    eac_budget_rate: float | None
    eac_cpi_spi: float | None
    eac_bottom_up: float | None
    eac: float | None
    etc: float | None
    vac: float | None
    tcpi_bac: float | None
    tcpi_eac: float | None

    @property
    def padded_baseline(self) -> bool:
        """CPI or SPI above 1.10 (default): the baseline may be padded (a flag, not a status)."""
        return is_padded_baseline(self.cpi, self.spi)


def earned_value(
    bac: float | None,
    pv: float | None,
    ev: float | None,
    ac: float | None,
    bottom_up_etc: float | None = None,
    eac_method: EacMethod = DEFAULT_EAC_METHOD,
) -> EarnedValue:
    """All EVM metrics from BAC, PV, EV, AC; each undefined ratio is None.

    TCPI against BAC is (BAC - EV) / (BAC - AC); a negative value means the budget is
    already spent (no efficiency can finish within it). TCPI against EAC uses the EAC
    of ``eac_method`` (with the default BAC/CPI it equals CPI by construction).
    """
    _check_method(eac_method)
    bac, pv, ev, ac, bottom_up_etc = map(_value, (bac, pv, ev, ac, bottom_up_etc))
    spi = _div(ev, pv)
    cpi = _div(ev, ac)
    remaining_work = _sub(bac, ev)
    variants = {
        "cpi": _div(bac, cpi),
        "budget_rate": _add(ac, remaining_work),
        "cpi_spi": _add(ac, _div(remaining_work, _mul(cpi, spi))),
        "bottom_up": _add(ac, bottom_up_etc),
    }
    eac = variants[eac_method]
    return EarnedValue(
        bac=bac,
        pv=pv,
        ev=ev,
        ac=ac,
        bottom_up_etc=bottom_up_etc,
        eac_method=eac_method,
        sv=_sub(ev, pv),
        cv=_sub(ev, ac),
        spi=spi,
        cpi=cpi,
        eac_cpi=variants["cpi"],
        eac_budget_rate=variants["budget_rate"],
        eac_cpi_spi=variants["cpi_spi"],
        eac_bottom_up=variants["bottom_up"],
        eac=eac,
        etc=_sub(eac, ac),
        vac=_sub(bac, eac),
        tcpi_bac=_div(remaining_work, _money_gap(bac, ac)),
        tcpi_eac=_div(remaining_work, _money_gap(eac, ac)),
    )


def is_padded_baseline(
    cpi: float | None, spi: float | None, threshold: float = PADDED_BASELINE_THRESHOLD
) -> bool:
    """True when CPI or SPI exceeds ``threshold``: performance that good usually means a soft baseline."""
    return any(v is not None and not math.isnan(v) and v > threshold for v in (cpi, spi))


# --- vectorised -------------------------------------------------------------------------


def _vdiv(numerator: pd.Series, divisor: pd.Series) -> pd.Series:
    """Element-wise division with NaN (not inf, not 0) where the divisor is 0 or missing."""
    return numerator / divisor.where(divisor != 0)


def _vmoney_gap(a: pd.Series, b: pd.Series) -> pd.Series:
    """Vectorised ``_money_gap``."""
    gap = a - b
    return gap.mask(gap.abs() < CENT, 0.0)


def earned_value_frame(
    frame: pd.DataFrame,
    eac_method: EacMethod = DEFAULT_EAC_METHOD,
    bottom_up_etc_column: str = "bottom_up_etc",
) -> pd.DataFrame:
    """A copy of ``frame`` (columns bac, pv, ev, ac; one row per project or project-month)
    with the metric columns of ``METRIC_COLUMNS`` added; undefined values are NaN.

    Column arithmetic only, so it scales to the whole portfolio history. A missing
    ``bottom_up_etc_column`` means no bottom-up estimates were reported.
    """
    _check_method(eac_method)
    missing = [c for c in INPUT_COLUMNS if c not in frame.columns]
    if missing:
        raise KeyError(f"earned_value_frame needs columns {', '.join(missing)}")
    out = frame.copy()
    bac, pv, ev, ac = (pd.to_numeric(out[c], errors="coerce").astype("float64") for c in INPUT_COLUMNS)
    if bottom_up_etc_column in out.columns:
        bottom_up = pd.to_numeric(out[bottom_up_etc_column], errors="coerce").astype("float64")
    else:
        bottom_up = pd.Series(float("nan"), index=out.index, dtype="float64")
    spi = _vdiv(ev, pv)
    cpi = _vdiv(ev, ac)
    remaining_work = bac - ev
    variants = {
        "cpi": _vdiv(bac, cpi),
        "budget_rate": ac + remaining_work,
        "cpi_spi": ac + _vdiv(remaining_work, cpi * spi),
        "bottom_up": ac + bottom_up,
    }
    eac = variants[eac_method]
    out["sv"] = ev - pv
    out["cv"] = ev - ac
    out["spi"] = spi
    out["cpi"] = cpi
    out["eac_cpi"] = variants["cpi"]
    out["eac_budget_rate"] = variants["budget_rate"]
    out["eac_cpi_spi"] = variants["cpi_spi"]
    out["eac_bottom_up"] = variants["bottom_up"]
    out["eac"] = eac
    out["etc"] = eac - ac
    out["vac"] = bac - eac
    out["tcpi_bac"] = _vdiv(remaining_work, _vmoney_gap(bac, ac))
    out["tcpi_eac"] = _vdiv(remaining_work, _vmoney_gap(eac, ac))
    return out


def rollup_earned_value(
    frame: pd.DataFrame,
    by: str | Sequence[str] | None,
    eac_method: EacMethod = DEFAULT_EAC_METHOD,
    bottom_up_etc_column: str = "bottom_up_etc",
) -> pd.DataFrame:
    """Program / portfolio EVM: sum BAC, PV, EV, AC per group first, then divide.

    Never the mean of project ratios: that weighs a 10k project like a 10M one.
    A row with any of bac/pv/ev/ac missing is left out of its group's sums (summing
    half a row biases the ratios, e.g. EV without its PV inflates SPI); ``n_rows`` and
    ``n_excluded`` say how many rows a group had and how many were left out. Pass 0,
    not NaN, for a known zero (no cost yet). A group's bottom-up ETC is summed only
    when every included row reported one. ``by=None`` rolls up the whole frame.
    """
    _check_method(eac_method)
    missing = [c for c in INPUT_COLUMNS if c not in frame.columns]
    if missing:
        raise KeyError(f"rollup_earned_value needs columns {', '.join(missing)}")
    keys = [] if by is None else [by] if isinstance(by, str) else list(by)
    work = frame[keys].copy()
    for c in INPUT_COLUMNS:
        work[c] = pd.to_numeric(frame[c], errors="coerce").astype("float64")
    has_bottom_up = bottom_up_etc_column in frame.columns
    if has_bottom_up:
        work["_bu"] = pd.to_numeric(frame[bottom_up_etc_column], errors="coerce").astype("float64")
    complete = work[list(INPUT_COLUMNS)].notna().all(axis=1)
    work["n_rows"] = 1
    work["n_excluded"] = (~complete).astype("int64")
    work.loc[~complete, list(INPUT_COLUMNS)] = float("nan")
    if has_bottom_up:
        work.loc[~complete, "_bu"] = float("nan")
        work["_bu_missing"] = (complete & work["_bu"].isna()).astype("int64")
    sum_cols = [*INPUT_COLUMNS, *(["_bu"] if has_bottom_up else [])]
    if keys:
        grouped = work.groupby(keys, dropna=False, sort=True)
        sums = grouped[sum_cols].sum(min_count=1)
        counts = grouped[["n_rows", "n_excluded", *(["_bu_missing"] if has_bottom_up else [])]].sum()
        totals = pd.concat([sums, counts], axis=1).reset_index()
    else:
        totals = work[sum_cols].sum(min_count=1).to_frame().T
        totals["n_rows"] = len(work)
        totals["n_excluded"] = int(work["n_excluded"].sum())
        if has_bottom_up:
            totals["_bu_missing"] = int(work["_bu_missing"].sum())
    if has_bottom_up:
        totals[bottom_up_etc_column] = totals["_bu"].where(totals["_bu_missing"] == 0)
        totals = totals.drop(columns=["_bu", "_bu_missing"])
    totals["n_rows"] = totals["n_rows"].astype("int64")
    totals["n_excluded"] = totals["n_excluded"].astype("int64")
    return earned_value_frame(totals, eac_method=eac_method, bottom_up_etc_column=bottom_up_etc_column)


# --- earned value from progress -----------------------------------------------------------


def ev_from_percent_complete(percent_complete: float | None, bac: float | None) -> float | None:
    """EV = percent complete / 100 x BAC; None when either is unknown."""
    pct, bac = _value(percent_complete), _value(bac)
    if pct is None or bac is None:
        return None
    if not 0 <= pct <= 100:
        raise ValueError(f"percent complete must be within 0..100, got {pct}")
    return pct / 100 * bac


def ev_from_milestones(milestones: Iterable[tuple[float, bool]], bac: float | None) -> float | None:
    """EV = sum of the weights of completed milestones x BAC (weights are fractions of the whole).

    Why validate: weights over 1 in total would earn more than the budget.
    """
    bac = _value(bac)
    items = [(float(w), bool(done)) for w, done in milestones]
    if any(w < 0 for w, _ in items):
        raise ValueError("milestone weights must not be negative")
    if sum(w for w, _ in items) > 1 + 1e-9:
        raise ValueError("milestone weights add up to more than 1")
    if bac is None:
        return None
    return sum(w for w, done in items if done) * bac


# --- burn rate and run-out ----------------------------------------------------------------


def _month_periods(values: pd.Index | pd.Series) -> pd.PeriodIndex:
    """Monthly periods from dates, timestamps or periods."""
    series = pd.Series(values)
    if isinstance(series.dtype, pd.PeriodDtype):
        return pd.PeriodIndex(series).asfreq("M")
    return pd.PeriodIndex(pd.to_datetime(series).dt.to_period("M"))


def _window(as_of: date, months: int) -> tuple[pd.Period, pd.Period]:
    """The last ``months`` complete months: the as-of month is still in progress."""
    last = pd.Period(as_of, freq="M") - 1
    return last - (months - 1), last


def burn_rate(monthly_ac: pd.Series, as_of: date, months: int = 3) -> float | None:
    """Mean monthly actual cost over the last ``months`` complete months before ``as_of``.

    ``monthly_ac`` holds the cost *spent in* each month (not cumulative), indexed by
    month (dates, timestamps or monthly periods; several rows per month are summed).
    The as-of month counts as incomplete. Months absent from the series are not
    counted (a project that started last month burns at last month's rate); pass 0
    for a month known to have no spend. None when no month in the window has data.
    """
    if months < 1:
        raise ValueError("months must be at least 1")
    if monthly_ac.empty:
        return None
    periods = _month_periods(monthly_ac.index)
    values = pd.to_numeric(pd.Series(monthly_ac.to_numpy(), index=periods), errors="coerce")
    per_month = values.groupby(level=0).sum(min_count=1).dropna()
    first, last = _window(as_of, months)
    in_window = per_month[(per_month.index >= first) & (per_month.index <= last)]
    if in_window.empty:
        return None
    return float(in_window.mean())


def burn_rates(
    frame: pd.DataFrame,
    as_of: date,
    by: str = "project",
    month_column: str = "month",
    ac_column: str = "ac",
    months: int = 3,
) -> pd.Series:
    """``burn_rate`` for every group of a long frame (group, month, monthly AC), vectorised.

    Groups with no data in the window are NaN.
    """
    if months < 1:
        raise ValueError("months must be at least 1")
    periods = _month_periods(frame[month_column])
    first, last = _window(as_of, months)
    work = pd.DataFrame(
        {
            by: frame[by].to_numpy(),
            "_month": periods,
            "_ac": pd.to_numeric(frame[ac_column], errors="coerce").to_numpy(dtype="float64"),
        }
    )
    work = work[(work["_month"] >= first) & (work["_month"] <= last)]
    per_month = work.groupby([by, "_month"], sort=True)["_ac"].sum(min_count=1).dropna()
    rates = per_month.groupby(level=0).mean()
    all_groups = pd.Index(pd.unique(frame[by]), name=by)
    return rates.reindex(all_groups).rename("burn_rate").astype("float64")


def run_out_date(bac: float | None, ac: float | None, burn_rate: float | None, as_of: date) -> date | None:
    """The date the remaining budget (BAC - AC) is spent at ``burn_rate`` per month.

    Months are average calendar months (365.25 / 12 days) and the day is rounded down
    (the money runs out during that day). None when the burn rate is 0 or unknown or an
    input is missing; ``as_of`` itself when the budget is already spent.
    """
    bac, ac, rate = _value(bac), _value(ac), _value(burn_rate)
    if bac is None or ac is None or rate is None or rate <= 0:
        return None
    remaining = bac - ac
    if remaining <= 0:
        return as_of
    return as_of + timedelta(days=math.floor(remaining / rate * DAYS_PER_MONTH))
