"""Test helpers for the CSV template imports: a database holding the templates' example
rows, the CLI run in-process, and row counts of every table taken with SQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, func, select

from data_access.__main__ import main
from data_access.importers.csv_spec import ENTITIES
from data_access.importers.csv_templates import template_bytes
from data_access.models import Base, ImportLog


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def run_cli(engine: Engine, kind: str, path: Path, *extra: str) -> int:
    """``python -m data_access import KIND FILE --database-url URL``, in this process."""
    return main(["import", kind, str(path), *extra, "--database-url", url_of(engine)])


def import_templates(engine: Engine, folder: Path) -> None:
    """Every shipped template (one example row each) imported in order: references to
    T-PAY, jane.doe, DIG, PAY-001 and its Go-live milestone exist afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    for entity in ENTITIES:
        path = folder / entity.file_name
        path.write_bytes(template_bytes(entity.name))
        assert run_cli(engine, entity.kind, path) == 0, entity.kind


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows in every table, counted with SQL."""
    with engine.connect() as connection:
        return {
            name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in Base.metadata.tables.items()
        }


def log_outcomes(engine: Engine) -> list[tuple[str, str, int, int, int, int]]:
    """(kind, outcome, added, updated, unchanged, rejected) of every import attempt, oldest first."""
    with engine.connect() as connection:
        return [
            tuple(row)  # type: ignore[misc]
            for row in connection.execute(
                select(
                    ImportLog.source_kind,
                    ImportLog.outcome,
                    ImportLog.rows_added,
                    ImportLog.rows_updated,
                    ImportLog.rows_unchanged,
                    ImportLog.rows_rejected,
                ).order_by(ImportLog.id)
            )
        ]
