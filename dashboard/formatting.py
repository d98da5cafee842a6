"""Number and date formatting: one module, so every page writes money the same way."""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal

import pandas as pd

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CHF": "CHF ", "CAD": "C$", "AUD": "A$"}
DATE_FORMAT = "%d %b %Y"  # 05 Mar 2026: unambiguous on both sides of the Atlantic
NOT_AVAILABLE = "n/a"


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def currency_symbol(currency: str) -> str:
    return CURRENCY_SYMBOLS.get(currency.upper(), f"{currency.upper()} ")


def money(value: float | Decimal | None, currency: str = "USD", *, compact: bool = False) -> str:
    """``$1,234,567`` or, when ``compact``, ``$1.2M`` / ``$850k``; missing -> ``n/a``."""
    if _is_missing(value):
        return NOT_AVAILABLE
    amount = float(value)  # type: ignore[arg-type]
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    symbol = currency_symbol(currency)
    if compact:
        for threshold, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
            if amount >= threshold:
                return f"{sign}{symbol}{amount / threshold:,.1f}{suffix}"
    return f"{sign}{symbol}{amount:,.0f}"


def amount(value: float | Decimal | None) -> str:
    """Whole currency units for tables, ``1,234,567``; ``n/a`` when undefined.

    Text, not a number column: the grid shows a missing number as "None" whatever its
    format (streamlit/streamlit#11123); the currency goes in the column header.
    """
    if _is_missing(value):
        return NOT_AVAILABLE
    return f"{round(float(value)):,}"  # type: ignore[arg-type]


def percent(value: float | None, *, decimals: int = 1) -> str:
    """A fraction as a percentage: 0.153 -> ``15.3%``."""
    if _is_missing(value):
        return NOT_AVAILABLE
    return f"{float(value) * 100:.{decimals}f}%"  # type: ignore[arg-type]


def ratio(value: float | None) -> str:
    """Index values such as CPI and SPI: two decimals."""
    if _is_missing(value):
        return NOT_AVAILABLE
    return f"{float(value):.2f}"  # type: ignore[arg-type]


def day(value: date | datetime | None) -> str:
    if value is None or pd.isna(value):
        return "—"
    return value.strftime(DATE_FORMAT)
