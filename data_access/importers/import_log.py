"""Write one row of the import log per import attempt (loaded or rejected).

Why a separate transaction for rejected attempts: the import's own transaction was
rolled back, so the data tables are exactly as before; the log row is the only trace
and tells the PMO who tried which file when, and why it failed.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, insert

from data_access.importers.text_file import sha256_of
from data_access.models import ImportLog

LOADED = "loaded"
REJECTED = "rejected"


@dataclass(frozen=True)
class RowCounts:
    """What an import did to the rows of its file."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


def default_importer() -> str:
    """Who runs a command-line import: the operating-system user."""
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no login name (container); still log the attempt
        return "cli"


def _values(
    kind: str,
    path: Path,
    imported_by: str,
    outcome: str,
    counts: RowCounts,
    project_code: str | None,
    message: str | None,
) -> dict[str, object]:
    return {
        "source_kind": kind,
        "file_name": path.name[:255],
        "file_sha256": sha256_of(path),
        "project_code": project_code,
        "imported_by": imported_by[:120],
        "imported_at": datetime.now(UTC),
        "outcome": outcome,
        "rows_added": counts.added,
        "rows_updated": counts.updated,
        "rows_unchanged": counts.unchanged,
        "rows_rejected": counts.rejected,
        "message": message,
    }


def log_loaded(
    connection: Connection,
    kind: str,
    path: Path,
    imported_by: str,
    counts: RowCounts,
    project_code: str | None = None,
) -> None:
    """Inside the import's transaction: the log row commits with the data or not at all."""
    connection.execute(
        insert(ImportLog).values(_values(kind, path, imported_by, LOADED, counts, project_code, None))
    )


def log_rejected(
    engine: Engine,
    kind: str,
    path: Path,
    imported_by: str,
    rejected_rows: int,
    message: str,
    project_code: str | None = None,
) -> None:
    """After a rollback, in its own transaction; only the import_log table changes."""
    values = _values(
        kind, path, imported_by, REJECTED, RowCounts(rejected=rejected_rows), project_code, message[:4000]
    )
    with engine.begin() as connection:
        connection.execute(insert(ImportLog).values(values))
