"""Milestones (baseline, forecast, actual, weight) and the history of their re-plans.

Why a history: RAG must be computable as of any past date, and a milestone's slip on
a past date depends on what was forecast then, not on what happened later. Every
re-plan is kept in ``milestone_forecasts`` (recorded_on, forecast_date).

Baseline dates sit where the cost plan reaches the milestones' cumulative weight, so
the schedule and the budget tell the same story. Slips follow the archetype: none for
on-track projects, growing for slipping ones, a past episode for recovering ones, and
one large slip for schedule watermelons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np

from data_access.seed import catalog
from data_access.seed.archetypes import Archetype, past_episode
from data_access.seed.finance import ProjectFinance
from data_access.seed.portfolio import Portfolio, ProjectPlan
from data_access.seed.rows import TableData
from data_access.seed.streams import rng_for

A = Archetype
RECORD_EVERY_DAYS = 28


@dataclass(frozen=True)
class Milestone:
    project_id: int
    name: str
    baseline: date
    forecast: date
    actual: date | None
    weight_bp: int  # ten-thousandths; a project's weights sum to 10000
    history: tuple[tuple[date, date], ...]  # (recorded_on, forecast_date), oldest first

    def slip_as_of(self, day: date) -> int | None:
        """Slip in days as METRICS.md counts it on ``day``; None when it does not count."""
        if self.actual is not None and self.actual <= day:
            slip = (self.actual - self.baseline).days
        else:
            forecast = self.baseline
            for recorded_on, value in self.history:
                if recorded_on > day:
                    break
                forecast = value
            slip = (forecast - self.baseline).days
        return slip if self.baseline <= day or slip > 0 else None


def max_slip(milestones: list[Milestone], day: date) -> int:
    """The largest counted slip on ``day`` (0 when none is late)."""
    slips = [s for m in milestones if (s := m.slip_as_of(day)) is not None]
    return max([0, *slips])


def _weights(count: int, rng: np.random.Generator) -> np.ndarray:
    shares = rng.dirichlet(np.full(count, 3.0))
    bp = np.floor(shares * 10_000).astype(np.int64)
    bp[np.argmax(bp)] += 10_000 - bp.sum()
    return bp


def _baselines(project: ProjectPlan, finance: ProjectFinance, cumulative: np.ndarray) -> list[date]:
    """Dates where the plan reaches each cumulative weight; the last is the baseline end."""
    start, end = project.timeline.start, project.timeline.baseline_end
    days = np.arange(np.datetime64(start, "D"), np.datetime64(end, "D") + 1)
    if finance.plan is not None:
        fraction = finance.plan.planned_fraction(days)
        index = np.minimum(np.searchsorted(fraction, cumulative - 1e-9), len(days) - 1)
    else:
        index = np.round(cumulative * (len(days) - 1)).astype(int)
    dates = [d.item() for d in days[index]]
    dates[-1] = end
    count = len(dates)
    for i in range(count):  # at least a week apart and a week after the start
        earliest = (dates[i - 1] if i else start) + timedelta(days=7)
        latest = end - timedelta(days=7 * (count - 1 - i))
        dates[i] = min(max(dates[i], earliest), latest)
    return dates


def _final_slips(
    project: ProjectPlan, baselines: list[date], today: date, rng: np.random.Generator
) -> list[int]:
    """Slip (days) of each milestone when achieved, or of its forecast today."""
    count = len(baselines)
    due = [b <= today for b in baselines]
    archetype = project.archetype
    if archetype is A.SLIPPING:
        return sorted(int(rng.integers(12, 46)) if d else int(rng.integers(25, 70)) for d in due)
    if archetype is A.DATA_GAP:
        return [int(rng.integers(0, 12)) for _ in range(count)]
    slips = [int(rng.integers(-6, 1)) if d else 0 for d in due]
    if archetype is A.WATERMELON_SCHEDULE:
        late = max((i for i in range(count) if due[i]), default=0)
        slips[late] = int(rng.integers(38, 65))
    return slips


def _history(
    project: ProjectPlan,
    baseline: date,
    final_slip: int,
    actual: date | None,
    today: date,
    peak: int,
) -> list[tuple[date, date]]:
    """Re-plans every four weeks until achieved (or today): the forecast as known then."""
    start = project.timeline.start
    last = actual or today
    rows: list[tuple[date, date]] = [(min(start, today), baseline)]
    recorded = start + timedelta(days=RECORD_EVERY_DAYS)
    span = max((last - start).days, 1)
    while recorded < last:
        if project.archetype is A.RECOVERING:
            x = np.array([(recorded - start).days / max((today - start).days, 1)])
            slip = int(round(peak * past_episode(x)[0]))
        elif final_slip > 0:
            slip = int(round(final_slip * min((recorded - start).days / span, 1.0) ** 0.8))
        else:
            slip = 0
        forecast = max(baseline + timedelta(days=slip), recorded)  # never forecast the past
        rows.append((recorded, forecast))
        recorded += timedelta(days=RECORD_EVERY_DAYS)
    final = actual or baseline + timedelta(days=final_slip)
    if actual is None:
        final = max(final, today + timedelta(days=1))
    closing_day = actual or today
    if rows[-1][0] == closing_day:
        rows[-1] = (closing_day, final)
    else:
        rows.append((closing_day, final))
    deduped = [rows[0]]
    for row in rows[1:]:  # keep only real re-plans
        if row[1] != deduped[-1][1]:
            deduped.append(row)
    return deduped


def build_milestones(
    portfolio: Portfolio, finances: dict[int, ProjectFinance], seed: int
) -> tuple[list[TableData], dict[int, list[Milestone]]]:
    """milestones and milestone_forecasts rows, and each project's milestones for reporting."""
    today = portfolio.today
    by_project: dict[int, list[Milestone]] = {}
    for project in portfolio.projects:
        rng = rng_for(seed, "milestones", project.id)
        names = catalog.MILESTONE_NAMES[project.project_type]
        count = int(rng.integers(4, len(names) + 1))
        chosen = sorted(rng.choice(len(names), size=count, replace=False).tolist())
        weights = _weights(count, rng)
        baselines = _baselines(project, finances[project.id], np.cumsum(weights) / 10_000)
        close = project.timeline.close
        if close is not None:  # closed: the plan stretched to the actual close date
            start = project.timeline.start
            stretch = (close - start).days / max((project.timeline.baseline_end - start).days, 1)
            actuals = [
                min(start + timedelta(days=round((b - start).days * stretch)), close) for b in baselines
            ]
            actuals[-1] = close
            for i in range(1, count):
                actuals[i] = max(actuals[i], actuals[i - 1])
            slips = [(a - b).days for a, b in zip(actuals, baselines, strict=True)]
        else:
            slips = _final_slips(project, baselines, today, rng)
        milestones = []
        for i in range(count):
            achieved = baselines[i] + timedelta(days=slips[i])
            actual = achieved if project.started and achieved <= (close or today) else None
            peak = int(rng.integers(20, 46))
            history = _history(project, baselines[i], slips[i], actual, today, peak)
            milestones.append(
                Milestone(
                    project_id=project.id,
                    name=names[chosen[i]],
                    baseline=baselines[i],
                    forecast=history[-1][1],
                    actual=actual,
                    weight_bp=int(weights[i]),
                    history=tuple(history),
                )
            )
        by_project[project.id] = milestones

    flat = [m for p in portfolio.projects for m in by_project[p.id]]
    milestones_table = TableData(
        "milestones",
        {
            "id": list(range(1, len(flat) + 1)),
            "project_id": [m.project_id for m in flat],
            "name": [m.name for m in flat],
            "baseline_date": [m.baseline for m in flat],
            "forecast_date": [m.forecast for m in flat],
            "actual_date": [m.actual for m in flat],
            "weight": [Decimal(m.weight_bp).scaleb(-4) for m in flat],
        },
    )
    history = [(i + 1, recorded, forecast) for i, m in enumerate(flat) for recorded, forecast in m.history]
    forecasts_table = TableData(
        "milestone_forecasts",
        {
            "id": list(range(1, len(history) + 1)),
            "milestone_id": [h[0] for h in history],
            "recorded_on": [h[1] for h in history],
            "forecast_date": [h[2] for h in history],
        },
    )
    return [milestones_table, forecasts_table], by_project
