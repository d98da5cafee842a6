"""Notices every page shares: the demo-data marker, data freshness, an empty selection."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import data
from dashboard.formatting import day
from data_access.viewer import Viewer


def render_identity_and_data_marker(viewer: Viewer) -> None:
    info = data.dataset_info()
    with st.sidebar:
        if info.get("demo") == "true":
            st.badge("Demo data", icon=":material/science:", color="orange")
            generated = info.get("generated_on")
            if generated:
                st.caption(f"Generated demo portfolio, history up to {day(date.fromisoformat(generated))}.")
        st.caption(f"Signed in as **{viewer.display_name}** ({viewer.role.value}).")


def stop_when_no_projects(empty: bool) -> None:
    """Explain an empty selection and end the page there, rather than draw empty charts."""
    if not empty:
        return
    st.info(
        "No projects to show: none had started by the as-of date in the programs you can see. "
        "Clear the program filter or pick a later date.",
        icon=":material/filter_alt_off:",
    )
    st.stop()
