"""The import log as a PMO admin reads it: the newest attempts first.

Why scoped to the PMO admin role here and not only by the page: file names and
uploaders are administrative facts; rule 6 keeps every read behind the viewer.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from data_access.models import ImportLog
from data_access.viewer import Viewer
from data_access.vocabulary import Role

LOG_COLUMNS = [
    "imported_at",
    "source_kind",
    "file_name",
    "project_code",
    "imported_by",
    "outcome",
    "rows_added",
    "rows_updated",
    "rows_unchanged",
    "rows_rejected",
    "file_sha256",
]


def recent_imports(connection: Connection, viewer: Viewer, limit: int = 100) -> pd.DataFrame:
    """The newest ``limit`` import attempts (loaded and rejected); empty for other roles."""
    if viewer.role is not Role.PMO_ADMIN:
        return pd.DataFrame(columns=LOG_COLUMNS)
    query = (
        select(*(getattr(ImportLog, name) for name in LOG_COLUMNS))
        .order_by(ImportLog.imported_at.desc(), ImportLog.id.desc())
        .limit(limit)
    )
    return pd.DataFrame(connection.execute(query).all(), columns=LOG_COLUMNS)
