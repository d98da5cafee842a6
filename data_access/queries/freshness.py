"""Data freshness: when each source was last loaded, for pages and the steering pack.

Why here: "as of" says which day the numbers describe; freshness says how old the
loaded data is. A demo portfolio has no imports, so its generation day stands in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import Connection, func, select

from data_access.models import DatasetInfo, ImportLog


@dataclass(frozen=True)
class SourceFreshness:
    """The newest successful load of one kind of source."""

    source: str
    last_loaded_at: datetime
    loaded_by: str
    file_name: str


def data_freshness(connection: Connection) -> list[SourceFreshness]:
    """Newest successful load per source kind, newest first; the demo generation if no imports."""
    newest = (
        select(ImportLog.source_kind, func.max(ImportLog.imported_at).label("at"))
        .where(ImportLog.outcome == "loaded")
        .group_by(ImportLog.source_kind)
        .subquery()
    )
    query = (
        select(ImportLog.source_kind, ImportLog.imported_at, ImportLog.imported_by, ImportLog.file_name)
        .join(
            newest, (newest.c.source_kind == ImportLog.source_kind) & (newest.c.at == ImportLog.imported_at)
        )
        .where(ImportLog.outcome == "loaded")
        .order_by(ImportLog.imported_at.desc())
    )
    rows = connection.execute(query).all()
    generated = connection.execute(
        select(DatasetInfo.value).where(DatasetInfo.key == "generated_on")
    ).scalar()
    sources = {row.source_kind: SourceFreshness(*row) for row in rows}
    if generated and "demo-seed" not in sources:
        day = date.fromisoformat(generated)
        sources["demo-seed"] = SourceFreshness(
            "demo-seed", datetime.combine(day, time(), UTC), "generator", "(generated)"
        )
    return sorted(sources.values(), key=lambda s: s.last_loaded_at, reverse=True)


def freshness_line(sources: list[SourceFreshness]) -> str:
    """One line for a page footer or a slide: the newest load and how many sources."""
    if not sources:
        return "Data freshness: no data loaded yet"
    newest = sources[0]
    label = "demo portfolio generated" if newest.source == "demo-seed" else f"{newest.source} loaded"
    others = (
        f" (+{len(sources) - 1} other source{'s' if len(sources) > 2 else ''})" if len(sources) > 1 else ""
    )
    return f"Data freshness: {label} {newest.last_loaded_at:%Y-%m-%d %H:%M} UTC{others}"
