"""AppTest: every registered page renders from the entry point, and bad situations
(unreachable or unmigrated database, wrong settings, tampered links) end in a clear
message, never an exception. Figures on screen are checked against SQL."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import create_engine, inspect, text
from streamlit.testing.v1 import AppTest

from dashboard.navigation import PAGES
from data_access.queries.identity import ROLE_PRECEDENCE
from data_access.vocabulary import Role
from tests.conftest import SEED_TODAY

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


pytestmark = pytest.mark.usefixtures("fresh_streamlit")


def all_text(at: AppTest) -> str:
    parts = [el.value for el in at.markdown] + [el.value for el in at.title] + [el.value for el in at.caption]
    parts += [el.value for el in at.warning] + [el.value for el in at.info] + [el.value for el in at.error]
    return "\n".join(str(p) for p in parts)


def sql_scalar(url: str, sql: str, **params: object) -> object:
    engine = create_engine(url)
    with engine.connect() as connection:
        value = connection.execute(text(sql), params).scalar_one()
    engine.dispose()
    return value


def demo_user_for(url: str, role: Role) -> str:
    return str(
        sql_scalar(
            url,
            "SELECT p.username FROM people p JOIN role_assignments r ON r.person_id = p.id "
            "WHERE r.role = :r ORDER BY p.username LIMIT 1",
            r=role.value,
        )
    )


PAGE_MARKERS = {
    "overview": "Portfolio overview",
    "program": "Program",
    "my-projects": "My projects",
    "changes": "What changed",
    "budget": "Budget",
    "presentation": "Portfolio summary",  # opens on the first step
    "project": None,  # opens on a picker until a project is chosen
    "delivery": "Delivery",
    "data": "About the data",
    "import": "Import data",
}


@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_every_registered_page_renders_without_error(demo_app: AppTest, demo_sqlite_url: str, page) -> None:  # type: ignore[no-untyped-def]
    role = next(r for r in ROLE_PRECEDENCE if r in page.roles)
    demo_app.query_params["demo_user"] = demo_user_for(demo_sqlite_url, role)
    demo_app.run()
    demo_app.switch_page(page.path)
    demo_app.run()
    assert not demo_app.exception, demo_app.exception
    assert not demo_app.error
    marker = PAGE_MARKERS[page.url_path]
    assert marker is None or any(marker in t.value for t in demo_app.title)


def test_overview_kpis_equal_sql(demo_app: AppTest, demo_sqlite_url: str) -> None:
    demo_app.run()
    metrics = {m.label: m.value for m in demo_app.metric}
    started = sql_scalar(
        demo_sqlite_url, "SELECT count(*) FROM projects WHERE start_date <= :d", d=SEED_TODAY.isoformat()
    )
    assert metrics["Projects"] == f"{started:,}"
    assert "Demo data" in str([b.proto for b in demo_app.get("badge")]) or "Demo" in all_text(demo_app)


def test_program_filter_from_a_link_narrows_the_table(demo_app: AppTest, demo_sqlite_url: str) -> None:
    code = sql_scalar(demo_sqlite_url, "SELECT code FROM programs ORDER BY code LIMIT 1")
    expected = sql_scalar(
        demo_sqlite_url,
        "SELECT count(*) FROM projects p JOIN programs g ON g.id = p.program_id WHERE g.code = :c AND p.start_date <= :d",
        c=code,
        d=SEED_TODAY.isoformat(),
    )
    demo_app.query_params["program"] = code
    demo_app.run()
    assert not demo_app.exception
    assert {m.label: m.value for m in demo_app.metric}["Projects"] == f"{expected:,}"
    assert demo_app.multiselect(key="filters.programs").value == [code]


def test_a_tampered_link_is_reported_and_ignored(demo_app: AppTest) -> None:
    demo_app.query_params["program"] = "NOT-A-PROGRAM"
    demo_app.query_params["as_of"] = "2026-13-45"
    demo_app.run()
    assert not demo_app.exception
    warnings = " ".join(w.value for w in demo_app.warning)
    assert "NOT-A-PROGRAM" in warnings and "2026-13-45" in warnings
    assert demo_app.multiselect(key="filters.programs").value == []


def test_project_link_opens_the_project_and_foreign_code_leaks_nothing(
    demo_app: AppTest, demo_sqlite_url: str
) -> None:
    code = sql_scalar(demo_sqlite_url, "SELECT code FROM projects ORDER BY code LIMIT 1")
    name = sql_scalar(demo_sqlite_url, "SELECT name FROM projects ORDER BY code LIMIT 1")
    demo_app.run()
    demo_app.switch_page("../pages/project_detail.py")
    demo_app.query_params["project"] = code
    demo_app.run()
    assert not demo_app.exception
    assert any(name in t.value for t in demo_app.title)

    other = AppTest.from_file(APP, default_timeout=60)
    other.run()
    other.switch_page("../pages/project_detail.py")
    other.query_params["project"] = "ZZZ-999"
    other.run()
    assert not other.exception
    assert "not available" in " ".join(w.value for w in other.warning)


def test_unreachable_database_shows_a_clear_page_with_the_password_hidden(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PORTFOLIO_DATABASE_URL", "postgresql+psycopg://app:s3cret@127.0.0.1:1/portfolio")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    text_on_page = all_text(at)
    assert "cannot read its database" in text_on_page
    assert "app:***@127.0.0.1:1/portfolio" in text_on_page
    assert "s3cret" not in text_on_page


def test_a_database_given_by_url_is_never_created_or_seeded(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    monkeypatch.setenv("PORTFOLIO_DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert "not at the newest revision" in all_text(at)
    assert "python -m data_access migrate" in all_text(at)
    assert inspect(create_engine(url)).get_table_names() == []


def test_a_wrong_setting_shows_which_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTFOLIO_CURRENCY", "E1R")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert "PORTFOLIO_CURRENCY" in all_text(at)


def test_first_start_without_demo_data_creates_an_empty_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PORTFOLIO_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PORTFOLIO_DEMO_DATA", "false")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert (tmp_path / "portfolio.db").exists()
    assert "No projects to show" in all_text(at)
    assert sql_scalar(f"sqlite:///{tmp_path / 'portfolio.db'}", "SELECT count(*) FROM projects") == 0


@pytest.mark.slow
def test_first_start_creates_and_seeds_the_embedded_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PORTFOLIO_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception
    database = tmp_path / "portfolio.db"
    assert database.exists() and not (tmp_path / "portfolio.db.building").exists()
    projects = sql_scalar(f"sqlite:///{database}", "SELECT count(*) FROM projects")
    assert projects >= 30
    assert {m.label for m in at.metric} >= {"Projects", "Budget (BAC)", "Spent to date"}


def test_overview_table_and_the_cli_agree_on_every_project(demo_app: AppTest, demo_sqlite_url: str) -> None:
    import json
    import subprocess
    import sys

    from dashboard.rag_style import rag_label

    demo_app.run()
    assert not demo_app.exception
    table = next(df.value for df in demo_app.dataframe if "computed" in df.value.columns)
    on_page = dict(zip(table["code"], table["computed"], strict=True))
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "rag", "--as-of", SEED_TODAY.isoformat(), "--database-url", demo_sqlite_url],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    printed = {r["code"]: rag_label(r["computed"]["overall"]["status"]) for r in json.loads(result.stdout)}
    assert on_page == printed


def test_computed_status_kpis_equal_the_table(demo_app: AppTest) -> None:
    demo_app.run()
    table = next(df.value for df in demo_app.dataframe if "computed" in df.value.columns)
    metrics = {m.label: m.value for m in demo_app.metric}
    for status, shape in (("red", "▲"), ("amber", "◆"), ("green", "●")):
        expected = int((table["computed"] == f"{shape} {status.capitalize()}").sum())
        assert metrics[f"Computed {status}"] == f"{shape} {expected}"
    assert metrics["Watermelons"] == str(int(table["flag"].str.contains("Watermelon").sum()))


def test_reported_counts_on_the_status_tiles_equal_sql(demo_app: AppTest, demo_sqlite_url: str) -> None:
    demo_app.run()
    deltas = {m.label: m.proto.delta for m in demo_app.metric}
    for status in ("red", "amber", "green"):
        expected = sql_scalar(
            demo_sqlite_url,
            """
            SELECT count(*) FROM status_reports r JOIN projects p ON p.id = r.project_id
            WHERE r.overall_rag = :s AND p.start_date <= :d AND r.report_date =
              (SELECT max(x.report_date) FROM status_reports x WHERE x.project_id = r.project_id AND x.report_date <= :d)
            """,
            s=status,
            d=SEED_TODAY.isoformat(),
        )
        assert deltas[f"Computed {status}"] == f"{expected} reported"


def test_the_overview_focus_comes_from_and_goes_to_the_link(demo_app: AppTest) -> None:
    demo_app.query_params["focus"] = "red"
    demo_app.run()
    assert not demo_app.exception
    table = next(df.value for df in demo_app.dataframe if "computed" in df.value.columns)
    assert set(table["computed"]) == {"▲ Red"}
    assert demo_app.query_params["focus"] == ["red"] or demo_app.query_params["focus"] == "red"


def test_the_trend_strip_has_seven_points_ending_with_todays_status(demo_app: AppTest) -> None:
    demo_app.run()
    table = next(df.value for df in demo_app.dataframe if "computed" in df.value.columns)
    assert (table["trend"].str.len() == 7).all()
    # The last point is the as-of date, so it repeats the shape of the computed status.
    assert (table["trend"].str[-1] == table["computed"].str[0]).all()


def test_a_long_list_shows_its_most_severe_rows_and_the_rest_on_request(
    demo_app: AppTest, demo_sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first rows, with their trend computed for them alone, are exactly the first rows of
    the whole list (whose trend is computed for every project at once)."""
    import dashboard.overview

    monkeypatch.setattr(dashboard.overview, "TABLE_ROWS", 10)
    started = sql_scalar(
        demo_sqlite_url, "SELECT count(*) FROM projects WHERE start_date <= :d", d=SEED_TODAY.isoformat()
    )
    demo_app.run()
    assert not demo_app.exception
    first = next(df.value for df in demo_app.dataframe if "computed" in df.value.columns)
    assert len(first) == 10
    assert f"The 10 most severe of {started} projects ·" in all_text(demo_app)

    demo_app.toggle(key="overview_all_rows").set_value(True).run()
    assert not demo_app.exception
    whole = next(df.value for df in demo_app.dataframe if "computed" in df.value.columns)
    assert len(whole) == started > 10
    columns = ["code", "computed", "trend"]
    pd.testing.assert_frame_equal(
        first[columns].reset_index(drop=True), whole[columns].head(10).reset_index(drop=True)
    )
