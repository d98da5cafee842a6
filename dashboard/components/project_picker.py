"""The project picker shared by the project-level pages, bound to ``?project=CODE``.

Why one component: a link must open the same project on every page, and a code the
viewer may not see must get the same answer everywhere (no hint whether it exists).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

NOT_AVAILABLE = "That project is not available to you, or does not exist."


def render_project_picker(names: dict[str, str], key: str, container: Any = st) -> str | None:
    """Selectbox of ``names`` (code -> name); on the first run the link's project is chosen,
    and a code outside ``names`` gets the "not available" warning."""
    if key not in st.session_state:  # a link (or another page) names the project
        requested = st.query_params.get("project")
        if requested in names:
            st.session_state[key] = requested
        elif requested:
            st.warning(NOT_AVAILABLE, icon=":material/block:")
    return container.selectbox(
        "Project",
        options=list(names),
        format_func=lambda c: f"{c} · {names[c]}",
        key=key,
        index=None,
        placeholder="Choose a project",
    )
