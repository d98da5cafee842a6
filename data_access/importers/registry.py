"""Every import kind behind one call: read, check, write in one transaction, log it.

Why one entry point: the CLI and the import page must behave identically: all or
nothing, every problem reported, one import-log row per attempt. Each kind is an
``Importer``: given an open transaction, the file and the options, it validates the
whole file (raising ``ImportRejected`` with every problem before writing anything it
cannot finish) and returns what it did. ``run_import`` owns the transaction and the log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine

from data_access.importers.import_log import RowCounts, default_importer, log_loaded, log_rejected
from data_access.importers.problems import ImportRejected, Problem


@dataclass(frozen=True)
class ImportOptions:
    """What the person running the import said besides the file."""

    project_code: str | None = None
    workflow_path: Path | None = None
    imported_by: str = ""


@dataclass(frozen=True)
class ImportOutcome:
    """What one import did, in rows of its file, and one sentence for a person."""

    kind: str
    counts: RowCounts
    summary: str


Importer = Callable[[Connection, Path, ImportOptions], ImportOutcome]


@dataclass(frozen=True)
class ImportKind:
    """A registered kind: its importer and what the CLI/page say about it."""

    name: str
    importer: Importer
    description: str
    needs_project: bool = False
    needs_workflow: bool = False


def registered_kinds() -> dict[str, ImportKind]:
    """All kinds, in the order a person would look for them."""
    from data_access.importers.kinds_csv import CSV_KINDS
    from data_access.importers.kinds_flow import FLOW_KINDS
    from data_access.importers.kinds_sources import SOURCE_KINDS

    kinds: dict[str, ImportKind] = {}
    for group in (CSV_KINDS, FLOW_KINDS, SOURCE_KINDS):
        for kind in group:
            kinds[kind.name] = kind
    return kinds


def run_import(engine: Engine, kind_name: str, path: Path, options: ImportOptions) -> ImportOutcome:
    """Import ``path`` as ``kind_name``; ImportRejected (nothing written, attempt logged) on any problem."""
    kinds = registered_kinds()
    if kind_name not in kinds:
        raise ValueError(f"unknown import kind {kind_name!r}; expected one of {', '.join(kinds)}")
    kind = kinds[kind_name]
    imported_by = options.imported_by or default_importer()
    missing = [
        Problem("command", f"{kind_name} needs {what}")
        for what, needed, given in (
            ("--project CODE", kind.needs_project, options.project_code),
            ("--workflow FILE", kind.needs_workflow, options.workflow_path),
        )
        if needed and not given
    ]
    try:
        if missing:
            raise ImportRejected(str(path), missing)
        with engine.begin() as connection:
            outcome = kind.importer(connection, path, options)
            log_loaded(connection, kind_name, path, imported_by, outcome.counts, options.project_code)
        return outcome
    except ImportRejected as rejected:
        if path.is_file():
            bad_rows = len({problem.where for problem in rejected.problems})
            log_rejected(engine, kind_name, path, imported_by, bad_rows, str(rejected), options.project_code)
        raise
