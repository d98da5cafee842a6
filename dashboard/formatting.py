"""Number and date formatting: one module, so every page, chart and slide writes the same way.

Configured by settings (``PORTFOLIO_CURRENCY``, ``PORTFOLIO_LOCALE``,
``PORTFOLIO_TIME_ZONE``); every function also takes an explicit ``locale`` for tests and
for callers that format for someone else. Rules (docs/STYLE.md):

- money: thousands separators, whole units (``$1,234,567``); ``compact`` scales to
  k / M / B where space is tight (``$850k``, ``$1.2M``, ``$120M``);
- percentages one decimal (``15.3%``), ratios two (``0.87``);
- dates ``05 Mar 2026`` in every locale (unambiguous on both sides of the Atlantic),
  moments in the configured time zone (``05 Mar 2026 14:30 CET``);
- missing or undefined values ``n/a`` (a date: ``—``), never 0.

Why a small locale table rather than Babel: four locales need only separators and the
currency symbol's side, and the app then has no new dependency to keep in step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pandas as pd

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CHF": "CHF", "CAD": "C$", "AUD": "A$"}
DATE_FORMAT = "%d %b %Y"  # 05 Mar 2026: unambiguous on both sides of the Atlantic
TIME_FORMAT = "%H:%M %Z"
NOT_AVAILABLE = "n/a"
NO_DATE = "—"
MINUS = "−"  # U+2212, the typographic minus: as wide as a plus, unlike a hyphen
NBSP = "\u00a0"


@dataclass(frozen=True)
class NumberLocale:
    """What differs between the supported locales: separators and where the currency goes."""

    code: str
    decimal: str
    group: str
    symbol_first: bool  # "$1,234" (True) or "1.234 €" (False)
    percent_space: bool  # "15,3 %" in French and German

    @property
    def plotly_separators(self) -> str:
        """Plotly's ``layout.separators``: the decimal mark, then the thousands separator."""
        return self.decimal + self.group


LOCALES: dict[str, NumberLocale] = {
    "en_US": NumberLocale("en_US", ".", ",", symbol_first=True, percent_space=False),
    "en_GB": NumberLocale("en_GB", ".", ",", symbol_first=True, percent_space=False),
    "de_DE": NumberLocale("de_DE", ",", ".", symbol_first=False, percent_space=True),
    "fr_FR": NumberLocale("fr_FR", ",", "\u202f", symbol_first=False, percent_space=True),
}
DEFAULT_LOCALE = "en_US"


def _configured() -> tuple[str, str, str]:
    """(locale, currency, time zone) from settings; the defaults when settings cannot load
    (the app stops with a clear message then, this only keeps formatting total)."""
    from dashboard.settings import SettingsError, get_settings

    try:
        settings = get_settings()
    except SettingsError:
        return DEFAULT_LOCALE, "USD", "UTC"
    return settings.locale, settings.currency, settings.time_zone


def number_locale(locale: str | None = None) -> NumberLocale:
    """The given locale, or the configured one."""
    return LOCALES[locale or _configured()[0]]


def default_currency() -> str:
    return _configured()[1]


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _digits(value: float, decimals: int, loc: NumberLocale) -> str:
    """``1234567.891`` -> ``1,234,567.89`` in the locale's separators (no sign)."""
    text = f"{abs(value):,.{decimals}f}"
    return text.replace(",", "\0").replace(".", loc.decimal).replace("\0", loc.group)


def _signed(value: float, decimals: int, body: str) -> str:
    """A minus only when the shown digits are not all zero (no "−0.00")."""
    return (MINUS if round(value, decimals) < 0 else "") + body


def number(value: float | Decimal | None, decimals: int = 0, *, locale: str | None = None) -> str:
    """A plain number with thousands separators: ``12,345``; missing -> ``n/a``."""
    if _is_missing(value):
        return NOT_AVAILABLE
    amount_ = float(value)  # type: ignore[arg-type]
    return _signed(amount_, decimals, _digits(amount_, decimals, number_locale(locale)))


def currency_symbol(currency: str | None = None) -> str:
    code = (currency or default_currency()).upper()
    return CURRENCY_SYMBOLS.get(code, code)


def money_affixes(currency: str | None = None, *, locale: str | None = None) -> tuple[str, str]:
    """(prefix, suffix) around an amount: ("$", "") or ("", " €"); for chart ticks and hovers."""
    symbol = currency_symbol(currency)
    if number_locale(locale).symbol_first:
        return (symbol if len(symbol) == 1 or not symbol.isalpha() else symbol + NBSP), ""
    return "", NBSP + symbol


_UNITS = ((1e9, "B"), (1e6, "M"), (1e3, "k"))


def _compact(amount_: float) -> tuple[float, str]:
    """The largest unit the amount reaches once rounded: 999,600 is "1.0M", never "1000k"."""
    for threshold, suffix in _UNITS:
        if amount_ >= threshold * 0.9995:
            return amount_ / threshold, suffix
    return amount_, ""


def money(
    value: float | Decimal | None,
    currency: str | None = None,
    *,
    compact: bool = False,
    locale: str | None = None,
) -> str:
    """``$1,234,567`` or, when ``compact``, ``$1.2M`` / ``$850k`` (one decimal below 100 of
    the unit, none above); ``1.234.567 €`` in German; missing -> ``n/a``."""
    if _is_missing(value):
        return NOT_AVAILABLE
    amount_ = float(value)  # type: ignore[arg-type]
    loc = number_locale(locale)
    scaled, suffix = _compact(abs(amount_)) if compact else (abs(amount_), "")
    decimals = 1 if suffix and scaled < 100 else 0
    prefix, after = money_affixes(currency, locale=loc.code)
    sign = MINUS if amount_ < 0 and round(scaled, decimals) > 0 else ""
    return f"{sign}{prefix}{_digits(scaled, decimals, loc)}{suffix}{after}"


def amount(value: float | Decimal | None, *, locale: str | None = None) -> str:
    """Whole currency units for tables, ``1,234,567``; ``n/a`` when undefined.

    Text, not a number column: the grid shows a missing number as "None" whatever its
    format (streamlit/streamlit#11123); the currency goes in the column header. A
    hyphen-minus, so a downloaded table still parses as numbers.
    """
    if _is_missing(value):
        return NOT_AVAILABLE
    whole = round(float(value))  # type: ignore[arg-type]
    return ("-" if whole < 0 else "") + _digits(whole, 0, number_locale(locale))


def percent(value: float | None, *, decimals: int = 1, locale: str | None = None) -> str:
    """A fraction as a percentage: 0.153 -> ``15.3%`` (``15,3 %`` in German and French)."""
    if _is_missing(value):
        return NOT_AVAILABLE
    loc = number_locale(locale)
    share = float(value) * 100  # type: ignore[arg-type]
    return _signed(share, decimals, _digits(share, decimals, loc)) + (NBSP if loc.percent_space else "") + "%"


def ratio(value: float | None, *, locale: str | None = None) -> str:
    """Index values such as CPI and SPI: two decimals (``0.87``)."""
    return number(value, 2, locale=locale)


def duration(value: float | None, unit: str = "days", *, locale: str | None = None) -> str:
    """``7 days`` or ``16.7 days``: whole numbers without a decimal, others with one."""
    if _is_missing(value):
        return NOT_AVAILABLE
    decimals = 0 if float(value).is_integer() else 1  # type: ignore[arg-type]
    return f"{number(value, decimals, locale=locale)} {unit}"


def day(value: date | datetime | None) -> str:
    """``05 Mar 2026``; ``—`` when there is no date."""
    if value is None or pd.isna(value):
        return NO_DATE
    return value.strftime(DATE_FORMAT)


def moment(value: datetime | None, *, time_zone: str | None = None) -> str:
    """A point in time in the configured zone: ``05 Mar 2026 14:30 CET``. A naive value is
    taken as UTC (how the database stores times)."""
    if value is None or pd.isna(value):
        return NO_DATE
    zone = ZoneInfo(time_zone or _configured()[2])
    aware = value if value.tzinfo else value.replace(tzinfo=ZoneInfo("UTC"))
    local = aware.astimezone(zone)
    return f"{local.strftime(DATE_FORMAT)} {local.strftime(TIME_FORMAT)}"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 project``, ``3 projects``, with thousands separators: chart titles state counts."""
    word = noun if count == 1 else (nouns or noun + "s")
    return f"{number(count)} {word}"
