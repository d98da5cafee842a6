"""Money and progress: baseline cost plan, monthly actuals and percent complete.

Why derived from targets: executives read SPI and CPI, so each project's data is
built backwards from its archetype's target SPI/CPI curve. With
  PV(d) = cost plan of months starting on or before d (the convention of the read
  queries, which sum actuals the same way),
  EV(d) = percent complete at d × BAC, and AC(d) = actuals of months up to d,
the stored rows reproduce SPI = EV/PV and CPI = EV/AC at every month end and on the
last day of history. Closed projects instead follow their plan stretched to the
actual close date, so they end at 100 % exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np

from data_access.seed import catalog
from data_access.seed.archetypes import Archetype
from data_access.seed.dates import month_end, month_start, month_starts
from data_access.seed.portfolio import Portfolio, ProjectPlan
from data_access.seed.rows import TableData, cents_to_decimal
from data_access.seed.streams import rng_for
from data_access.vocabulary import LifecyclePhase


@dataclass(frozen=True)
class MonthlyPlan:
    """Monthly baseline of one project: month starts and amounts in cents per category."""

    months: np.ndarray  # datetime64[D], first day of each month
    cents: np.ndarray  # int64 [months, categories]

    @property
    def monthly(self) -> np.ndarray:
        return self.cents.sum(axis=1)

    def pv_step(self, days: np.ndarray) -> np.ndarray:
        """PV in cents on each day: the plan of every month starting on or before it."""
        cumulative = np.concatenate([[0], np.cumsum(self.monthly)])
        return cumulative[np.searchsorted(self.months, days, side="right")].astype(float)

    def planned_fraction(self, days: np.ndarray) -> np.ndarray:
        """Share of the budget planned to be spent by each day, pro-rated within the month."""
        monthly = self.monthly.astype(float)
        cumulative = np.concatenate([[0.0], np.cumsum(monthly)])
        index = np.searchsorted(self.months, days, side="right") - 1
        inside = (index >= 0) & (index < len(self.months))
        safe = np.clip(index, 0, len(self.months) - 1)
        first = self.months[safe]
        following = (first.astype("datetime64[M]") + 1).astype("datetime64[D]")
        elapsed = (days - first).astype(int) + 1
        length = (following - first).astype(int)
        value = cumulative[safe] + monthly[safe] * np.minimum(elapsed / length, 1.0)
        value = np.where(inside, value, np.where(index < 0, 0.0, cumulative[-1]))
        return value / cumulative[-1]


@dataclass(frozen=True)
class ProjectFinance:
    """What later phases need: the plan, the percent complete on the last day, the phase."""

    plan: MonthlyPlan | None
    percent_complete: float | None
    lifecycle_phase: LifecyclePhase


def cutoff_day(project: ProjectPlan, today: date) -> date:
    """Last day the project produced data: its close date, or today."""
    return project.timeline.close or today


def elapsed_share(project: ProjectPlan, today: date, days: np.ndarray) -> np.ndarray:
    """x of the health curves: 0 at the start, 1 on ``today``."""
    start = np.datetime64(project.timeline.start, "D")
    span = max((today - project.timeline.start).days, 1)
    return (np.asarray(days, dtype="datetime64[D]") - start).astype(float) / span


def _split(total: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Integer cents of each total split by shares (rows), exact: the last column takes the rest."""
    parts = np.floor(total[:, None] * shares[:, :-1]).astype(np.int64)
    return np.concatenate([parts, (total - parts.sum(axis=1))[:, None]], axis=1)


def _cost_plan(project: ProjectPlan, rng: np.random.Generator) -> MonthlyPlan:
    start, end = project.timeline.start, project.timeline.baseline_end
    months = month_starts(start, end)
    x = (np.arange(len(months)) + 0.5) / len(months)
    shape = np.sin(np.pi * x) ** rng.uniform(0.6, 1.2) + rng.uniform(0.2, 0.5)
    first_length = (month_end(start) - month_start(start)).days + 1
    shape[0] *= (first_length - start.day + 1) / first_length
    total = int(round(project.budget * 100))
    monthly = np.floor(total * shape / shape.sum()).astype(np.int64)
    monthly[np.argmax(monthly)] += total - monthly.sum()
    mix = rng.dirichlet(np.array(catalog.COST_MIX[project.project_type]) * 80)
    return MonthlyPlan(
        np.array(months, dtype="datetime64[D]"), _split(monthly, np.tile(mix, (len(months), 1)))
    )


def _sample_days(project: ProjectPlan, cutoff: date) -> np.ndarray:
    """Month ends from the start month up to the cutoff, and the cutoff itself."""
    ends = [month_end(m) for m in month_starts(project.timeline.start, cutoff)]
    days = [d for d in ends if d < cutoff] + [cutoff]
    return np.array(days, dtype="datetime64[D]")


def _earned(project: ProjectPlan, plan: MonthlyPlan, days: np.ndarray, today: date) -> np.ndarray:
    """EV in cents on each sample day (non-decreasing, at most BAC)."""
    bac = float(plan.monthly.sum())
    timeline = project.timeline
    if timeline.close is not None:  # closed: the plan stretched onto the actual duration
        start = np.datetime64(timeline.start, "D")
        stretch = (timeline.baseline_end - timeline.start).days / (timeline.close - timeline.start).days
        planned_day = start + np.round((days - start).astype(float) * stretch).astype("timedelta64[D]")
        ev = bac * plan.planned_fraction(planned_day)
        ev[days >= np.datetime64(timeline.close, "D")] = bac
    else:
        ev = project.curve.spi(elapsed_share(project, today, days)) * plan.pv_step(days)
    return np.maximum.accumulate(np.clip(ev, 0, bac))


def build_finance(portfolio: Portfolio, seed: int) -> tuple[list[TableData], dict[int, ProjectFinance]]:
    """cost_plan, cost_actuals and progress rows, and each project's finance outcome."""
    plan_rows: dict[str, list] = {"project_id": [], "month": [], "category": [], "cents": []}
    actual_rows: dict[str, list] = {"project_id": [], "month": [], "category": [], "cents": []}
    progress_rows: dict[str, list] = {"project_id": [], "period_end": [], "percent": []}
    outcomes: dict[int, ProjectFinance] = {}
    categories = [c.value for c in catalog.COST_CATEGORIES]
    today = portfolio.today

    def add_monthly(rows: dict[str, list], project_id: int, months: np.ndarray, cents: np.ndarray) -> None:
        month_index, category_index = np.nonzero(cents > 0)
        rows["project_id"] += [project_id] * len(month_index)
        rows["month"] += months[month_index].tolist()
        rows["category"] += [categories[k] for k in category_index]
        rows["cents"].append(cents[month_index, category_index])

    for project in portfolio.projects:
        rng = rng_for(seed, "finance", project.id)
        plan = _cost_plan(project, rng) if project.has_cost_plan else None
        if plan is not None:
            add_monthly(plan_rows, project.id, plan.months, plan.cents)
        if not project.started or plan is None:
            outcomes[project.id] = ProjectFinance(plan, None, LifecyclePhase.INITIATION)
            continue

        cutoff = cutoff_day(project, today)
        days = _sample_days(project, cutoff)
        ev = _earned(project, plan, days, today)
        bac = float(plan.monthly.sum())
        percent = np.minimum(np.maximum.accumulate(np.round(ev / bac * 100, 2)), 100.0)
        if project.timeline.close is not None:
            percent[-1] = 100.0
        progress_rows["project_id"] += [project.id] * len(days)
        progress_rows["period_end"] += days.tolist()
        progress_rows["percent"] += percent.tolist()

        cpi = project.curve.cpi(elapsed_share(project, today, days))
        ac = np.maximum.accumulate(np.round(ev / cpi)).astype(np.int64)
        spent = np.diff(np.concatenate([[0], ac]))
        mix = np.array(catalog.COST_MIX[project.project_type])
        if project.archetype in (Archetype.OVER_BUDGET, Archetype.WATERMELON_COST):
            mix = mix * np.array([1.0, 1.6, 1.0, 1.0])  # the overrun is mostly vendor spend
        shares = rng.dirichlet(mix / mix.sum() * 40, size=len(days))
        months = days.astype("datetime64[M]").astype("datetime64[D]")
        add_monthly(actual_rows, project.id, months, _split(spent, shares))

        last = float(percent[-1])
        if project.timeline.close is not None:
            phase = LifecyclePhase.CLOSED
        elif project.archetype is Archetype.PLANNING:
            phase = LifecyclePhase.PLANNING
        elif last >= 90:
            phase = LifecyclePhase.CLOSING
        else:
            phase = LifecyclePhase.EXECUTION
        outcomes[project.id] = ProjectFinance(plan, last, phase)

    def money_table(name: str, rows: dict[str, list]) -> TableData:
        cents = np.concatenate(rows["cents"]) if rows["cents"] else np.zeros(0, dtype=np.int64)
        return TableData(
            name,
            {
                "id": list(range(1, len(cents) + 1)),
                "project_id": rows["project_id"],
                "month": rows["month"],
                "category": rows["category"],
                "amount": cents_to_decimal(cents),
            },
        )

    progress = TableData(
        "progress",
        {
            "id": list(range(1, len(progress_rows["project_id"]) + 1)),
            "project_id": progress_rows["project_id"],
            "period_end": progress_rows["period_end"],
            "percent_complete": [Decimal(f"{p:.2f}") for p in progress_rows["percent"]],
        },
    )
    return [money_table("cost_plan", plan_rows), money_table("cost_actuals", actual_rows), progress], outcomes
