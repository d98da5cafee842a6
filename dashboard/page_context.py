"""What every page needs first: the viewer, the filters and the currency."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard.auth import current_viewer
from dashboard.navigation import may_open
from dashboard.settings import get_settings
from data_access.queries import QueryFilters
from data_access.viewer import Viewer


@dataclass(frozen=True)
class PageContext:
    viewer: Viewer
    filters: QueryFilters
    currency: str


def page_context() -> PageContext:
    """Viewer and filters that app.py resolved in this same run; also the page's own guard:
    a page the viewer's role may not open stops here, whatever the URL says."""
    viewer = current_viewer()
    if not may_open(viewer.role, st.session_state.get("page.url_path", "")):
        st.warning("This page is not available to you.", icon=":material/block:")
        st.stop()
    return PageContext(viewer, st.session_state["filters"], get_settings().currency)
