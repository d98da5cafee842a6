"""Entry point: ``python -m streamlit run dashboard/app.py`` from the repository root.

Order on every run: (first run of the process only: freeze the imported modules for the
garbage collector, see dashboard/runtime_tuning.py) → page config → settings → database
ready → viewer → sidebar filters → the page chosen by st.navigation. Pages are registered here, not
auto-discovered, so a cold server never serves a page outside navigation.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit.navigation.page import StreamlitPage

from dashboard import data
from dashboard.auth import resolve_viewer
from dashboard.components.notices import render_identity_and_data_marker
from dashboard.filters import render_filter_bar
from dashboard.navigation import HOME, pages_for
from dashboard.runtime_tuning import freeze_long_lived_objects
from dashboard.startup import ensure_database_or_stop, load_settings_or_stop, show_database_problem
from data_access.db import DatabaseUnavailable
from data_access.vocabulary import Role

freeze_long_lived_objects()  # first run of the process only, after the imports above

st.set_page_config(
    page_title="Portfolio health",
    page_icon=":material/monitor_heart:",
    layout="wide",
    initial_sidebar_state="expanded",
)


def navigation_for(role: Role) -> dict[str, list[StreamlitPage]]:
    """The role's pages by section; the hidden default page routes "/" to the landing page."""
    sections: dict[str, list[StreamlitPage]] = {}
    for page in pages_for(role):
        sections.setdefault(page.section, []).append(
            st.Page(page.path, title=page.title, icon=page.icon, url_path=page.url_path)
        )
    home = st.Page(HOME.path, title=HOME.title, url_path=HOME.url_path, default=True, visibility="hidden")
    next(iter(sections.values())).insert(0, home)
    return sections


settings = load_settings_or_stop()
ensure_database_or_stop(settings)

try:
    viewer = resolve_viewer()
    navigation = st.navigation(navigation_for(viewer.role))
    # The default page reports an empty url_path; name it so guards can tell.
    st.session_state["page.url_path"] = navigation.url_path or HOME.url_path
    render_identity_and_data_marker(viewer)
    st.session_state["filters"] = render_filter_bar(viewer)
    navigation.run()
except (DatabaseUnavailable, SQLAlchemyError) as exc:
    # The database went away after start: say so plainly instead of a traceback.
    show_database_problem(
        data.database_url(),
        str(getattr(exc, "orig", exc)).splitlines()[0],
        fix="Reload the page in a minute; if the problem stays, tell your dashboard administrator.",
    )
