"""The Delivery page's "View" (project, team or program) and its picker, kept in the link.

Links: ``?project=CODE`` (the default view), ``?scope=team&team=CODE``,
``?scope=program&program_view=CODE``. The program view has its own parameter because
``?program=`` is the global program filter. Options are only what the viewer may see;
a foreign or unknown code in the link gets the same "not available" warning as a project.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st

from dashboard import data
from dashboard.components.project_picker import render_code_picker
from data_access.queries import QueryFilters
from data_access.viewer import Viewer

Scope = Literal["project", "team", "program"]
SCOPES: dict[Scope, str] = {"project": "Project", "team": "Team", "program": "Program"}
PARAM: dict[Scope, str] = {"project": "project", "team": "team", "program": "program_view"}


@dataclass(frozen=True)
class ScopeChoice:
    """What the page shows: the view, the chosen code (None = nothing chosen yet), and
    whether the link named a code that is not available (the page then shows nothing more)."""

    scope: Scope
    code: str | None
    refused: bool


def scope_from_url(raw: str | None) -> Scope:
    """The view a link names, or the project view when absent or unknown."""
    return raw if raw in SCOPES else "project"  # type: ignore[return-value]


def _names(viewer: Viewer, filters: QueryFilters, scope: Scope) -> dict[str, str]:
    """code -> name of the projects, teams or programs the viewer may open."""
    if scope == "project":
        frame = data.project_codes(viewer, filters)
    elif scope == "team":
        frame = data.team_codes(viewer, filters)
    else:
        frame = data.programs(viewer)
        if filters.program_codes:  # the global program filter narrows this list too
            frame = frame[frame["code"].isin(filters.program_codes)]
    return dict(zip(frame["code"], frame["name"], strict=True))


def render_scope_picker(viewer: Viewer, filters: QueryFilters, view_col: Any, picker_col: Any) -> ScopeChoice:
    """The View control and the matching picker; writes the choice back into the link."""
    params = st.query_params
    if "delivery_scope" not in st.session_state:  # first run: the link decides
        st.session_state["delivery_scope"] = scope_from_url(params.get("scope"))
    scope: Scope = (
        view_col.segmented_control(
            "View", list(SCOPES), format_func=SCOPES.get, key="delivery_scope", help=_VIEW_HELP
        )
        or "project"
    )
    param = PARAM[scope]
    code = render_code_picker(
        _names(viewer, filters, scope), f"delivery_{scope}", picker_col, param=param, noun=scope
    )
    if scope == "project":
        params.pop("scope", None)
    else:
        params["scope"] = scope
    if code is not None:
        params[param] = code
    return ScopeChoice(scope, code, refused=code is None and bool(params.get(param)))


_VIEW_HELP = (
    "**Project**: one project's board.  \n**Team** / **Program**: the work items of the "
    "projects you may see in that team or program, pooled on one board (see the note under "
    "the title when some projects use another board)."
)
