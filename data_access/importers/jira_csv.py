"""Jira's CSV export of issues ("Export > CSV (all fields)" or "current fields").

Read, per row (header names case-insensitive, any column order, extra columns ignored):

- ``Issue key`` (the work item's key, unique across the database), ``Issue Type``,
  ``Status`` (must be in the workflow file), ``Created``: required;
- ``Summary`` (title; the key when empty), ``Resolved`` (resolution time),
  story points from ``Story Points``, ``Custom field (Story Points)`` or
  ``Custom field (Story point estimate)`` (rounded to a whole number), ``Sprint``.

Jira repeats a column once per value (``Sprint``, ``Labels``, ...): every ``Sprint``
column is read and the last non-empty one is the issue's current sprint; it links the
item to the project's sprint of that name when one exists (sprints come from another
import), otherwise the link is cleared and the name is reported in the summary. For the
other fields the first non-empty column counts. Assignee, Updated, Resolution,
Description and the rest are ignored: the schema has no place for them.

Dates: Jira's ``dd/MMM/yy h:mm AM`` (English month names) or ISO 8601 (``jira_dates``).
Jira writes them in the exporting user's time zone without saying which, so they are
kept as the wall-clock times the export shows (offset 0): calendar days are right, the
instant may be off by that user's UTC offset.

Transitions: a CSV export has no change history, so none are created (inventing a
"moved to Done at Resolved" change would fabricate a start date). Items are created or
updated (title, type, points, status, created, resolved); status changes already stored
for those items by a history import (jira-json, transitions-csv) are kept as they are.
Without history, the flow metrics take an item as being in its current status since it
was created (a Done item is done on its creation day), so load the changelog (jira-json)
for cycle times, throughput and CFDs; this file serves sprint scope, points and
resolution dates (the sprint metrics read ``resolved_at``).

Rows are named as a spreadsheet numbers them (the header is row 1), with the key.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, select, update

from data_access.importers.import_log import RowCounts
from data_access.importers.jira_dates import parse_jira_date
from data_access.importers.parsed import ParsedChange, ParsedFile, ParsedItem
from data_access.importers.problems import ImportRejected, Problem
from data_access.importers.registry import ImportOptions, ImportOutcome
from data_access.importers.text_file import read_text
from data_access.importers.workflow_file import WorkflowDefinition, read_workflow
from data_access.importers.writer import write_import
from data_access.models import Project, Sprint, StatusTransition, WorkItem

FIELDS: dict[str, tuple[str, ...]] = {
    "key": ("issue key",),
    "type": ("issue type",),
    "summary": ("summary",),
    "status": ("status",),
    "created": ("created",),
    "resolved": ("resolved",),
    "points": (
        "story points",
        "custom field (story points)",
        "custom field (story point estimate)",
        "story point estimate",
    ),
    "sprint": ("sprint",),
}
REQUIRED = {"key": "Issue key", "type": "Issue Type", "status": "Status", "created": "Created"}
KEY_LENGTH = 32  # work_items.key
MAX_POINTS = 32767  # work_items.points is a SMALLINT


@dataclass
class JiraSheet:
    """The file's items, each item's current sprint name (None: no sprint), and problems."""

    items: list[ParsedItem] = field(default_factory=list)
    sprints: dict[str, str | None] = field(default_factory=dict)
    has_sprint_column: bool = False
    problems: list[Problem] = field(default_factory=list)


class _Row:
    """One CSV record with Jira's repeated columns resolved to named fields."""

    def __init__(self, header: list[str], columns: dict[str, list[int]], values: list[str]) -> None:
        self.header, self.columns, self.values = header, columns, values

    def cell(self, name: str) -> tuple[str, str]:
        """(value, header of the column it came from): the first non-empty one."""
        indexes = self.columns.get(name, [])
        for i in indexes:
            if i < len(self.values) and self.values[i].strip():
                return self.values[i].strip(), self.header[i]
        return "", self.header[indexes[0]] if indexes else name

    def all(self, name: str) -> list[str]:
        return [
            self.values[i].strip()
            for i in self.columns.get(name, [])
            if i < len(self.values) and self.values[i].strip()
        ]


def _columns(header: list[str]) -> dict[str, list[int]]:
    plain = [h.strip().casefold() for h in header]
    return {name: [i for i, h in enumerate(plain) if h in aliases] for name, aliases in FIELDS.items()}


def _points(row: _Row, where: str, problems: list[Problem]) -> int | None:
    text, column = row.cell("points")
    if not text:
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        problems.append(Problem(where, "story points must be a number", column=column, value=text))
        return None
    if not 0 <= value <= MAX_POINTS:
        problems.append(Problem(where, f"story points must be 0 to {MAX_POINTS}", column=column, value=text))
        return None
    return round(value)


def _row_item(
    row: _Row, where: str, workflow: WorkflowDefinition, problems: list[Problem]
) -> ParsedItem | None:
    key, _ = row.cell("key")
    found = len(problems)
    for name, column in REQUIRED.items():
        if not row.cell(name)[0]:
            problems.append(Problem(where, "is empty", column=row.cell(name)[1] or column))
    if len(key) > KEY_LENGTH:
        problems.append(Problem(where, f"longer than {KEY_LENGTH} characters", column="Issue key", value=key))
    status, status_column = row.cell("status")
    if status and workflow.stage_of(status) is None:
        problems.append(
            Problem(where, "unknown status (not in the workflow file)", column=status_column, value=status)
        )
    stamps = {}
    for name in ("created", "resolved"):
        text, column = row.cell(name)
        if text:
            try:
                stamps[name] = parse_jira_date(text)
            except ValueError as exc:
                problems.append(Problem(where, str(exc), column=column, value=text))
    if "created" in stamps and "resolved" in stamps and stamps["resolved"][0] < stamps["created"][0]:
        text, column = row.cell("resolved")
        problems.append(Problem(where, "resolved before the issue was created", column=column, value=text))
    points = _points(row, where, problems)
    if len(problems) > found:
        return None
    item_type, _ = row.cell("type")
    summary, _ = row.cell("summary")
    return ParsedItem(
        key=key,
        item_type=item_type[:32],
        title=(summary or key)[:300],
        created_at=stamps["created"][0],
        created_offset=stamps["created"][1],
        status=status,
        where=where,
        points=points,
        resolved_at=stamps["resolved"][0] if "resolved" in stamps else None,
    )


def parse_jira_csv(text: str, workflow: WorkflowDefinition) -> JiraSheet:
    """CSV text -> items (one per issue) and their sprints, with every problem found."""
    out = JiraSheet()
    records = csv.reader(io.StringIO(text, newline=""))
    header = next(records, [])
    columns = _columns(header)
    missing = [label for name, label in REQUIRED.items() if not columns[name]]
    if missing:
        out.problems.append(
            Problem("row 1", f"missing column(s): {', '.join(missing)}; is this a Jira CSV export?")
        )
        return out
    out.has_sprint_column = bool(columns["sprint"])
    first_row: dict[str, str] = {}
    for number, values in enumerate(records, start=2):
        if not any(v.strip() for v in values):
            continue
        row = _Row(header, columns, values)
        key = row.cell("key")[0]
        where = f"row {number}" + (f" ({key})" if key else "")
        if key in first_row:
            out.problems.append(
                Problem(where, f"issue {key} is also in {first_row[key]}", column="Issue key")
            )
            continue
        if key:
            first_row[key] = f"row {number}"
        item = _row_item(row, where, workflow, out.problems)
        if item is not None:
            out.items.append(item)
            sprints = row.all("sprint")
            out.sprints[item.key] = sprints[-1] if sprints else None
    return out


def _stored_history(connection: Connection, keys: list[str]) -> list[ParsedChange]:
    """The transitions already stored for these items, so the writer keeps them as they are."""
    rows = connection.execute(
        select(
            WorkItem.key,
            StatusTransition.from_status,
            StatusTransition.to_status,
            StatusTransition.changed_at,
            StatusTransition.utc_offset_minutes,
        )
        .join(WorkItem, WorkItem.id == StatusTransition.work_item_id)
        .where(WorkItem.key.in_(keys))
        .order_by(StatusTransition.work_item_id, StatusTransition.changed_at, StatusTransition.id)
    ).all()
    return [ParsedChange(k, f, t, at, off, "stored history") for k, f, t, at, off in rows]


def _link_sprints(connection: Connection, project_code: str, sprints: dict[str, str | None]) -> list[str]:
    """Point each item at its current sprint; the sprint names the project does not have."""
    project_id = connection.execute(select(Project.id).where(Project.code == project_code)).scalar_one()
    known = dict(
        connection.execute(select(Sprint.name, Sprint.id).where(Sprint.project_id == project_id)).all()
    )
    wanted: dict[int | None, list[str]] = defaultdict(list)
    for key, name in sprints.items():
        wanted[known.get(name) if name else None].append(key)
    for sprint_id, keys in wanted.items():
        connection.execute(
            update(WorkItem)
            .where(WorkItem.key.in_(keys), WorkItem.sprint_id.is_distinct_from(sprint_id))
            .values(sprint_id=sprint_id)
        )
    return sorted({name for name in sprints.values() if name and name not in known})


def _item_rows(connection: Connection, keys: list[str]) -> dict[str, tuple]:
    columns = WorkItem.__table__.columns
    rows = connection.execute(select(*columns).where(WorkItem.key.in_(keys))).all()
    return {row.key: tuple(row) for row in rows}


def import_jira_csv(connection: Connection, path: Path, options: ImportOptions) -> ImportOutcome:
    """The ``jira-csv`` import kind: items upserted by key, stored history kept."""
    assert options.project_code is not None and options.workflow_path is not None  # checked by run_import
    workflow = read_workflow(options.workflow_path)
    text, problems = read_text(path)
    if text is None:
        raise ImportRejected(str(path), problems)
    sheet = parse_jira_csv(text, workflow)
    if sheet.problems:
        raise ImportRejected(str(path), sheet.problems)
    if not sheet.items:
        raise ImportRejected(str(path), [Problem("file", "no issues in the file")])
    keys = [item.key for item in sheet.items]
    before = _item_rows(connection, keys)
    parsed = ParsedFile(items=sheet.items, changes=_stored_history(connection, keys))
    summary = write_import(connection, options.project_code, workflow, parsed, str(path))
    unknown = (
        _link_sprints(connection, options.project_code, sheet.sprints) if sheet.has_sprint_column else []
    )
    after = _item_rows(connection, keys)
    added = sum(1 for k in keys if k not in before)
    updated = sum(1 for k in keys if k in before and before[k] != after[k])
    counts = RowCounts(added=added, updated=updated, unchanged=len(keys) - added - updated)
    text = (
        f"{added} issues created, {updated} updated, {counts.unchanged} unchanged in {summary.project} "
        f"(workflow {summary.workflow!r}); no status history in a CSV export, stored history kept"
    )
    if unknown:
        text += f"; sprints not in the project (load them first): {', '.join(unknown)}"
    return ImportOutcome("jira-csv", counts, text)
