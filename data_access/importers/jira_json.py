"""Jira REST search output with changelog (``/rest/api/2/search?expand=changelog``).

Accepted: the response object (``{"issues": [...]}``) or a bare list of issues, or
several pages concatenated as a list of responses. Per issue: ``key``,
``fields.issuetype.name``, ``fields.summary``, ``fields.created``, ``fields.status.name``,
optional ``fields.resolutiondate`` and numeric story points in ``fields.story_points``
or ``fields.customfield_10016`` (Jira Cloud's default). Status changes are the
``changelog.histories[].items[]`` with ``field == "status"``, in the order Jira lists them
sorted by their timestamps (Jira does not promise an order; the reference tool sorts too);
anything else in the changelog (Flagged, assignee, ...) is ignored. A change dated
before its issue's creation is out of order and reported.

Rows in problems are named ``issue N (KEY), change M`` (1-based, as in the file).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from data_access.importers.parsed import ParsedChange, ParsedFile, ParsedItem
from data_access.importers.problems import ImportRejected, Problem
from data_access.importers.timestamps import parse_timestamp

POINTS_FIELDS = ("story_points", "customfield_10016")


def _issues(data: Any) -> list[Any]:
    if isinstance(data, dict) and isinstance(data.get("issues"), list):
        return data["issues"]
    if isinstance(data, list) and all(isinstance(p, dict) and "issues" in p for p in data) and data:
        return [issue for page in data for issue in page["issues"]]
    if isinstance(data, list):
        return data
    raise ValueError('expected a Jira search response ({"issues": [...]}) or a list of issues')


def _name(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _points(fields: dict[str, Any]) -> int | None:
    for name in POINTS_FIELDS:
        value = fields.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return round(value)
    return None


def _item(issue: Any, where: str, out: ParsedFile) -> str | None:
    """Append the issue as an item; return its key (None when unusable)."""
    if (
        not isinstance(issue, dict)
        or not isinstance(issue.get("key"), str)
        or not isinstance(issue.get("fields"), dict)
    ):
        out.problems.append(Problem(where, 'needs "key" and "fields"'))
        return None
    key, fields = issue["key"], issue["fields"]
    try:
        created, offset = parse_timestamp(str(fields.get("created", "")))
    except ValueError as exc:
        out.problems.append(Problem(where, f"created: {exc}"))
        return key
    resolved = None
    if fields.get("resolutiondate"):
        try:
            resolved = parse_timestamp(str(fields["resolutiondate"]))[0]
        except ValueError as exc:
            out.problems.append(Problem(where, f"resolutiondate: {exc}"))
    status = _name(fields.get("status"))
    if status is None:
        out.problems.append(Problem(where, "fields.status.name is missing"))
        return key
    out.items.append(
        ParsedItem(
            key=key,
            item_type=_name(fields.get("issuetype")) or "Item",
            title=str(fields.get("summary") or key)[:300],
            created_at=created,
            created_offset=offset,
            status=status,
            where=where,
            points=_points(fields),
            resolved_at=resolved,
        )
    )
    return key


def parse_jira(data: Any) -> ParsedFile:
    """Decoded JSON -> items and status changes, with every problem found."""
    out = ParsedFile()
    try:
        issues = _issues(data)
    except ValueError as exc:
        out.problems.append(Problem("file", str(exc)))
        return out
    for n, issue in enumerate(issues, start=1):
        where = f"issue {n}" + (f" ({issue['key']})" if isinstance(issue, dict) and "key" in issue else "")
        key = _item(issue, where, out)
        if key is None:
            continue
        histories = (issue.get("changelog") or {}).get("histories") or []
        changes = [
            (h.get("created"), it)
            for h in histories
            for it in h.get("items", [])
            if isinstance(it, dict) and it.get("field") == "status"
        ]
        parsed: list[ParsedChange] = []
        for m, (stamp, it) in enumerate(changes, start=1):
            change_where = f"{where}, change {m}"
            try:
                changed_at, offset = parse_timestamp(str(stamp or ""))
            except ValueError as exc:
                out.problems.append(Problem(change_where, str(exc)))
                continue
            to_status = it.get("toString")
            if not isinstance(to_status, str) or not to_status.strip():
                out.problems.append(Problem(change_where, "toString (the new status) is missing"))
                continue
            from_status = it.get("fromString")
            parsed.append(
                ParsedChange(
                    key,
                    from_status.strip() if isinstance(from_status, str) and from_status.strip() else None,
                    to_status.strip(),
                    changed_at,
                    offset,
                    change_where,
                )
            )
        out.changes.extend(sorted(parsed, key=lambda c: c.changed_at))
    return out


def read_jira(path: Path) -> ParsedFile:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRejected(str(path), [Problem("file", f"not readable as JSON: {exc}")]) from exc
    return parse_jira(data)
