"""Command line: ``python -m data_access migrate|seed ...``.

Examples::

    python -m data_access migrate --database-url postgresql+psycopg://postgres@127.0.0.1/test
    python -m data_access seed --scale demo --database-url sqlite:///data/portfolio.db
    python -m data_access import jira-json search.json --project PAY --workflow board.json \
        --database-url sqlite:///data/portfolio.db
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from data_access.db import DatabaseUnavailable, check_reachable, make_engine, safe_url
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

    imp = commands.add_parser("import", help="import flow data (items and status changes) into a project")
    imp.add_argument("kind", choices=["jira-json", "transitions-csv"], help="format of FILE")
    imp.add_argument("file", type=Path, help="Jira search JSON with changelog, or a transitions CSV")
    imp.add_argument("--project", required=True, help="code of the existing project to attach items to")
    imp.add_argument("--workflow", required=True, type=Path, help="workflow JSON: statuses -> stages")
    imp.add_argument("--database-url", required=True, help="SQLAlchemy URL")
    return parser


def _import(engine, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from data_access.importers import ImportRejected, import_flow_file

    try:
        summary = import_flow_file(engine, args.kind, args.file, args.project, args.workflow)
    except ImportRejected as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"imported {args.file} into {summary.project} (workflow {summary.workflow!r}): "
        f"{summary.items_created} items created, {summary.items_updated} updated, "
        f"{summary.items_unchanged} unchanged; {summary.transitions_written} transitions written"
    )
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
