"""Before any page runs: settings valid, database present, reachable and migrated.

Each failure ends in a plain page that says what is wrong and what to do, never a
traceback. Only the embedded default database is ever created or seeded here.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard import data
from dashboard.filters import today
from dashboard.settings import Settings, SettingsError, get_settings
from data_access.bootstrap import create_embedded_database
from data_access.db import DatabaseUnavailable, check_reachable, safe_url
from data_access.migrate import head_revision, is_up_to_date


def load_settings_or_stop() -> Settings:
    try:
        return get_settings()
    except SettingsError as exc:
        st.title("Configuration problem")
        st.error(str(exc).replace("\n", "  \n"), icon=":material/settings_alert:")
        st.markdown("Fix the environment variables above and restart the dashboard.")
        st.stop()
        raise  # unreachable: st.stop() raises


def _create_embedded(settings: Settings) -> None:
    path = settings.default_database_path
    if path.exists():
        return
    what = "demo portfolio" if settings.demo_data else "empty database"
    with st.status(f"First start: creating the {what} in `{path}` …", expanded=True) as box:
        bar = st.progress(0.0)
        create_embedded_database(
            path,
            with_demo_data=settings.demo_data,
            today=today(),
            progress=lambda fraction, message: bar.progress(min(max(fraction, 0.0), 1.0), text=message),
        )
        box.update(label=f"The {what} is ready.", state="complete", expanded=False)


@st.cache_data(ttl=30, show_spinner=False)
def _schema_is_current(url: str) -> bool:
    return is_up_to_date(data.engine_for(url))


def show_database_problem(url: str, reason: str, *, fix: str) -> None:
    st.title("The dashboard cannot read its database")
    st.error(f"**Database:** `{safe_url(url)}`  \n**Problem:** {reason}", icon=":material/database_off:")
    st.markdown(fix)


def ensure_database_or_stop(settings: Settings) -> None:
    url = settings.effective_database_url
    try:
        if settings.uses_embedded_database:
            _create_embedded(settings)
        check_reachable(data.engine_for(url))
        if not _schema_is_current(url):
            show_database_problem(
                url,
                f"the schema is not at the newest revision ({head_revision()}).",
                fix=f"Run `python -m data_access migrate --database-url '{safe_url(url)}'` "
                "(with the real password), then reload this page.",
            )
            st.stop()
    except DatabaseUnavailable as exc:
        show_database_problem(
            url,
            exc.reason,
            fix="Check that the database server is running and that `PORTFOLIO_DATABASE_URL` "
            "names the right host, port, database and user; then reload this page.",
        )
        st.stop()
    except SQLAlchemyError as exc:
        show_database_problem(
            url,
            str(getattr(exc, "orig", exc)).splitlines()[0],
            fix="Reload the page in a minute; if the problem stays, tell your dashboard administrator.",
        )
        st.stop()
