"""A flat transitions CSV: one row per status change, oldest first within each item.

Columns (header names are case-insensitive; spaces and hyphens count as underscores)::

    key,type,created,from_status,to_status,changed_at[,title,points,team,resolved]

- ``key`` (alias ``item_key``): the work item's key, unique across the database;
- ``type`` (alias ``item_type``), ``created``: the item's type and creation time;
- ``from_status`` (may be empty), ``to_status``, ``changed_at``: the status change;
- optional ``title``, ``points`` (whole number), ``team`` (code of an existing team),
  ``resolved`` (timestamp). An item's columns repeat on each of its rows; the first
  row's values count and a different ``created`` or ``type`` later is a problem.

Timestamps are ISO 8601 with an offset (``2021-01-05T10:00:00+01:00``, ``...Z`` or Jira's
``+0100``). Rows of one item must be in time order. The item's current status is the
``to_status`` of its last row. Rows in problems are named by their line in the file
(the header is line 1).
"""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

from data_access.importers.parsed import ParsedChange, ParsedFile, ParsedItem
from data_access.importers.problems import ImportRejected, Problem
from data_access.importers.timestamps import parse_timestamp

REQUIRED = ("key", "type", "created", "from_status", "to_status", "changed_at")
OPTIONAL = ("title", "points", "team", "resolved")
ALIASES = {"item_key": "key", "item_type": "type", "from": "from_status", "to": "to_status"}


def _column(name: str) -> str:
    plain = name.strip().lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(plain, plain)


def _points(text: str, where: str, problems: list[Problem]) -> int | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        problems.append(Problem(where, f"points {text!r} is not a whole number"))
        return None


def parse_transitions_csv(lines: list[str]) -> ParsedFile:
    """CSV text lines -> items and status changes, with every problem found."""
    out = ParsedFile()
    reader = csv.reader(lines)
    header = [_column(h) for h in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        out.problems.append(Problem("line 1", f"missing column(s): {', '.join(missing)}"))
        return out
    items: dict[str, ParsedItem] = {}
    last_status: dict[str, str] = {}
    for values in reader:
        where = f"line {reader.line_num}"
        if not any(v.strip() for v in values):
            continue
        row = {c: (values[i].strip() if i < len(values) else "") for i, c in enumerate(header)}
        key = row["key"]
        if not key or not row["type"] or not row["to_status"]:
            out.problems.append(Problem(where, "key, type and to_status are required"))
            continue
        stamps = {}
        for column in ("created", "changed_at", "resolved"):
            if row.get(column):
                try:
                    stamps[column] = parse_timestamp(row[column])
                except ValueError as exc:
                    out.problems.append(Problem(where, f"{column}: {exc}"))
            elif column != "resolved":
                out.problems.append(Problem(where, f"{column} is empty"))
        if "created" not in stamps or "changed_at" not in stamps:
            continue
        first = items.get(key)
        if first is None:
            items[key] = ParsedItem(
                key=key,
                item_type=row["type"][:32],
                title=(row.get("title") or key)[:300],
                created_at=stamps["created"][0],
                created_offset=stamps["created"][1],
                status=row["to_status"],
                where=where,
                points=_points(row.get("points", ""), where, out.problems),
                team_code=row.get("team") or None,
                resolved_at=stamps["resolved"][0] if "resolved" in stamps else None,
            )
        elif first.created_at != stamps["created"][0] or first.item_type != row["type"][:32]:
            out.problems.append(
                Problem(where, f"{key}: created or type differs from its first row ({first.where})")
            )
        changed_at, offset = stamps["changed_at"]
        out.changes.append(
            ParsedChange(key, row["from_status"] or None, row["to_status"], changed_at, offset, where)
        )
        last_status[key] = row["to_status"]
    out.items = [replace(item, status=last_status[key]) for key, item in items.items()]
    return out


def read_transitions_csv(path: Path) -> ParsedFile:
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportRejected(str(path), [Problem("file", f"not readable as UTF-8 text: {exc}")]) from exc
    return parse_transitions_csv(lines)
