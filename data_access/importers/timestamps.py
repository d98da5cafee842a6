"""Timestamps with their written UTC offset.

Why keep the offset: flow metrics cut calendar dates in the offset the source wrote
(a change at 23:30+0100 happened on that day for the team), so the importer stores the
instant in UTC and the offset in ``utc_offset_minutes``. A timestamp without an offset
is refused: guessing a zone would silently move items across days.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

# Jira: 2021-01-05T10:00:00.000+0000; ISO 8601: 2021-01-05T10:00:00+01:00 or ...Z.
_JIRA_OFFSET = re.compile(r"([+-])(\d\d)(\d\d)$")


def parse_timestamp(text: str) -> tuple[datetime, int]:
    """(aware UTC datetime, minutes east of UTC as written); ValueError when unparseable."""
    raw = text.strip()
    fixed = _JIRA_OFFSET.sub(r"\1\2:\3", raw)
    try:
        stamp = datetime.fromisoformat(fixed)
    except ValueError as exc:
        raise ValueError(f"unparseable timestamp {text!r} (expected ISO 8601 with an offset)") from exc
    offset = stamp.utcoffset()
    if offset is None:
        raise ValueError(f"timestamp {text!r} has no UTC offset (write e.g. +01:00 or Z)")
    minutes = int(offset.total_seconds() // 60)
    return stamp.astimezone(UTC), minutes
