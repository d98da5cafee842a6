"""Turn one CSV cell into its typed value, or a reason a person can act on.

Why strict formats: spreadsheets rewrite dates and numbers in the local style
(31/03/2026, 1.250.000,00). Guessing which one was meant silently moves dates and
amounts, so only one spelling is accepted and the message says which.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import partial

from data_access.importers.csv_spec import MONEY_UNIT, Column, ValueType
from data_access.importers.timestamps import parse_timestamp

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_INTEGER = re.compile(r"[+-]?\d+")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
DATE_HINT = "expected YYYY-MM-DD, e.g. 2026-03-31"
TIMESTAMP_HINT = "expected YYYY-MM-DDTHH:MM:SS with a UTC offset, e.g. 2026-03-02T09:30:00+01:00"


class CellError(ValueError):
    """The reason a cell cannot be read, worded for the report."""


def parse_date(text: str) -> date:
    if not _DATE.fullmatch(text):
        raise CellError(f"not a date: {DATE_HINT}")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CellError(f"no such day ({exc}); {DATE_HINT}") from exc


def parse_month(text: str) -> date:
    """The first day of the month, from YYYY-MM or YYYY-MM-01."""
    match = _MONTH.fullmatch(text)
    if not match or not 1 <= int(match[2]) <= 12:
        raise CellError(
            "not a month: expected YYYY-MM-DD on the first day of the month (2026-03-01) or YYYY-MM"
        )
    if match[3] is not None and match[3] != "01":
        raise CellError("a month is written as its first day (YYYY-MM-01) or as YYYY-MM")
    return date(int(match[1]), int(match[2]), 1)


def _bounds(column: Column, value: Decimal) -> None:
    low, high = column.minimum, column.maximum
    if low is not None and value < low:
        if low == 0:
            what = "negative amount" if column.unit == MONEY_UNIT else "negative value"
            raise CellError(f"{what}: must be 0 or more")
        raise CellError(f"below the minimum {low}" + (f" (allowed {low}–{high})" if high is not None else ""))
    if high is not None and value > high:
        raise CellError(f"above the maximum {high}" + (f" (allowed {low}–{high})" if low is not None else ""))


def parse_decimal(column: Column, text: str) -> Decimal:
    if not _NUMBER.fullmatch(text):
        raise CellError(
            "not a number: write digits with '.' as the decimal point, "
            "without thousands separators or currency signs (e.g. 1250000.50)"
        )
    value = Decimal(text)
    places = -value.as_tuple().exponent  # type: ignore[operator]
    if places > column.places:
        raise CellError(f"more than {column.places} decimal places")
    _bounds(column, value)
    return value


def parse_integer(column: Column, text: str) -> int:
    if not _INTEGER.fullmatch(text):
        raise CellError("not a whole number")
    value = int(text)
    _bounds(column, Decimal(value))
    return value


def parse_choice(column: Column, text: str) -> str:
    """The allowed value written in any case, stored as the vocabulary spells it."""
    wanted = " ".join(text.lower().split())
    for choice in column.choices:
        if choice == wanted:
            return choice
    raise CellError(f"unknown {column.name}; allowed values: {', '.join(column.choices)}")


Parser = Callable[[str], object]


def _text_parser(column: Column, max_length: int | None) -> Parser | None:
    if column.pattern is None and max_length is None:
        return None  # any text will do (a reference is checked against the database later)
    pattern = re.compile(column.pattern) if column.pattern else None

    def parse(text: str) -> object:
        if pattern is not None and not pattern.fullmatch(text):
            raise CellError(f"not a valid {column.name}: {column.pattern_hint}")
        if max_length is not None and len(text) > max_length:
            raise CellError(f"longer than {max_length} characters ({len(text)})")
        return text

    return parse


def cell_parser(column: Column, max_length: int | None = None) -> Parser | None:
    """The function that reads a non-empty cell of ``column`` (None: the text as it is); it
    raises CellError with the reason.

    Built once per column and file (a 100k-row file has a million cells). Timestamps
    become (aware UTC datetime, written offset in minutes); references stay text
    (resolved against the database later).
    """
    kind = column.type
    if kind is ValueType.DATE:
        return parse_date
    if kind is ValueType.MONTH:
        return parse_month
    if kind is ValueType.TIMESTAMP:
        return parse_timestamp_cell
    if kind is ValueType.DECIMAL:
        return partial(parse_decimal, column)
    if kind is ValueType.INTEGER:
        return partial(parse_integer, column)
    if kind is ValueType.CHOICE:
        return partial(parse_choice, column)
    return _text_parser(column, max_length)


def parse_timestamp_cell(text: str) -> tuple[datetime, int]:
    if not _TIMESTAMP.match(text):
        raise CellError(f"not a date and time: {TIMESTAMP_HINT}")
    try:
        stamp = datetime.fromisoformat(text)  # fast path: ISO 8601 with +01:00 or Z
    except ValueError:
        stamp = None
    offset = stamp.utcoffset() if stamp is not None else None
    if stamp is None or offset is None:
        try:  # Jira's +0100, or the reason it is not a timestamp
            return parse_timestamp(text)
        except ValueError as exc:
            raise CellError(f"{exc}; {TIMESTAMP_HINT}") from exc
    return stamp.astimezone(UTC), int(offset.total_seconds() // 60)
