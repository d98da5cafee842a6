"""Spread one task's cost over the months of its working days.

Why: the cost tables hold one amount per month, a schedule holds one amount per task.
MS Project's default cost accrual is "prorated" (a resource's cost is incurred as its
work is done), so a task's cost is divided among months in proportion to the task's
working days (Monday to Friday; the file's own calendars and holidays are not read)
in each month. A task with no working day in its span (a milestone, a weekend-only
task) puts its whole cost in the month of its last day. Amounts are split in cents
and the cents left by rounding go to the months with the largest remainders, so the
months always add up to the task's cost exactly.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

CENT = Decimal("0.01")


def month_of(day: date) -> date:
    return day.replace(day=1)


def working_days_by_month(start: date, end: date) -> Counter[date]:
    """Monday-to-Friday days from ``start`` to ``end`` inclusive, counted per month."""
    counts: Counter[date] = Counter()
    day = start
    while day <= end:
        if day.weekday() < 5:
            counts[month_of(day)] += 1
        day += timedelta(days=1)
    return counts


def spread_by_month(amount: Decimal, start: date, end: date) -> dict[date, Decimal]:
    """``amount`` split over the months of the working days from ``start`` to ``end``."""
    days = working_days_by_month(start, end)
    total_days = sum(days.values())
    if total_days == 0:
        return {month_of(end): amount.quantize(CENT)}
    cents = int((amount / CENT).to_integral_value())
    shares = {month: cents * n // total_days for month, n in days.items()}
    left = cents - sum(shares.values())
    by_remainder = sorted(days, key=lambda m: (-(cents * days[m] % total_days), m))
    for month in by_remainder[:left]:
        shares[month] += 1
    return {month: Decimal(share) * CENT for month, share in sorted(shares.items())}


def add_into(total: dict[date, Decimal], part: dict[date, Decimal]) -> None:
    """Add ``part`` month by month into ``total``."""
    for month, value in part.items():
        total[month] = total.get(month, Decimal("0")) + value
