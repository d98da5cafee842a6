"""What every flow import file becomes before it is checked and written.

Why one shape: the Jira JSON and the transitions CSV differ only in how they are
read; checking (statuses, order) and writing are the same code for both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from data_access.importers.problems import Problem
from data_access.importers.workflow_file import WorkflowDefinition


@dataclass(frozen=True)
class ParsedItem:
    key: str
    item_type: str
    title: str
    created_at: datetime
    created_offset: int
    status: str
    where: str
    points: int | None = None
    team_code: str | None = None
    resolved_at: datetime | None = None


@dataclass(frozen=True)
class ParsedChange:
    key: str
    from_status: str | None
    to_status: str
    changed_at: datetime
    offset: int
    where: str


@dataclass
class ParsedFile:
    """Items in file order, their status changes in file order, and reading problems."""

    items: list[ParsedItem] = field(default_factory=list)
    changes: list[ParsedChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def check_against_workflow(parsed: ParsedFile, workflow: WorkflowDefinition) -> list[Problem]:
    """Unknown statuses and out-of-order changes, each reported at its row."""
    problems: list[Problem] = []
    created = {item.key: item.created_at for item in parsed.items}
    reached = {(c.key, c.to_status) for c in parsed.changes}  # reported at the change's row
    for item in parsed.items:
        if workflow.stage_of(item.status) is None and (item.key, item.status) not in reached:
            problems.append(Problem(item.where, f"unknown status {item.status!r} (not in the workflow file)"))
    previous: dict[str, datetime] = {}
    for change in parsed.changes:
        for status in (change.from_status, change.to_status):
            if status is not None and workflow.stage_of(status) is None:
                problems.append(
                    Problem(change.where, f"unknown status {status!r} (not in the workflow file)")
                )
        before = previous.get(change.key)
        if before is not None and change.changed_at < before:
            problems.append(
                Problem(
                    change.where,
                    f"out of order: {change.key} changed at {change.changed_at:%Y-%m-%d %H:%M} "
                    f"UTC, before its previous change ({before:%Y-%m-%d %H:%M} UTC)",
                )
            )
        elif change.key in created and change.changed_at < created[change.key]:
            problems.append(
                Problem(change.where, f"out of order: {change.key} changed before it was created")
            )
        previous[change.key] = max(change.changed_at, before) if before else change.changed_at
    return problems


def with_resolution(
    items: Iterable[ParsedItem], changes: list[ParsedChange], workflow: WorkflowDefinition
) -> list[ParsedItem]:
    """Fill a missing ``resolved_at`` for items whose status is done: the last change's time."""
    last: dict[str, datetime] = {}
    for change in changes:
        last[change.key] = change.changed_at
    return [
        replace(item, resolved_at=last.get(item.key))
        if item.resolved_at is None and workflow.is_done(item.status)
        else item
        for item in items
    ]
