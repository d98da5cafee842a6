"""Budget burn and earned value on the demo portfolio, checked against computations that
do not use the code under test: SQL sums, a database copy without later facts, the CLI
in a subprocess. The worked EVM examples live in test_metrics_evm.py."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, text
from streamlit.testing.v1 import AppTest

from dashboard.budget import BudgetReport, budget_focus, budget_report
from dashboard.budget_view import table_frame
from dashboard.cli.evm import evm_records
from dashboard.formatting import ratio
from data_access.db import make_engine
from data_access.queries import QueryFilters
from data_access.viewer import portfolio_viewer
from tests import test_app
from tests.conftest import SEED_TODAY

# Fresh Streamlit caches and settings around every test here (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("fresh_streamlit")
APP = test_app.APP
EVERYONE = portfolio_viewer()
BUDGET_PAGE = "../pages/budget.py"


def report_on(engine: Engine, as_of: date = SEED_TODAY, programs: tuple[str, ...] = ()) -> BudgetReport:
    with engine.connect() as connection:
        return budget_report(connection, EVERYONE, QueryFilters(as_of=as_of, program_codes=programs))


INDEPENDENT_ROLLUP = text(
    """
    SELECT g.code AS program, SUM(p.budget_at_completion * pr.percent_complete / 100.0) AS ev,
           SUM((SELECT COALESCE(SUM(a.amount), 0) FROM cost_actuals a
                WHERE a.project_id = p.id AND a.month <= :d)) AS ac
    FROM projects p
    JOIN programs g ON g.id = p.program_id
    JOIN progress pr ON pr.project_id = p.id
     AND pr.period_end = (SELECT MAX(x.period_end) FROM progress x WHERE x.project_id = p.id AND x.period_end <= :d)
    WHERE p.start_date <= :d AND p.budget_at_completion IS NOT NULL
      AND EXISTS (SELECT 1 FROM cost_plan c WHERE c.project_id = p.id)
    GROUP BY g.code
    """
)


def test_program_cpi_is_sum_ev_over_sum_ac_from_sql_not_the_mean_of_projects(demo_engine: Engine) -> None:
    report = report_on(demo_engine)
    with demo_engine.connect() as connection:
        rows = connection.execute(INDEPENDENT_ROLLUP, {"d": SEED_TODAY}).all()
    expected = {program: float(ev) / float(ac) for program, ev, ac in rows}
    on_report = dict(zip(report.programs["program_code"], report.programs["cpi"], strict=True))
    assert set(expected) == set(on_report)
    for program, cpi in expected.items():
        assert on_report[program] == pytest.approx(cpi, rel=1e-9), program
    means = report.projects.groupby("program_code")["cpi"].mean()
    assert any(abs(means[p] - on_report[p]) > 1e-4 for p in expected), "roll-up must not be a mean of CPIs"
    portfolio_ev = sum(float(ev) for _, ev, _ in rows)
    portfolio_ac = sum(float(ac) for _, _, ac in rows)
    assert report.portfolio["cpi"].iloc[0] == pytest.approx(portfolio_ev / portfolio_ac, rel=1e-9)


def test_budget_cpi_and_eac_agree_with_the_overview(demo_engine: Engine) -> None:
    from dashboard.health import portfolio_health
    from dashboard.metrics.thresholds import RagThresholds

    report = report_on(demo_engine)
    with demo_engine.connect() as connection:
        health = portfolio_health(connection, EVERYONE, QueryFilters(as_of=SEED_TODAY), RagThresholds())
    merged = report.projects.merge(health.projects[["code", "computed_cpi", "computed_eac"]], on="code")
    assert len(merged) == len(report.projects)
    pd.testing.assert_series_equal(merged["cpi"], merged["computed_cpi"].astype("float64"), check_names=False)
    pd.testing.assert_series_equal(merged["eac"], merged["computed_eac"].astype("float64"), check_names=False)


def test_actuals_and_progress_after_the_as_of_date_change_nothing(
    demo_sqlite_url: str, tmp_path: Path
) -> None:
    as_of = SEED_TODAY - timedelta(days=75)
    copy = tmp_path / "before.db"
    shutil.copy(demo_sqlite_url.removeprefix("sqlite:///"), copy)
    trimmed = make_engine(f"sqlite:///{copy}")
    with trimmed.begin() as connection:
        later = connection.execute(text("DELETE FROM cost_actuals WHERE month > :d"), {"d": as_of}).rowcount
        connection.execute(text("DELETE FROM progress WHERE period_end > :d"), {"d": as_of})
    assert later > 0, "the demo must have actuals after the as-of date for this test to mean anything"
    original = make_engine(demo_sqlite_url)
    full, cut = report_on(original, as_of), report_on(trimmed, as_of)
    original.dispose()
    trimmed.dispose()
    pd.testing.assert_frame_equal(full.projects, cut.projects)
    pd.testing.assert_frame_equal(full.programs, cut.programs)
    pd.testing.assert_frame_equal(full.series, cut.series)
    assert full.projects["ac"].notna().any()


def test_a_project_without_budget_shows_n_a_never_zero(demo_engine: Engine) -> None:
    with demo_engine.connect() as connection:
        code, program = connection.execute(
            text(
                "SELECT p.code, g.code FROM projects p JOIN programs g ON g.id = p.program_id "
                "WHERE p.budget_at_completion IS NULL AND p.start_date <= :d ORDER BY p.code"
            ),
            {"d": SEED_TODAY},
        ).first()
    report = report_on(demo_engine)
    row = report.projects.set_index("code").loc[code]
    for column in ("bac", "ev", "cpi", "spi", "eac", "vac", "tcpi_bac"):
        assert pd.isna(row[column]), column
    assert row["ac"] > 0  # the spend itself is known
    shown = table_frame(report.projects).set_index("code").loc[code]
    assert shown["cpi"] == shown["bac"] == shown["eac"] == shown["vac"] == "n/a"
    assert report.programs.set_index("program_code").loc[program, "n_excluded"] >= 1
    figures = budget_focus(report, project=code).figures
    assert pd.isna(figures["cpi"]) and pd.isna(figures["eac"])


def run_cli(url: str, *extra: str) -> list[dict]:
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "evm", "--as-of", SEED_TODAY.isoformat(), "--database-url", url, *extra],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_cli_prints_the_services_figures(demo_engine: Engine, demo_database_url: str) -> None:
    program = report_on(demo_engine).programs["program_code"].iloc[0]
    printed = run_cli(demo_database_url, "--program", program)
    expected = json.loads(json.dumps(evm_records(report_on(demo_engine, programs=(program,)))))
    assert printed == expected
    levels = {r["level"] for r in printed}
    assert levels == {"project", "program", "portfolio"}
    assert all(r["program"] == program for r in printed if r["level"] == "project")


def _page_table(at: AppTest) -> pd.DataFrame:
    return next(df.value for df in reversed(at.dataframe) if "tcpi_bac" in df.value.columns)


def _assert_table_equals_cli(table: pd.DataFrame, printed: list[dict]) -> None:
    projects = {r["code"]: r for r in printed if r["level"] == "project"}
    assert set(table["code"]) == set(projects)
    for row in table.to_dict("records"):
        cli = projects[row["code"]]
        for column in ("bac", "eac"):
            expected = "n/a" if cli[column] is None else f"{round(cli[column]):,}"
            assert row[column] == expected, (row["code"], column)
        assert row["cpi"] == ratio(cli["cpi"]), row["code"]


@pytest.mark.parametrize("whole_portfolio", [True, False], ids=["portfolio", "program"])
def test_budget_page_table_equals_the_cli(
    demo_app: AppTest, demo_sqlite_url: str, whole_portfolio: bool
) -> None:
    printed = run_cli(demo_sqlite_url)
    program = next(r["code"] for r in printed if r["level"] == "program")
    demo_app.run()
    demo_app.switch_page(BUDGET_PAGE)
    if not whole_portfolio:
        demo_app.query_params["budget_program"] = program
    demo_app.run()
    assert not demo_app.exception, demo_app.exception
    assert not demo_app.error
    assert demo_app.selectbox(key="budget.program").value == (None if whole_portfolio else program)
    if not whole_portfolio:
        printed = [r for r in printed if r["level"] != "project" or r["program"] == program]
    _assert_table_equals_cli(_page_table(demo_app), printed)
    metrics = {m.label: m.value for m in demo_app.metric}
    level = "portfolio" if whole_portfolio else "program"
    rollup = next(r for r in printed if r["level"] == level)
    assert metrics["CPI"] == ratio(rollup["cpi"])
    assert len(demo_app.get("plotly_chart")) == 3


def test_a_project_link_drills_down_and_tampered_codes_are_reported(
    demo_app: AppTest, demo_sqlite_url: str
) -> None:
    printed = run_cli(demo_sqlite_url)
    project = next(r for r in printed if r["level"] == "project")
    demo_app.run()
    demo_app.switch_page(BUDGET_PAGE)
    demo_app.query_params["project"] = project["code"]
    demo_app.run()
    assert not demo_app.exception
    assert demo_app.selectbox(key="budget.program").value == project["program"]
    assert list(_page_table(demo_app)["code"]) == [project["code"]]

    tampered = AppTest.from_file(APP, default_timeout=60)
    if SEED_TODAY != date.today():  # replaying another day, as the demo_app fixture does
        tampered.query_params["as_of"] = SEED_TODAY.isoformat()
    tampered.run()
    tampered.switch_page(BUDGET_PAGE)
    tampered.query_params["budget_program"] = "NOT-A-PROGRAM"
    tampered.query_params["project"] = "ZZZ-999"
    tampered.run()
    assert not tampered.exception
    warnings = " ".join(w.value for w in tampered.warning)
    assert "NOT-A-PROGRAM" in warnings and "ZZZ-999" in warnings
    assert tampered.selectbox(key="budget.program").value is None
    _assert_table_equals_cli(_page_table(tampered), printed)


@pytest.mark.parametrize("as_of", [SEED_TODAY, SEED_TODAY - timedelta(days=150)])
def test_the_program_pages_rollup_from_health_is_the_budget_reports(demo_engine: Engine, as_of: date) -> None:
    """The Program page takes BAC, AC, EV and EAC from the health it already has; they must be
    the Budget page's numbers, and EV and AC the hand-written SQL's."""
    from dashboard.budget import rollup_from_health
    from dashboard.health import portfolio_health
    from dashboard.metrics.thresholds import RagThresholds

    with demo_engine.connect() as connection:
        health = portfolio_health(connection, EVERYONE, QueryFilters(as_of=as_of), RagThresholds())
        rows = connection.execute(INDEPENDENT_ROLLUP, {"d": as_of}).all()
    figures = rollup_from_health(health)
    portfolio = report_on(demo_engine, as_of).portfolio.iloc[0]
    for key in ("bac", "ac", "ev", "pv", "eac", "vac", "cpi", "n_rows", "n_excluded"):
        assert figures[key] == pytest.approx(float(portfolio[key]), rel=1e-12), key
    assert figures["ev"] == pytest.approx(sum(float(ev) for _, ev, _ in rows), rel=1e-9)
    assert figures["ac"] == pytest.approx(sum(float(ac) for _, _, ac in rows), rel=1e-9)


@pytest.mark.parametrize("as_of", [SEED_TODAY, SEED_TODAY - timedelta(days=150)])
def test_the_per_program_rollup_from_health_is_the_budget_reports(demo_engine: Engine, as_of: date) -> None:
    """The steering summary's BAC and EAC by program come from the health; they must be the
    Budget page's program rows, and EV and AC per program the hand-written SQL's."""
    from dashboard.budget import program_rollup_from_health
    from dashboard.health import portfolio_health
    from dashboard.metrics.thresholds import RagThresholds

    with demo_engine.connect() as connection:
        health = portfolio_health(connection, EVERYONE, QueryFilters(as_of=as_of), RagThresholds())
        sql = {
            program: (float(ev), float(ac))
            for program, ev, ac in connection.execute(INDEPENDENT_ROLLUP, {"d": as_of})
        }
    rollup = program_rollup_from_health(health).set_index("program_code")
    report = report_on(demo_engine, as_of).programs.set_index("program_code")
    assert sorted(rollup.index) == sorted(report.index) and len(rollup) > 1
    for program, expected in report.iterrows():
        for key in ("bac", "pv", "ev", "ac", "eac", "n_rows", "n_excluded"):
            assert rollup.at[program, key] == pytest.approx(float(expected[key]), rel=1e-12, nan_ok=True), (
                program,
                key,
            )
    for program, (ev, ac) in sql.items():
        assert rollup.at[program, "ev"] == pytest.approx(ev, rel=1e-9)
        assert rollup.at[program, "ac"] == pytest.approx(ac, rel=1e-9)


def test_one_projects_series_read_alone_is_its_series_in_the_whole_report(demo_engine: Engine) -> None:
    """A steering slide reads only its project's costs; the months and figures must be the
    ones the whole portfolio's report holds for that project."""
    from dashboard.budget import budget_focus, read_project_series

    report = report_on(demo_engine)
    codes = list(report.projects["code"])
    assert len(codes) > 10
    with demo_engine.connect() as connection:
        for code in codes:
            alone = read_project_series(connection, EVERYONE, QueryFilters(as_of=SEED_TODAY), code)
            whole = budget_focus(report, project=code).series  # the Budget page's drill-down
            known = ["month", "pv", "ac", "ev", "cpi", "spi"]
            pd.testing.assert_frame_equal(
                alone.dropna(subset=["cpi", "spi"], how="all")[known].reset_index(drop=True),
                whole.dropna(subset=["cpi", "spi"], how="all")[known].reset_index(drop=True),
                check_exact=False,
                rtol=1e-12,
                obj=code,
            )


def test_program_page_shows_the_budget_pages_money_figures(demo_app: AppTest) -> None:
    labels = ("Budget (BAC)", "Actual cost (AC)", "Earned value (EV)", "EAC")
    demo_app.run()
    demo_app.switch_page(BUDGET_PAGE)
    demo_app.run()
    budget = {m.label: m.value for m in demo_app.metric if m.label in labels}
    demo_app.switch_page("../pages/program.py")
    demo_app.run()
    assert not demo_app.exception, demo_app.exception
    program = {m.label: m.value for m in demo_app.metric if m.label in labels}
    assert len(budget) == len(labels)
    assert program == budget


CATEGORY_SQL = text(
    """
    SELECT m.month, m.category, SUM(m.planned), SUM(m.actual) FROM (
        SELECT c.project_id, c.month, c.category, c.amount AS planned, 0 AS actual FROM cost_plan c
        UNION ALL
        SELECT a.project_id, a.month, a.category, 0, a.amount FROM cost_actuals a WHERE a.month <= :d
    ) m
    JOIN projects p ON p.id = m.project_id
    JOIN programs g ON g.id = p.program_id
    WHERE p.start_date <= :d AND g.code LIKE :program AND p.code LIKE :project
    GROUP BY m.month, m.category
    """
)


@pytest.mark.parametrize("as_of", [SEED_TODAY, SEED_TODAY - timedelta(days=200)])
def test_cost_by_category_of_every_level_is_the_sql_sum(demo_engine: Engine, as_of: date) -> None:
    """The category chart's numbers (kept per program in the report, read per project on
    drill-down) against the cost tables summed here: planned over the whole plan, actual
    up to the as-of date and blank after its month."""
    from dashboard.budget import read_project_categories

    report = report_on(demo_engine, as_of)
    program = str(report.programs["program_code"].iloc[1])
    project = str(report.projects["code"].iloc[5])
    filters = QueryFilters(as_of=as_of)
    with demo_engine.connect() as connection:
        levels = {
            ("%", "%"): budget_focus(report),
            (program, "%"): budget_focus(report, program=program),
            ("%", project): budget_focus(
                report,
                project=project,
                project_categories=read_project_categories(connection, EVERYONE, filters, project),
            ),
        }
        for (program_like, project_like), focus in levels.items():
            rows = connection.execute(
                CATEGORY_SQL, {"d": as_of, "program": program_like, "project": project_like}
            ).all()
            expected = {(pd.Timestamp(m), str(c)): (float(p), float(a)) for m, c, p, a in rows}
            got = focus.categories
            assert len(got) == len(expected) > 0
            month_of_as_of = pd.Timestamp(as_of).to_period("M").to_timestamp()
            for month, category, planned, actual in got[
                ["month", "category", "planned", "actual"]
            ].itertuples(index=False):
                want_planned, want_actual = expected[pd.Timestamp(month), str(category)]
                assert planned == pytest.approx(want_planned)
                if pd.Timestamp(month) <= month_of_as_of:
                    assert actual == pytest.approx(want_actual)
                else:
                    assert pd.isna(actual) and want_actual == 0


def test_a_project_focus_without_its_categories_shows_none(demo_engine: Engine) -> None:
    report = report_on(demo_engine)
    focus = budget_focus(report, project=str(report.projects["code"].iloc[0]))
    assert focus.categories.empty and not focus.series.empty
