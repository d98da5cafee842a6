"""Flow metrics (Kanban), as defined in shared/METRICS.md "Flow metrics".

One call, ``compute_flow``, dates every item's stages under a preset and derives cycle
time, lead time and age; the other functions aggregate that per-item table (throughput,
WIP, CFD, percentiles, Little's law). Why one table: every chart on a flow page then
agrees on which items are started, done and when, as the preset decides.

Inputs:
- ``transitions``: item_key, to_status, changed_at (tz-aware), utc_offset_minutes
  (the offset written in the source timestamp; calendar dates are cut in it unless
  ``FlowSettings.time_zone`` names a zone).
- ``items``: item_key, created_at (tz-aware), created_utc_offset_minutes, optional
  item_type, title, initial_status. Creation counts as entering the initial status
  (default the first stage) unless ``count_creation=False`` (see ``flow_stages``).

Units: cycle time, lead time and age are float days: whole numbers for the day-count
presets (calendar or working days), exact fractions for ``in-progress-time`` (working
time there is 24 h per working day). NaN where undefined (not started / not done).

Pure: numpy and pandas only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from dashboard.metrics.flow_presets import (
    DEFAULT_PERCENTILES,
    PRESETS,
    FlowSettings,
    Preset,
    PresetRules,
)
from dashboard.metrics.flow_stages import (
    DAY_NS,
    Events,
    Stage,
    StageCategory,
    Workflow,
    build_events,
    local_ns,
    stage_positions,
    utc_ns,
)

__all__ = [
    "PRESETS",
    "FlowItems",
    "FlowSettings",
    "LittlesLaw",
    "Preset",
    "Stage",
    "StageCategory",
    "Workflow",
    "cfd",
    "compute_flow",
    "cycle_time_percentiles",
    "littles_law",
    "percentiles",
    "throughput_daily",
    "throughput_weekly",
    "wip_daily",
    "work_item_age",
]

DATE_DTYPE = "datetime64[us]"  # what pd.to_datetime gives in pandas 3: merges without unit casts
_NO_DAY = np.iinfo(np.int64).min


@dataclass(frozen=True)
class FlowItems:
    """The per-item flow table and what produced it.

    ``table`` is indexed by item_key (items' order) with: item_type, title (when given),
    one date column per stage (like jira-agile-metrics' cycletime.csv), created_date,
    start_date, done_date, cycle_time, lead_time, age (open started items, as of
    ``as_of``) and current_stage.
    """

    table: pd.DataFrame
    workflow: Workflow
    settings: FlowSettings
    as_of: pd.Timestamp


@dataclass(frozen=True)
class LittlesLaw:
    """Little's law over a window: avg WIP / avg throughput should be close to avg cycle time.

    It holds exactly only when the window starts and ends with no WIP; a large gap means
    the system is not stable (WIP growing or shrinking) or items are aging out.
    """

    start: pd.Timestamp
    end: pd.Timestamp
    avg_wip: float
    avg_throughput: float
    wip_over_throughput: float
    avg_cycle_time: float


def compute_flow(
    transitions: pd.DataFrame,
    items: pd.DataFrame,
    workflow: Workflow,
    settings: FlowSettings | None = None,
    *,
    as_of: date | None = None,
    count_creation: bool = True,
) -> FlowItems:
    """Date each item's stages under the preset and compute cycle time, lead time and age.

    ``as_of`` (a calendar date): only entries dated on or before it count, and age is
    measured to it; default the latest date in the data. Unknown statuses raise ValueError.
    """
    settings = settings or FlowSettings()
    rules = settings.rules
    events = build_events(
        transitions,
        items,
        workflow,
        time_zone=settings.time_zone,
        count_creation=count_creation,
        as_of=as_of,
    )
    day = events.local_day
    if as_of is None:
        as_of_day = int(day.max()) if len(day) else _day(pd.Timestamp.now(tz="UTC").date())
    else:
        as_of_day = _day(as_of)
    chosen = stage_positions(events, len(workflow.stages), rules.stage_entry)
    stage_day = np.where(chosen >= 0, day[np.maximum(chosen, 0)], _NO_DAY)
    start_row = chosen[:, workflow.start_index]
    done_row = chosen[:, workflow.done_index]
    start_day, done_day = stage_day[:, workflow.start_index], stage_day[:, workflow.done_index]
    started, done = start_row >= 0, done_row >= 0
    open_started = started & ~done

    created_instant = utc_ns(items["created_at"], "items.created_at")
    created_offset = items["created_utc_offset_minutes"].to_numpy(dtype=np.int64)
    created_local = local_ns(created_instant, created_offset, settings.time_zone)
    created_day = np.floor_divide(created_local, DAY_NS)

    if rules.exact_in_progress_time:
        in_progress = _in_progress_days(events, workflow, settings, as_of_day)
        cycle = np.where(done, in_progress, np.nan)
        age = np.where(open_started, in_progress, np.nan)
        done_local = events.local_ns[np.maximum(done_row, 0)]
        done_instant = events.instant[np.maximum(done_row, 0)]
        if settings.working_days:
            lead = (_business_ns(done_local, settings) - _business_ns(created_local, settings)) / DAY_NS
        else:
            lead = (done_instant - created_instant) / DAY_NS
        lead = np.where(done, lead, np.nan)
    else:
        cycle = _day_span(start_day, done_day, done, rules, settings)
        lead = _day_span(created_day, done_day, done, rules, settings)
        age = _day_span(start_day, np.full_like(start_day, as_of_day), open_started, rules, settings)

    last_row = np.full(events.n_items, -1, dtype=np.int64)
    np.maximum.at(last_row, events.item, np.arange(len(events.item), dtype=np.int64))
    names = np.array(workflow.stage_names, dtype=object)
    current = np.where(last_row >= 0, names[events.stage[np.maximum(last_row, 0)]], None)

    index = pd.Index(items["item_key"], name="item_key")
    columns: dict[str, object] = {}
    for col in ("item_type", "title"):
        if col in items.columns:
            columns[col] = items[col].to_numpy()
    for i, name in enumerate(workflow.stage_names):
        columns[name] = _dates(stage_day[:, i])
    columns["created_date"] = _dates(created_day)
    columns["start_date"] = _dates(start_day)
    columns["done_date"] = _dates(done_day)
    columns["cycle_time"] = cycle.astype(float)
    columns["lead_time"] = lead.astype(float)
    columns["age"] = age.astype(float)
    columns["current_stage"] = pd.array(current, dtype="string")
    table = pd.DataFrame(columns, index=index)
    return FlowItems(table=table, workflow=workflow, settings=settings, as_of=_ts(as_of_day))


def _day(d: date) -> int:
    return int(np.datetime64(pd.Timestamp(d).date(), "D").astype(np.int64))


def _ts(day: int) -> pd.Timestamp:
    return pd.Timestamp(np.datetime64(day, "D"))


def _dates(days: np.ndarray) -> np.ndarray:
    out = days.astype("datetime64[D]").astype(DATE_DTYPE)
    out[days == _NO_DAY] = np.datetime64("NaT")
    return out


def _day_span(
    start: np.ndarray, end: np.ndarray, valid: np.ndarray, rules: PresetRules, settings: FlowSettings
) -> np.ndarray:
    """Days from start to end dates (+1 when the preset counts both ends); NaN where not valid."""
    plus = int(rules.count_both_ends)
    ok = valid & (start != _NO_DAY) & (end != _NO_DAY)
    s = np.where(ok, start, 0)
    e = np.where(ok, end, 0) + plus
    if settings.working_days:
        s_d, e_d = s.astype("datetime64[D]"), e.astype("datetime64[D]")
        span = np.where(
            e_d >= s_d,
            np.busday_count(s_d, e_d, holidays=list(settings.holidays)),
            -np.busday_count(e_d, s_d, holidays=list(settings.holidays)),
        )
    else:
        span = e - s
    return np.where(ok, span, np.nan)


def _business_ns(local: np.ndarray, settings: FlowSettings) -> np.ndarray:
    """Working-time clock: ns elapsed on working days only since the epoch (24 h per day)."""
    day = np.floor_divide(local, DAY_NS)
    d = day.astype("datetime64[D]")
    holidays = list(settings.holidays)
    full_days = np.busday_count(np.datetime64("1970-01-01"), d, holidays=holidays).astype(np.int64)
    today = np.where(np.is_busday(d, holidays=holidays), local - day * DAY_NS, 0)
    return full_days * DAY_NS + today


def _in_progress_days(
    events: Events, workflow: Workflow, settings: FlowSettings, as_of_day: int
) -> np.ndarray:
    """Per item: exact days spent in "in progress" statuses, up to the end of the as-of day."""
    n = len(events.item)
    if n == 0:
        return np.zeros(events.n_items)
    last_of_item = np.ones(n, dtype=bool)
    last_of_item[:-1] = events.item[1:] != events.item[:-1]
    end_local = (as_of_day + 1) * DAY_NS
    offset = events.local_ns - events.instant
    if settings.time_zone is None:
        end_instant = end_local - offset
    else:
        stamp = pd.Timestamp(np.datetime64(as_of_day + 1, "D")).tz_localize(settings.time_zone)
        end_instant = np.full(n, stamp.as_unit("ns").value, dtype=np.int64)
    next_instant = np.where(last_of_item, end_instant, np.roll(events.instant, -1))
    next_local = np.where(last_of_item, end_local, np.roll(events.local_ns, -1))
    if settings.working_days:
        duration = _business_ns(next_local, settings) - _business_ns(events.local_ns, settings)
    else:
        duration = next_instant - events.instant
    counted = workflow.in_progress_mask()[events.stage]
    total = np.bincount(events.item, weights=np.where(counted, duration, 0), minlength=events.n_items)
    return total / DAY_NS


def _day_range(days: Iterable[np.ndarray], start: date | None, end: date | None) -> tuple[int, int] | None:
    values = np.concatenate([d[d != _NO_DAY] for d in days])
    lo = _day(start) if start is not None else (int(values.min()) if len(values) else None)
    hi = _day(end) if end is not None else (int(values.max()) if len(values) else None)
    if lo is None or hi is None or hi < lo:
        return None
    return lo, hi


def _as_days(dates: pd.Series) -> np.ndarray:
    values = dates.to_numpy(dtype="datetime64[D]")
    out = values.astype(np.int64)
    out[np.isnat(values)] = _NO_DAY
    return out


def _cumulative_by_day(days: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Count of ``days`` on or before each day lo..hi (days before lo included)."""
    d = days[(days != _NO_DAY) & (days <= hi)]
    counts = np.bincount(np.maximum(d - lo, 0), minlength=hi - lo + 1)
    return np.cumsum(counts[: hi - lo + 1])


def _date_index(lo: int, hi: int) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(np.arange(lo, hi + 1).astype("datetime64[D]").astype(DATE_DTYPE), name="date")


def throughput_daily(flow: FlowItems, start: date | None = None, end: date | None = None) -> pd.Series:
    """Items reaching done per day, zero days included; default first to last done date."""
    done = _as_days(flow.table["done_date"])
    span = _day_range([done], start, end)
    if span is None:
        return pd.Series([], index=_date_index(0, -1), dtype=np.int64, name="throughput")
    lo, hi = span
    d = done[(done != _NO_DAY) & (done >= lo) & (done <= hi)]
    counts = np.bincount(d - lo, minlength=hi - lo + 1)
    return pd.Series(counts, index=_date_index(lo, hi), name="throughput")


def throughput_weekly(flow: FlowItems, start: date | None = None, end: date | None = None) -> pd.Series:
    """Items reaching done per week, labelled by the week's Monday; zero weeks included."""
    daily = throughput_daily(flow, start, end)
    if daily.empty:
        return daily.rename_axis("week_start")
    days = daily.index.to_numpy(dtype="datetime64[D]").astype(np.int64)
    monday = days - (days + 3) % 7  # 1970-01-01 was a Thursday
    lo = int(monday.min())
    counts = np.bincount((monday - lo) // 7, weights=daily.to_numpy(), minlength=1).astype(np.int64)
    index = pd.DatetimeIndex(
        (lo + 7 * np.arange(len(counts))).astype("datetime64[D]").astype(DATE_DTYPE), name="week_start"
    )
    return pd.Series(counts, index=index, name="throughput")


def wip_daily(flow: FlowItems, start: date | None = None, end: date | None = None) -> pd.Series:
    """Items started and not done at the end of each day (done day counted in ``vacanti``).

    Counting the done day exactly when cycle time counts it (+1) makes the sum of daily
    WIP over a closed window equal the sum of cycle times (Little's law holds).
    """
    table = flow.table
    s = _as_days(table["start_date"])
    d = _as_days(table["done_date"])
    span = _day_range([s], start, end if end is not None else flow.as_of)
    if span is None:
        return pd.Series([], index=_date_index(0, -1), dtype=np.int64, name="wip")
    lo, hi = span
    leave = np.where(d != _NO_DAY, d + int(flow.settings.rules.count_both_ends), hi + 1)
    entered = _cumulative_by_day(s, lo, hi)
    left = _cumulative_by_day(np.where(s != _NO_DAY, leave, _NO_DAY), lo, hi)
    return pd.Series(entered - left, index=_date_index(lo, hi), name="wip")


def cfd(flow: FlowItems, start: date | None = None, end: date | None = None) -> pd.DataFrame:
    """Cumulative flow: per day and stage, items whose date for that stage is on or before the day.

    Skipped stages carry the next later stage's date, so an item counts in every stage up
    to the furthest it reached (as jira-agile-metrics' cfd.csv). Default range: first to
    last stage date.
    """
    names = list(flow.workflow.stage_names)
    days = [_as_days(flow.table[n]) for n in names]
    span = _day_range(days, start, end)
    if span is None:
        return pd.DataFrame({n: pd.Series([], dtype=np.int64) for n in names}, index=_date_index(0, -1))
    lo, hi = span
    data = {n: _cumulative_by_day(d, lo, hi) for n, d in zip(names, days, strict=True)}
    return pd.DataFrame(data, index=_date_index(lo, hi))


def work_item_age(flow: FlowItems) -> pd.Series:
    """Age of started, not done items as of ``flow.as_of``, oldest first."""
    return flow.table["age"].dropna().sort_values(ascending=False, kind="stable")


def percentiles(values: pd.Series, pcts: Iterable[float] = DEFAULT_PERCENTILES) -> pd.Series:
    """Percentiles (0-100) of the non-missing values, linear interpolation (pandas quantile).

    Indexed by quantile (0.5, 0.85, ...). Works on numbers or Timedeltas.
    """
    qs = [float(p) / 100 for p in pcts]
    clean = values.dropna()
    if clean.empty:
        return pd.Series(np.nan, index=pd.Index(qs, name="quantile"), name=values.name)
    out = clean.quantile(qs, interpolation="linear")
    out.index.name = "quantile"
    return out


def cycle_time_percentiles(flow: FlowItems, pcts: Iterable[float] | None = None) -> pd.Series:
    """Cycle-time percentiles of done items (settings' percentiles by default)."""
    return percentiles(flow.table["cycle_time"], flow.settings.percentiles if pcts is None else pcts)


def littles_law(flow: FlowItems, start: date, end: date) -> LittlesLaw:
    """Avg WIP / avg throughput vs avg cycle time of items done in [start, end] (both days)."""
    if _day(end) < _day(start):
        raise ValueError("littles_law: end is before start")
    wip = wip_daily(flow, start, end)
    tp = throughput_daily(flow, start, end)
    n_days = _day(end) - _day(start) + 1
    avg_wip = float(wip.mean()) if len(wip) else 0.0
    avg_tp = float(tp.sum()) / n_days
    done = flow.table["done_date"]
    in_window = done.notna() & (done >= pd.Timestamp(start)) & (done <= pd.Timestamp(end))
    cycle = flow.table.loc[in_window, "cycle_time"]
    return LittlesLaw(
        start=pd.Timestamp(start),
        end=pd.Timestamp(end),
        avg_wip=avg_wip,
        avg_throughput=avg_tp,
        wip_over_throughput=avg_wip / avg_tp if avg_tp > 0 else float("nan"),
        avg_cycle_time=float(cycle.mean()) if len(cycle) else float("nan"),
    )
