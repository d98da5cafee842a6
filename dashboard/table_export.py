"""Tables as files: CSV for programs, Excel for people. No Streamlit, so tests open the bytes.

**The CSV is pure data**: one header row (the labels the page shows), then one row per
table row; no note or comment lines. pandas, R, Power Query and Excel all take the first
line as the header, and a leading note shifts or breaks that (a trailing one becomes a
bogus data row). Numbers are plain (``1234567.5``: no thousands separators, "." decimal,
full precision), dates ISO 8601, missing values empty, UTF-8 with a BOM so Excel reads
"€", "▲" and accented names correctly. Where the rows came from (as-of date, programs,
changed-since date) is in the file name, ``projects_CLD-SEC_as-of_2026-11-26.csv``, and
in full in the Excel workbook's note rows, with the viewer and the export time.

Text that a spreadsheet would run as a formula (starting with ``= + - @``) is prefixed
with ``'`` in the CSV (OWASP "CSV injection"); the Excel file stores text as text.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Literal

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

NumberKind = Literal["money", "ratio", "percent", "integer", "decimal", "date", "datetime"]
EXCEL_FORMATS: dict[str, str] = {
    "money": "#,##0",  # whole units shown, full precision kept, so sums are exact
    "ratio": "0.00",
    "percent": "0.0%",
    "integer": "0",
    "decimal": "#,##0.00",
    "date": "dd mmm yyyy",  # 05 Mar 2026, as the app writes dates
    "datetime": "dd mmm yyyy hh:mm",
}
CSV_MIME = "text/csv"
EXCEL_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_HEADER_FILL = PatternFill("solid", start_color="DCE3EC")
_MAX_WIDTH = 60
_WIDTH_SAMPLE = 500  # rows looked at to fit a column's width


@dataclass(frozen=True)
class ExportTable:
    """A table ready to write: headers are the labels shown on the page, values are
    numbers and dates where the page shows formatted text of them."""

    title: str
    stem: str
    frame: pd.DataFrame
    kinds: Mapping[str, NumberKind] = field(default_factory=dict)  # by header


@dataclass(frozen=True)
class ExportContext:
    """What the rows depend on, written into the Excel notes and the file names.

    ``programs``: (code, name) of the programs chosen in the filter; empty means every
    program the viewer may see. ``notes``: page-specific choices, e.g. ("Show", "Red").
    """

    page: str
    as_of: date
    programs: tuple[tuple[str, str], ...] = ()
    since: date | None = None
    notes: tuple[tuple[str, str], ...] = ()
    file_tag: str = ""
    viewer: str = ""
    exported_at: datetime | None = None


def labels_from_config(columns: Sequence[str], column_config: Mapping[str, Any] | None) -> dict[str, str]:
    """Header of each shown column, read from the same ``column_config`` the grid gets:
    a string is the label, a column config dict has a ``label``, ``None`` hides the column."""
    config = column_config or {}
    labels: dict[str, str] = {}
    for column in columns:
        entry = config.get(column, column)
        if entry is None:
            continue
        if isinstance(entry, Mapping):
            entry = entry.get("label") or column
        labels[column] = str(entry)
    return labels


def export_table(
    shown: pd.DataFrame,
    *,
    title: str,
    stem: str,
    column_config: Mapping[str, Any] | None = None,
    numeric: pd.DataFrame | None = None,
    kinds: Mapping[str, NumberKind] | None = None,
) -> ExportTable:
    """The table as the page shows it (``shown`` with its ``column_config``), with each
    column of ``numeric`` (same rows, same order) replacing the display text of the
    column of that name, so money and ratios reach the spreadsheet as numbers.
    ``kinds`` (by column name) picks the Excel number format; dates are found alone."""
    labels = labels_from_config([str(c) for c in shown.columns], column_config)
    if len(set(labels.values())) != len(labels):
        raise ValueError(f"two columns of {title!r} share a header: {sorted(labels.values())}")
    frame = shown[list(labels)].reset_index(drop=True)
    if numeric is not None:
        if len(numeric) != len(frame):
            raise ValueError(f"{title!r}: {len(numeric)} numeric rows for {len(frame)} shown rows")
        unknown = [c for c in numeric.columns if c not in labels]
        if unknown:
            raise ValueError(f"{title!r}: numeric columns {unknown} are not shown")
        for column in numeric.columns:
            frame[column] = numeric[column].to_numpy(dtype=object)
    kinds_by_label = {labels[c]: kind for c, kind in (kinds or {}).items() if c in labels}
    return ExportTable(title, stem, frame.rename(columns=labels), kinds_by_label)


def _missing(value: object) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def cell_value(value: object, kind: NumberKind | None = None) -> object:
    """A pandas/numpy cell as a plain Python value a spreadsheet understands."""
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp | datetime):
        stamp = pd.Timestamp(value)
        if kind == "date" or (stamp.hour, stamp.minute, stamp.second, stamp.microsecond) == (0, 0, 0, 0):
            return stamp.date()
        return stamp.tz_convert(None).to_pydatetime() if stamp.tzinfo else stamp.to_pydatetime()
    if isinstance(value, bool | date | str):
        return value
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()  # type: ignore[union-attr]
        if _missing(value):
            return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and kind == "integer" and value.is_integer():
        return int(value)
    if isinstance(value, int | float):
        return value
    return str(value)


def _column_kind(table: ExportTable, header: str, values: list[object]) -> NumberKind | None:
    if header in table.kinds:
        return table.kinds[header]
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, date) for v in present):
        return "datetime" if any(isinstance(v, datetime) for v in present) else "date"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "integer"
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "decimal"
    return None


def _columns(table: ExportTable) -> list[tuple[str, NumberKind | None, list[object]]]:
    """(header, kind, plain values) per column."""
    out = []
    for header in table.frame.columns:
        kind = table.kinds.get(str(header))
        values = [cell_value(v, kind) for v in table.frame[header].tolist()]
        out.append((str(header), _column_kind(table, str(header), values), values))
    return out


def _csv_text(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv_bytes(table: ExportTable) -> bytes:
    """UTF-8 (with BOM) CSV, RFC 4180 line ends, pure data: see the module docstring."""
    columns = _columns(table)
    plain = pd.DataFrame({header: pd.Series([_csv_text(v) for v in values], dtype=object)
                          for header, _, values in columns})  # fmt: skip
    if not columns:
        plain = pd.DataFrame(index=range(len(table.frame)))
    return ("\ufeff" + plain.to_csv(index=False, lineterminator="\r\n")).encode("utf-8")


def _program_note(context: ExportContext) -> str:
    if not context.programs:
        return "All programs the viewer may see"
    return ", ".join(f"{code} ({name})" if name and name != code else code for code, name in context.programs)


def context_notes(context: ExportContext, rows: int) -> list[tuple[str, object]]:
    """The note rows above an Excel table: label, value (dates stay dates)."""
    notes: list[tuple[str, object]] = [("As of", context.as_of)]
    if context.since is not None:
        notes.append(("Changed since", context.since))
    notes.append(("Programs", _program_note(context)))
    notes += list(context.notes)
    if context.viewer:
        notes.append(("Viewer", f"{context.viewer}: only the projects this person may see"))
    exported = context.exported_at or datetime.now(UTC)
    notes.append(("Exported", exported.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")))
    notes.append(("Rows", rows))
    return notes


def _sheet_title(title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Table"


def _as_text(cell: Cell) -> None:
    """openpyxl turns a string starting with "=" into a formula; keep it text."""
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"


def _format_for(kind: NumberKind | None, value: object) -> str | None:
    """The Excel format of a number or date cell of a column of ``kind``; None for text."""
    if kind is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return EXCEL_FORMATS["datetime"]
    if isinstance(value, date):
        return EXCEL_FORMATS["date"]
    if isinstance(value, int | float) and kind not in ("date", "datetime"):
        return EXCEL_FORMATS[kind]
    return None


def _shown_width(value: object, kind: NumberKind | None) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 17
    if isinstance(value, date):
        return 11
    if isinstance(value, int | float) and not isinstance(value, bool):
        if kind == "percent":
            return len(f"{value * 100:.1f}%")
        decimals = 0 if kind in ("money", "integer") else 2
        return len(f"{value:,.{decimals}f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def to_excel_bytes(table: ExportTable, context: ExportContext) -> bytes:
    """An .xlsx workbook: a title row, the filters and as-of date as notes, a bold header
    row with a fill and an auto-filter, panes frozen below it, fitted column widths,
    numbers and dates stored as such with the app's formats."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(table.title)
    workbook.properties.title = f"{context.page} · {table.title}"
    workbook.properties.creator = "Portfolio health dashboard"

    sheet.append([f"{context.page} · {table.title}"])
    sheet["A1"].font = Font(bold=True, size=14)
    for label, value in context_notes(context, len(table.frame)):
        sheet.append([label, value])
        row = sheet.max_row
        sheet.cell(row, 1).font = Font(bold=True)
        note = sheet.cell(row, 2)
        _as_text(note)
        note.alignment = Alignment(horizontal="left")
        if isinstance(value, date):
            note.number_format = EXCEL_FORMATS["date"]
    columns = _columns(table)
    header_row = sheet.max_row + 2  # one empty row between the notes and the table
    for index, (header, kind, values) in enumerate(columns, start=1):
        head = sheet.cell(header_row, index, header)
        head.font = Font(bold=True)
        head.fill = _HEADER_FILL
        head.alignment = Alignment(vertical="center", wrap_text=True)
        for offset, value in enumerate(values, start=1):
            cell = sheet.cell(header_row + offset, index, value)
            _as_text(cell)
            if (number_format := _format_for(kind, value)) is not None:
                cell.number_format = number_format
        widest = max([len(header)] + [_shown_width(v, kind) for v in values[:_WIDTH_SAMPLE]])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, 8), _MAX_WIDTH)
    if columns:
        last = f"{get_column_letter(len(columns))}{header_row + len(table.frame)}"
        sheet.auto_filter.ref = f"A{header_row}:{last}"
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")


def file_name(table: ExportTable, context: ExportContext, extension: str) -> str:
    """``projects_CLD-SEC_as-of_2026-11-26.xlsx``: what the rows are, which programs
    (up to three codes, else how many), the page's own tag, and the dates."""
    parts = [table.stem]
    codes = [code for code, _ in context.programs]
    if codes:
        parts.append("-".join(codes) if len(codes) <= 3 else f"{len(codes)}-programs")
    if context.file_tag:
        parts.append(context.file_tag)
    if context.since is not None:
        parts.append(f"{context.since.isoformat()}_to_{context.as_of.isoformat()}")
    else:
        parts.append(f"as-of_{context.as_of.isoformat()}")
    return "_".join(_slug(p) for p in parts if _slug(p)) + f".{extension}"
