"""Column formats shared by every table, so dates and labels read the same everywhere."""

from __future__ import annotations

import pandas as pd
import streamlit as st

TABLE_DATE_FORMAT = "DD MMM YYYY"  # same as dashboard.formatting.DATE_FORMAT, in the grid's syntax


def date_column(label: str, help: str | None = None):  # type: ignore[no-untyped-def]
    return st.column_config.DateColumn(label, format=TABLE_DATE_FORMAT, help=help)


def text_column(label: str, help: str | None = None):  # type: ignore[no-untyped-def]
    return st.column_config.Column(label, help=help)


def money_column(label: str, currency: str, help: str | None = None):  # type: ignore[no-untyped-def]
    """Whole currency units with thousands separators; the currency code in the header.

    Values must be rounded to whole units first (``whole``) so no cents are shown.
    """
    return st.column_config.NumberColumn(f"{label} ({currency})", format="localized", help=help)


def whole(values: pd.Series) -> pd.Series:
    return values.round(0)
