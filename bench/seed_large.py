"""Seed the large benchmark portfolio into a migrated database and report its size.

Usage::

    python -m bench.seed_large --database-url sqlite:////tmp/large.db --today 2026-11-26
    python -m bench.seed_large --database-url \
        "postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%3Dbench_large"

Run from the repository root (or with the project installed). The schema is migrated
first (idempotent); the database must hold no projects yet.
Prints rows per table, the seconds seeding took and the database size (the SQLite
file, or the tables of the current schema on PostgreSQL).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, func, select, text

from data_access.db import make_engine
from data_access.migrate import upgrade_to_head
from data_access.seed import seed_database


def database_size(engine: Engine) -> tuple[int, str]:
    """(bytes, what was measured)."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        path = Path(engine.url.database or "")
        return path.stat().st_size, f"SQLite file {path}"
    with engine.connect() as connection:
        schema = connection.execute(select(func.current_schema())).scalar_one()
        size = connection.execute(
            text(
                "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :schema AND c.relkind = 'r'"
            ),
            {"schema": schema},
        ).scalar_one()
        whole = connection.execute(select(func.pg_database_size(func.current_database()))).scalar_one()
    return int(
        size
    ), f"schema {schema} (tables with indexes and TOAST); whole database {whole / 2**20:,.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)

    engine = make_engine(args.database_url)
    upgrade_to_head(engine)
    last = [-1.0]

    def progress(fraction: float, message: str) -> None:
        if fraction - last[0] >= 0.05 or fraction >= 1.0:
            last[0] = fraction
            print(f"[{fraction:6.1%}] {message}", file=sys.stderr, flush=True)

    summary = seed_database(engine, scale="large", today=args.today, seed=args.seed, progress=progress)
    size, measured = database_size(engine)
    engine.dispose()
    for table, count in sorted(summary.row_counts.items()):
        print(f"{table:<22} {count:>12,}")
    print(f"{'total rows':<22} {sum(summary.row_counts.values()):>12,}")
    print(f"seconds                {summary.seconds:>12.1f}")
    print(f"size                   {size / 2**20:>11,.1f} MiB  ({measured})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
