"""Command line: ``python -m data_access migrate|seed|import|export-csv ...``.

Examples::

    python -m data_access migrate --database-url postgresql+psycopg://postgres@127.0.0.1/test
    python -m data_access seed --scale demo --database-url sqlite:///data/portfolio.db
    python -m data_access import csv-projects projects.csv --database-url sqlite:///data/portfolio.db
    python -m data_access import jira-json search.json --project PAY --workflow board.json \
        --database-url sqlite:///data/portfolio.db
    python -m data_access export-csv --database-url sqlite:///data/portfolio.db --out exported/
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from data_access.db import DatabaseUnavailable, check_reachable, make_engine, safe_url
from data_access.importers.csv_report import problem_report
from data_access.importers.problems import ImportRejected
from data_access.importers.registry import ImportOptions, registered_kinds, run_import
from data_access.migrate import current_revision, upgrade_to_head


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m data_access", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    migrate = commands.add_parser("migrate", help="create or upgrade the schema to the newest revision")
    migrate.add_argument("--database-url", required=True, help="SQLAlchemy URL")

    seed = commands.add_parser("seed", help="migrate, then fill an empty database with a demo portfolio")
    seed.add_argument("--database-url", required=True, help="SQLAlchemy URL")
    seed.add_argument("--scale", choices=["demo", "large"], default="demo")
    seed.add_argument("--today", type=_parse_day, default=None, help="last day of history (default: today)")
    seed.add_argument("--seed", type=int, default=42, help="random seed (same seed + day = same data)")

    kinds = registered_kinds()
    imp = commands.add_parser(
        "import",
        help="import a file (all or nothing; every problem reported)",
        epilog="KIND is one of:\n"
        + "\n".join(f"  {name:<24} {kind.description}" for name, kind in kinds.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("kind", choices=list(kinds), metavar="KIND", help="format of FILE (see the list below)")
    imp.add_argument("file", type=Path, help="the file to import")
    imp.add_argument("--project", help="code of the existing project (kinds that import into one project)")
    imp.add_argument("--workflow", type=Path, help="workflow JSON: statuses -> stages (flow kinds)")
    imp.add_argument("--database-url", required=True, help="SQLAlchemy URL")

    export = commands.add_parser("export-csv", help="write the whole portfolio as the CSV templates")
    export.add_argument("--database-url", required=True, help="SQLAlchemy URL")
    export.add_argument("--out", required=True, type=Path, help="directory for the <template>.csv files")
    return parser


def _import(engine, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    options = ImportOptions(project_code=args.project, workflow_path=args.workflow)
    try:
        outcome = run_import(engine, args.kind, args.file, options)
    except ImportRejected as exc:
        print(problem_report(exc), file=sys.stderr)
        return 1
    print(f"imported {args.file} ({args.kind}): {outcome.summary}")
    return 0


def _export(engine, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from data_access.importers.csv_export import export_csv

    counts = export_csv(engine, args.out)
    print(f"exported {sum(counts.values()):,} rows into {args.out} (import them in this order):")
    for name, count in counts.items():
        print(f"  {name + '.csv':<26} {count:>10,}")
    return 0


def _progress(fraction: float, message: str) -> None:
    print(f"[{fraction:6.1%}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    shown_url = safe_url(args.database_url)
    try:
        engine = make_engine(args.database_url)
        check_reachable(engine)
        upgrade_to_head(engine)
        print(f"{shown_url}: schema at revision {current_revision(engine)}")
        if args.command == "import":
            return _import(engine, args)
        if args.command == "export-csv":
            return _export(engine, args)
        if args.command == "seed":
            from data_access.seed import SeedError, seed_database

            try:
                summary = seed_database(
                    engine,
                    scale=args.scale,
                    today=args.today or date.today(),
                    seed=args.seed,
                    progress=_progress,
                )
            except SeedError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 1
            total = sum(summary.row_counts.values())
            print(f"seeded {args.scale} portfolio: {total:,} rows in {summary.seconds:.1f} s")
            for table, count in sorted(summary.row_counts.items()):
                print(f"  {table:<22} {count:>12,}")
    except DatabaseUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except SQLAlchemyError as exc:
        print(f"error on {shown_url}: {str(getattr(exc, 'orig', exc)).splitlines()[0]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
