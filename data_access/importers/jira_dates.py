"""Dates as Jira writes them in a CSV export: ``26/Nov/26 9:15 AM``, or ISO 8601.

Why a parser of its own: Jira's CSV dates follow the exporting user's date format
(default ``dd/MMM/yy h:mm a``) in that user's time zone, with no offset written.
``datetime.strptime("%b")`` would depend on the server's locale, so English month
names are matched here explicitly; a date in another language is reported, never
guessed. A date without an offset is kept as the wall-clock time the export shows,
stored with offset 0: the calendar day (what flow metrics count) is the day Jira
showed, while the instant may be off by the exporter's UTC offset (see ``jira_csv``).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from data_access.importers.timestamps import parse_timestamp

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
FULL_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_JIRA = re.compile(
    r"(?P<day>\d{1,2})/(?P<month>[A-Za-z]{3,9})/(?P<year>\d{2}|\d{4})"
    r"\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<half>[AaPp][Mm])?"
)
EXPECTED = "expected Jira's dd/MMM/yy h:mm AM with English month names (e.g. 26/Nov/26 9:15 AM) or ISO 8601"


def _month(word: str) -> int | None:
    word = word.casefold()
    for number, (short, full) in enumerate(zip(MONTHS, FULL_MONTHS, strict=True), start=1):
        if word == short or (len(word) >= 3 and full.startswith(word)):
            return number
    return None


def _hour(hour: int, half: str | None) -> int:
    """24-hour clock from ``h`` and AM/PM; ValueError outside 1-12 (12h) or 0-23 (24h)."""
    if half is None:
        return hour
    if not 1 <= hour <= 12:
        raise ValueError("hour outside 1-12 with AM/PM")
    return hour % 12 + (12 if half.casefold() == "pm" else 0)


def parse_jira_date(text: str) -> tuple[datetime, int]:
    """(aware UTC datetime, minutes east of UTC); ValueError naming the format when unparseable."""
    raw = text.strip()
    match = _JIRA.fullmatch(raw)
    if match is not None:
        month = _month(match["month"])
        try:
            if month is None:
                raise ValueError("unknown month")
            year = int(match["year"]) + (2000 if len(match["year"]) == 2 else 0)
            hour = _hour(int(match["hour"]), match["half"])
            stamp = datetime(
                year, month, int(match["day"]), hour, int(match["minute"]), int(match["second"] or 0)
            )
        except ValueError as exc:
            raise ValueError(f"unparseable date {text!r} ({exc}); {EXPECTED}") from exc
        return stamp.replace(tzinfo=UTC), 0
    try:
        return parse_timestamp(raw)
    except ValueError:
        pass
    try:
        naive = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise ValueError(f"unparseable date {text!r}; {EXPECTED}") from exc
    return naive.replace(tzinfo=UTC), 0
