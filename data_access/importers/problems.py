"""Problems found while reading an import file, and the error that carries all of them.

Why collect instead of raising at the first: a person fixing an export wants every bad
row in one pass, not one per attempt.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file; ``where`` names the row (CSV line, Jira issue/change)."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class ImportRejected(Exception):
    """The file (or the workflow file, or the target) is invalid; nothing was written."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        shown = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{source}: {len(problems)} problem(s), nothing imported\n{shown}")
