"""Column formats shared by every table, so dates and labels read the same everywhere."""

from __future__ import annotations

import streamlit as st

TABLE_DATE_FORMAT = "DD MMM YYYY"  # same as dashboard.formatting.DATE_FORMAT, in the grid's syntax


def date_column(label: str, help: str | None = None):  # type: ignore[no-untyped-def]
    return st.column_config.DateColumn(label, format=TABLE_DATE_FORMAT, help=help)


def text_column(label: str, help: str | None = None):  # type: ignore[no-untyped-def]
    return st.column_config.Column(label, help=help)


def money_column(label: str, currency: str, help: str | None = None):  # type: ignore[no-untyped-def]
    """A column of ``formatting.amount`` text with the currency in its header."""
    return text_column(f"{label} ({currency})", help=help)
