"""Read a template CSV into rows with their line numbers, or say what is wrong with its shape.

Why the csv module and not pandas: a problem must name the line a person sees in a
text editor (the header is line 1), also after a quoted value that spans lines, and a
short row must be reported, not silently padded. Checks here are about the file's
shape only (encoding, delimiter, header, field counts, quoting); values are checked
in ``csv_values``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from data_access.importers.csv_spec import Entity
from data_access.importers.problems import Problem
from data_access.importers.text_file import read_text

# A delimiter someone may have saved with instead of a comma, as the message names it.
OTHER_DELIMITERS = {";": "';'", "\t": "tab", "|": "'|'"}


@dataclass
class CsvTable:
    """Data rows of a file as {column: text} with the line each row starts on.

    ``columns`` is empty when the file has no usable header (then only ``problems`` count).
    """

    columns: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def header_name(text: str) -> str:
    """Header cells compare case-insensitively; spaces and hyphens count as underscores."""
    return re.sub(r"[\s-]+", "_", text.strip().lower())


def _wrong_delimiter(header: list[str]) -> Problem | None:
    if len(header) != 1:
        return None
    for delimiter, name in OTHER_DELIMITERS.items():
        if delimiter in header[0]:
            return Problem(
                "line 1",
                f"the header is one column containing {name}: the file looks {name}-separated; "
                "save it as comma-separated (CSV)",
                value=header[0][:80],
            )
    return None


def _check_header(entity: Entity, raw: list[str]) -> tuple[list[str], list[Problem]]:
    problems: list[Problem] = []
    wrong = _wrong_delimiter(raw)
    if wrong is not None:
        return [], [wrong]
    names = [header_name(cell) for cell in raw]
    expected = entity.column_names
    seen: set[str] = set()
    for position, name in enumerate(names, start=1):
        if name in seen:
            problems.append(Problem("line 1", f"column {name!r} appears twice in the header", column=name))
        seen.add(name)
        if name not in expected:
            what = "an empty header cell" if not name else f"unknown column {name!r}"
            problems.append(
                Problem(
                    "line 1",
                    f"{what} (position {position}); the {entity.file_name} columns are: {', '.join(expected)}",
                    column=name or None,
                )
            )
    for column in entity.columns:
        if column.required and column.name not in seen:
            problems.append(
                Problem(
                    "line 1", f"missing required column {column.name!r} in the header", column=column.name
                )
            )
    return names, problems


def _quoting_problem(line: int, error: csv.Error) -> Problem:
    text = str(error)
    if "unexpected end of data" in text or "field larger than field limit" in text:
        return Problem(
            f"line {line}",
            'unterminated quote: a value opened with " here is never closed (the file may be truncated)',
        )
    return Problem(
        f"line {line}", f'badly quoted value ({text}); a quote inside a value must be doubled ("")'
    )


def parse_csv_text(entity: Entity, text: str) -> CsvTable:
    """Every data row of ``text`` with its first line number, and every shape problem."""
    out = CsvTable()
    if not text.strip():
        out.problems.append(
            Problem("file", f"the file is empty; expected a header line: {','.join(entity.column_names)}")
        )
        return out
    reader = csv.reader(io.StringIO(text), strict=True)
    columns, problems = _check_header(entity, next(reader))
    if problems:  # rows cannot be read against a header that is wrong
        return CsvTable(problems=problems)
    out.columns = columns
    width = len(out.columns)
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            out.problems.append(_quoting_problem(line, error))
            continue
        if not any(value.strip() for value in values):
            continue  # blank line, or a spreadsheet's empty row of commas
        if len(values) != width:
            out.problems.append(_width_problem(line, len(values), width))
            continue
        out.rows.append((line, dict(zip(out.columns, (v.strip() for v in values), strict=True))))
    if not out.rows and not out.problems:
        out.problems.append(Problem("file", "no data rows below the header: nothing to import"))
    return out


def _width_problem(line: int, found: int, width: int) -> Problem:
    if found < width:
        return Problem(
            f"line {line}",
            f"{found} values where the header has {width} columns: the row is cut short "
            "(truncated file?) or a comma is missing",
        )
    return Problem(
        f"line {line}",
        f"{found} values where the header has {width} columns: a value containing a comma "
        "must be in double quotes",
    )


def read_csv_table(entity: Entity, path: Path) -> CsvTable:
    """The file's rows, or its encoding and shape problems (see ``parse_csv_text``)."""
    text, problems = read_text(path)
    if text is None:
        return CsvTable(problems=problems)
    return parse_csv_text(entity, text)
