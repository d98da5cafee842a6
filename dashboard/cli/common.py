"""What every headless command shares: arguments, the database, today, output."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine

from dashboard.settings import Settings, get_settings
from data_access.db import check_reachable, make_engine
from data_access.queries import QueryFilters
from data_access.viewer import Viewer, portfolio_viewer

T = TypeVar("T")


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from exc


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """--as-of, --program (repeatable), --format json|csv, --database-url."""
    parser.add_argument("--as-of", type=parse_day, default=None, help="YYYY-MM-DD (default: today)")
    parser.add_argument("--program", action="append", default=[], help="program code (repeatable)")
    parser.add_argument("--format", choices=["json", "csv"], default="json")
    parser.add_argument(
        "--database-url", default=None, help="default: PORTFOLIO_DATABASE_URL or the embedded file"
    )


def settings_engine_and_day(args: argparse.Namespace) -> tuple[Settings, Engine, date]:
    """Settings, a reachable engine and the as-of date (today in the configured time zone)."""
    settings = get_settings()
    engine = make_engine(args.database_url or settings.effective_database_url)
    check_reachable(engine)
    as_of = args.as_of or datetime.now(ZoneInfo(settings.time_zone)).date()
    return settings, engine, as_of


def read_with_filters(
    args: argparse.Namespace, compute: Callable[[Connection, Viewer, QueryFilters, Settings], T]
) -> tuple[T, date]:
    """``compute(connection, viewer, filters, settings)`` as the pages call it, for the whole
    portfolio narrowed by ``--program`` (sorted, as the filter bar passes them) on ``--as-of``."""
    settings, engine, as_of = settings_engine_and_day(args)
    filters = QueryFilters(as_of=as_of, program_codes=tuple(sorted(args.program)))
    with engine.connect() as connection:
        return compute(connection, portfolio_viewer(), filters, settings), as_of


def plain(value: Any) -> Any:
    """A JSON/CSV-friendly value: ISO dates, None for NaN, enum values as strings."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN
        return None
    return getattr(value, "value", value)


def write_json(records: Sequence[dict[str, Any]]) -> None:
    json.dump(list(records), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def write_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: plain(row.get(c)) for c in columns})
