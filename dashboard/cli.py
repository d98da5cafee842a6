"""Headless commands: ``python -m dashboard rag ...`` prints what the pages show.

Same function, same numbers: the command calls ``dashboard.health.portfolio_health``
exactly as the overview does, with the thresholds from the same settings.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import SQLAlchemyError

from dashboard.health import PortfolioHealth, portfolio_health
from dashboard.metrics.rag import ProjectRag, RagStatus
from dashboard.settings import SettingsError, get_settings
from data_access.db import DatabaseUnavailable, check_reachable, make_engine, safe_url
from data_access.queries import QueryFilters
from data_access.viewer import portfolio_viewer

DIMENSIONS = ("schedule", "budget", "risk", "overall")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Headless portfolio reports.")
    commands = parser.add_subparsers(dest="command", required=True)
    rag = commands.add_parser("rag", help="computed and reported RAG per project, with explanations")
    rag.add_argument("--as-of", type=_day, default=None, help="YYYY-MM-DD (default: today)")
    rag.add_argument("--program", action="append", default=[], help="program code (repeatable)")
    rag.add_argument("--format", choices=["json", "csv"], default="json")
    rag.add_argument(
        "--database-url", default=None, help="default: PORTFOLIO_DATABASE_URL or the embedded file"
    )
    return parser


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN
        return None
    return getattr(value, "value", value)


def _status_json(status: RagStatus) -> dict[str, Any]:
    explanation = status.explanation
    return {
        "status": status.colour.value,
        "rule": explanation.rule,
        "inputs": {k: _plain(v) for k, v in explanation.inputs.items()},
        "thresholds": [
            {"name": t.name, "value": t.value, "source": t.source} for t in explanation.thresholds
        ],
        "flags": list(status.flags),
    }


def rag_records(health: PortfolioHealth, as_of: date) -> list[dict[str, Any]]:
    """One record per project, in the project table's order."""
    records = []
    for row in health.projects.to_dict("records"):
        rag: ProjectRag = health.rags[row["code"]]
        records.append(
            {
                "code": row["code"],
                "name": row["name"],
                "program": row["program_code"],
                "as_of": as_of.isoformat(),
                "computed": {d: _status_json(getattr(rag, d)) for d in DIMENSIONS},
                "reported": _plain(row["reported_rag"]),
                "reported_on": _plain(row["report_date"]) if row["reported_rag"] is not None else None,
                "watermelon": bool(row["watermelon"]),
            }
        )
    return records


def _write_csv(records: list[dict[str, Any]]) -> None:
    columns = ["code", "name", "program", "as_of"]
    columns += [f"{d}_{part}" for d in DIMENSIONS for part in ("status", "rule")]
    columns += ["reported", "reported_on", "watermelon"]
    writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for record in records:
        flat = {
            k: record[k]
            for k in ("code", "name", "program", "as_of", "reported", "reported_on", "watermelon")
        }
        for d in DIMENSIONS:
            flat[f"{d}_status"] = record["computed"][d]["status"]
            flat[f"{d}_rule"] = record["computed"][d]["rule"]
        writer.writerow(flat)


def run_rag(args: argparse.Namespace) -> int:
    settings = get_settings()
    url = args.database_url or settings.effective_database_url
    as_of = args.as_of or datetime.now(ZoneInfo(settings.time_zone)).date()
    engine = make_engine(url)
    check_reachable(engine)
    with engine.connect() as connection:
        health = portfolio_health(
            connection,
            portfolio_viewer(),
            QueryFilters(as_of=as_of, program_codes=tuple(sorted(args.program))),
            settings.rag_thresholds(),
            settings.rag_overall,
        )
    records = rag_records(health, as_of)
    if args.format == "json":
        json.dump(records, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _write_csv(records)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return run_rag(args)
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except DatabaseUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except SQLAlchemyError as exc:
        url = args.database_url or ""
        print(f"error on {safe_url(url)}: {str(getattr(exc, 'orig', exc)).splitlines()[0]}", file=sys.stderr)
        return 1
