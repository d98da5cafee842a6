"""The project picker shared by the project-level pages, bound to ``?project=CODE``.

Why one component: a link must open the same project on every page, and a code the
viewer may not see must get the same answer everywhere (no hint whether it exists).
The same rule holds for the Delivery page's team and program pickers, so they share
``render_code_picker``.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

NOT_AVAILABLE = "That project is not available to you, or does not exist."


def not_available(noun: str) -> str:
    """The one "not available" sentence, for a project, team or program."""
    return f"That {noun} is not available to you, or does not exist."


def render_code_picker(
    names: dict[str, str], key: str, container: Any = st, *, param: str = "project", noun: str = "project"
) -> str | None:
    """Selectbox of ``names`` (code -> name) bound to ``?param=CODE``: on the first run the
    link's code is chosen, and a code outside ``names`` gets the "not available" warning."""
    if key not in st.session_state:  # a link (or another page) names the code
        requested = st.query_params.get(param)
        if requested in names:
            st.session_state[key] = requested
        elif requested:
            st.warning(not_available(noun), icon=":material/block:")
    return container.selectbox(
        noun.capitalize(),
        options=list(names),
        format_func=lambda c: f"{c} · {names[c]}",
        key=key,
        index=None,
        placeholder=f"Choose a {noun}",
    )


def render_project_picker(names: dict[str, str], key: str, container: Any = st) -> str | None:
    """The project picker bound to ``?project=CODE`` (see ``render_code_picker``)."""
    return render_code_picker(names, key, container)
