"""Counting presets and settings for flow metrics (shared/METRICS.md, "Flow metrics").

Why presets: tools disagree on which entry into a stage counts and on whether an item
started and finished the same day took 0 or 1 day. The choice is a per-board setting
(default ``vacanti``) so the numbers on screen can be matched to the tool a team trusts.

Pure: frozen dataclasses only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Preset = Literal["vacanti", "jira-agile-metrics", "in-progress-time"]
PRESETS: tuple[str, ...] = get_args(Preset)
DEFAULT_PRESET: Preset = "vacanti"
DEFAULT_PERCENTILES: tuple[float, ...] = (50, 70, 85, 95)


@dataclass(frozen=True)
class PresetRules:
    """What a preset decides.

    - ``stage_entry``: which entry into a stage dates it ("first" keeps the first entry
      since the stage was last wiped by a backward move; "last" keeps the last entry,
      forgotten when the item later moves back to an earlier stage).
    - ``count_both_ends``: +1 day, so an item started and finished the same day took 1 day
      (also counts the done day in WIP and the as-of day in age).
    - ``exact_in_progress_time``: cycle time and age are the exact time spent in
      statuses whose stage category is "in progress", not a span of calendar dates.
    """

    stage_entry: Literal["first", "last"]
    count_both_ends: bool
    exact_in_progress_time: bool


RULES: dict[str, PresetRules] = {
    "vacanti": PresetRules(stage_entry="last", count_both_ends=True, exact_in_progress_time=False),
    "jira-agile-metrics": PresetRules(
        stage_entry="first", count_both_ends=False, exact_in_progress_time=False
    ),
    # The stage table (throughput, CFD, WIP) of this preset uses the default (last entry)
    # dating without +1; only cycle time, lead time and age are exact durations.
    "in-progress-time": PresetRules(stage_entry="last", count_both_ends=False, exact_in_progress_time=True),
}


@dataclass(frozen=True)
class FlowSettings:
    """Per-board flow settings.

    - ``preset``: counting convention (see ``RULES``).
    - ``working_days``: count Mon-Fri only (minus ``holidays``), with numpy's busday rules.
    - ``time_zone``: IANA name that decides a calendar date; None = the offset written in
      each timestamp (what Jira exports and jira-agile-metrics use).
    - ``percentiles``: shown percentiles, 0-100, linear interpolation.
    """

    preset: Preset = DEFAULT_PRESET
    working_days: bool = False
    time_zone: str | None = None
    percentiles: tuple[float, ...] = DEFAULT_PERCENTILES
    holidays: tuple[date, ...] = ()

    def __post_init__(self) -> None:
        if self.preset not in RULES:
            raise ValueError(f"unknown flow preset {self.preset!r}; expected one of {', '.join(PRESETS)}")
        if self.time_zone is not None:
            try:
                ZoneInfo(self.time_zone)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ValueError(f"unknown time zone {self.time_zone!r}") from exc
        for p in self.percentiles:
            if not (0 <= p <= 100) or math.isnan(p):
                raise ValueError(f"percentile {p!r} is outside 0-100")

    @property
    def rules(self) -> PresetRules:
        return RULES[self.preset]
