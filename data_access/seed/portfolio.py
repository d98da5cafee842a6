"""Who and what: programs, people, teams, projects and role assignments.

Why first: every other table hangs off these rows, and each project's archetype,
timeline and methodology decide how much finance, reporting and delivery data it gets.
Primary keys are assigned here (1..N) so children reference parents without round trips.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from data_access.seed import catalog
from data_access.seed.archetypes import (
    Archetype,
    HealthCurve,
    Timeline,
    archetype_sequence,
    draw_curve,
    draw_timeline,
)
from data_access.seed.config import ScaleConfig
from data_access.seed.rows import TableData
from data_access.seed.streams import rng_for
from data_access.seed.workflows import BOARD_FOR_METHODOLOGY, TASK_LIST, WorkflowSpec
from data_access.seed.worktime import WorkCalendar
from data_access.vocabulary import Methodology, ProjectType, Role

EMAIL_DOMAIN = "example.org"


@dataclass(frozen=True)
class Person:
    id: int
    username: str
    display_name: str
    email: str
    title: str


@dataclass(frozen=True)
class Program:
    id: int
    code: str
    name: str
    description: str
    manager_id: int
    sponsor_id: int


@dataclass(frozen=True)
class Team:
    id: int
    code: str
    name: str
    utc_offset_minutes: int
    scrum_master_id: int


@dataclass(frozen=True)
class ProjectPlan:
    """Everything the later phases need to know about one project."""

    id: int
    code: str
    name: str
    program_id: int
    project_type: ProjectType
    methodology: Methodology
    archetype: Archetype
    timeline: Timeline
    curve: HealthCurve
    budget: float  # planned budget; written as BAC unless ``budget_recorded`` is false
    budget_recorded: bool
    has_cost_plan: bool
    sponsor_id: int
    manager_id: int
    team_id: int | None
    workflow: WorkflowSpec | None
    utc_offset_minutes: int
    description: str

    @property
    def key_prefix(self) -> str:
        """Work-item key prefix, e.g. ``CLD012`` for project ``CLD-012`` (Jira-style)."""
        return self.code.replace("-", "")

    @property
    def started(self) -> bool:
        return self.archetype is not Archetype.NOT_STARTED


@dataclass(frozen=True)
class Portfolio:
    today: date
    calendar: WorkCalendar
    people: tuple[Person, ...]
    programs: tuple[Program, ...]
    teams: tuple[Team, ...]
    projects: tuple[ProjectPlan, ...]
    roles: tuple[tuple[int, Role, int | None, int | None, int | None], ...]  # person, role, scope ids

    def tables(self) -> list[TableData]:
        """people, programs, teams and role_assignments (projects are written after finance)."""
        people = TableData.from_records(
            "people",
            [vars(p) for p in self.people],
            ["id", "username", "display_name", "email", "title"],
        )
        programs = TableData.from_records(
            "programs", [vars(p) for p in self.programs], ["id", "code", "name", "description"]
        )
        teams = TableData.from_records("teams", [vars(t) for t in self.teams], ["id", "code", "name"])
        roles = TableData(
            "role_assignments",
            {
                "id": list(range(1, len(self.roles) + 1)),
                "person_id": [r[0] for r in self.roles],
                "role": [r[1].value for r in self.roles],
                "program_id": [r[2] for r in self.roles],
                "project_id": [r[3] for r in self.roles],
                "team_id": [r[4] for r in self.roles],
            },
        )
        return [people, programs, teams, roles]


class _People:
    """Hands out unique people: names from the catalogue, usernames like ``pm.olivia``."""

    def __init__(self, rng: np.random.Generator) -> None:
        combos = [(f, last) for f in catalog.FIRST_NAMES for last in catalog.LAST_NAMES]
        self._names = [combos[i] for i in rng.permutation(len(combos))]
        self._used_names: set[tuple[str, str]] = set()
        self._usernames: set[str] = set()
        self.people: list[Person] = []

    def _username(self, prefix: str, first: str, last: str) -> str:
        simple = "".join(ch for ch in last.lower() if ch.isalpha())
        for candidate in (f"{prefix}.{first.lower()}", f"{prefix}.{first.lower()}.{simple}"):
            if candidate not in self._usernames:
                return candidate
        n = 2
        while f"{prefix}.{first.lower()}.{simple}{n}" in self._usernames:
            n += 1
        return f"{prefix}.{first.lower()}.{simple}{n}"

    def add(self, prefix: str, title: str, name: tuple[str, str] | None = None) -> int:
        if name is None:
            name = next(n for n in self._names if n not in self._used_names)
        first, last = name
        self._used_names.add(name)
        username = self._username(prefix, first, last)
        self._usernames.add(username)
        local = "".join(ch for ch in f"{first}.{last}".lower() if ch.isalpha() or ch == ".")
        person = Person(len(self.people) + 1, username, f"{first} {last}", f"{local}@{EMAIL_DOMAIN}", title)
        self.people.append(person)
        return person.id


def _programs(config: ScaleConfig) -> list[tuple[str, str, str, catalog.ProgramSpec]]:
    """(code, name, description, family) of every program: one per family, or per family × region."""
    if config.regions <= 1:
        return [(spec.code, spec.name, spec.description, spec) for spec in catalog.PROGRAMS]
    return [
        (f"{spec.code}-{region_code}", f"{spec.name} ({region})", spec.description, spec)
        for region_code, region in catalog.REGIONS[: config.regions]
        for spec in catalog.PROGRAMS
    ]


def _budget(project_type: ProjectType, timeline: Timeline, rng: np.random.Generator) -> float:
    months = max((timeline.baseline_end - timeline.start).days / 30.44, 3.0)
    value = catalog.BUDGET_MEDIAN[project_type] * (months / 12) ** 0.8 * rng.lognormal(0.0, 0.35)
    return float(max(round(value / 5_000) * 5_000, 50_000))


def build_portfolio(config: ScaleConfig, today: date, seed: int) -> Portfolio:
    """Programs, people, teams and project plans, all ids assigned, deterministic for a seed."""
    rng = rng_for(seed, "portfolio")
    n = config.projects
    archetypes = archetype_sequence(n, rng)
    types = [list(ProjectType)[k % len(ProjectType)] for k in rng.permutation(n)]

    # Methodology: cycle each type's rotation; closed projects are agile so flow history spans 2+ years.
    rotation_at: Counter[ProjectType] = Counter()
    methodologies: list[Methodology] = []
    for archetype, project_type in zip(archetypes, types, strict=True):
        options = catalog.METHODOLOGY_ROTATION[project_type]
        while True:
            choice = options[rotation_at[project_type] % len(options)]
            rotation_at[project_type] += 1
            if not (archetype is Archetype.CLOSED and choice is Methodology.WATERFALL):
                break
        methodologies.append(choice)

    # People: executives first (exec.ava, exec.noah), then sponsors, program and project managers.
    people = _People(rng)
    executives = [
        people.add("exec", catalog.EXECUTIVE_TITLES[0], ("Ava", "Thompson")),
        people.add("exec", catalog.EXECUTIVE_TITLES[1], ("Noah", "Patel")),
    ]
    sponsors = executives + [
        people.add("sponsor", catalog.SPONSOR_TITLES[i % len(catalog.SPONSOR_TITLES)])
        for i in range(config.sponsors)
    ]
    program_defs = _programs(config)
    programs = [
        Program(
            id=i + 1,
            code=code,
            name=name,
            description=description,
            manager_id=people.add("pgm", "Program Manager"),
            sponsor_id=sponsors[i % len(sponsors)],
        )
        for i, (code, name, description, _spec) in enumerate(program_defs)
    ]
    managers = [
        people.add("pm", catalog.PROJECT_MANAGER_TITLES[i % 2]) for i in range(config.project_managers)
    ]

    # Programs take the project types of their family, least loaded first.
    load: Counter[int] = Counter()
    program_of: list[int] = []
    for project_type in types:
        candidates = [
            p.id
            for p, (_c, _n, _d, spec) in zip(programs, program_defs, strict=True)
            if project_type in spec.project_types
        ]
        chosen = min(candidates, key=lambda pid: (load[pid], pid))
        load[chosen] += 1
        program_of.append(chosen)

    # Codes and names per type: CLD-003, CLD-005, ...; names cycle with a suffix once used up.
    code_number: Counter[ProjectType] = Counter()
    name_use: Counter[ProjectType] = Counter()
    codes: list[str] = []
    names: list[str] = []
    for project_type in types:
        code_number[project_type] += int(rng.integers(1, 4))
        codes.append(f"{catalog.PROJECT_CODE_PREFIX[project_type]}-{code_number[project_type]:03d}")
        base = catalog.PROJECT_NAMES[project_type]
        use = name_use[project_type]
        name_use[project_type] += 1
        name = base[use % len(base)]
        if use >= len(base):
            lap = use // len(base) - 1
            suffix = catalog.NAME_SUFFIXES[lap % len(catalog.NAME_SUFFIXES)]
            name = f"{name} ({suffix})" if lap < len(catalog.NAME_SUFFIXES) else f"{name} ({suffix} {lap})"
        names.append(name)

    # Project managers: 2-5 projects each, assigned round-robin over a shuffled order.
    manager_of = [0] * n
    for position, index in enumerate(rng.permutation(n)):
        manager_of[index] = managers[position % len(managers)]

    # Teams: agile projects of a program share a team two by two.
    agile = sorted(
        (i for i in range(n) if methodologies[i] is not Methodology.WATERFALL),
        key=lambda i: (program_of[i], i),
    )
    offsets = [catalog.TEAM_UTC_OFFSETS[i] for i in rng.permutation(len(catalog.TEAM_UTC_OFFSETS))]
    teams: list[Team] = []
    team_of: dict[int, int] = {}
    for k in range(0, len(agile), 2):
        number = len(teams)
        base = catalog.TEAM_NAMES[number % len(catalog.TEAM_NAMES)]
        lap = number // len(catalog.TEAM_NAMES)
        name = base if lap == 0 else f"{base} {lap + 1}"
        team = Team(
            id=number + 1,
            code=f"T-{name.upper().replace(' ', '-')}",
            name=f"Team {name}",
            utc_offset_minutes=offsets[number % len(offsets)],
            scrum_master_id=people.add("sm", catalog.SCRUM_MASTER_TITLES[number % 2]),
        )
        teams.append(team)
        for index in agile[k : k + 2]:
            team_of[index] = team.id
    pmo_admin = people.add("pmo", "PMO Lead")

    # Project plans.
    not_started_seen = 0
    projects: list[ProjectPlan] = []
    for i in range(n):
        project_rng = rng_for(seed, "project", i)
        archetype = archetypes[i]
        timeline = draw_timeline(archetype, today, project_rng)
        curve = draw_curve(archetype, project_rng)
        methodology = methodologies[i]
        if methodology is Methodology.WATERFALL:
            workflow = TASK_LIST if i % 2 == 0 else None
        else:
            workflow = BOARD_FOR_METHODOLOGY[methodology]
        team_id = team_of.get(i)
        offset = teams[team_id - 1].utc_offset_minutes if team_id else 0
        program = programs[program_of[i] - 1]
        sponsor = (
            program.sponsor_id
            if project_rng.uniform() < 0.7
            else sponsors[int(project_rng.integers(len(sponsors)))]
        )
        has_cost_plan = True
        if archetype is Archetype.NOT_STARTED:
            has_cost_plan = not_started_seen % 3 != 0  # the first of every three has no baseline yet
            not_started_seen += 1
        projects.append(
            ProjectPlan(
                id=i + 1,
                code=codes[i],
                name=names[i],
                program_id=program.id,
                project_type=types[i],
                methodology=methodology,
                archetype=archetype,
                timeline=timeline,
                curve=curve,
                budget=_budget(types[i], timeline, project_rng),
                budget_recorded=archetype is not Archetype.DATA_GAP,
                has_cost_plan=has_cost_plan,
                sponsor_id=sponsor,
                manager_id=manager_of[i],
                team_id=team_id,
                workflow=workflow,
                utc_offset_minutes=offset,
                description=catalog.PROJECT_PURPOSE[types[i]],
            )
        )

    roles: list[tuple[int, Role, int | None, int | None, int | None]] = []
    roles += [(pid, Role.EXECUTIVE, None, None, None) for pid in executives]
    roles += [(p.manager_id, Role.PROGRAM_MANAGER, p.id, None, None) for p in programs]
    roles += [
        (p.manager_id, Role.PROJECT_MANAGER, None, p.id, None) for p in sorted(projects, key=_by_manager)
    ]
    roles += [(t.scrum_master_id, Role.SCRUM_MASTER, None, None, t.id) for t in teams]
    roles.append((pmo_admin, Role.PMO_ADMIN, None, None, None))

    first_day = min(p.timeline.start for p in projects) - timedelta(days=14)
    calendar = WorkCalendar.covering(first_day, today + timedelta(days=730))
    return Portfolio(
        today=today,
        calendar=calendar,
        people=tuple(people.people),
        programs=tuple(programs),
        teams=tuple(teams),
        projects=tuple(projects),
        roles=tuple(roles),
    )


def _by_manager(project: ProjectPlan) -> tuple[int, int]:
    return project.manager_id, project.id


def project_table(portfolio: Portfolio, outcomes: dict[int, dict[str, Any]]) -> TableData:
    """The ``projects`` rows; lifecycle phase and forecast end come from the finance phase."""
    records = []
    for p in portfolio.projects:
        outcome = outcomes[p.id]
        records.append(
            {
                "id": p.id,
                "code": p.code,
                "name": p.name,
                "program_id": p.program_id,
                "project_type": p.project_type.value,
                "methodology": p.methodology.value,
                "sponsor_id": p.sponsor_id,
                "project_manager_id": p.manager_id,
                "team_id": p.team_id,
                "workflow_id": p.workflow.id if p.workflow else None,
                "lifecycle_phase": outcome["lifecycle_phase"].value,
                "start_date": p.timeline.start,
                "baseline_end_date": p.timeline.baseline_end,
                "forecast_end_date": outcome["forecast_end_date"],
                "budget_at_completion": outcome["budget_at_completion"],
                "currency": "USD",
                "description": p.description,
            }
        )
    return TableData.from_records("projects", records, list(records[0]))
