"""Sidebar notices every page shares: the demo-data marker and data freshness."""

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
