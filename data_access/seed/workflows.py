"""Board workflows: statuses, their stages and categories, and the paths items take.

Why paths: real boards are messy. Items skip statuses, move backwards, get blocked,
are reopened after Done, or never leave the backlog. Each workflow lists such paths
(as status sequences) with weights; the delivery generator picks one per item.

Convention: an item is created in its workflow's first status and no transition row
records the creation, so an item's first transition has ``from_status`` = that first
status (never NULL), and an item that never moved has no transitions at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from data_access.seed.rows import TableData
from data_access.vocabulary import Methodology, StageCategory

TODO, DOING, DONE = StageCategory.TO_DO, StageCategory.IN_PROGRESS, StageCategory.DONE


@dataclass(frozen=True)
class StatusSpec:
    status: str
    stage: str
    stage_order: int
    category: StageCategory
    dwell_hours: float  # median working hours an item stays in the status before moving on


@dataclass(frozen=True)
class WorkflowSpec:
    id: int
    name: str
    start_stage: str  # first committed stage: cycle time starts here
    done_stage: str
    statuses: tuple[StatusSpec, ...]
    paths: tuple[tuple[tuple[str, ...], float], ...]  # (statuses visited from creation, weight)
    item_types: tuple[tuple[str, float], ...]
    has_points: bool

    def index(self, status: str) -> int:
        return [s.status for s in self.statuses].index(status)


def _paths(*entries: tuple[str, float]) -> tuple[tuple[tuple[str, ...], float], ...]:
    """Paths written as "A > B > C" for readability."""
    return tuple((tuple(part.strip() for part in text.split(">")), weight) for text, weight in entries)


SCRUM = WorkflowSpec(
    id=1,
    name="Scrum board",
    start_stage="Selected",
    done_stage="Done",
    statuses=(
        StatusSpec("To Do", "To Do", 1, TODO, 40),
        StatusSpec("Selected for Development", "Selected", 2, DOING, 10),
        StatusSpec("In Progress", "In Progress", 3, DOING, 20),
        StatusSpec("Blocked", "In Progress", 3, DOING, 14),
        StatusSpec("In Review", "Review", 4, DOING, 6),
        StatusSpec("Testing", "Test", 5, DOING, 10),
        StatusSpec("Done", "Done", 6, DONE, 30),
    ),
    paths=_paths(
        ("To Do > Selected for Development > In Progress > In Review > Testing > Done", 0.46),
        ("To Do > Selected for Development > In Progress > Testing > Done", 0.10),
        ("To Do > Selected for Development > Testing > Done", 0.03),
        ("To Do > Selected for Development > In Progress > In Review > Done", 0.07),
        (
            "To Do > Selected for Development > In Progress > In Review > Testing > In Progress > In Review"
            " > Testing > Done",
            0.07,
        ),
        (
            "To Do > Selected for Development > In Progress > In Review > In Progress > In Review > Testing"
            " > Done",
            0.05,
        ),
        (
            "To Do > Selected for Development > In Progress > To Do > Selected for Development > In Progress"
            " > In Review > Testing > Done",
            0.03,
        ),
        (
            "To Do > Selected for Development > In Progress > In Review > Testing > Done > In Progress"
            " > In Review > Testing > Done",
            0.04,
        ),
        (
            "To Do > Selected for Development > In Progress > In Review > Testing > Done > Testing > Done",
            0.02,
        ),
        (
            "To Do > Selected for Development > In Progress > Blocked > In Progress > In Review > Testing"
            " > Done",
            0.05,
        ),
        ("To Do > Done", 0.02),
        ("To Do > Selected for Development > In Progress > To Do", 0.01),
        ("To Do", 0.05),
    ),
    item_types=(("Story", 0.62), ("Bug", 0.22), ("Task", 0.12), ("Spike", 0.04)),
    has_points=True,
)

KANBAN = WorkflowSpec(
    id=2,
    name="Kanban board",
    start_stage="Build",
    done_stage="Done",
    statuses=(
        StatusSpec("Backlog", "Backlog", 1, TODO, 50),
        StatusSpec("Ready", "Ready", 2, TODO, 16),
        StatusSpec("Build", "Build", 3, DOING, 24),
        StatusSpec("Test", "Test", 4, DOING, 10),
        StatusSpec("Deploy", "Deploy", 5, DOING, 6),
        StatusSpec("Done", "Done", 6, DONE, 30),
    ),
    paths=_paths(
        ("Backlog > Ready > Build > Test > Deploy > Done", 0.52),
        ("Backlog > Ready > Build > Deploy > Done", 0.08),
        ("Backlog > Ready > Test > Deploy > Done", 0.03),
        ("Backlog > Build > Test > Deploy > Done", 0.06),
        ("Backlog > Ready > Build > Test > Build > Test > Deploy > Done", 0.09),
        ("Backlog > Ready > Build > Backlog > Ready > Build > Test > Deploy > Done", 0.03),
        ("Backlog > Ready > Build > Test > Deploy > Done > Build > Test > Deploy > Done", 0.04),
        ("Backlog > Ready > Build > Test > Deploy > Test > Deploy > Done", 0.03),
        ("Backlog > Done", 0.02),
        ("Backlog > Ready > Backlog", 0.02),
        ("Backlog", 0.08),
    ),
    item_types=(("Request", 0.45), ("Change", 0.30), ("Bug", 0.25)),
    has_points=False,
)

DEVOPS = WorkflowSpec(
    id=3,
    name="DevOps pipeline",
    start_stage="Develop",
    done_stage="Done",
    statuses=(
        StatusSpec("Backlog", "Backlog", 1, TODO, 36),
        StatusSpec("Ready", "Ready", 2, TODO, 8),
        StatusSpec("In Development", "Develop", 3, DOING, 16),
        StatusSpec("Code Review", "Review", 4, DOING, 4),
        StatusSpec("QA", "Verify", 5, DOING, 6),
        StatusSpec("Staging", "Release", 6, DOING, 4),
        StatusSpec("Released", "Done", 7, DONE, 24),
    ),
    paths=_paths(
        ("Backlog > Ready > In Development > Code Review > QA > Staging > Released", 0.55),
        ("Backlog > Ready > In Development > Code Review > Staging > Released", 0.10),
        (
            "Backlog > Ready > In Development > Code Review > In Development > Code Review > QA > Staging"
            " > Released",
            0.09,
        ),
        (
            "Backlog > Ready > In Development > Code Review > QA > In Development > Code Review > QA"
            " > Staging > Released",
            0.05,
        ),
        (
            "Backlog > Ready > In Development > Code Review > QA > Staging > Released > In Development"
            " > Code Review > QA > Staging > Released",
            0.04,
        ),
        ("Backlog > Ready > QA > Staging > Released", 0.03),
        (
            "Backlog > Ready > In Development > Backlog > Ready > In Development > Code Review > QA"
            " > Staging > Released",
            0.03,
        ),
        ("Backlog > Released", 0.02),
        ("Backlog > Ready > Backlog", 0.02),
        ("Backlog", 0.07),
    ),
    item_types=(("Story", 0.55), ("Bug", 0.25), ("Change", 0.15), ("Chore", 0.05)),
    has_points=False,
)

TASK_LIST = WorkflowSpec(
    id=4,
    name="Task list",
    start_stage="In Progress",
    done_stage="Done",
    statuses=(
        StatusSpec("Open", "Open", 1, TODO, 60),
        StatusSpec("In Progress", "In Progress", 2, DOING, 48),
        StatusSpec("Done", "Done", 3, DONE, 40),
    ),
    paths=_paths(
        ("Open > In Progress > Done", 0.82),
        ("Open > In Progress > Open > In Progress > Done", 0.05),
        ("Open > In Progress > Done > In Progress > Done", 0.03),
        ("Open > Done", 0.05),
        ("Open", 0.05),
    ),
    item_types=(("Task", 1.0),),
    has_points=False,
)

WORKFLOWS: tuple[WorkflowSpec, ...] = (SCRUM, KANBAN, DEVOPS, TASK_LIST)

BOARD_FOR_METHODOLOGY: dict[Methodology, WorkflowSpec] = {
    Methodology.SCRUM: SCRUM,
    Methodology.HYBRID: SCRUM,
    Methodology.KANBAN: KANBAN,
    Methodology.DEVOPS: DEVOPS,
}


def _check(workflow: WorkflowSpec) -> None:
    """Paths may only use the workflow's statuses and must start in its first status."""
    names = {s.status for s in workflow.statuses}
    first = workflow.statuses[0].status
    stages = {s.stage for s in workflow.statuses}
    if not {workflow.start_stage, workflow.done_stage} <= stages:
        raise ValueError(f"{workflow.name}: start/done stage not among its stages")
    for path, _weight in workflow.paths:
        if path[0] != first or not set(path) <= names:
            raise ValueError(f"{workflow.name}: bad path {path}")
    if abs(sum(w for _p, w in workflow.paths) - 1) > 1e-9:
        raise ValueError(f"{workflow.name}: path weights do not sum to 1")


for _workflow in WORKFLOWS:
    _check(_workflow)


def workflow_tables() -> list[TableData]:
    """The ``workflows`` and ``workflow_statuses`` rows."""
    workflows = TableData(
        "workflows",
        {
            "id": [w.id for w in WORKFLOWS],
            "name": [w.name for w in WORKFLOWS],
            "start_stage": [w.start_stage for w in WORKFLOWS],
            "done_stage": [w.done_stage for w in WORKFLOWS],
        },
    )
    statuses = [(w.id, s) for w in WORKFLOWS for s in w.statuses]
    workflow_statuses = TableData(
        "workflow_statuses",
        {
            "id": list(range(1, len(statuses) + 1)),
            "workflow_id": [wid for wid, _s in statuses],
            "status": [s.status for _w, s in statuses],
            "stage": [s.stage for _w, s in statuses],
            "stage_order": [s.stage_order for _w, s in statuses],
            "category": [s.category.value for _w, s in statuses],
        },
    )
    return [workflows, workflow_statuses]
