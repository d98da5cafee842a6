"""Sprint and DORA reports against independent SQL on the demo portfolio (SQLite and
PostgreSQL), the chart builders' promises, and the words of the empty states."""

from __future__ import annotations

import statistics
from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy import Engine, bindparam, text

from dashboard import charts_scrum
from dashboard.delivery_cadence import dora_kpis, dora_report, sprint_report
from dashboard.metrics import dora
from data_access.queries import QueryFilters
from data_access.types import UTCDateTime
from data_access.viewer import portfolio_viewer
from tests.conftest import SEED_TODAY

FILTERS = QueryFilters(as_of=SEED_TODAY)
SCRUM_SQL = (
    "SELECT p.code FROM projects p JOIN sprints s ON s.project_id = p.id "
    "WHERE p.methodology = 'scrum' GROUP BY p.code ORDER BY count(*) DESC, p.code LIMIT 1"
)
DEVOPS_SQL = (
    "SELECT p.code FROM projects p JOIN deployments d ON d.project_id = p.id "
    "WHERE p.methodology = 'devops' GROUP BY p.code ORDER BY count(*) DESC, p.code LIMIT 1"
)


def _rows(engine: Engine, sql: str, **params: object) -> list:  # type: ignore[type-arg]
    with engine.connect() as connection:
        return list(connection.execute(text(sql), params).all())


def test_sprint_velocity_and_commitment_equal_sql(demo_engine: Engine) -> None:
    """A finished demo sprint: the seed assigns each resolved item to the sprint of its resolved
    day, so "resolved and assigned to it" is a plain SQL sum."""
    code = _rows(demo_engine, SCRUM_SQL)[0][0]
    sprint_id, committed, completed = _rows(
        demo_engine,
        "SELECT s.id, s.committed_points, (SELECT sum(w.points) FROM work_items w "
        "WHERE w.sprint_id = s.id AND w.resolved_at IS NOT NULL) "
        "FROM sprints s JOIN projects p ON p.id = s.project_id "
        "WHERE p.code = :c AND s.end_date < :before ORDER BY s.end_date DESC LIMIT 1",
        c=code,
        before=SEED_TODAY - timedelta(days=3),
    )[0]
    with demo_engine.connect() as connection:
        report = sprint_report(connection, portfolio_viewer(), code, FILTERS)
    assert report is not None and report.empty_reason is None
    row = report.velocity.set_index("sprint_id").loc[sprint_id]
    assert bool(row["finished"]) and row["committed"] == committed and row["completed"] == float(completed)
    assert row["completion"] == pytest.approx(completed / committed)
    n_sprints = _rows(
        demo_engine,
        "SELECT count(*) FROM sprints s JOIN projects p ON p.id = s.project_id "
        "WHERE p.code = :c AND s.start_date <= :d",
        c=code,
        d=SEED_TODAY,
    )[0][0]
    assert len(report.velocity) == n_sprints
    finished = report.velocity[report.velocity["finished"]]
    assert report.mean_last == pytest.approx(finished["completed"].tail(3).mean())
    assert report.burndown["ideal"].iloc[0] == report.sprint["committed_points"]


def test_dora_figures_equal_sql_and_python(demo_engine: Engine) -> None:
    code = _rows(demo_engine, DEVOPS_SQL)[0][0]
    start, end = (
        datetime.combine(d, datetime.min.time(), UTC)
        for d in (SEED_TODAY - timedelta(days=89), SEED_TODAY + timedelta(days=1))
    )
    with demo_engine.connect() as connection:

        def in_window(select_sql: str, where: str = "", since: datetime = start, **times: object) -> list:  # type: ignore[type-arg]
            """Rows of one project between ``since`` and the end of the as-of day (typed times)."""
            table = "incidents i" if " i." in select_sql else "deployments d"
            column = "i.started_at" if table.startswith("incidents") else "d.deployed_at"
            stmt = text(
                f"SELECT {select_sql} FROM {table} JOIN projects p ON p.id = {table[-1]}.project_id "
                f"WHERE p.code = :c AND {column} >= :s AND {column} < :e {where}"
            ).bindparams(bindparam("s", type_=UTCDateTime()), bindparam("e", type_=UTCDateTime()))
            if times:
                stmt = stmt.columns(**{name: UTCDateTime() for name in times})
            return list(connection.execute(stmt, {"c": code, "s": since, "e": end}).all())

        count, failures = in_window("count(*), sum(CASE WHEN d.caused_failure THEN 1 ELSE 0 END)")[0]
        leads = in_window(
            "d.deployed_at, d.first_commit_at",
            "AND d.first_commit_at IS NOT NULL",
            deployed_at=1,
            first_commit_at=1,
        )
        restores = in_window(
            "i.started_at, i.resolved_at", "AND i.resolved_at < :e", started_at=1, resolved_at=1
        )
        report = dora_report(connection, portfolio_viewer(), code, FILTERS)
        assert report is not None
        monday = datetime.combine(report.weekly.index[0].date(), datetime.min.time(), UTC)
        from_monday = in_window("count(*)", since=monday)[0][0]
    assert report.empty_reason is None and count > 0
    figures = report.figures
    assert figures.deployments == count and figures.failures == failures
    assert figures.per_day == pytest.approx(count / 90)
    assert figures.change_failure_rate == pytest.approx(failures / count)
    assert figures.lead_time == pd.Timedelta(statistics.median(d - f for d, f in leads))
    assert figures.time_to_restore == pd.Timedelta(statistics.median(r - s for s, r in restores))
    assert figures.restored_incidents == len(restores)
    assert report.weekly.index[0].weekday() == 0 and monday >= start
    assert int(report.weekly["deployments"].sum()) == from_monday


def test_empty_states_say_why(demo_engine: Engine) -> None:
    kanban = _rows(
        demo_engine, "SELECT code FROM projects WHERE methodology = 'kanban' ORDER BY code LIMIT 1"
    )
    with demo_engine.connect() as connection:
        sprints = sprint_report(connection, portfolio_viewer(), kanban[0][0], FILTERS)
        deploys = dora_report(connection, portfolio_viewer(), kanban[0][0], FILTERS)
        assert sprint_report(connection, portfolio_viewer(), "ZZZ-999", FILTERS) is None
    assert sprints is not None and sprints.empty_reason is not None
    assert sprints.empty_reason.startswith("Kanban project: no sprints")
    assert deploys is not None and deploys.empty_reason == (
        "Kanban project: no production deployments recorded, so no DORA figures."
    )


def test_kpi_tiles_show_value_and_band() -> None:
    figures = dora.DoraFigures(
        start=date(2026, 1, 1), end=date(2026, 3, 31), deployments=29, failures=3, per_day=29 / 90,
        lead_time=pd.Timedelta(hours=30), change_failure_rate=3 / 29,
        time_to_restore=pd.Timedelta(minutes=90), restored_incidents=4,
    )  # fmt: skip
    tiles = {k.label: (k.value, k.delta) for k in dora_kpis(figures)}
    assert tiles == {
        "Deployment frequency": ("2.3 / week", "High"),
        "Lead time for changes": ("30.0 h", "High"),
        "Change failure rate": ("10.3%", "Medium"),  # one decimal: "10%" would read as High
        "Time to restore": ("1.5 h", "High"),
    }


def test_sprint_charts_label_sprints_and_reference_lines() -> None:
    velocity = pd.DataFrame(
        {
            "sprint_id": [1, 2, 3, 4], "name": ["Sprint 1", "Sprint 2", "Sprint 3", "Sprint 4"],
            "start_date": [date(2026, 1, 5)] * 4, "end_date": [date(2026, 1, 18)] * 4,
            "committed": [10.0, 12.0, 8.0, 9.0], "completed": [8.0, 12.0, 7.0, 2.0],
            "completion": [0.8, 1.0, 0.875, 2 / 9], "finished": [True, True, True, False],
        }
    )  # fmt: skip
    fig = charts_scrum.velocity_chart(velocity, 9.0)
    assert fig.layout.title.text == "Velocity 9 points per sprint (mean of the last 3)"
    assert list(fig.data[2].y) == [9.0] * 4
    assert [t.name for t in fig.data] == ["Finished", "Running, so far", "Mean of last 3: 9.0"]
    assert list(fig.data[0].x) == ["1", "2", "3"] and fig.layout.xaxis.title.text == "Sprint"
    commitment = charts_scrum.commitment_chart(velocity)
    assert [t.name for t in commitment.data] == ["Committed", "Completed"]
    assert list(commitment.data[1].text) == ["80%", "100%", "88%", "22%"]
    assert commitment.layout.title.text == "Finished sprints delivered 90% of what they committed"
    days = pd.date_range("2026-01-05", periods=4)
    burn = pd.DataFrame(
        {"remaining": [9.0, 6.0, float("nan"), float("nan")], "ideal": [9.0, 6.0, 3.0, 0.0]}, index=days
    )
    assert charts_scrum.burndown_chart(burn, "Sprint 4").layout.title.text == (
        "Sprint 4: 6 of 9 committed points left after day 2 of 4"
    )
    weekly = pd.DataFrame(
        {"deployments": [3, 0, 5], "failed": [1, 0, 0]},
        index=pd.date_range("2026-01-05", periods=3, freq="W-MON"),
    )
    trend = charts_scrum.deployments_trend(weekly)
    assert {t.type for t in trend.data} == {"bar"} and list(trend.data[0].y) == [2, 0, 5]
    assert trend.layout.title.text == "8 deployments since Mon 05 Jan, 1 caused a failure"
