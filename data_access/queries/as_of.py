"""The "newest row on or before the as-of date" pattern, written once.

Status reports, progress and milestone re-plans are all histories: on an as-of
date only the newest entry known by then counts.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Subquery, and_, func, select


def latest_as_of(key: ColumnElement, day: ColumnElement, as_of: date, *values: ColumnElement) -> Subquery:
    """Per ``key``, the row with the greatest ``day`` ≤ ``as_of``: columns ``key``, ``day``, ``values``."""
    newest = select(key.label("key"), func.max(day).label("day")).where(day <= as_of).group_by(key).subquery()
    return (
        select(key.label("key"), day.label("day"), *values)
        .join(newest, and_(newest.c.key == key, newest.c.day == day))
        .subquery()
    )
