"""Read functions against the seeded demo portfolio, checked with independent SQL.

The expected numbers come from hand-written SQL over the same tables, not from the
functions under test, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, text

from data_access import queries
from data_access.queries import QueryFilters
from data_access.viewer import Scope, Viewer, portfolio_viewer
from data_access.vocabulary import Role
from tests.conftest import SEED_TODAY

EVERYONE = portfolio_viewer()
TODAY = QueryFilters(as_of=SEED_TODAY)


def scalar(engine: Engine, sql: str, **params: object) -> object:
    with engine.connect() as connection:
        return connection.execute(text(sql), params).scalar_one()


def first_program(engine: Engine) -> tuple[int, str]:
    with engine.connect() as connection:
        row = connection.execute(text("SELECT id, code FROM programs ORDER BY code LIMIT 1")).one()
    return int(row[0]), str(row[1])


def test_kpis_equal_independent_sql(demo_engine: Engine) -> None:
    with demo_engine.connect() as connection:
        kpis = queries.portfolio_kpis(connection, EVERYONE, TODAY)
    started = "SELECT id FROM projects WHERE start_date <= :d"
    assert kpis.project_count == scalar(
        demo_engine, "SELECT count(*) FROM projects WHERE start_date <= :d", d=SEED_TODAY
    )
    expected_budget = scalar(
        demo_engine,
        "SELECT coalesce(sum(budget_at_completion), 0) FROM projects WHERE start_date <= :d",
        d=SEED_TODAY,
    )
    assert float(kpis.total_budget) == pytest.approx(float(expected_budget), abs=0.01)
    expected_actual = scalar(
        demo_engine,
        f"SELECT coalesce(sum(amount), 0) FROM cost_actuals WHERE month <= :d AND project_id IN ({started})",
        d=SEED_TODAY,
    )
    assert float(kpis.actual_cost_to_date) == pytest.approx(float(expected_actual), abs=0.01)
    expected_red = scalar(
        demo_engine,
        """
        SELECT count(*) FROM status_reports r
        WHERE r.overall_rag = 'red'
          AND r.report_date = (SELECT max(report_date) FROM status_reports x
                               WHERE x.project_id = r.project_id AND x.report_date <= :d)
          AND r.project_id IN (SELECT id FROM projects WHERE start_date <= :d)
        """,
        d=SEED_TODAY,
    )
    assert kpis.reported_status_counts["red"] == expected_red
    assert sum(kpis.reported_status_counts.values()) + kpis.projects_without_report == kpis.project_count


def test_project_table_rows_match_sql_and_costs_sum_to_kpi(demo_engine: Engine) -> None:
    with demo_engine.connect() as connection:
        table = queries.project_table(connection, EVERYONE, TODAY)
        kpis = queries.portfolio_kpis(connection, EVERYONE, TODAY)
    expected_codes = {
        row[0]
        for row in demo_engine.connect().execute(
            text("SELECT code FROM projects WHERE start_date <= :d"), {"d": SEED_TODAY}
        )
    }
    assert set(table["code"]) == expected_codes
    assert table["code"].is_unique
    assert table["actual_cost"].sum() == pytest.approx(float(kpis.actual_cost_to_date), abs=0.01)


def test_program_filter_keeps_only_that_program(demo_engine: Engine) -> None:
    program_id, code = first_program(demo_engine)
    filters = QueryFilters(as_of=SEED_TODAY, program_codes=(code,))
    with demo_engine.connect() as connection:
        table = queries.project_table(connection, EVERYONE, filters)
    expected = scalar(
        demo_engine,
        "SELECT count(*) FROM projects WHERE program_id = :p AND start_date <= :d",
        p=program_id,
        d=SEED_TODAY,
    )
    assert len(table) == expected > 0
    assert set(table["program_code"]) == {code}


def test_a_narrow_viewer_gets_fewer_rows_and_only_its_own(demo_engine: Engine) -> None:
    program_id, code = first_program(demo_engine)
    manager = Viewer(
        "pm", "A program manager", Role.PROGRAM_MANAGER, Scope(program_ids=frozenset({program_id}))
    )
    with demo_engine.connect() as connection:
        everyone = queries.project_table(connection, EVERYONE, TODAY)
        narrow = queries.project_table(connection, manager, TODAY)
        narrow_kpis = queries.portfolio_kpis(connection, manager, TODAY)
        programs = queries.list_programs(connection, manager)
    assert 0 < len(narrow) < len(everyone)
    assert set(narrow["program_code"]) == {code}
    assert narrow_kpis.project_count == len(narrow)
    assert list(programs["code"]) == [code]


def test_a_viewer_with_an_empty_scope_sees_nothing(demo_engine: Engine) -> None:
    nobody = Viewer("x", "No scope", Role.PROJECT_MANAGER, Scope())
    with demo_engine.connect() as connection:
        assert queries.project_table(connection, nobody, TODAY).empty
        assert queries.portfolio_kpis(connection, nobody, TODAY).project_count == 0
        assert queries.list_programs(connection, nobody).empty


def test_project_detail_hides_projects_outside_scope(demo_engine: Engine) -> None:
    with demo_engine.connect() as connection:
        row = connection.execute(
            text("SELECT id, code, program_id FROM projects ORDER BY code LIMIT 1")
        ).one()
        other_program = connection.execute(
            text("SELECT min(id) FROM programs WHERE id <> :p"), {"p": row.program_id}
        ).scalar_one()
        outsider = Viewer(
            "o", "Outsider", Role.PROGRAM_MANAGER, Scope(program_ids=frozenset({other_program}))
        )
        assert queries.project_detail(connection, EVERYONE, row.code, TODAY) is not None
        assert queries.project_detail(connection, outsider, row.code, TODAY) is None
        assert queries.project_detail(connection, EVERYONE, "NO-SUCH-CODE", TODAY) is None


def test_as_of_ignores_reports_and_costs_after_that_date(demo_engine: Engine) -> None:
    as_of = SEED_TODAY - timedelta(days=180)
    filters = QueryFilters(as_of=as_of)
    with demo_engine.connect() as connection:
        table = queries.project_table(connection, EVERYONE, filters)
        code = table.dropna(subset=["report_date"])["code"].iloc[0]
        detail = queries.project_detail(connection, EVERYONE, code, filters)
    assert detail is not None
    assert (table["report_date"].dropna() <= as_of).all()
    assert (detail.status_reports["report_date"] <= as_of).all()
    assert (detail.risks["raised_on"] <= as_of).all()
    assert (detail.monthly_costs.dropna(subset=["actual"])["month"] <= as_of).all()
    expected_actual = scalar(
        demo_engine,
        "SELECT coalesce(sum(a.amount), 0) FROM cost_actuals a JOIN projects p ON p.id = a.project_id "
        "WHERE a.month <= :d AND p.start_date <= :d",
        d=as_of,
    )
    assert table["actual_cost"].sum() == pytest.approx(float(expected_actual), abs=0.01)


def test_project_detail_matches_sql_counts(demo_engine: Engine) -> None:
    with demo_engine.connect() as connection:
        code, project_id = connection.execute(
            text(
                "SELECT p.code, p.id FROM projects p WHERE EXISTS (SELECT 1 FROM risks r WHERE r.project_id = p.id) "
                "ORDER BY p.code LIMIT 1"
            )
        ).one()
        detail = queries.project_detail(connection, EVERYONE, code, TODAY)
    assert detail is not None
    assert len(detail.milestones) == scalar(
        demo_engine, "SELECT count(*) FROM milestones WHERE project_id = :p", p=project_id
    )
    assert len(detail.status_reports) == scalar(
        demo_engine,
        "SELECT count(*) FROM status_reports WHERE project_id = :p AND report_date <= :d",
        p=project_id,
        d=SEED_TODAY,
    )
    assert len(detail.risks) == scalar(
        demo_engine,
        "SELECT count(*) FROM risks WHERE project_id = :p AND raised_on <= :d",
        p=project_id,
        d=SEED_TODAY,
    )
    planned = scalar(demo_engine, "SELECT sum(amount) FROM cost_plan WHERE project_id = :p", p=project_id)
    assert detail.monthly_costs["planned"].sum() == pytest.approx(float(planned or 0), abs=0.01)


def test_dataset_info_marks_the_demo(demo_engine: Engine) -> None:
    with demo_engine.connect() as connection:
        info = queries.dataset_info(connection)
    assert info["demo"] == "true"
    assert date.fromisoformat(info["generated_on"]) == SEED_TODAY


@pytest.mark.parametrize("days_back", [0, 45, 400])
def test_reported_status_is_the_newest_report_on_or_before_the_date(
    demo_engine: Engine, days_back: int
) -> None:
    """Checked in Python over every report row, not with the query's correlated max."""
    as_of = SEED_TODAY - timedelta(days=days_back)
    program_id, _ = first_program(demo_engine)
    manager = Viewer(
        "pm", "A program manager", Role.PROGRAM_MANAGER, Scope(program_ids=frozenset({program_id}))
    )
    with demo_engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT p.code, p.program_id, p.start_date, r.report_date, r.overall_rag FROM projects p "
                "LEFT JOIN status_reports r ON r.project_id = p.id"
            )
        ).all()
        for viewer in (EVERYONE, manager):
            got = queries.reported_status(connection, viewer, QueryFilters(as_of=as_of))
            newest: dict[str, tuple[date, str] | None] = {}
            for project, program, start, day, rag in rows:
                if str(start) > str(as_of) or (viewer is manager and program != program_id):
                    continue
                newest.setdefault(project, None)
                if day is not None and str(day) <= str(as_of):
                    known = newest[project]
                    if known is None or str(day) > str(known[0]):
                        newest[project] = (day, rag)
            expected = {project: (found[1] if found else None) for project, found in newest.items()}
            assert dict(zip(got["code"], got["reported_rag"], strict=True)) == expected
            assert len(expected) > 0
