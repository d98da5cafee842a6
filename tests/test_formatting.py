"""Number formatting, worked by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dashboard.formatting import amount, day, money, percent, ratio
from dashboard.rag_style import rag_label


@pytest.mark.parametrize(
    ("value", "currency", "compact", "expected"),
    [
        (1234567, "USD", False, "$1,234,567"),
        (1234567, "USD", True, "$1.2M"),
        (850_000, "EUR", True, "€850.0k"),
        (999, "GBP", True, "£999"),
        (Decimal("2500000000"), "USD", True, "$2.5B"),
        (-12500, "USD", False, "−$12,500"),
        (1000, "SEK", False, "SEK 1,000"),
        (None, "USD", False, "n/a"),
        (float("nan"), "USD", True, "n/a"),
    ],
)
def test_money(value, currency, compact, expected) -> None:  # type: ignore[no-untyped-def]
    assert money(value, currency, compact=compact) == expected


def test_percent_ratio_and_day() -> None:
    assert percent(0.1534) == "15.3%"
    assert percent(None) == "n/a"
    assert ratio(8 / 9) == "0.89"
    assert ratio(None) == "n/a"
    assert day(date(2026, 3, 5)) == "05 Mar 2026"
    assert day(None) == "—"


def test_every_status_has_a_shape_and_a_word() -> None:
    assert rag_label("red") == "▲ Red"
    assert rag_label("AMBER") == "◆ Amber"
    assert rag_label("green") == "● Green"
    assert rag_label("grey") == "○ Grey"
    assert rag_label(None) == "– No report"


def test_table_amounts_are_whole_units_or_na() -> None:
    assert amount(13545000.4) == "13,545,000"
    assert amount(Decimal("-552.6")) == "-553"
    assert amount(None) == "n/a"
    assert amount(float("nan")) == "n/a"
