"""The EVM table of the Budget page: one row per project or program, each header with
its "how is this computed" help."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.budget_view import METRIC_HELP, MONEY_COLUMNS
from dashboard.components.columns import text_column
from dashboard.components.project_table import table_height

LABELS = {
    "bac": "BAC",
    "ac": "AC",
    "ev": "EV",
    "cpi": "CPI",
    "spi": "SPI",
    "eac": "EAC",
    "vac": "VAC",
    "tcpi_bac": "TCPI (BAC)",
    "tcpi_eac": "TCPI (EAC)",
    "burn_rate": "Burn / month",
    "run_out_date": "Budget runs out",
    "planned_end": "Planned end",
    "flag": "Flag",
}
HELP_KEY = {"flag": "padded_baseline"}


def render_budget_table(
    frame: pd.DataFrame, currency: str, *, key: str, code_label: str, name_label: str
) -> None:
    """``frame`` from ``budget_view.table_frame`` (display text); money headers name the currency."""
    config = {"code": text_column(code_label), "name": text_column(name_label)}
    for column, label in LABELS.items():
        header = f"{label} ({currency})" if column in MONEY_COLUMNS else label
        config[column] = text_column(header, help=METRIC_HELP[HELP_KEY.get(column, column)])
    st.dataframe(
        frame,
        key=key,
        hide_index=True,
        width="stretch",
        height=table_height(len(frame)),
        column_config=config,
    )
