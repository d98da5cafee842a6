"""The workflow file: which status belongs to which stage, and where the cycle starts and ends.

JSON, because YAML is not a dependency here::

    {
      "name": "Golden board",
      "start_stage": "Committed",
      "done_stage": "Done",
      "stages": [
        {"name": "Backlog",   "category": "to do",       "statuses": ["Backlog"]},
        {"name": "Committed", "category": "in progress", "statuses": ["Next"]},
        {"name": "Build",                                "statuses": ["Build"]},
        {"name": "Test",                                 "statuses": ["QA"]},
        {"name": "Done",      "category": "done",        "statuses": ["Done", "Closed"]}
      ]
    }

Stages are listed in board order. ``category`` is optional: stages before the start
stage default to "to do", from the start stage up to the done stage to "in progress",
the done stage and later to "done". Status names match case-insensitively (as Jira).
``name`` (optional, default "<PROJECT> workflow") names the stored workflow: importing
again with the same name updates it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from data_access.importers.problems import ImportRejected, Problem
from data_access.vocabulary import StageCategory

CATEGORIES = tuple(c.value for c in StageCategory)


@dataclass(frozen=True)
class StageDefinition:
    name: str
    category: str
    statuses: tuple[str, ...]


@dataclass(frozen=True)
class WorkflowDefinition:
    """A validated workflow file."""

    name: str | None
    stages: tuple[StageDefinition, ...]
    start_stage: str
    done_stage: str

    def stage_of(self, status: str) -> str | None:
        """The stage a status belongs to (case-insensitive), None when unknown."""
        for stage in self.stages:
            if any(s.casefold() == status.casefold() for s in stage.statuses):
                return stage.name
        return None

    def is_done(self, status: str) -> bool:
        """True when the status is in the done stage or a later one."""
        names = [s.name for s in self.stages]
        stage = self.stage_of(status)
        return stage is not None and names.index(stage) >= names.index(self.done_stage)


def _stage(raw: object, position: int, problems: list[Problem]) -> tuple[str, str | None, tuple[str, ...]]:
    where = f"stages[{position}]"
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
        problems.append(Problem(where, 'needs an object with a "name"'))
        return "", None, ()
    name = raw["name"].strip()
    category = raw.get("category")
    if category is not None and category not in CATEGORIES:
        problems.append(Problem(where, f"category {category!r} is not one of {', '.join(CATEGORIES)}"))
    statuses = raw.get("statuses")
    if not isinstance(statuses, list) or not statuses or not all(isinstance(s, str) and s for s in statuses):
        problems.append(Problem(where, f'stage {name!r} needs a non-empty "statuses" list of names'))
        statuses = []
    return name, category, tuple(s.strip() for s in statuses)


def parse_workflow(data: object, source: str = "workflow") -> WorkflowDefinition:
    """Validate a decoded workflow document; ImportRejected lists every problem."""
    problems: list[Problem] = []
    if not isinstance(data, dict) or not isinstance(data.get("stages"), list) or not data["stages"]:
        raise ImportRejected(source, [Problem("file", 'expected an object with a non-empty "stages" list')])
    raw_stages = [_stage(raw, i, problems) for i, raw in enumerate(data["stages"])]
    names = [name for name, _c, _s in raw_stages]
    for label in ("start_stage", "done_stage"):
        if data.get(label) not in names:
            problems.append(Problem(label, f"{data.get(label)!r} is not one of the stages {names}"))
    if len(set(names)) != len(names):
        problems.append(Problem("stages", f"stage names must be unique: {names}"))
    seen: dict[str, str] = {}
    for name, _c, statuses in raw_stages:
        for status in statuses:
            other = seen.setdefault(status.casefold(), name)
            if other != name:
                problems.append(Problem("stages", f"status {status!r} is in two stages ({other}, {name})"))
    workflow_name = data.get("name")
    if workflow_name is not None and (not isinstance(workflow_name, str) or not workflow_name.strip()):
        problems.append(Problem("name", "must be a non-empty string when given"))
    if not problems and names.index(data["start_stage"]) >= names.index(data["done_stage"]):
        problems.append(Problem("start_stage", "must come before done_stage"))
    if problems:
        raise ImportRejected(source, problems)
    start, done = names.index(data["start_stage"]), names.index(data["done_stage"])
    stages = tuple(
        StageDefinition(name, category or _default_category(i, start, done), statuses)
        for i, (name, category, statuses) in enumerate(raw_stages)
    )
    return WorkflowDefinition(workflow_name, stages, data["start_stage"], data["done_stage"])


def _default_category(position: int, start: int, done: int) -> str:
    if position < start:
        return StageCategory.TO_DO.value
    return StageCategory.IN_PROGRESS.value if position < done else StageCategory.DONE.value


def read_workflow(path: Path) -> WorkflowDefinition:
    """Read and validate a workflow JSON file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRejected(str(path), [Problem("file", f"not readable as JSON: {exc}")]) from exc
    return parse_workflow(data, str(path))
