"""Importers of real flow data: Jira search JSON with changelog, and a flat transitions CSV.

Both take a workflow file (``workflow_file``) and a project code, and write items and
status transitions in one transaction, only when the whole file is valid. Every problem
(unknown status, unparseable timestamp, out-of-order change, unknown team, a key owned
by another project) is reported with its row in one ``ImportRejected``. Importing the
same file twice changes nothing (upsert by item key).

No UI imports here (ARCHITECTURE rule 1): the CLI in ``data_access.__main__`` and tests
call ``import_flow_file``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine

from data_access.importers.jira_json import read_jira
from data_access.importers.parsed import ParsedFile, check_against_workflow, with_resolution
from data_access.importers.problems import ImportRejected, Problem
from data_access.importers.transitions_csv import read_transitions_csv
from data_access.importers.workflow_file import WorkflowDefinition, read_workflow
from data_access.importers.writer import ImportSummary, write_import

READERS: dict[str, Callable[[Path], ParsedFile]] = {
    "jira-json": read_jira,
    "transitions-csv": read_transitions_csv,
}

__all__ = [
    "READERS",
    "ImportRejected",
    "ImportSummary",
    "Problem",
    "WorkflowDefinition",
    "import_flow_file",
    "import_flow_rows",
    "read_workflow",
]


def import_flow_file(
    engine: Engine, kind: str, path: Path, project_code: str, workflow_path: Path
) -> ImportSummary:
    """Read, check and write one file; ImportRejected (nothing written) lists every problem."""
    with engine.begin() as connection:
        return import_flow_rows(connection, kind, path, project_code, workflow_path)


def import_flow_rows(
    connection: Connection, kind: str, path: Path, project_code: str, workflow_path: Path
) -> ImportSummary:
    """As ``import_flow_file``, inside the caller's transaction (the import registry's)."""
    if kind not in READERS:
        raise ValueError(f"unknown import kind {kind!r}; expected one of {', '.join(READERS)}")
    definition = read_workflow(workflow_path)
    parsed = READERS[kind](path)
    problems = parsed.problems + check_against_workflow(parsed, definition)
    if problems:
        raise ImportRejected(str(path), problems)
    if not parsed.items:
        raise ImportRejected(str(path), [Problem("file", "no work items in the file")])
    parsed.items = with_resolution(parsed.items, parsed.changes, definition)
    return write_import(connection, project_code, definition, parsed, str(path))
