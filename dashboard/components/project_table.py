"""The portfolio project table: computed beside reported status, one click opens the project."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from dashboard.components.columns import date_column, money_column, text_column
from dashboard.components.table_download import render_table_download
from dashboard.filters import shareable_params
from dashboard.formatting import amount, ratio
from dashboard.navigation import page_by_url
from dashboard.rag_style import rag_label
from dashboard.table_export import NumberKind

DISPLAY_COLUMNS = {
    "computed": "Computed",
    "reported": "Reported",
    "flag": "Flag",
    "trend": "Trend",
    "code": "Code",
    "name": "Project",
    "program": "Program",
    "schedule": "Schedule",
    "budget": "Budget",
    "risk": "Risk",
    "computed_spi": "SPI",
    "computed_cpi": "CPI",
    "budget_at_completion": "BAC",
    "computed_eac": "EAC",
    "spent_share": "Spent",
    "why": "Why (rule that fired)",
    "project_manager": "Project manager",
    "report_date": "Last report",
}
COLUMN_HELP = {
    "computed": "Overall status computed from the data: the worst of schedule, budget and risk.",
    "reported": "Overall status in the project's latest status report on or before the as-of date.",
    "flag": "Watermelon: reported green while the data says red. Padded: CPI or SPI above 1.10.",
    "computed_spi": "Schedule performance index EV ÷ PV; below 1 is behind plan (n/a without a baseline).",
    "computed_cpi": "Cost performance index EV ÷ AC; below 1 is over cost (n/a without cost or progress).",
    "computed_eac": "Estimate at completion BAC ÷ CPI: the final cost if cost efficiency stays as it is.",
    "trend": "Computed overall status at the end of each of the last six months, then on the as-of date"
    " (▲ red, ◆ amber, ● green, ○ grey, · not started).",
    "why": "The rule behind the computed overall status; open the project for every dimension.",
}


SEVERITY_ORDER = {"red": 0, "amber": 1, "grey": 2, "green": 3}


def table_height(rows: int, *, max_rows: int = 20) -> int:
    """Pixels to show up to ``max_rows`` rows without an inner scrollbar (header + rows)."""
    return 38 + 35 * min(max(rows, 1), max_rows)


def _flag(row: pd.Series) -> str:
    flags = []
    if row["watermelon"]:
        flags.append("⚠ Watermelon")
    if row.get("computed_padded_baseline"):
        flags.append("Padded?")
    return " · ".join(flags)


def trouble_first(projects: pd.DataFrame) -> pd.DataFrame:
    """Computed red, then amber, grey, green; watermelons on top of their colour, then by code.
    The order of every project table, and which rows a shortened table keeps."""
    # Sorted as plain lists, then one row selection: sort_values and a reindex of every
    # (Arrow-backed) column cost a fifth of a warm overview with twenty sessions at once.
    unknown = len(SEVERITY_ORDER)
    keys = [
        (SEVERITY_ORDER.get(status, unknown), not watermelon, code)
        for status, watermelon, code in zip(
            projects["computed_overall"].tolist(),
            projects["watermelon"].tolist(),
            projects["code"].tolist(),
            strict=True,
        )
    ]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    return projects.iloc[order]


def table_frame(projects: pd.DataFrame) -> pd.DataFrame:
    projects = trouble_first(projects)
    frame = projects.assign(
        computed=projects["computed_overall"].map(rag_label, na_action="ignore"),
        reported=projects["reported_rag"].map(rag_label, na_action="ignore").fillna(rag_label(None)),
        flag=projects.apply(_flag, axis=1) if len(projects) else "",
        schedule=projects["computed_schedule"].map(rag_label, na_action="ignore"),
        budget=projects["computed_budget"].map(rag_label, na_action="ignore"),
        risk=projects["computed_risk"].map(rag_label, na_action="ignore"),
        why=projects["computed_overall_rule"],
        computed_spi=projects["computed_spi"].map(ratio),
        computed_cpi=projects["computed_cpi"].map(ratio),
        budget_at_completion=projects["budget_at_completion"].map(amount),
        computed_eac=projects["computed_eac"].map(amount),
        spent_share=(projects["actual_cost"] / projects["budget_at_completion"]).where(
            projects["budget_at_completion"] > 0
        ),
    )
    # The trend strip is only there when the page computed it (it costs seven as-of runs).
    return frame[[c for c in DISPLAY_COLUMNS if c in frame.columns]]


NUMBER_KINDS: dict[str, NumberKind] = {
    "computed_spi": "ratio",
    "computed_cpi": "ratio",
    "budget_at_completion": "money",
    "computed_eac": "money",
    "spent_share": "percent",
    "report_date": "date",
}


def render_project_table(
    projects: pd.DataFrame, currency: str, *, key: str, notes: Sequence[tuple[str, str]] = ()
) -> None:
    """Draw the table; selecting a row opens that project's page, keeping the link's filters.
    ``notes``: how the page narrowed the rows, written into the Excel download."""
    frame = table_frame(projects)
    config = {
        column: text_column(label, COLUMN_HELP.get(column)) for column, label in DISPLAY_COLUMNS.items()
    }
    config |= {
        "computed_spi": text_column("SPI", COLUMN_HELP["computed_spi"]),
        "computed_cpi": text_column("CPI", COLUMN_HELP["computed_cpi"]),
        "budget_at_completion": money_column("BAC", currency, "Budget at completion"),
        "computed_eac": money_column("EAC", currency, COLUMN_HELP["computed_eac"]),
        "spent_share": st.column_config.ProgressColumn(
            "Spent",
            format="percent",
            min_value=0.0,
            max_value=1.0,
            help="Actual cost to date ÷ budget at completion (empty when there is no budget)",
        ),
        "report_date": date_column("Last report"),
        "why": st.column_config.TextColumn("Why (rule that fired)", help=COLUMN_HELP["why"], width="large"),
        "flag": st.column_config.TextColumn("Flag", help=COLUMN_HELP["flag"], width="medium"),
        "name": st.column_config.TextColumn("Project", width="medium"),
    }
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=table_height(len(frame)),
        on_select="rerun",
        selection_mode="single-row",
        key=key,
        column_config=config,
    )
    numbers = projects.loc[
        frame.index, ["computed_spi", "computed_cpi", "budget_at_completion", "computed_eac"]
    ]
    render_table_download(
        frame,
        title="Projects",
        stem="projects",
        key=f"{key}.download",
        column_config=config,
        numeric=numbers,
        kinds=NUMBER_KINDS,
        notes=notes,
    )
    rows = event.selection.rows if event else []
    if rows:
        code = str(frame.iloc[rows[0]]["code"])
        st.switch_page(page_by_url("project").path, query_params=shareable_params(project=code))
