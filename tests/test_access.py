"""Access: who sees what. Scope is enforced in data_access, navigation is per role, and
a link naming something outside the viewer's scope leaks nothing onto the page.

Expected scopes come from independent SQL over role_assignments, not from the code
under test.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from sqlalchemy import Engine, create_engine, text
from streamlit.testing.v1 import AppTest

from dashboard.navigation import LANDING, page_by_url, pages_for
from dashboard.settings import get_settings
from data_access import queries
from data_access.queries import QueryFilters
from data_access.queries.identity import viewer_for_login
from data_access.vocabulary import Role
from tests.conftest import SEED_TODAY

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
IDENTITY_READS = {"dataset_info", "demo_people", "viewer_for_login"}  # resolved before any scope exists
# Facts about the loaded data that name no project or program: shown to every viewer.
UNSCOPED = {"data_freshness", "freshness_line"}


def rows(engine: Engine, sql: str, **params: object) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(sql), params)]


def in_scope_codes(engine: Engine, username: str) -> set[str]:
    """Project codes a person may see, straight from role_assignments (independent of data_access)."""
    return {
        code
        for (code,) in rows(
            engine,
            """
            SELECT DISTINCT p.code FROM projects p JOIN role_assignments r
              ON (r.program_id = p.program_id OR r.project_id = p.id OR r.team_id = p.team_id)
            JOIN people x ON x.id = r.person_id WHERE x.username = :u
            """,
            u=username,
        )
    }


def one_person(engine: Engine, role: Role) -> str:
    return rows(
        engine,
        "SELECT x.username FROM people x JOIN role_assignments r ON r.person_id = x.id WHERE r.role = :r "
        "ORDER BY x.username LIMIT 1",
        r=role.value,
    )[0][0]


# --------------------------------------------------------------------------- data layer


def test_every_read_function_takes_the_viewer_second() -> None:
    """Adding a read without the viewer parameter fails here: scope must be enforced in SQL."""
    for name in queries.__all__:
        function = getattr(queries, name)
        if not inspect.isfunction(function) or name in IDENTITY_READS | UNSCOPED:
            continue
        parameters = list(inspect.signature(function).parameters)
        assert parameters[:2] == ["connection", "viewer"], f"{name}{parameters}"


@pytest.mark.parametrize("role", [Role.PROGRAM_MANAGER, Role.PROJECT_MANAGER, Role.SCRUM_MASTER])
def test_narrow_viewers_read_only_their_projects(demo_engine: Engine, role: Role) -> None:
    username = one_person(demo_engine, role)
    allowed = in_scope_codes(demo_engine, username)
    all_codes = {c for (c,) in rows(demo_engine, "SELECT code FROM projects")}
    assert 0 < len(allowed) < len(all_codes)
    filters = QueryFilters(as_of=SEED_TODAY)
    with demo_engine.connect() as connection:
        viewer = viewer_for_login(connection, username)
        assert viewer is not None and viewer.role == role
        seen = set(queries.project_table(connection, viewer, filters)["code"])
        seen_codes = set(queries.visible_project_codes(connection, viewer, filters)["code"])
        health = queries.health_inputs(connection, viewer, filters)
        risks = queries.top_risks(connection, viewer, filters, limit=1000)
        budget = queries.budget_projects(connection, viewer, filters)
        foreign = sorted(all_codes - allowed)[0]
        assert queries.project_detail(connection, viewer, foreign, filters) is None
    started = {
        c for (c,) in rows(demo_engine, "SELECT code FROM projects WHERE start_date <= :d", d=SEED_TODAY)
    }
    assert seen == allowed & started
    assert seen_codes == allowed
    assert set(health.projects["code"]) <= allowed
    assert set(risks["project_code"]) <= allowed
    assert set(budget["code"]) <= allowed


def test_a_person_without_a_role_gets_no_viewer(demo_engine: Engine) -> None:
    (username,) = rows(
        demo_engine,
        "SELECT username FROM people x WHERE NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.person_id = x.id) "
        "ORDER BY username LIMIT 1",
    )[0]
    with demo_engine.connect() as connection:
        assert viewer_for_login(connection, username) is None
        assert viewer_for_login(connection, "nobody@example.org") is None


def test_login_by_email_is_case_insensitive(demo_engine: Engine) -> None:
    (username, email) = rows(
        demo_engine, "SELECT username, email FROM people WHERE username LIKE 'exec.%' LIMIT 1"
    )[0]
    with demo_engine.connect() as connection:
        viewer = viewer_for_login(connection, email.upper())
    assert viewer is not None and viewer.user_id == username and viewer.scope.everything


# --------------------------------------------------------------------------- the app


pytestmark = pytest.mark.usefixtures("fresh_streamlit")


def app_as(url: str, username: str | None, **params: str) -> AppTest:
    import os

    os.environ["PORTFOLIO_DATABASE_URL"] = url  # the fixture's monkeypatch removes it afterwards
    get_settings.cache_clear()
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    if username:
        at.query_params["demo_user"] = username
    for key, value in params.items():
        at.query_params[key] = value
    if SEED_TODAY.isoformat() != pd.Timestamp.today().date().isoformat():
        at.query_params["as_of"] = SEED_TODAY.isoformat()
    return at


def page_text(at: AppTest) -> str:
    """Everything a person could read on the page: text, tables, figures, widget options."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
    ):
        parts += [str(e.value) for e in at.get(kind)]
    parts += [f"{m.label} {m.value} {m.proto.delta}" for m in at.metric]
    parts += [df.value.to_string() for df in at.dataframe]
    parts += [str(e.proto.spec) for e in at.get("plotly_chart")]
    for kind in ("selectbox", "multiselect"):
        parts += [json.dumps(list(getattr(e, "options", []))) for e in at.get(kind)]
    return "\n".join(parts)


@pytest.mark.parametrize("role", list(LANDING))
def test_each_role_lands_on_its_own_page_with_its_own_navigation(demo_sqlite_url: str, role: Role) -> None:
    engine = create_engine(demo_sqlite_url)
    at = app_as(demo_sqlite_url, one_person(engine, role))
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["page.url_path"] == LANDING[role]
    allowed = {p.url_path for p in pages_for(role)}
    assert LANDING[role] in allowed
    if role in (Role.PROJECT_MANAGER, Role.SCRUM_MASTER):
        assert "overview" not in allowed


def test_a_page_outside_the_role_is_not_reachable(demo_sqlite_url: str) -> None:
    engine = create_engine(demo_sqlite_url)
    at = app_as(demo_sqlite_url, one_person(engine, Role.SCRUM_MASTER))
    at.run()
    with pytest.raises(Exception):  # noqa: B017 - the page is not in this role's navigation at all
        at.switch_page(page_by_url("overview").path).run()
        assert at.session_state["page.url_path"] != "overview"
        raise RuntimeError("switch refused")


LEAK_ROLES = [Role.PROGRAM_MANAGER, Role.PROJECT_MANAGER, Role.SCRUM_MASTER]


def demo_persons(engine: Engine, role: Role, per_role: int = 2) -> list[str]:
    """The people the demo picker offers for a role (same rule: first by username)."""
    return [
        u
        for (u,) in rows(
            engine,
            "SELECT DISTINCT x.username FROM people x JOIN role_assignments r ON r.person_id = x.id "
            "WHERE r.role = :r ORDER BY x.username",
            r=role.value,
        )
    ][:per_role]


@pytest.mark.parametrize("role", LEAK_ROLES)
def test_foreign_links_leak_nothing_on_any_page(demo_database_url: str, role: Role) -> None:
    """Each demo person of the role × each page they may open × a foreign project and program
    in the link: none of the foreign projects' codes or names, nor a foreign program's name,
    appears anywhere on the page (text, tables, chart data, widget options)."""
    engine = create_engine(demo_database_url)
    for username in demo_persons(engine, role):
        assert_no_leak(engine, demo_database_url, username, role)
    engine.dispose()


def assert_no_leak(engine: Engine, url: str, username: str, role: Role) -> None:
    allowed = in_scope_codes(engine, username)
    projects = rows(
        engine,
        "SELECT p.code, p.name, g.code, g.name FROM projects p JOIN programs g ON g.id = p.program_id ORDER BY p.code",
    )
    foreign = [f for f in projects if f[0] not in allowed]
    visible_programs = {program for code, _, program, _ in projects if code in allowed}
    probe = foreign[0]
    # The probed codes are in the link itself, so echoing them ("project=X was ignored")
    # tells nothing; the project's name, and every other foreign code and name, must not show.
    secrets = ({name for _, name, _, _ in foreign} | {code for code, _, _, _ in foreign}) - {
        probe[0],
        probe[2],
    }
    secrets |= {pname for _, _, pcode, pname in foreign if pcode not in visible_programs}
    for spec in pages_for(role):
        at = app_as(url, username, project=probe[0], program=probe[2], budget_program=probe[2])
        at.run()
        at.switch_page(spec.path)
        at.query_params["project"] = probe[0]
        at.run()
        assert not at.exception, (username, spec.url_path, at.exception)
        shown = page_text(at)
        leaked = {secret for secret in secrets if secret in shown}
        assert not leaked, f"{username} ({role.value}) on {spec.url_path} sees {sorted(leaked)[:5]}"


def test_header_mode_is_used_only_when_enabled(demo_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTFOLIO_DATABASE_URL", demo_sqlite_url)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert any("View as" in s.label for s in at.selectbox)  # demo mode by default

    monkeypatch.setenv("PORTFOLIO_AUTH_MODE", "header")
    get_settings.cache_clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert "No access" in [t.value for t in at.title]
    assert not any("View as" in s.label for s in at.selectbox)


def test_a_signed_in_person_without_a_role_sees_a_polite_page(demo_sqlite_url: str) -> None:
    engine = create_engine(demo_sqlite_url)
    (email,) = rows(
        engine,
        "SELECT email FROM people x WHERE NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.person_id = x.id) "
        "ORDER BY email LIMIT 1",
    )[0]
    import os

    os.environ["PORTFOLIO_DATABASE_URL"] = demo_sqlite_url
    os.environ["PORTFOLIO_AUTH_MODE"] = "oidc"
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {"client_id": "x", "client_secret": "y", "server_metadata_url": "http://127.0.0.1:1/x",
                          "redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "z"}  # fmt: skip
    at.user = {"is_logged_in": True, "email": email}
    at.run()
    assert not at.exception, at.exception
    assert "No access" in [t.value for t in at.title]
    assert email in page_text(at)
