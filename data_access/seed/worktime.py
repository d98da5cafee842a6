"""Working-time axis: events happen on weekdays, 09:00-17:00 in a team's local time.

Why an axis of working seconds: the generator samples durations ("3 working days in
review") and adds them up with numpy; mapping the sum back to a calendar keeps every
timestamp inside local office hours, and because the mapping is monotonic, strictly
increasing working seconds give strictly increasing timestamps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

WORKDAY_START_SECONDS = 9 * 3600
WORKDAY_SECONDS = 8 * 3600


def _holidays(first_year: int, last_year: int) -> list[date]:
    """Days nobody works anywhere in the demo company (New Year, Christmas, Boxing Day)."""
    days: list[date] = []
    for year in range(first_year, last_year + 1):
        days += [date(year, 1, 1), date(year, 12, 25), date(year, 12, 26)]
    return days


@dataclass(frozen=True)
class WorkCalendar:
    """Business days from ``origin``; working second ``w`` is day ``w // 28800`` of that count."""

    origin: np.datetime64
    busdaycal: np.busdaycalendar

    @classmethod
    def covering(cls, first: date, last: date) -> WorkCalendar:
        busdaycal = np.busdaycalendar(weekmask="1111100", holidays=_holidays(first.year - 1, last.year + 2))
        origin = np.busday_offset(np.datetime64(first, "D"), 0, roll="forward", busdaycal=busdaycal)
        return cls(origin=origin, busdaycal=busdaycal)

    def day_index(self, days: np.ndarray | date) -> np.ndarray:
        """Index of the first business day on or after each day."""
        return np.busday_count(self.origin, np.asarray(days, dtype="datetime64[D]"), busdaycal=self.busdaycal)

    def start_of(self, day: date) -> int:
        """First working second on ``day`` (or on the next business day)."""
        return int(self.day_index(day)) * WORKDAY_SECONDS

    def end_of(self, day: date) -> int:
        """Last working second on ``day`` (or on the last business day before it)."""
        return int(self.day_index(day + timedelta(days=1))) * WORKDAY_SECONDS - 1

    def local_days(self, seconds: np.ndarray) -> np.ndarray:
        """Local calendar date (``datetime64[D]``) of each working second."""
        return np.busday_offset(
            self.origin, np.asarray(seconds) // WORKDAY_SECONDS, roll="forward", busdaycal=self.busdaycal
        )

    def local_times(self, seconds: np.ndarray) -> np.ndarray:
        """Local wall-clock time (naive ``datetime64[s]``) of each working second."""
        seconds = np.asarray(seconds, dtype=np.int64)
        days = self.local_days(seconds).astype("datetime64[s]")
        return days + (WORKDAY_START_SECONDS + seconds % WORKDAY_SECONDS).astype("timedelta64[s]")

    def utc_times(self, seconds: np.ndarray, offset_minutes: int | np.ndarray) -> np.ndarray:
        """UTC instants (naive ``datetime64[s]`` meaning UTC) of local working seconds."""
        offsets = np.asarray(offset_minutes, dtype=np.int64) * 60
        return self.local_times(seconds) - offsets.astype("timedelta64[s]")
