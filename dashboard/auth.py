"""Who is the viewer: resolved once per session into a Viewer (person, role, scope).

- OIDC through ``st.login`` when ``[auth]`` is configured in secrets (the default then);
- a trusted reverse-proxy header, only with ``PORTFOLIO_AUTH_MODE=header``;
- otherwise demo mode: a visible Demo badge and a picker of demo people, kept in the
  URL as ``demo_user=<username>`` so a demo link opens as that person.
Scope is enforced where data is read (data_access); this module only says who it is.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

from dashboard import data
from dashboard.settings import get_settings
from data_access.viewer import Viewer

DEMO_PARAM = "demo_user"
_VIEWER_KEY = "auth.viewer_id"
_CURRENT_KEY = "auth.viewer"
Mode = Literal["demo", "header", "oidc"]


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all means "not configured"
        return False


def auth_mode() -> Mode:
    configured = get_settings().auth_mode
    if configured == "auto":
        return "oidc" if oidc_configured() else "demo"
    return configured


def _no_access(message: str) -> None:
    st.title("No access")
    st.info(message, icon=":material/lock:")
    st.stop()


def _login_from_oidc() -> str:
    if not oidc_configured():
        _no_access("Sign-in is set to OIDC (PORTFOLIO_AUTH_MODE=oidc) but `[auth]` is missing from secrets.")
    if not st.user.is_logged_in:
        st.title("Portfolio health")
        st.write("Sign in with your company account to see the projects you are responsible for.")
        st.button("Sign in", on_click=st.login, type="primary", key="auth_login")
        st.stop()
    return str(st.user.get("email") or "")


def _login_from_header() -> str:
    header = get_settings().auth_header
    login = st.context.headers.get(header)
    if not login:
        _no_access(f"No identity reached the dashboard (the `{header}` header is missing).")
    return str(login)


def _login_from_demo_picker() -> str:
    """The demo person picked in the sidebar (seeded from ``?demo_user=``), kept in the URL."""
    people = data.demo_people()
    if people.empty:
        _no_access(
            "No projects to show: this database has no people with roles yet, so there is no one to view "
            "the portfolio as. Load your portfolio (see the README) or start with the demo data."
        )
    labels = {row.username: f"{row.display_name} · {row.role}" for row in people.itertuples(index=False)}
    key = "auth.demo_user"
    if key not in st.session_state:
        requested = st.query_params.get(DEMO_PARAM)
        st.session_state[key] = requested if requested in labels else next(iter(labels))
        if requested and requested not in labels:
            st.warning(
                f"The link's `{DEMO_PARAM}={requested}` is not a demo person; showing {labels[st.session_state[key]]}."
            )
    with st.sidebar:
        st.badge("Demo", icon=":material/theater_comedy:", color="violet")
        username = st.selectbox(
            "View as",
            options=list(labels),
            format_func=labels.get,
            key=key,
            help="Demo mode: pick a person to see the dashboard with their role and scope.",
        )
    st.query_params[DEMO_PARAM] = username
    return username


def current_viewer() -> Viewer:
    """The viewer app.py resolved at the top of this run (pages call this)."""
    return st.session_state[_CURRENT_KEY]


def resolve_viewer() -> Viewer:
    """Called once per run by app.py: who is looking, or a polite stop when nobody with a
    role is signed in. Draws the demo picker in demo mode."""
    mode = auth_mode()
    login = {"oidc": _login_from_oidc, "header": _login_from_header, "demo": _login_from_demo_picker}[mode]()
    viewer = data.viewer_for_login(login)
    if viewer is None:
        _no_access(
            f"You are signed in as **{login}**, but no role gives you access to portfolio data yet. "
            "Ask your PMO to add a role assignment for you."
        )
        raise AssertionError("unreachable")  # st.stop() raises
    if st.session_state.get(_VIEWER_KEY) not in (None, viewer.user_id):
        # Another person now: their filters and picks must not carry over.
        for stale in [k for k in st.session_state if str(k).startswith(("filters.", "project_picker"))]:
            del st.session_state[stale]
    st.session_state[_VIEWER_KEY] = viewer.user_id
    st.session_state[_CURRENT_KEY] = viewer
    return viewer
