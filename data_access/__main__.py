"""Command line: ``python -m data_access migrate|seed ...``.

Examples::

    python -m data_access migrate --database-url postgresql+psycopg://postgres@127.0.0.1/test
    python -m data_access seed --scale demo --database-url sqlite:///data/portfolio.db
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

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
    return parser


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
