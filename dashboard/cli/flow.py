"""``python -m dashboard flow``: one project's flow in a counting preset, as the Delivery
page computes it (``dashboard.delivery.delivery_flow``), over the whole history to the
as-of date: each item's key, start, done and cycle time; the cycle-time percentiles;
daily throughput; the daily cumulative flow.

JSON prints one object with the four parts. CSV prints the part chosen with ``--table``
(default ``all``: the four tables one after the other, each headed by a ``# name`` line
and separated by a blank line).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import pandas as pd

from dashboard.cli.common import parse_day, plain, settings_engine_and_day, write_csv
from dashboard.delivery import DeliveryFlow, DeliveryRequest, delivery_flow
from dashboard.metrics.flow_presets import DEFAULT_PRESET, PRESETS, FlowSettings
from data_access.queries import QueryFilters
from data_access.viewer import portfolio_viewer

TABLES = ("items", "percentiles", "throughput", "cfd")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--project", required=True, help="project code")
    parser.add_argument(
        "--preset", choices=PRESETS, default=DEFAULT_PRESET, help="counting rule (METRICS.md)"
    )
    parser.add_argument("--working-days", action="store_true", help="count Monday to Friday only")
    parser.add_argument("--as-of", type=parse_day, default=None, help="YYYY-MM-DD (default: today)")
    parser.add_argument("--format", choices=["json", "csv"], default="json")
    parser.add_argument("--table", choices=[*TABLES, "all"], default="all", help="CSV only: which table")
    parser.add_argument(
        "--database-url", default=None, help="default: PORTFOLIO_DATABASE_URL or the embedded file"
    )


def _day(value: Any) -> str | None:
    return None if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def flow_tables(delivery: DeliveryFlow) -> dict[str, list[dict[str, Any]]]:
    """The four tables as records (dates ISO, missing values None)."""
    assert delivery.flow is not None
    table = delivery.flow.table
    items = [
        {"key": key, "start": _day(s), "done": _day(d), "cycle_time": plain(float(c))}
        for key, s, d, c in zip(
            table.index, table["start_date"], table["done_date"], table["cycle_time"], strict=True
        )
    ]
    percentiles = [
        {"percentile": round(q * 100, 6), "cycle_time": plain(float(v))}
        for q, v in delivery.percentiles.items()
    ]
    throughput = [{"date": _day(d), "count": int(n)} for d, n in delivery.throughput_daily.items()]
    cfd = [{"date": _day(d), **{k: int(v) for k, v in row.items()}} for d, row in delivery.cfd.iterrows()]
    return {"items": items, "percentiles": percentiles, "throughput": throughput, "cfd": cfd}


def run(args: argparse.Namespace) -> int:
    _settings, engine, as_of = settings_engine_and_day(args)
    settings = FlowSettings(preset=args.preset, working_days=args.working_days)
    with engine.connect() as connection:
        request = DeliveryRequest(args.project, QueryFilters(as_of=as_of), settings)
        delivery = delivery_flow(connection, portfolio_viewer(), request)
    if delivery is None:
        print(f"error: no project with code {args.project!r}", file=sys.stderr)
        return 1
    if delivery.flow is None:
        print(f"error: project {args.project} has no board workflow, so no flow metrics", file=sys.stderr)
        return 1
    tables = flow_tables(delivery)
    if args.format == "json":
        head = {
            "project": args.project,
            "preset": args.preset,
            "working_days": args.working_days,
            "as_of": as_of.isoformat(),
        }
        json.dump(head | tables, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    chosen = TABLES if args.table == "all" else (args.table,)
    for i, name in enumerate(chosen):
        if args.table == "all":
            sys.stdout.write(("\n" if i else "") + f"# {name}\n")
        rows = tables[name]
        columns = list(rows[0]) if rows else (["date", *delivery.cfd.columns] if name == "cfd" else [])
        write_csv(rows, columns)
    return 0
