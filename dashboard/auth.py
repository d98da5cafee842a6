"""Who is the viewer. Demo mode only for now: the first demo executive in the database.

Role-based sign-in (OIDC, proxy header, demo picker) comes later; the Viewer is
already threaded through every read so access is enforced where data is read.
"""

from __future__ import annotations

import streamlit as st

from dashboard import data
from data_access.viewer import Viewer, portfolio_viewer

_SESSION_KEY = "auth.viewer"


def current_viewer() -> Viewer:
    """Resolve the viewer once per session and keep it in session state."""
    viewer = st.session_state.get(_SESSION_KEY)
    if viewer is None:
        executive = data.demo_executive_name()
        viewer = portfolio_viewer(user_id="demo-executive", display_name=executive or "Demo executive")
        st.session_state[_SESSION_KEY] = viewer
    return viewer
