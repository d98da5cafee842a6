"""The flow imports (Jira search JSON, transitions CSV) as registered import kinds."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

from data_access.importers import import_flow_rows
from data_access.importers.import_log import RowCounts
from data_access.importers.registry import ImportKind, ImportOptions, ImportOutcome


def _flow_importer(kind: str):  # type: ignore[no-untyped-def]
    def run(connection: Connection, path: Path, options: ImportOptions) -> ImportOutcome:
        assert options.project_code is not None and options.workflow_path is not None  # checked by run_import
        summary = import_flow_rows(connection, kind, path, options.project_code, options.workflow_path)
        counts = RowCounts(
            added=summary.items_created, updated=summary.items_updated, unchanged=summary.items_unchanged
        )
        text = (
            f"{summary.items_created} items created, {summary.items_updated} updated, "
            f"{summary.items_unchanged} unchanged; {summary.transitions_written} transitions written "
            f"into {summary.project} (workflow {summary.workflow!r})"
        )
        return ImportOutcome(kind, counts, text)

    return run


FLOW_KINDS: list[ImportKind] = [
    ImportKind(
        "jira-json",
        _flow_importer("jira-json"),
        "Jira search JSON with changelog: work items and status changes",
        needs_project=True,
        needs_workflow=True,
    ),
    ImportKind(
        "transitions-csv",
        _flow_importer("transitions-csv"),
        "Flat CSV of status changes (key, from, to, changed at)",
        needs_project=True,
        needs_workflow=True,
    ),
]
