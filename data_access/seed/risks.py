"""The risk and issue register of each project.

Why profiles: the risk RAG (METRICS.md) turns red for an open high-exposure risk that
is overdue or has no owner, and amber for one that is owned and in date. On-track
projects must stay green, troubled ones must show the rule firing, so each archetype
gets a profile; low-exposure risks stay realistic (some unowned, some overdue).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from data_access.seed import catalog
from data_access.seed.archetypes import Archetype
from data_access.seed.finance import cutoff_day
from data_access.seed.portfolio import Portfolio, ProjectPlan
from data_access.seed.rows import TableData
from data_access.seed.streams import rng_for
from data_access.vocabulary import Rag, RiskKind, RiskStatus

A = Archetype
HIGH_EXPOSURE = 15


@dataclass(frozen=True)
class Risk:
    project_id: int
    kind: RiskKind
    title: str
    description: str | None
    probability: int
    impact: int
    owner_id: int | None
    raised_on: date
    due_date: date
    closed_on: date | None
    status: RiskStatus
    mitigation: str | None

    @property
    def high(self) -> bool:
        return self.probability * self.impact >= HIGH_EXPOSURE

    def open_on(self, day: date) -> bool:
        return self.raised_on <= day and (self.closed_on is None or self.closed_on > day)


def risk_rag(risks: list[Risk], day: date) -> Rag:
    """Risk dimension on ``day``, per METRICS.md."""
    high = [r for r in risks if r.high and r.open_on(day)]
    if any(r.owner_id is None or r.due_date < day for r in high):
        return Rag.RED
    return Rag.AMBER if high else Rag.GREEN


def _profile(project: ProjectPlan) -> str:
    archetype = project.archetype
    if archetype is A.CLOSED:
        return "closed"
    if archetype in (A.WATERMELON_COST, A.WATERMELON_SCHEDULE):
        return "alarming"
    if archetype in (A.SLIPPING, A.OVER_BUDGET):
        return "alarming" if project.id % 2 else "watched"
    if archetype is A.DATA_GAP:
        return "watched"
    return "calm"


def _project_risks(project: ProjectPlan, portfolio: Portfolio, rng: np.random.Generator) -> list[Risk]:
    today = portfolio.today
    profile = _profile(project)
    cutoff = cutoff_day(project, today)
    first = min(project.timeline.start - timedelta(days=20), today - timedelta(days=30))
    last = min(cutoff, today)
    count = {"closed": (2, 6), "calm": (3, 8)}.get(profile, (4, 10))
    if not project.started:
        count = (1, 4)
    program = portfolio.programs[project.program_id - 1]
    team = portfolio.teams[project.team_id - 1] if project.team_id else None
    owners: list[int | None] = [project.manager_id, project.sponsor_id, program.manager_id, None]
    owner_weights = [0.50, 0.12, 0.20, 0.18]
    if team:
        owners.append(team.scrum_master_id)
        owner_weights = [0.45, 0.10, 0.15, 0.15, 0.15]
    titles = catalog.RISK_TITLES[project.project_type] + catalog.GENERIC_RISK_TITLES
    span = max((last - first).days, 1)

    risks: list[Risk] = []
    for _ in range(int(rng.integers(*count))):
        kind = RiskKind.ISSUE if rng.uniform() < 0.25 else RiskKind.RISK
        title_pool = catalog.ISSUE_TITLES if kind is RiskKind.ISSUE else titles
        raised = first + timedelta(days=int(rng.integers(0, span)))
        probability = (
            5 if kind is RiskKind.ISSUE else int(rng.choice([1, 2, 3, 4, 5], p=[0.1, 0.25, 0.3, 0.25, 0.1]))
        )
        impact = int(rng.choice([1, 2, 3, 4, 5], p=[0.1, 0.25, 0.3, 0.25, 0.1]))
        owner = owners[int(rng.choice(len(owners), p=owner_weights))]
        due = raised + timedelta(days=int(rng.integers(21, 120)))
        roll = rng.uniform()
        closed_on = raised + timedelta(days=int(rng.integers(7, 120)))
        if profile == "closed":
            closed_on = min(closed_on, cutoff)
        if profile == "closed" or (roll < 0.35 and closed_on <= last):
            status = RiskStatus.CLOSED
        else:
            closed_on = None
            status = RiskStatus.MITIGATING if roll < 0.7 else RiskStatus.OPEN
        if probability * impact >= HIGH_EXPOSURE:
            settled = closed_on is not None and (
                profile == "closed" or closed_on <= last - timedelta(days=30)
            )
            if settled and profile in ("calm", "closed"):
                owner, due = project.manager_id, max(due, closed_on)  # handled well: amber while open
            elif not settled or profile in ("calm", "closed"):
                impact = max(1, (HIGH_EXPOSURE - 1) // probability)  # only the profile's own risk is high
        risks.append(
            Risk(
                project_id=project.id,
                kind=kind,
                title=str(rng.choice(title_pool)),
                description=None if rng.uniform() < 0.3 else f"Raised at the {raised:%B %Y} risk review.",
                probability=probability,
                impact=impact,
                owner_id=owner,
                raised_on=raised,
                due_date=due,
                closed_on=closed_on,
                status=status,
                mitigation=None if rng.uniform() < 0.15 else str(rng.choice(catalog.MITIGATIONS)),
            )
        )

    if profile in ("watched", "alarming"):
        raised = max(today - timedelta(days=int(rng.integers(20, 90))), project.timeline.start)
        unowned = profile == "alarming" and rng.uniform() < 0.5
        if profile == "watched" or unowned:
            due = today + timedelta(days=int(rng.integers(14, 60)))
        else:
            due = max(raised + timedelta(days=14), today - timedelta(days=int(rng.integers(5, 45))))
        risks.append(
            Risk(
                project_id=project.id,
                kind=RiskKind.RISK,
                title=str(rng.choice(catalog.RISK_TITLES[project.project_type])),
                description="High exposure: reviewed at every steering committee.",
                probability=int(rng.integers(4, 6)),
                impact=int(rng.integers(4, 6)),
                owner_id=None if unowned else project.manager_id,
                raised_on=raised,
                due_date=due,
                closed_on=None,
                status=RiskStatus.OPEN,
                mitigation=str(rng.choice(catalog.MITIGATIONS)),
            )
        )
    return sorted(risks, key=lambda r: (r.raised_on, r.title))


def build_risks(portfolio: Portfolio, seed: int) -> tuple[TableData, dict[int, list[Risk]]]:
    """The ``risks`` rows and each project's register."""
    by_project = {
        p.id: _project_risks(p, portfolio, rng_for(seed, "risks", p.id)) for p in portfolio.projects
    }
    flat = [r for p in portfolio.projects for r in by_project[p.id]]
    table = TableData(
        "risks",
        {
            "id": list(range(1, len(flat) + 1)),
            "project_id": [r.project_id for r in flat],
            "ref": [f"R-{n:02d}" for p in portfolio.projects for n in range(1, len(by_project[p.id]) + 1)],
            "kind": [r.kind.value for r in flat],
            "title": [r.title for r in flat],
            "description": [r.description for r in flat],
            "probability": [r.probability for r in flat],
            "impact": [r.impact for r in flat],
            "owner_id": [r.owner_id for r in flat],
            "raised_on": [r.raised_on for r in flat],
            "due_date": [r.due_date for r in flat],
            "closed_on": [r.closed_on for r in flat],
            "status": [r.status.value for r in flat],
            "mitigation": [r.mitigation for r in flat],
        },
    )
    return table, by_project
