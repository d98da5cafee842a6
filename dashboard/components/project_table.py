"""The portfolio project table: formatted, sortable, one click opens the project."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.components.columns import date_column
from dashboard.formatting import currency_symbol
from dashboard.rag_style import rag_label

DISPLAY_COLUMNS = {
    "status": "Reported status",
    "code": "Code",
    "name": "Project",
    "program": "Program",
    "project_type": "Type",
    "methodology": "Method",
    "project_manager": "Project manager",
    "lifecycle_phase": "Phase",
    "baseline_end_date": "Baseline end",
    "forecast_end_date": "Forecast end",
    "budget_at_completion": "Budget (BAC)",
    "actual_cost": "Actual to date",
    "spent_share": "Spent",
    "report_date": "Last report",
}


def money_format(currency: str) -> str:
    """Streamlit number format for whole amounts with thousands separators."""
    named = {"USD": "dollar", "EUR": "euro", "JPY": "yen"}
    return named.get(currency.upper(), "localized")


def table_height(rows: int, *, max_rows: int = 20) -> int:
    """Pixels to show up to ``max_rows`` rows without an inner scrollbar (header + rows)."""
    return 38 + 35 * min(max(rows, 1), max_rows)


def table_frame(projects: pd.DataFrame) -> pd.DataFrame:
    frame = projects.assign(
        status=projects["reported_rag"].map(rag_label, na_action="ignore").fillna(rag_label(None)),
        spent_share=(projects["actual_cost"] / projects["budget_at_completion"]).where(
            projects["budget_at_completion"] > 0
        ),
    )
    return frame[list(DISPLAY_COLUMNS)]


def render_project_table(projects: pd.DataFrame, currency: str, *, key: str) -> str | None:
    """Draw the table; return the code of the project the user clicked, if any."""
    frame = table_frame(projects)
    symbol = currency_symbol(currency).strip()
    money = money_format(currency)
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=table_height(len(frame)),
        on_select="rerun",
        selection_mode="single-row",
        key=key,
        column_config={column: st.column_config.Column(label) for column, label in DISPLAY_COLUMNS.items()}
        | {
            "budget_at_completion": st.column_config.NumberColumn(
                DISPLAY_COLUMNS["budget_at_completion"], format=money, help=f"Budget at completion ({symbol})"
            ),
            "actual_cost": st.column_config.NumberColumn(
                DISPLAY_COLUMNS["actual_cost"], format=money, help="Actual cost booked up to the as-of date"
            ),
            "spent_share": st.column_config.ProgressColumn(
                DISPLAY_COLUMNS["spent_share"],
                format="percent",
                min_value=0.0,
                max_value=1.0,
                help="Actual cost to date ÷ budget at completion (empty when there is no budget)",
            ),
            "baseline_end_date": date_column(DISPLAY_COLUMNS["baseline_end_date"]),
            "forecast_end_date": date_column(DISPLAY_COLUMNS["forecast_end_date"]),
            "report_date": date_column(DISPLAY_COLUMNS["report_date"]),
        },
    )
    rows = event.selection.rows if event else []
    return str(frame.iloc[rows[0]]["code"]) if rows else None
