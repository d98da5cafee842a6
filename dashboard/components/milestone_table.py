"""Upcoming milestones: baseline, expected date and slip."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.components.columns import date_column, text_column
from dashboard.components.risk_table import render_top_risks
from dashboard.components.table_download import render_table_download
from dashboard.program_view import upcoming_milestones


def render_upcoming_milestones(milestones: pd.DataFrame, *, days: int, key: str) -> None:
    if milestones.empty:
        st.info(f"No open milestone is due in the next {days} days.", icon=":material/event_available:")
        return
    config = {
        "project_code": text_column("Project"),
        "name": text_column("Milestone"),
        "baseline": date_column("Baseline"),
        "expected": date_column("Expected", help="Actual forecast if re-planned, else the baseline"),
        "slip_days": st.column_config.NumberColumn("Slip (days)", help="Expected − baseline"),
    }
    st.dataframe(milestones, key=key, hide_index=True, width="stretch", column_config=config)
    render_table_download(
        milestones,
        title="Upcoming milestones",
        stem="milestones",
        key=f"{key}.download",
        column_config=config,
        notes=[("Due", f"open milestones due in the next {days} days")],
    )


def render_milestones_and_risks(
    milestones: pd.DataFrame, risks: pd.DataFrame, *, as_of: date, key: str, risk_title: str, days: int = 90
) -> None:
    """Side by side: open milestones due in ``days`` days, and the top open risks."""
    left, right = st.columns(2)
    with left:
        st.subheader(f"Milestones in the next {days} days")
        render_upcoming_milestones(upcoming_milestones(milestones, as_of, days), days=days, key=key)
    with right:
        st.subheader(risk_title)
        render_top_risks(risks)
