"""Past and upcoming steering meetings, so "since the last meeting" has real dates.

A portfolio board every four weeks and one steering committee per program, offset by
a week, the newest past one within the last month: the presentation page then has a
"last meeting" and a "next meeting" out of the box.
"""

from __future__ import annotations

from datetime import date, timedelta

from data_access.seed.portfolio import Portfolio
from data_access.seed.rows import TableData

CADENCE = timedelta(weeks=4)
PAST_MEETINGS = 6


def _dates(today: date, offset_days: int) -> list[date]:
    """Six past meetings and the next one; the newest past one 1–4 weeks before today."""
    last = today - timedelta(days=14 + offset_days)
    return [last - CADENCE * n for n in range(PAST_MEETINGS - 1, -1, -1)] + [last + CADENCE]


def build_meetings(portfolio: Portfolio, today: date) -> TableData:
    records: list[dict[str, object]] = []
    for held_on in _dates(today, 0):
        records.append({"forum": "Portfolio board", "held_on": held_on, "program_id": None, "notes": None})
    for index, program in enumerate(portfolio.programs):
        for held_on in _dates(today, 7 + index % 3):
            records.append(
                {
                    "forum": f"{program.name} steering",
                    "held_on": held_on,
                    "program_id": program.id,
                    "notes": None,
                }
            )
    for number, record in enumerate(records, start=1):
        record["id"] = number
    return TableData.from_records("meetings", records, ["id", "forum", "held_on", "program_id", "notes"])
