"""Top risks table: exposure first, owner and due date beside it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.components.columns import date_column, text_column
from dashboard.components.table_download import render_table_download


def render_top_risks(risks: pd.DataFrame, *, key: str = "top_risks") -> None:
    if risks.empty:
        st.info("No open risks or issues on the as-of date.", icon=":material/verified:")
        return
    frame = risks.assign(owner=risks["owner"].fillna("⚠ no owner"))
    config = {
        "project_code": text_column("Code"),
        "project": text_column("Project"),
        "kind": text_column("Kind"),
        "title": text_column("Risk or issue"),
        "exposure": st.column_config.ProgressColumn(
            "Exposure",
            min_value=0,
            max_value=25,
            format="%d",
            help="Probability × impact, each on a 1–5 scale; 15 or more is high",
        ),
        "owner": text_column("Owner"),
        "due_date": date_column("Due"),
        "status": text_column("Status"),
    }
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config)
    render_table_download(
        frame,
        title="Top risks",
        stem="top-risks",
        key=f"{key}.download",
        column_config=config,
        notes=[("Selection", f"the {len(frame)} open risks and issues with the highest exposure")],
    )
