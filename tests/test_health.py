"""Computed RAG on the demo portfolio, checked against computations that do not use
the code under test: SQL sums and the METRICS.md budget rule applied by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import Engine, text

from dashboard.health import overall_history, portfolio_health
from dashboard.metrics.thresholds import RagThresholds
from data_access.queries import QueryFilters
from data_access.viewer import portfolio_viewer
from tests.conftest import SEED_TODAY

EVERYONE = portfolio_viewer()
TODAY = QueryFilters(as_of=SEED_TODAY)


def health_now(engine: Engine, filters: QueryFilters = TODAY, thresholds: RagThresholds | None = None):  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return portfolio_health(connection, EVERYONE, filters, thresholds or RagThresholds())


def independent_budget_colours(engine: Engine, as_of: date) -> dict[str, str]:
    """Budget RAG by hand from SQL sums: CPI = EV/AC with EV = latest % complete × BAC,
    EAC = BAC/CPI; red if CPI < 0.85 or EAC > 1.10 BAC, amber if CPI < 0.95 or EAC > 1.05 BAC."""
    sql = text(
        """
        SELECT p.code, p.budget_at_completion AS bac,
               (SELECT sum(a.amount) FROM cost_actuals a WHERE a.project_id = p.id AND a.month <= :d) AS ac,
               (SELECT g.percent_complete FROM progress g WHERE g.project_id = p.id AND g.period_end <= :d
                ORDER BY g.period_end DESC LIMIT 1) AS pct
        FROM projects p WHERE p.start_date <= :d
        """
    )
    colours = {}
    with engine.connect() as connection:
        for code, bac, ac, pct in connection.execute(sql, {"d": as_of}):
            if bac is None or pct is None or not ac:
                continue  # grey cases are checked separately
            ev = float(pct) / 100 * float(bac)
            if ev == 0:
                continue
            cpi = ev / float(ac)
            eac_ratio = 1 / cpi
            if cpi < 0.85 or eac_ratio > 1.10:
                colours[code] = "red"
            elif cpi < 0.95 or eac_ratio > 1.05:
                colours[code] = "amber"
            else:
                colours[code] = "green"
    return colours


def test_budget_status_equals_the_rule_applied_by_hand(demo_engine: Engine) -> None:
    expected = independent_budget_colours(demo_engine, SEED_TODAY)
    computed = health_now(demo_engine).projects.set_index("code")["computed_budget"]
    assert len(expected) >= 25
    assert {code: computed[code] for code in expected} == expected
    assert {"red", "green"} <= set(expected.values())


def test_a_project_without_budget_is_grey_never_green(demo_engine: Engine) -> None:
    projects = health_now(demo_engine).projects
    no_budget = projects[projects["budget_at_completion"].isna()]
    assert len(no_budget) >= 1
    assert set(no_budget["computed_budget"]) == {"grey"}


def test_watermelons_are_reported_green_and_computed_red(demo_engine: Engine) -> None:
    projects = health_now(demo_engine).projects
    with demo_engine.connect() as connection:
        reported_green = {
            code
            for (code,) in connection.execute(
                text(
                    """
                    SELECT p.code FROM projects p JOIN status_reports r ON r.project_id = p.id
                    WHERE r.overall_rag = 'green' AND p.start_date <= :d AND r.report_date =
                      (SELECT max(x.report_date) FROM status_reports x WHERE x.project_id = p.id AND x.report_date <= :d)
                    """
                ),
                {"d": SEED_TODAY},
            )
        }
    computed_red = set(projects.loc[projects["computed_overall"] == "red", "code"])
    flagged = set(projects.loc[projects["watermelon"], "code"])
    assert flagged == reported_green & computed_red
    assert len(flagged) >= 3


def test_a_project_tolerance_wins_and_is_named_in_the_explanation(migrated_engine: Engine) -> None:
    from data_access.seed import seed_database

    seed_database(migrated_engine, scale="demo", today=SEED_TODAY, seed=42)
    before = health_now(migrated_engine)
    code = before.projects.loc[before.projects["computed_budget"] == "red", "code"].iloc[0]
    with migrated_engine.begin() as connection:
        project_id = connection.execute(
            text("SELECT id FROM projects WHERE code = :c"), {"c": code}
        ).scalar_one()
        for name, value in (("cpi_red", 0.1), ("cpi_green", 0.2), ("eac_amber", 9.0), ("eac_red", 10.0)):
            connection.execute(
                text("INSERT INTO rag_tolerances (project_id, name, value) VALUES (:p, :n, :v)"),
                {"p": project_id, "n": name, "v": value},
            )
    after = health_now(migrated_engine)
    assert after.projects.set_index("code").loc[code, "computed_budget"] == "green"
    sources = {t.source for t in after.rags[code].budget.explanation.thresholds}
    assert sources == {f"project {code}"}
    others = before.projects["code"] != code
    assert (
        after.projects.loc[others, "computed_budget"].tolist()
        == before.projects.loc[others, "computed_budget"].tolist()
    )


def test_facts_dated_after_the_as_of_date_change_nothing(migrated_engine: Engine) -> None:
    from data_access.seed import seed_database

    seed_database(migrated_engine, scale="demo", today=SEED_TODAY, seed=42)
    as_of = SEED_TODAY - timedelta(days=90)
    filters = QueryFilters(as_of=as_of)
    before = health_now(migrated_engine, filters)
    later = as_of + timedelta(days=1)
    with migrated_engine.begin() as connection:
        ids = [
            row[0]
            for row in connection.execute(
                text("SELECT id FROM projects WHERE start_date <= :d"), {"d": as_of}
            )
        ]
        for project_id in ids:
            connection.execute(
                text(
                    "INSERT INTO risks (project_id, kind, title, probability, impact, raised_on, status) "
                    "VALUES (:p, 'risk', 'Raised later', 5, 5, :d, 'open')"
                ),
                {"p": project_id, "d": later},
            )
            connection.execute(
                text("DELETE FROM status_reports WHERE project_id = :p AND report_date = :d"),
                {"p": project_id, "d": later},
            )
            connection.execute(
                text(
                    "INSERT INTO status_reports (project_id, report_date, overall_rag, schedule_rag, budget_rag, "
                    "scope_rag, risk_rag) VALUES (:p, :d, 'red', 'red', 'red', 'red', 'red')"
                ),
                {"p": project_id, "d": later},
            )
            connection.execute(
                text("DELETE FROM progress WHERE project_id = :p AND period_end = :d"),
                {"p": project_id, "d": later},
            )
            connection.execute(
                text("INSERT INTO progress (project_id, period_end, percent_complete) VALUES (:p, :d, 1)"),
                {"p": project_id, "d": later},
            )
    after = health_now(migrated_engine, filters)
    columns = [
        "code",
        "computed_schedule",
        "computed_budget",
        "computed_risk",
        "computed_overall",
        "reported_rag",
    ]
    assert after.projects[columns].equals(before.projects[columns])
    assert after.projects["watermelon"].tolist() == before.projects["watermelon"].tolist()


def test_history_rows_are_what_each_date_computes_alone(demo_engine: Engine) -> None:
    dates = [SEED_TODAY - timedelta(days=60), SEED_TODAY]
    with demo_engine.connect() as connection:
        history = overall_history(connection, EVERYONE, TODAY, dates, RagThresholds())
    for day in dates:
        alone = health_now(demo_engine, replace(TODAY, as_of=day)).projects.set_index("code")[
            "computed_overall"
        ]
        assert (
            history[history["date"] == day].set_index("code")["computed_overall"].to_dict() == alone.to_dict()
        )


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_cli_prints_the_same_statuses(demo_database_url: str, fmt: str) -> None:
    import csv
    import io
    import json
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "rag", "--as-of", SEED_TODAY.isoformat(), "--format", fmt,
         "--database-url", demo_database_url],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    if fmt == "json":
        printed = {
            r["code"]: (r["computed"]["overall"]["status"], r["watermelon"])
            for r in json.loads(result.stdout)
        }
    else:
        rows = csv.DictReader(io.StringIO(result.stdout))
        printed = {r["code"]: (r["overall_status"], r["watermelon"] == "True") for r in rows}
    from data_access.db import make_engine

    projects = health_now(make_engine(demo_database_url)).projects
    assert printed == {
        code: (overall, bool(flag))
        for code, overall, flag in zip(
            projects["code"], projects["computed_overall"], projects["watermelon"], strict=True
        )
    }


def test_one_dates_history_equals_the_full_health_of_that_date(demo_engine: Engine) -> None:
    """The trend strip's slim path (overall_history) must give the overview's own numbers."""
    from dashboard.health import history_rows

    days = (SEED_TODAY - timedelta(days=75), SEED_TODAY)
    with demo_engine.connect() as connection:
        history = overall_history(connection, EVERYONE, TODAY, days, RagThresholds())
    for day in days:
        slim = history[history["date"] == day]
        full = history_rows(health_now(demo_engine, replace(TODAY, as_of=day)), day)
        assert len(slim) == len(full) > 0
        pd.testing.assert_frame_equal(
            slim[list(full.columns)].sort_values("code", ignore_index=True),
            full.sort_values("code", ignore_index=True),
            check_dtype=False,
        )
