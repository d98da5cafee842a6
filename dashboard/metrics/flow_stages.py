"""Workflow definition and stage dating for flow metrics.

Why a separate module: the rules that decide *which* entry into a stage dates it are
where tools disagree (see ``flow_presets``); keeping them here, as a few dense numpy
steps over all items at once, keeps them testable and fast (no Python loop per item).

Creation is handled explicitly (not expected in ``transitions``): each item's
``created_at`` is an entry into its initial status (optional ``items.initial_status``;
missing or NA means the workflow's first stage). Callers that already put the creation
in ``transitions`` pass ``count_creation=False``.

Pure: numpy and pandas only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, get_args

import numpy as np
import pandas as pd

StageCategory = Literal["to do", "in progress", "done"]
STAGE_CATEGORIES: tuple[str, ...] = get_args(StageCategory)
DAY_NS = 86_400 * 10**9
MINUTE_NS = 60 * 10**9

RESERVED_COLUMNS: frozenset[str] = frozenset(
    {
        "item_type",
        "title",
        "created_date",
        "start_date",
        "done_date",
        "cycle_time",
        "lead_time",
        "age",
        "current_stage",
    }
)
"""Columns of the per-item table; a stage may not take one of these names."""


@dataclass(frozen=True)
class Stage:
    """One column of the board, in workflow order."""

    name: str
    category: StageCategory

    def __post_init__(self) -> None:
        if self.category not in STAGE_CATEGORIES:
            raise ValueError(
                f"stage {self.name!r}: category {self.category!r} is not one of {STAGE_CATEGORIES}"
            )


@dataclass(frozen=True)
class Workflow:
    """Stages in order, how statuses map to them, and where the cycle starts and ends.

    Status names match case-insensitively (Jira renames case freely; jira-agile-metrics
    does the same).
    """

    stages: tuple[Stage, ...]
    status_to_stage: dict[str, str]
    start_stage: str
    done_stage: str
    _lookup: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = [s.name for s in self.stages]
        if not names:
            raise ValueError("a workflow needs at least one stage")
        if len(set(names)) != len(names):
            raise ValueError(f"stage names must be unique: {names}")
        clash = sorted(set(names) & RESERVED_COLUMNS)
        if clash:
            raise ValueError(f"stage names {clash} clash with flow table columns")
        index = {n: i for i, n in enumerate(names)}
        for stage_name in (self.start_stage, self.done_stage):
            if stage_name not in index:
                raise ValueError(f"stage {stage_name!r} is not in the workflow {names}")
        if index[self.start_stage] >= index[self.done_stage]:
            raise ValueError(
                f"start stage {self.start_stage!r} must come before done stage {self.done_stage!r}"
            )
        lookup: dict[str, int] = {}
        for status, stage_name in self.status_to_stage.items():
            if stage_name not in index:
                raise ValueError(f"status {status!r} maps to unknown stage {stage_name!r}")
            key = str(status).casefold()
            if key in lookup and lookup[key] != index[stage_name]:
                raise ValueError(f"status {status!r} maps to two stages (names match case-insensitively)")
            lookup[key] = index[stage_name]
        object.__setattr__(self, "_lookup", lookup)

    @property
    def stage_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)

    @property
    def start_index(self) -> int:
        return self.stage_names.index(self.start_stage)

    @property
    def done_index(self) -> int:
        return self.stage_names.index(self.done_stage)

    def in_progress_mask(self) -> np.ndarray:
        """Boolean per stage: category is "in progress"."""
        return np.array([s.category == "in progress" for s in self.stages], dtype=bool)

    def stage_codes(self, statuses: pd.Series) -> np.ndarray:
        """Stage index per status (vectorised over the distinct statuses only).

        Raises ValueError naming every unknown status: a silently dropped status would
        shift stage dates and nobody would notice.
        """
        if statuses.isna().any():
            raise ValueError("a status is missing (NA); every transition needs a to_status")
        codes, uniques = pd.factorize(statuses, sort=False)
        mapped = np.array([self._lookup.get(str(u).casefold(), -1) for u in uniques], dtype=np.int64)
        unknown = [str(u) for u, m in zip(uniques, mapped, strict=True) if m < 0]
        if unknown:
            raise ValueError(
                f"unknown status(es) not mapped to a workflow stage: {', '.join(sorted(unknown))}"
            )
        return mapped[codes] if len(codes) else np.empty(0, dtype=np.int64)


@dataclass(frozen=True)
class Events:
    """All stage entries (a change of stage, or creation), sorted by item then time.

    Arrays are aligned row by row.

    ``local_ns`` is the wall-clock time (ns since epoch) in which calendar dates are cut.
    """

    item: np.ndarray
    stage: np.ndarray
    instant: np.ndarray
    local_ns: np.ndarray
    n_items: int

    @property
    def local_day(self) -> np.ndarray:
        return np.floor_divide(self.local_ns, DAY_NS)


def utc_ns(values: pd.Series, what: str) -> np.ndarray:
    """int64 ns since epoch (UTC) of a tz-aware column; naive or missing values are refused."""
    if not isinstance(values.dtype, pd.DatetimeTZDtype):
        raise ValueError(f"{what} must be tz-aware timestamps (got dtype {values.dtype})")
    if values.isna().any():
        raise ValueError(f"{what} has missing timestamps")
    return values.to_numpy(dtype="datetime64[ns]").view(np.int64)


def local_ns(instant: np.ndarray, offset_minutes: np.ndarray, time_zone: str | None) -> np.ndarray:
    """Wall-clock ns: in the written offset by default, else in the named time zone."""
    if time_zone is None:
        return instant + offset_minutes.astype(np.int64) * MINUTE_NS
    idx = pd.DatetimeIndex(instant.view("datetime64[ns]"), tz="UTC").tz_convert(time_zone)
    return idx.tz_localize(None).to_numpy(dtype="datetime64[ns]").view(np.int64)


def _offsets(values: pd.Series, what: str) -> np.ndarray:
    if values.isna().any():
        raise ValueError(f"{what} has missing values")
    return values.to_numpy(dtype=np.int64)


def build_events(
    transitions: pd.DataFrame,
    items: pd.DataFrame,
    workflow: Workflow,
    *,
    time_zone: str | None,
    count_creation: bool,
    as_of: date | None,
) -> Events:
    """Validate inputs and turn them into sorted stage-entry arrays (creation first on ties)."""
    keys = pd.Index(items["item_key"])
    if keys.has_duplicates:
        raise ValueError(f"items has duplicate item_key values: {list(keys[keys.duplicated()].unique()[:5])}")
    item = keys.get_indexer(transitions["item_key"])
    if (item < 0).any():
        missing = pd.unique(transitions["item_key"].to_numpy()[item < 0])[:5]
        raise ValueError(f"transitions refer to items not in items: {list(missing)}")
    stage = workflow.stage_codes(transitions["to_status"])
    instant = utc_ns(transitions["changed_at"], "transitions.changed_at")
    offset = _offsets(transitions["utc_offset_minutes"], "transitions.utc_offset_minutes")
    kind = np.ones(len(item), dtype=np.int8)
    if count_creation:
        n = len(items)
        c_stage = np.zeros(n, dtype=np.int64)
        if "initial_status" in items.columns:
            initial = items["initial_status"]
            has = initial.notna().to_numpy()
            c_stage[has] = workflow.stage_codes(initial[has])
        item = np.concatenate([np.arange(n, dtype=np.int64), item])
        stage = np.concatenate([c_stage, stage])
        instant = np.concatenate([utc_ns(items["created_at"], "items.created_at"), instant])
        offset = np.concatenate(
            [_offsets(items["created_utc_offset_minutes"], "items.created_utc_offset_minutes"), offset]
        )
        kind = np.concatenate([np.zeros(n, dtype=np.int8), kind])
    local = local_ns(instant, offset, time_zone)
    if as_of is not None:
        keep = np.floor_divide(local, DAY_NS) <= _epoch_day(as_of)
        item, stage, instant, local, kind = item[keep], stage[keep], instant[keep], local[keep], kind[keep]
    order = np.lexsort((kind, instant, item))  # stable: equal keys keep input order
    item, stage, instant, local = item[order], stage[order], instant[order], local[order]
    # A status change inside one stage (In Progress -> Blocked, Done -> Closed) is not an
    # entry into the stage: drop it, or "last entry" would move dates within a column.
    # Time in the stage is unchanged (the stage's run just starts at its first row).
    entry = np.ones(len(item), dtype=bool)
    entry[1:] = (item[1:] != item[:-1]) | (stage[1:] != stage[:-1])
    return Events(
        item=item[entry],
        stage=stage[entry],
        instant=instant[entry],
        local_ns=local[entry],
        n_items=len(keys),
    )


def _epoch_day(d: date) -> int:
    return int(np.datetime64(pd.Timestamp(d).date(), "D").astype(np.int64))


def stage_positions(events: Events, n_stages: int, entry: Literal["first", "last"]) -> np.ndarray:
    """Row (in ``events``) of the entry that dates each (item, stage); -1 = never reached.

    A backward move to stage r wipes every later stage entered before it. So the entry
    that counts for stage s must come after the last entry into any earlier stage:
    "first" takes the first such entry (jira-agile-metrics), "last" the last entry,
    kept only if nothing earlier was entered after it (vacanti). A skipped stage then
    takes the row of the next later stage reached (bfill across stages).
    """
    n, pos = events.n_items, np.arange(len(events.item), dtype=np.int64)
    last = np.full((n, n_stages), -1, dtype=np.int64)
    np.maximum.at(last, (events.item, events.stage), pos)
    wiped_until = np.full((n, n_stages), -1, dtype=np.int64)
    if n_stages > 1:
        wiped_until[:, 1:] = np.maximum.accumulate(last, axis=1)[:, :-1]
    if entry == "last":
        chosen = np.where(last > wiped_until, last, -1)
    else:
        valid = pos > wiped_until[events.item, events.stage]
        big = np.iinfo(np.int64).max
        first = np.full((n, n_stages), big, dtype=np.int64)
        np.minimum.at(first, (events.item[valid], events.stage[valid]), pos[valid])
        chosen = np.where(first == big, -1, first)
    for s in range(n_stages - 2, -1, -1):  # loop over stages (a handful), not items
        chosen[:, s] = np.where(chosen[:, s] < 0, chosen[:, s + 1], chosen[:, s])
    return chosen
