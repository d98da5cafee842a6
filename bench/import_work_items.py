"""Time the work-items CSV import (csv-work-items) of a 100k-row file into a demo project.

Usage (from the repository root)::

    python -m bench.import_work_items [--rows 100000] [--postgres-url URL] [--sqlite-only]

For each backend: seed the demo portfolio into a new database (a SQLite file in a
temporary directory; a fresh schema on the PostgreSQL server), write a CSV of ``--rows``
new items for the demo's first project (statuses from its workflow, its team), then time
``run_import`` (the CLI's path: read, check every row, upsert, log) three times:

- cold: every row added;
- re-import of the same file: every row unchanged, nothing written but the log;
- 10% of the titles changed: those rows updated;
- the same file with its last row's created_at unreadable: rejected, nothing written.

Figures go to docs/DATA.md ("Speed").
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.schema import CreateSchema, DropSchema

from data_access.db import make_engine
from data_access.importers.csv_spec import WORK_ITEMS
from data_access.importers.problems import ImportRejected
from data_access.importers.registry import ImportOptions, run_import
from data_access.migrate import upgrade_to_head
from data_access.models import Project, Team, WorkflowStatus
from data_access.seed import seed_database

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TODAY = date(2026, 11, 26)


def write_items(path: Path, engine: Engine, rows: int, changed_every: int = 0) -> str:
    """A work-items CSV of ``rows`` new items for the first demo project; its code."""
    with engine.connect() as connection:
        project = connection.execute(
            select(Project.code, Project.workflow_id, Team.code.label("team_code"))
            .outerjoin(Team, Team.id == Project.team_id)
            .where(Project.workflow_id.is_not(None))
            .order_by(Project.code)
        ).first()
        assert project is not None, "the demo has projects with workflows"
        statuses = (
            connection.execute(
                select(WorkflowStatus.status)
                .where(WorkflowStatus.workflow_id == project.workflow_id)
                .order_by(WorkflowStatus.stage_order)
            )
            .scalars()
            .all()
        )
    start = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(WORK_ITEMS.column_names)
        for n in range(1, rows + 1):
            created = start + timedelta(minutes=7 * n)
            done = n % 3 == 0
            title = f"Bench item {n}" + (" (edited)" if changed_every and n % changed_every == 0 else "")
            writer.writerow([
                project.code, f"BENCH-{n}", "Story" if n % 4 else "Bug", title,
                statuses[-1] if done else statuses[n % max(len(statuses) - 1, 1)],
                created.isoformat(), (created + timedelta(days=5)).isoformat() if done else "",
                n % 8 + 1, project.team_code or "",
            ])  # fmt: skip
    return project.code


def _timed(engine: Engine, path: Path) -> tuple[float, float, str]:
    """(wall seconds, this process's CPU seconds, what the import did)."""
    started, cpu = time.perf_counter(), time.process_time()
    try:
        c = run_import(engine, WORK_ITEMS.kind, path, ImportOptions(imported_by="bench")).counts
        result = f"{c.added:,} added, {c.updated:,} updated, {c.unchanged:,} unchanged"
    except ImportRejected as rejected:
        result = f"rejected: {len(rejected.problems)} problem(s), nothing written"
    return time.perf_counter() - started, time.process_time() - cpu, result


def _with_bad_last_row(source: Path, target: Path) -> None:
    lines = source.read_text(encoding="utf-8").splitlines()
    lines[-1] = lines[-1].rsplit(",", 4)[0] + ",yesterday,,1,"  # created_at unreadable
    target.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


def bench_backend(name: str, url: str, rows: int, folder: Path) -> list[tuple[str, str, str, float, int]]:
    engine = make_engine(url)
    upgrade_to_head(engine)
    seed_database(engine, scale="demo", today=TODAY, seed=42)
    first, edited = folder / f"{name}-items.csv", folder / f"{name}-items-edited.csv"
    code = write_items(first, engine, rows)
    write_items(edited, engine, rows, changed_every=10)
    bad = folder / f"{name}-items-bad.csv"
    _with_bad_last_row(first, bad)
    results = []
    runs = (("cold", first), ("re-import", first), ("10% changed", edited), ("bad last row", bad))
    for run, path in runs:
        seconds, cpu, counts = _timed(engine, path)
        results.append((name, run, counts, seconds, cpu, rows))
        print(
            f"  {name:<10} {run:<12} {seconds:6.2f} s (CPU {cpu:5.2f} s)  {counts}  (project {code})",
            flush=True,
        )
    engine.dispose()
    return results


def _postgres_schema(base_url: str) -> tuple[str, str]:
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(base_url)
    with admin.begin() as connection:
        connection.execute(CreateSchema(schema))
    admin.dispose()
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return schema, url.render_as_string(hide_password=False)


def _drop_schema(base_url: str, schema: str) -> None:
    admin = make_engine(base_url)
    with admin.begin() as connection:
        connection.execute(DropSchema(schema, cascade=True))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--postgres-url", default=os.environ.get("PORTFOLIO_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    )
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    print(f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, {date.today()}")
    load = os.getloadavg()[0]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results += bench_backend("SQLite", f"sqlite:///{folder / 'bench.db'}", args.rows, folder)
        if not args.sqlite_only:
            schema, url = _postgres_schema(args.postgres_url)
            try:
                results += bench_backend("PostgreSQL", url, args.rows, folder)
            finally:
                _drop_schema(args.postgres_url, schema)
    print()
    print(f"load average before the runs: {load:.1f}")
    print("| Backend | Run | Rows | Result | Wall s | Python CPU s | Rows/s (wall) |")
    print("|---|---|---:|---|---:|---:|---:|")
    for name, run, counts, seconds, cpu, rows in results:
        print(f"| {name} | {run} | {rows:,} | {counts} | {seconds:.1f} | {cpu:.1f} | {rows / seconds:,.0f} |")


if __name__ == "__main__":
    main()
