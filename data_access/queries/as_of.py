"""The "newest row on or before the as-of date" pattern, written once.

Status reports, progress and milestone re-plans are all histories: on an as-of
date only the newest entry known by then counts.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import aliased


def latest_as_of(model: type, key: str, day: str, as_of: date, owner: ColumnElement) -> ColumnElement[bool]:
    """Join condition over ``model``: its row for ``owner`` (``model.key == owner``) with the
    greatest ``day`` on or before ``as_of``.

    Written as a correlated ``max`` so both databases answer it with one seek per owner in
    the (key, day) unique index. A grouped subquery joined back to the table instead made
    SQLite scan the whole history for every project, and a one-project page paid for the
    whole portfolio's history.
    """
    newer = aliased(model)
    newest = (
        select(func.max(getattr(newer, day)))
        .where(getattr(newer, key) == owner, getattr(newer, day) <= as_of)
        .scalar_subquery()
    )
    return and_(getattr(model, key) == owner, getattr(model, day) == newest)
