"""Run an import of a file uploaded in the browser, as the signed-in PMO admin.

Why a file on disk: every importer reads a path (the CLI's contract), and the import
log records the uploaded file's own name and hash, so the upload is written under its
original name in a private temporary directory that disappears afterwards.
"""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePath

from sqlalchemy import Engine

from data_access.importers.csv_templates import template_bytes, template_names
from data_access.importers.problems import ImportRejected
from data_access.importers.registry import (
    ImportKind,
    ImportOptions,
    ImportOutcome,
    registered_kinds,
    run_import,
)
from data_access.queries.freshness import freshness_line
from data_access.viewer import Viewer
from data_access.vocabulary import Role

__all__ = [
    "ImportKind",
    "ImportNotAllowed",
    "ImportOutcome",
    "ImportRejected",
    "freshness_line",
    "import_kinds",
    "import_upload",
    "template_bytes",
    "template_names",
]


def import_kinds() -> list[ImportKind]:
    """Every import kind the page offers, in the registry's order."""
    return list(registered_kinds().values())


class ImportNotAllowed(PermissionError):
    """Only a PMO admin loads data; the page hides the form, this guards the action."""


def _safe_name(file_name: str, fallback: str) -> str:
    """The upload's base name only: no directories from a tampered request."""
    name = PurePath(file_name.replace("\\", "/")).name.strip()
    return name if name and name not in {".", ".."} else fallback


def import_upload(
    engine: Engine,
    viewer: Viewer,
    kind: str,
    file_name: str,
    content: bytes,
    project_code: str | None = None,
    workflow: tuple[str, bytes] | None = None,
) -> ImportOutcome:
    """Import one uploaded file; ImportRejected (nothing written, attempt logged) on any problem."""
    if viewer.role is not Role.PMO_ADMIN:
        raise ImportNotAllowed("Only a PMO admin can import data.")
    with tempfile.TemporaryDirectory(prefix="portfolio-import-") as folder:
        path = Path(folder) / _safe_name(file_name, "upload")
        path.write_bytes(content)
        workflow_path = None
        if workflow is not None:
            workflow_path = Path(folder) / f"workflow-{_safe_name(workflow[0], 'workflow.json')}"
            workflow_path.write_bytes(workflow[1])
        options = ImportOptions(
            project_code=project_code, workflow_path=workflow_path, imported_by=viewer.user_id
        )
        return run_import(engine, kind, path, options)
