"""Number and date formatting, every expected string worked out by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from dashboard.formatting import amount, day, moment, money, money_affixes, number, percent, plural, ratio
from dashboard.rag_style import rag_label
from dashboard.settings import get_settings

NB, NNB = "\u00a0", "\u202f"  # no-break space; narrow no-break space (French thousands)


@pytest.fixture(autouse=True)
def fresh_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("PORTFOLIO_LOCALE", "PORTFOLIO_CURRENCY", "PORTFOLIO_TIME_ZONE"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.parametrize(
    ("value", "currency", "compact", "expected"),
    [
        (1234567, "USD", False, "$1,234,567"),
        (1234567, "USD", True, "$1.2M"),
        (850_000, "EUR", True, "€850k"),  # 850 of the unit: no decimal
        (12_500, "GBP", True, "£12.5k"),
        (999, "GBP", True, "£999"),
        (999_960, "USD", True, "$1.0M"),  # rounds up into the next unit, not "$1000.0k"
        (Decimal("2500000000"), "USD", True, "$2.5B"),
        (120_000_000, "USD", True, "$120M"),
        (-12500, "USD", False, "−$12,500"),
        (-0.4, "USD", False, "$0"),  # no "−$0"
        (1000, "SEK", False, f"SEK{NB}1,000"),
        (None, "USD", False, "n/a"),
        (float("nan"), "USD", True, "n/a"),
    ],
)
def test_money_in_the_default_locale(value, currency, compact, expected) -> None:  # type: ignore[no-untyped-def]
    assert money(value, currency, compact=compact) == expected


@pytest.mark.parametrize(
    ("locale", "expected_full", "expected_compact", "expected_percent", "expected_ratio"),
    [
        ("en_US", "$1,234,567", "$1.2M", "15.3%", "0.87"),
        ("en_GB", "$1,234,567", "$1.2M", "15.3%", "0.87"),
        ("de_DE", f"1.234.567{NB}$", f"1,2M{NB}$", f"15,3{NB}%", "0,87"),
        ("fr_FR", f"1{NNB}234{NNB}567{NB}$", f"1,2M{NB}$", f"15,3{NB}%", "0,87"),
    ],
)
def test_each_locale_places_separators_and_symbol(
    locale: str, expected_full: str, expected_compact: str, expected_percent: str, expected_ratio: str
) -> None:
    assert money(1234567, "USD", locale=locale) == expected_full
    assert money(1234567, "USD", compact=True, locale=locale) == expected_compact
    assert percent(0.1534, locale=locale) == expected_percent
    assert ratio(0.8666, locale=locale) == expected_ratio


def test_settings_choose_locale_currency_and_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTFOLIO_LOCALE", "de_DE")
    monkeypatch.setenv("PORTFOLIO_CURRENCY", "eur")
    monkeypatch.setenv("PORTFOLIO_TIME_ZONE", "Europe/Berlin")
    get_settings.cache_clear()
    assert money(2_345_678.9) == f"2.345.679{NB}€"
    assert money(-850_000, compact=True) == f"−850k{NB}€"
    assert amount(13545000.4) == "13.545.000"
    assert percent(0.05) == f"5,0{NB}%"
    assert money_affixes() == ("", f"{NB}€")
    # 13:30 UTC on 5 March is 14:30 in Berlin (CET, UTC+1); 1 July 12:00 UTC is 14:00 CEST.
    assert moment(datetime(2026, 3, 5, 13, 30, tzinfo=UTC)) == "05 Mar 2026 14:30 CET"
    assert moment(datetime(2026, 7, 1, 12, 0)) == "01 Jul 2026 14:00 CEST"  # naive = UTC


def test_an_unknown_locale_is_refused_with_the_variable_name(monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard.settings import SettingsError, load_settings

    monkeypatch.setenv("PORTFOLIO_LOCALE", "xx_XX")
    with pytest.raises(SettingsError, match="PORTFOLIO_LOCALE"):
        load_settings()


def test_percent_ratio_number_and_day() -> None:
    assert percent(0.1534) == "15.3%"
    assert percent(-0.0004) == "0.0%"  # rounds to zero: no minus
    assert percent(-0.052) == "−5.2%"
    assert percent(None) == "n/a"
    assert ratio(8 / 9) == "0.89"
    assert ratio(-0.004) == "0.00"
    assert ratio(None) == "n/a"
    assert number(1234567.891, 1) == "1,234,567.9"
    assert day(date(2026, 3, 5)) == "05 Mar 2026"
    assert day(datetime(2026, 12, 24, 23, 59)) == "24 Dec 2026"
    assert day(None) == "—"
    assert moment(None) == "—"
    assert moment(datetime(2026, 3, 5, 13, 30, tzinfo=UTC)) == "05 Mar 2026 13:30 UTC"


def test_plural_counts_read_as_words() -> None:
    assert plural(1, "project") == "1 project"
    assert plural(3, "project") == "3 projects"
    assert plural(0, "milestone") == "0 milestones"
    assert plural(1200, "item") == "1,200 items"
    assert plural(2, "company", "companies") == "2 companies"


def test_every_status_has_a_shape_and_a_word() -> None:
    assert rag_label("red") == "▲ Red"
    assert rag_label("AMBER") == "◆ Amber"
    assert rag_label("green") == "● Green"
    assert rag_label("grey") == "○ Grey"
    assert rag_label(None) == "– No report"


def test_table_amounts_are_whole_units_or_na() -> None:
    assert amount(13545000.4) == "13,545,000"
    assert amount(Decimal("-552.6")) == "-553"
    assert amount(-0.4) == "0"
    assert amount(None) == "n/a"
    assert amount(float("nan")) == "n/a"
