"""Write values the way the template importers read them (the inverse of ``csv_values``).

Why one formatter: the template files, the exporter and the round-trip test must spell
dates, months, amounts and timestamps exactly as the importer expects.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum

from data_access.importers.csv_spec import Column, ValueType


def format_value(column: Column, value: object, offset_minutes: int | None = None) -> str:
    """The cell text of ``value`` in ``column`` ("" for None)."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        value = value.value
    if column.type is ValueType.TIMESTAMP and isinstance(value, datetime):
        zone = timezone(timedelta(minutes=offset_minutes or 0))
        return value.astimezone(zone).isoformat()
    if column.type is ValueType.DECIMAL:
        return format(Decimal(value), f".{column.places}f")  # type: ignore[arg-type]
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]], bom: bool = False) -> bytes:
    """A comma-separated file, CRLF line ends (as spreadsheets write), UTF-8 (with a BOM if asked)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8")
