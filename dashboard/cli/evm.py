"""``python -m dashboard evm``: per project, per program roll-up and for the whole selection,
the earned-value figures of the Budget page, computed by the same function
(``dashboard.budget.budget_report``)."""

from __future__ import annotations

import argparse
from typing import Any

import pandas as pd

from dashboard.budget import FIGURE_COLUMNS, BudgetReport, budget_report
from dashboard.cli.common import (
    add_common_arguments,
    plain,
    read_with_filters,
    write_csv,
    write_json,
)

CSV_COLUMNS = ["level", "code", "name", "program", "as_of", "projects", "excluded", *FIGURE_COLUMNS]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_arguments(parser)


def _value(value: Any) -> Any:
    """Plain JSON values: dates as ISO days, NaN/NaT as null, numpy scalars as Python ones."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return plain(value.item() if hasattr(value, "item") else value)


def _records(rows: pd.DataFrame, level: str, as_of: str, **keys: str) -> list[dict[str, Any]]:
    """One record per row; ``keys`` maps record fields (code, name, program) to columns or constants."""
    records = []
    for row in rows.to_dict("records"):
        record: dict[str, Any] = {"level": level}
        record |= {field: row.get(column, column) for field, column in keys.items()}
        record["as_of"] = as_of
        record["projects"] = _value(row.get("n_rows", 1))
        record["excluded"] = _value(row.get("n_excluded", 0))
        record |= {column: _value(row[column]) for column in FIGURE_COLUMNS}
        records.append(record)
    return records


def evm_records(report: BudgetReport) -> list[dict[str, Any]]:
    """Projects, then program roll-ups, then the whole selection, in the page's order."""
    as_of = report.as_of.isoformat()
    return [
        *_records(report.projects, "project", as_of, code="code", name="name", program="program_code"),
        *_records(
            report.programs,
            "program",
            as_of,
            code="program_code",
            name="program_name",
            program="program_code",
        ),
        *_records(report.portfolio, "portfolio", as_of, code="ALL", name="Whole selection", program="ALL"),
    ]


def run(args: argparse.Namespace) -> int:
    report, _ = read_with_filters(
        args, lambda c, viewer, filters, s: budget_report(c, viewer, filters, padded_threshold=s.rag_padded)
    )
    records = evm_records(report)
    if args.format == "json":
        write_json(records)
    else:
        write_csv(records, CSV_COLUMNS)
    return 0
