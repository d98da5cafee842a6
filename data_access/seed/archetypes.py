"""Health archetypes: the story each project tells, and the numbers that tell it.

Why archetypes: a demo must show every situation the dashboard is built to reveal
(on track, slipping, over budget, recovering, not started, closed, and "watermelons"
reported green while their data says red). Each project is given one archetype
deterministically; its timeline and its target SPI/CPI curves follow from it.

Targets are cumulative SPI and CPI as functions of x = elapsed share of the project's
history up to ``today`` (0 at the start, 1 today). With METRICS.md's definitions and
the convention the generator writes to (PV at a date = cost plan of months starting on
or before it; EV = percent complete × BAC; AC = actuals of months starting on or
before it), the stored data reproduces these targets at month ends and on ``today``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import numpy as np

from data_access.seed.dates import add_months, month_end, month_start

DAYS_PER_MONTH = 30.44


class Archetype(StrEnum):
    ON_TRACK = "on track"
    SLIPPING = "slipping"
    OVER_BUDGET = "over budget"
    RECOVERING = "recovering"
    WATERMELON_COST = "watermelon (cost)"
    WATERMELON_SCHEDULE = "watermelon (schedule)"
    NOT_STARTED = "not started"
    PLANNING = "planning"
    CLOSED = "closed"
    DATA_GAP = "data gap (no BAC)"


A = Archetype

# The mix of 40 projects; larger portfolios repeat it.
MIX: tuple[tuple[Archetype, int], ...] = (
    (A.ON_TRACK, 11),
    (A.SLIPPING, 6),
    (A.OVER_BUDGET, 5),
    (A.RECOVERING, 4),
    (A.WATERMELON_COST, 2),
    (A.WATERMELON_SCHEDULE, 2),
    (A.NOT_STARTED, 3),
    (A.PLANNING, 2),
    (A.CLOSED, 4),
    (A.DATA_GAP, 1),
)
WATERMELONS = frozenset({A.WATERMELON_COST, A.WATERMELON_SCHEDULE})


def archetype_sequence(count: int, rng: np.random.Generator) -> list[Archetype]:
    """``count`` archetypes in the proportions of ``MIX``, in a seeded random order."""
    pattern = [archetype for archetype, n in MIX for _ in range(n)]
    repeated = (pattern * (count // len(pattern) + 1))[:count]
    return [repeated[i] for i in rng.permutation(count)]


@dataclass(frozen=True)
class Timeline:
    """Start, baseline end (always a month end) and, for closed projects, the close date."""

    start: date
    baseline_end: date
    close: date | None = None


def _months_ago(today: date, months: float) -> date:
    return today - timedelta(days=int(round(months * DAYS_PER_MONTH)))


def _end_after(start: date, months: float) -> date:
    return month_end(start + timedelta(days=int(round(months * DAYS_PER_MONTH))))


def draw_timeline(archetype: Archetype, today: date, rng: np.random.Generator) -> Timeline:
    """Dates that make the archetype possible (e.g. recovering needs a long history)."""
    u = rng.uniform
    if archetype is A.CLOSED:
        ago = u(25.0, 27.0)
        start = _months_ago(today, ago)
        end = _end_after(start, u(12.0, min(18.0, ago - 4.0)))
        close = min(end + timedelta(days=int(u(-10, 40))), today - timedelta(days=45))
        return Timeline(start, end, max(close, start + timedelta(days=200)))
    if archetype is A.NOT_STARTED:
        start = add_months(month_start(today), 1) + timedelta(days=int(u(0, 40)))
        return Timeline(start, _end_after(start, u(6.0, 14.0)))
    if archetype is A.PLANNING:
        start = today - timedelta(days=int(u(21, 55)))
        return Timeline(start, _end_after(start, u(8.0, 16.0)))
    ranges = {
        A.ON_TRACK: ((2.5, 20.0), (1.5, 12.0)),
        A.SLIPPING: ((7.0, 20.0), (1.0, 9.0)),
        A.OVER_BUDGET: ((6.0, 20.0), (2.0, 10.0)),
        A.RECOVERING: ((12.0, 22.0), (2.0, 10.0)),
        A.WATERMELON_COST: ((6.0, 18.0), (3.0, 10.0)),
        A.WATERMELON_SCHEDULE: ((6.0, 18.0), (3.0, 10.0)),
        A.DATA_GAP: ((4.0, 12.0), (3.0, 9.0)),
    }
    (ago_lo, ago_hi), (rest_lo, rest_hi) = ranges[archetype]
    ago = u(ago_lo, ago_hi)
    start = _months_ago(today, ago)
    return Timeline(start, _end_after(start, ago + u(rest_lo, rest_hi)))


def past_episode(x: np.ndarray) -> np.ndarray:
    """1 at x = 0.375, 0 at x = 0 and from x = 0.75 on: a trouble spell, since recovered."""
    x = np.asarray(x, dtype=float)
    inside = (x > 0) & (x < 0.75)
    return np.where(inside, np.sin(np.pi * np.clip(x, 0, 0.75) / 0.75) ** 2, 0.0)


@dataclass(frozen=True)
class HealthCurve:
    """Target cumulative SPI/CPI: start → end along x**power, minus a dip around x≈0.35."""

    spi_start: float
    spi_end: float
    spi_power: float
    spi_dip: float
    cpi_start: float
    cpi_end: float
    cpi_power: float
    cpi_dip: float
    phase: float

    def _wiggle(self, x: np.ndarray) -> np.ndarray:
        return 0.008 * np.sin(2 * np.pi * (3 * x + self.phase))

    def spi(self, x: np.ndarray) -> np.ndarray:
        x = np.clip(np.asarray(x, dtype=float), 0, 1)
        trend = self.spi_start + (self.spi_end - self.spi_start) * x**self.spi_power
        return trend - self.spi_dip * past_episode(x) + self._wiggle(x)

    def cpi(self, x: np.ndarray) -> np.ndarray:
        x = np.clip(np.asarray(x, dtype=float), 0, 1)
        trend = self.cpi_start + (self.cpi_end - self.cpi_start) * x**self.cpi_power
        return trend - self.cpi_dip * past_episode(x) + self._wiggle(x + 0.3)


def draw_curve(archetype: Archetype, rng: np.random.Generator) -> HealthCurve:
    """Seeded targets that put the archetype well inside its RAG band today."""
    u = rng.uniform
    phase = float(u(0, 1))

    def flat(spi: float, cpi: float) -> HealthCurve:
        return HealthCurve(spi, spi, 1.0, 0.0, cpi, cpi, 1.0, 0.0, phase)

    if archetype in (A.ON_TRACK, A.NOT_STARTED):
        return flat(u(0.98, 1.05), u(0.98, 1.06))
    if archetype is A.PLANNING:
        return flat(u(0.98, 1.03), u(0.98, 1.03))
    if archetype is A.CLOSED:
        return flat(1.0, u(0.93, 1.04))
    if archetype is A.DATA_GAP:
        return flat(u(0.92, 1.0), u(0.90, 1.0))
    if archetype is A.WATERMELON_SCHEDULE:
        return flat(u(0.96, 1.01), u(0.97, 1.03))
    if archetype is A.SLIPPING:
        cpi = u(0.94, 1.0)
        return HealthCurve(u(0.98, 1.01), u(0.81, 0.89), 0.7, 0.0, cpi, cpi, 1.0, 0.0, phase)
    if archetype in (A.OVER_BUDGET, A.WATERMELON_COST):
        spi = u(0.96, 1.02)
        return HealthCurve(spi, spi, 1.0, 0.0, 0.98, u(0.72, 0.81), 0.8, 0.0, phase)
    if archetype is A.RECOVERING:
        spi, cpi = u(0.99, 1.03), u(0.99, 1.03)
        return HealthCurve(spi, spi, 1.0, u(0.16, 0.22), cpi, cpi, 1.0, u(0.13, 0.18), phase)
    raise ValueError(f"no curve for {archetype}")
