"""The problem report of a rejected import as text: a table a PMO analyst can work through.

Why a table: the person fixing the file goes row by row, so each problem is one line
with the file, the row, the column, the offending value and the reason. Problems that
name no cell (the flow imports' problems carry the place in their wording) are listed
as ``place: reason`` lines instead of a table of empty columns.
"""

from __future__ import annotations

from pathlib import Path

from data_access.importers.problems import ImportRejected

HEADINGS = ("file", "row", "column", "value", "reason")
SHOWN = 200
VALUE_WIDTH = 32


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def problem_report(rejected: ImportRejected, shown: int = SHOWN) -> str:
    """Headline, then one line per problem (at most ``shown``), then how many were left out."""
    problems = rejected.problems
    name = Path(rejected.source).name
    lines = [f"error: {name}: {len(problems)} problem(s), nothing imported"]
    if any(p.column is not None or p.value is not None for p in problems):
        cells = [
            (name, p.where, p.column or "", _clip(p.value or "", VALUE_WIDTH), p.message)
            for p in problems[:shown]
        ]
        widths = [max(len(row[i]) for row in [HEADINGS, *cells]) for i in range(len(HEADINGS) - 1)]
        for row in [HEADINGS, tuple("-" * w for w in widths) + ("-" * 6,), *cells]:
            lines.append(
                "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
                + "  "
                + row[-1]
            )
    else:
        lines.extend(f"  {p}" for p in problems[:shown])
    if len(problems) > shown:
        lines.append(f"… and {len(problems) - shown} more problem(s)")
    return "\n".join(lines)
