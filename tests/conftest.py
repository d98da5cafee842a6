"""Shared fixtures: real databases (SQLite files and PostgreSQL schemas), never mocks.

PostgreSQL: ``PORTFOLIO_TEST_POSTGRES_URL`` (default: the local trust-auth server).
Each fixture works in its own schema so tests never see each other's rows. Under
``CI=true`` an unreachable PostgreSQL fails the run instead of skipping it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.schema import CreateSchema, DropSchema

from data_access.db import make_engine
from data_access.migrate import upgrade_to_head

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# The demo ends today, as on a real first start, so pages (as of today by default) and
# tests look at the same day whenever the suite runs.
# PORTFOLIO_TEST_TODAY=YYYY-MM-DD replays the suite as on another day.
SEED_TODAY = date.fromisoformat(os.environ.get("PORTFOLIO_TEST_TODAY") or date.today().isoformat())


def postgres_base_url() -> str:
    return os.environ.get("PORTFOLIO_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def _postgres_available() -> str | None:
    """None when reachable, else the reason."""
    engine = make_engine(postgres_base_url())
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
        return None
    except Exception as exc:  # noqa: BLE001 - the reason is reported, not swallowed
        return str(exc).splitlines()[0]
    finally:
        engine.dispose()


def require_postgres() -> None:
    reason = _postgres_available()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL is required in CI and is unreachable: {reason}")
    pytest.skip(f"PostgreSQL unreachable (set PORTFOLIO_TEST_POSTGRES_URL): {reason}")


def postgres_schema_url(schema: str) -> str:
    """The base URL with a search_path, so an engine works inside one schema only."""
    url = make_url(postgres_base_url())
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


def create_postgres_schema(schema: str) -> str:
    admin = make_engine(postgres_base_url())
    with admin.begin() as connection:
        connection.execute(DropSchema(schema, cascade=True, if_exists=True))
        connection.execute(CreateSchema(schema))
    admin.dispose()
    return postgres_schema_url(schema)


def drop_postgres_schema(schema: str) -> None:
    admin = make_engine(postgres_base_url())
    with admin.begin() as connection:
        connection.execute(DropSchema(schema, cascade=True, if_exists=True))
    admin.dispose()


def _new_database_url(backend: str, tmp_dir: Path) -> tuple[str, str | None]:
    """(url, postgres schema or None) of a brand-new empty database."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_dir / 'portfolio.db'}", None
    require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    return create_postgres_schema(schema), schema


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def empty_database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """URL of an empty, unmigrated database on each backend."""
    url, schema = _new_database_url(backend, tmp_path)
    yield url
    if schema:
        drop_postgres_schema(schema)


@pytest.fixture
def migrated_engine(empty_database_url: str) -> Iterator[Engine]:
    """An engine on an empty database migrated to the newest schema."""
    engine = make_engine(empty_database_url)
    upgrade_to_head(engine)
    yield engine
    engine.dispose()


def seed_demo(url: str) -> None:
    from data_access.seed import seed_database

    engine = make_engine(url)
    upgrade_to_head(engine)
    seed_database(engine, scale="demo", today=SEED_TODAY, seed=42)
    engine.dispose()


@pytest.fixture(scope="session")
def demo_sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite file seeded once per session with the demo portfolio (read-only for tests)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'portfolio.db'}"
    seed_demo(url)
    return url


@pytest.fixture(scope="session", params=BACKENDS)
def demo_database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The demo portfolio on each backend, seeded once per session (read-only for tests)."""
    if request.param == "sqlite":
        yield request.getfixturevalue("demo_sqlite_url")
        return
    require_postgres()
    schema = f"demo_{uuid.uuid4().hex[:8]}"
    url = create_postgres_schema(schema)
    seed_demo(url)
    yield url
    drop_postgres_schema(schema)


@pytest.fixture
def demo_engine(demo_database_url: str) -> Iterator[Engine]:
    engine = make_engine(demo_database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def fresh_streamlit(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Streamlit caches and the settings persist across AppTest runs in one process, and the
    developer's PORTFOLIO_* variables must not leak in: start every app test clean."""
    import streamlit as st

    from dashboard.settings import get_settings

    for name in list(os.environ):
        if name.startswith("PORTFOLIO_"):
            monkeypatch.delenv(name)
    # Registered with monkeypatch so that a test may set them and they are undone afterwards.
    monkeypatch.setenv("PORTFOLIO_DATABASE_URL", "")
    monkeypatch.setenv("PORTFOLIO_AUTH_MODE", "auto")
    st.cache_data.clear()
    st.cache_resource.clear()
    get_settings.cache_clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
    get_settings.cache_clear()


APP_ENTRY = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


@pytest.fixture
def demo_app(fresh_streamlit: None, demo_sqlite_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """An AppTest of the entry point on the demo portfolio, looking at SEED_TODAY."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("PORTFOLIO_DATABASE_URL", demo_sqlite_url)
    at = AppTest.from_file(APP_ENTRY, default_timeout=60)
    if SEED_TODAY != date.today():  # replaying another day (PORTFOLIO_TEST_TODAY): look at that day
        at.query_params["as_of"] = SEED_TODAY.isoformat()
    return at
