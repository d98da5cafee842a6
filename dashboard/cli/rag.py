"""``python -m dashboard rag``: per project, the computed status and explanation per
dimension and overall, the reported status and the watermelon flag, exactly as the
overview computes them (``dashboard.health.portfolio_health``)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from dashboard.cli.common import (
    add_common_arguments,
    plain,
    read_with_filters,
    write_csv,
    write_json,
)
from dashboard.health import PortfolioHealth, portfolio_health
from dashboard.metrics.rag import ProjectRag, RagStatus

DIMENSIONS = ("schedule", "budget", "risk", "overall")
CSV_COLUMNS = [
    "code",
    "name",
    "program",
    "as_of",
    *(f"{d}_{part}" for d in DIMENSIONS for part in ("status", "rule")),
    "reported",
    "reported_on",
    "watermelon",
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_arguments(parser)


def _status_json(status: RagStatus) -> dict[str, Any]:
    explanation = status.explanation
    return {
        "status": status.colour.value,
        "rule": explanation.rule,
        "inputs": {k: plain(v) for k, v in explanation.inputs.items()},
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
        reported = row["reported_rag"] if isinstance(row["reported_rag"], str) else None
        records.append(
            {
                "code": row["code"],
                "name": row["name"],
                "program": row["program_code"],
                "as_of": as_of.isoformat(),
                "computed": {d: _status_json(getattr(rag, d)) for d in DIMENSIONS},
                "reported": reported,
                "reported_on": plain(row["report_date"]) if reported else None,
                "watermelon": bool(row["watermelon"]),
            }
        )
    return records


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    flat = {k: v for k, v in record.items() if k != "computed"}
    for d in DIMENSIONS:
        flat[f"{d}_status"] = record["computed"][d]["status"]
        flat[f"{d}_rule"] = record["computed"][d]["rule"]
    return flat


def run(args: argparse.Namespace) -> int:
    health, as_of = read_with_filters(
        args,
        lambda c, viewer, filters, s: portfolio_health(c, viewer, filters, s.rag_thresholds(), s.rag_overall),
    )
    records = rag_records(health, as_of)
    if args.format == "json":
        write_json(records)
    else:
        write_csv([_flat(r) for r in records], CSV_COLUMNS)
    return 0
