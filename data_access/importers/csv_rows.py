"""Check every row of a template file on its own: types, required values, dates in order,
and duplicate keys within the file. Nothing here looks at the database.

Why keep going after a bad cell: the report must list every problem of the file in one
pass, so a bad row is still checked for its other cells and for duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass

from data_access.importers.csv_read import CsvTable
from data_access.importers.csv_spec import Entity
from data_access.importers.csv_values import CellError, Parser, cell_parser
from data_access.importers.problems import Problem


@dataclass
class TypedRow:
    """One data row: typed values of the header's columns (None = empty cell)."""

    line: int
    text: dict[str, str]
    values: dict[str, object]

    @property
    def where(self) -> str:
        return f"line {self.line}"

    def problem(self, column: str | None, message: str) -> Problem:
        return Problem(self.where, message, column=column, value=self.text.get(column or "", None))


def _comparable(value: object) -> object:
    """Timestamps are (instant, offset): order is by the instant."""
    return value[0] if isinstance(value, tuple) else value


def _typed(
    plan: list[tuple[str, bool, Parser | None]], line: int, text: dict[str, str], problems: list[Problem]
) -> TypedRow:
    values: dict[str, object] = {}
    row = TypedRow(line, text, values)
    for name, required, parse in plan:
        cell = text[name]
        if not cell:
            values[name] = None
            if required:
                problems.append(row.problem(name, "required value missing"))
        elif parse is None:
            values[name] = cell
        else:
            try:
                values[name] = parse(cell)
            except CellError as exc:
                problems.append(row.problem(name, str(exc)))
                values[name] = None
    return row


def _order_problems(entity: Entity, row: TypedRow) -> list[Problem]:
    problems = []
    for earlier, later in entity.order:
        first, last = row.values.get(earlier), row.values.get(later)
        if first is None or last is None:
            continue
        if _comparable(last) < _comparable(first):  # type: ignore[operator]
            problems.append(
                row.problem(later, f"{later} is before {earlier} ({row.text[earlier]}): end before start")
            )
    return problems


def _key_text(entity: Entity, row: TypedRow) -> str:
    return ", ".join(f"{name} {row.text.get(name, '')!r}" for name in entity.key if row.text.get(name))


def check_rows(entity: Entity, table: CsvTable) -> tuple[list[TypedRow], list[Problem]]:
    """Typed rows in file order and every problem found in them."""
    problems: list[Problem] = []
    rows: list[TypedRow] = []
    first_line: dict[tuple[object, ...], int] = {}
    columns = [entity.column(name) for name in table.columns]
    plan = [(c.name, c.required, cell_parser(c, entity.max_length(c))) for c in columns]
    required_key = [name for name in entity.key if entity.column(name).required]
    for line, text in table.rows:
        row = _typed(plan, line, text, problems)
        problems.extend(_order_problems(entity, row))
        key = tuple(_comparable(row.values.get(name)) for name in entity.key)
        if all(row.values.get(name) is not None for name in required_key):
            if key in first_line:
                problems.append(
                    row.problem(
                        entity.key[-1],
                        f"duplicate key ({_key_text(entity, row)}): already on line {first_line[key]}",
                    )
                )
            else:
                first_line[key] = line
        rows.append(row)
    return rows, problems
