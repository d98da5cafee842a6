"""Fortnightly status reports: the RAG a project manager reported, with commentary.

Why modelled on the data: a reported status normally follows what the numbers said a
week or two earlier (reports lag), sometimes one step more optimistic, never two steps
better than the data on the report date. Watermelons are the deliberate exception:
green on the outside while the data is red, which is what the dashboard must expose.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from data_access.seed import catalog
from data_access.seed.archetypes import WATERMELONS, Archetype
from data_access.seed.finance import cutoff_day, elapsed_share
from data_access.seed.milestones import Milestone, max_slip
from data_access.seed.portfolio import Portfolio, ProjectPlan
from data_access.seed.risks import Risk, risk_rag
from data_access.seed.rows import TableData
from data_access.seed.streams import rng_for
from data_access.vocabulary import Rag

REPORT_EVERY_DAYS = 14
SEVERITY = (Rag.GREEN, Rag.AMBER, Rag.RED)


def _schedule(spi: float, slip: int) -> int:
    if spi < 0.85 or slip > 30:
        return 2
    return 1 if spi < 0.95 or slip >= 1 else 0


def _budget(cpi: float) -> int:
    eac_ratio = 1 / cpi  # EAC / BAC with EAC = BAC / CPI
    if cpi < 0.85 or eac_ratio > 1.10:
        return 2
    return 1 if cpi < 0.95 or eac_ratio > 1.05 else 0


def _data_rag(
    project: ProjectPlan, milestones: list[Milestone], risks: list[Risk], day: date, today: date
) -> dict[str, int]:
    """Severity (0 green, 1 amber, 2 red) of each dimension as the data said on ``day``."""
    young = (day - project.timeline.start).days < 45  # too little data yet: nobody reports a colour
    x = elapsed_share(project, today, np.array([day], dtype="datetime64[D]"))
    spi = 1.0 if project.timeline.close is not None else float(project.curve.spi(x)[0])
    cpi = float(project.curve.cpi(x)[0])
    schedule = _schedule(spi, max_slip(milestones, day))
    budget = 0 if young else _budget(cpi)
    if young:
        schedule = min(schedule, 1)
    if project.archetype is Archetype.DATA_GAP:
        budget = 1  # no approved BAC: the PM flags it amber
    return {
        "schedule": schedule,
        "budget": budget,
        "risk": SEVERITY.index(risk_rag(risks, day)),
    }


def _report_days(project: ProjectPlan, offset: int, today: date) -> list[date]:
    """Every 14 days on the project's weekday, from a week after the start to the cutoff."""
    last = cutoff_day(project, today)
    anchor = today - timedelta(days=offset)
    last -= timedelta(days=(last - anchor).days % REPORT_EVERY_DAYS)
    days = []
    while last >= project.timeline.start + timedelta(days=7):
        days.append(last)
        last -= timedelta(days=REPORT_EVERY_DAYS)
    return days[::-1]


def _commentary(
    driver: str, milestones: list[Milestone], risks: list[Risk], day: date, rng: np.random.Generator
) -> str:
    """A line of commentary on the worst dimension, naming the milestone or risk behind it."""
    pending = [m for m in milestones if m.actual is None or m.actual > day]
    milestone = pending[0] if pending else milestones[-1]
    forecast = milestone.baseline
    for recorded_on, value in milestone.history:
        if recorded_on <= day:
            forecast = value
    open_high = [r for r in risks if r.high and r.open_on(day)]
    template = str(rng.choice(catalog.COMMENTARY[driver]))
    return template.format(
        milestone=milestone.name,
        date=f"{forecast:%d %b %Y}",
        days=max((forecast - milestone.baseline).days, 1),
        risk=(open_high[0].title if open_high else "vendor capacity").lower(),
    )


def build_status_reports(
    portfolio: Portfolio,
    milestones: dict[int, list[Milestone]],
    risks: dict[int, list[Risk]],
    seed: int,
) -> TableData:
    """The ``status_reports`` rows of every started project."""
    today = portfolio.today
    weekdays = [o for o in range(REPORT_EVERY_DAYS) if (today - timedelta(days=o)).weekday() < 5]
    records = []
    started = [p for p in portfolio.projects if p.started]
    for k, project in enumerate(started):
        rng = rng_for(seed, "reports", project.id)
        own_milestones, own_risks = milestones[project.id], risks[project.id]
        watermelon = project.archetype in WATERMELONS
        for day in _report_days(project, weekdays[k % len(weekdays)], today):
            lagged = max(day - timedelta(days=int(rng.choice([0, 7, 14]))), project.timeline.start)
            then = _data_rag(project, own_milestones, own_risks, lagged, today)
            now = _data_rag(project, own_milestones, own_risks, day, today)
            reported = {}
            for dimension, severity in then.items():
                optimistic = severity - (1 if severity and rng.uniform() < 0.25 else 0)
                reported[dimension] = max(optimistic, now[dimension] - 1)
            scope_chance = 0.15 if project.archetype in (Archetype.SLIPPING, Archetype.OVER_BUDGET) else 0.0
            reported["scope"] = 1 if rng.uniform() < scope_chance else 0
            x = float(elapsed_share(project, today, np.array([day], dtype="datetime64[D]"))[0])
            if watermelon and x >= 0.2:
                reported = dict.fromkeys(reported, 0)
            overall = max(reported.values())
            driver = "green"
            if overall:
                driver = max(("schedule", "budget", "risk", "scope"), key=lambda d: reported[d])
            decision_chance = (0.1, 0.4, 0.7)[overall]
            records.append(
                {
                    "project_id": project.id,
                    "report_date": day,
                    "author_id": project.manager_id,
                    "overall_rag": SEVERITY[overall].value,
                    "schedule_rag": SEVERITY[reported["schedule"]].value,
                    "budget_rag": SEVERITY[reported["budget"]].value,
                    "scope_rag": SEVERITY[reported["scope"]].value,
                    "risk_rag": SEVERITY[reported["risk"]].value,
                    "commentary": _commentary(driver, own_milestones, own_risks, day, rng),
                    "decisions_needed": (
                        str(rng.choice(catalog.DECISIONS)) if rng.uniform() < decision_chance else None
                    ),
                }
            )
    for i, record in enumerate(records, start=1):
        record["id"] = i
    return TableData.from_records("status_reports", records, ["id", *[c for c in records[0] if c != "id"]])
