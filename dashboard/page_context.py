"""What every page needs first: the viewer, the filters and the currency."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard.auth import current_viewer
from dashboard.settings import get_settings
from data_access.queries import QueryFilters
from data_access.viewer import Viewer


@dataclass(frozen=True)
class PageContext:
    viewer: Viewer
    filters: QueryFilters
    currency: str


def page_context() -> PageContext:
    """Filters were read by app.py's filter bar in this same run."""
    return PageContext(current_viewer(), st.session_state["filters"], get_settings().currency)
