"""The EVM table of the Budget page: one row per project or program, each header with
its "how is this computed" help."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from dashboard.budget_view import METRIC_HELP, MONEY_COLUMNS, RATIO_COLUMNS
from dashboard.components.columns import text_column
from dashboard.components.project_table import table_height
from dashboard.components.table_download import render_table_download
from dashboard.table_export import NumberKind

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
DATE_COLUMNS = ("run_out_date", "planned_end")
NUMBER_KINDS: dict[str, NumberKind] = (
    dict.fromkeys(MONEY_COLUMNS, "money")
    | dict.fromkeys(RATIO_COLUMNS, "ratio")
    | dict.fromkeys(DATE_COLUMNS, "date")
)


def render_budget_table(
    frame: pd.DataFrame,
    currency: str,
    *,
    key: str,
    code_label: str,
    name_label: str,
    numbers: pd.DataFrame | None = None,
    title: str = "Projects",
    notes: Sequence[tuple[str, str]] = (),
) -> None:
    """``frame`` from ``budget_view.table_frame`` (display text); money headers name the currency.
    ``numbers``: the rows ``frame`` was made from, so the downloads carry numbers, not text."""
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
    numeric = None if numbers is None else numbers[[*MONEY_COLUMNS, *RATIO_COLUMNS, *DATE_COLUMNS]]
    render_table_download(
        frame,
        title=title,
        stem=key.replace("_", "-"),
        key=f"{key}.download",
        column_config=config,
        numeric=numeric,
        kinds=NUMBER_KINDS,
        notes=notes,
    )
