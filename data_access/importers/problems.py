"""Problems found while reading an import file, and the error that carries all of them.

Why collect instead of raising at the first: a person fixing an export wants every bad
row in one pass, not one per attempt. Each problem names the row, the column and the
offending value where there is one, so the report reads as a to-do list:
file / row / column / value / reason.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file.

    ``where`` names the place as a person would look for it ("line 14", "issue PAY-3",
    "file"); ``column`` and ``value`` are set when one cell is at fault.
    """

    where: str
    message: str
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        cell = ""
        if self.column is not None:
            cell = f" column {self.column!r}"
            if self.value is not None:
                cell += f" = {self.value!r}"
            cell += ":"
        return f"{self.where}:{cell} {self.message}"

    def as_record(self, file: str) -> dict[str, str]:
        """The problem as one row of a report table (file, row, column, value, reason)."""
        return {
            "file": file,
            "row": self.where,
            "column": self.column or "",
            "value": "" if self.value is None else self.value,
            "reason": self.message,
        }


def _reading_order(problem: Problem) -> tuple[int, int]:
    """Whole-file problems first, then rows in file order (stable within a row)."""
    kind, _, number = problem.where.partition(" ")
    if kind in {"line", "row"} and number.isdigit():
        return 1, int(number)
    return 0, 0


class ImportRejected(Exception):
    """The file (or the workflow file, or the target) is invalid; nothing was written."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = sorted(problems, key=_reading_order)
        shown = "\n".join(f"  {p}" for p in problems[:200])
        more = f"\n  … and {len(problems) - 200} more" if len(problems) > 200 else ""
        super().__init__(f"{source}: {len(problems)} problem(s), nothing imported\n{shown}{more}")

    def records(self) -> list[dict[str, str]]:
        """Every problem as a report row, for a table or a CSV download."""
        return [problem.as_record(self.source) for problem in self.problems]
