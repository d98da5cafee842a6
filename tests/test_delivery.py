"""Delivery: the service against independent SQL, the flow command against the golden
files, the chart builders' promises, and the page in AppTest."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from sqlalchemy import Engine, text
from streamlit.testing.v1 import AppTest

from dashboard import charts_flow
from dashboard.charts_palette import PERCENTILES
from dashboard.cli import main as dashboard_main
from dashboard.delivery import DeliveryRequest, ageing_wip, delivery_flow
from dashboard.metrics.flow import FlowSettings, percentiles
from dashboard.settings import get_settings
from data_access.__main__ import main as data_access_main
from data_access.queries import QueryFilters
from data_access.viewer import portfolio_viewer
from tests.conftest import SEED_TODAY
from tests.flow_import import GOLDEN_WORKFLOW, add_project

GOLDEN = Path(__file__).resolve().parents[1].parent / "shared" / "golden" / "jira-agile-metrics"
APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
KANBAN_SQL = (
    "SELECT p.code FROM projects p JOIN work_items w ON w.project_id = p.id "
    "WHERE p.methodology = 'kanban' GROUP BY p.code ORDER BY count(*) DESC, p.code LIMIT 1"
)


def _scalar(engine: Engine, sql: str, **params: object) -> object:
    with engine.connect() as connection:
        return connection.execute(text(sql), params).scalar_one()


def test_service_counts_equal_sql(demo_engine: Engine) -> None:
    """Items read, and items done (vacanti: current status at or past the done stage) equal SQL."""
    code = _scalar(demo_engine, KANBAN_SQL)
    with demo_engine.connect() as connection:
        request = DeliveryRequest(code, QueryFilters(as_of=SEED_TODAY), FlowSettings())
        delivery = delivery_flow(connection, portfolio_viewer(), request)
    assert delivery is not None and delivery.flow is not None
    n_items = _scalar(
        demo_engine,
        "SELECT count(*) FROM work_items w JOIN projects p ON p.id = w.project_id WHERE p.code = :c",
        c=code,
    )
    n_done = _scalar(
        demo_engine,
        "SELECT count(*) FROM work_items w JOIN projects p ON p.id = w.project_id "
        "JOIN workflows f ON f.id = p.workflow_id "
        "JOIN workflow_statuses s ON s.workflow_id = f.id AND s.status = w.status "
        "WHERE p.code = :c AND s.stage_order >= "
        "(SELECT max(d.stage_order) FROM workflow_statuses d WHERE d.workflow_id = f.id AND d.stage = f.done_stage)",
        c=code,
    )
    table = delivery.flow.table
    assert len(table) == n_items
    assert int(table["done_date"].notna().sum()) == n_done
    assert int(delivery.throughput_daily.sum()) == n_done  # whole history: every done item once
    assert int(delivery.cfd[delivery.flow.workflow.done_stage].iloc[-1]) == n_done
    ageing = ageing_wip(delivery)
    assert len(ageing) == int(table["age"].notna().sum()) and (ageing["age"] >= 1).all()  # vacanti: +1


def test_unknown_or_foreign_project_gives_none(demo_engine: Engine) -> None:
    with demo_engine.connect() as connection:
        request = DeliveryRequest("ZZZ-999", QueryFilters(as_of=SEED_TODAY), FlowSettings())
        assert delivery_flow(connection, portfolio_viewer(), request) is None


@pytest.mark.skipif(not GOLDEN.is_dir(), reason="golden data not found")
def test_flow_command_reproduces_golden_files(
    migrated_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    """Import, then ``python -m dashboard flow`` in jira-agile-metrics: items, percentiles,
    throughput and CFD equal the golden CSVs (the command's day range is wider: it runs to the
    as-of date, so extra days must be zero / flat; Backlog differs only by creation, see the
    golden test's docstring, so it is left out here)."""
    add_project(migrated_engine)
    url = migrated_engine.url.render_as_string(hide_password=False)
    argv = ["import", "jira-json", str(GOLDEN / "search_issues.json"), "--project", "GOLD"]
    assert data_access_main([*argv, "--workflow", str(GOLDEN_WORKFLOW), "--database-url", url]) == 0
    capsys.readouterr()
    flow_argv = ["flow", "--project", "GOLD", "--preset", "jira-agile-metrics", "--as-of", "2021-06-30"]
    assert dashboard_main([*flow_argv, "--database-url", url]) == 0
    out = json.loads(capsys.readouterr().out)

    cycletime = pd.read_csv(GOLDEN / "cycletime.csv", dtype=str, keep_default_na=False)
    scatter = pd.read_csv(GOLDEN / "scatterplot.csv").set_index("key")
    got = {r["key"]: r for r in out["items"]}
    assert list(got) == list(cycletime["ID"])
    for row in cycletime.itertuples():
        assert (got[row.ID]["start"] or "") == row.Committed and (got[row.ID]["done"] or "") == row.Done
        want = scatter["cycle_time"].get(row.ID)
        assert got[row.ID]["cycle_time"] == (None if want is None else float(want))

    percentiles = pd.read_csv(GOLDEN / "percentiles.csv")
    want_days = pd.to_timedelta(percentiles["cycle_time"]) / pd.Timedelta(days=1)
    got_days = [
        p["cycle_time"] for p in out["percentiles"] if p["percentile"] in set(percentiles["Quantile"] * 100)
    ]
    assert got_days == pytest.approx(list(want_days), abs=1e-9)

    throughput = pd.read_csv(GOLDEN / "throughput.csv")
    got_tp = {r["date"]: r["count"] for r in out["throughput"]}
    assert {d: got_tp[d] for d in throughput["Period starting"]} == dict(
        zip(throughput["Period starting"], throughput["count"], strict=True)
    )
    assert sum(got_tp.values()) == throughput["count"].sum()

    cfd = pd.read_csv(GOLDEN / "cfd.csv")
    got_cfd = {r["date"]: r for r in out["cfd"]}
    for row in cfd.to_dict("records"):
        for stage in ("Committed", "Build", "Test", "Done"):
            assert got_cfd[row["Date"]][stage] == row[stage], (row["Date"], stage)


def test_charts_are_svg_with_labelled_percentiles_and_keys_on_hover() -> None:
    done = pd.DataFrame(
        {
            "item_key": ["A-1", "A-2", "A-3"],
            "title": ["one", "two", "three"],
            "done_date": pd.to_datetime(["2026-01-05", "2026-01-06", "2026-01-09"]),
            "cycle_time": [1.0, 3.0, 8.0],
        }
    )
    pcts = pd.Series([3.0, 7.0], index=[0.5, 0.85])
    scatter = charts_flow.cycle_time_scatter(done, pcts)
    assert {t.type for t in scatter.data} == {"scatter"}  # never scattergl
    assert "customdata[0]" in scatter.data[0].hovertemplate and scatter.data[0].customdata[0][0] == "A-1"
    labels = [a.text for a in scatter.layout.annotations]
    assert labels == ["50%: 3 days", "85%: 7 days"]
    assert scatter.layout.title.text == "85% of 3 items finished within 7 days"
    hist = charts_flow.cycle_time_histogram(done["cycle_time"], pcts, working_days=True)
    assert list(hist.data[0].x) == [1, 3, 8] and list(hist.data[0].y) == [1, 1, 1]
    assert "working days" in hist.layout.annotations[0].text
    ageing = pd.DataFrame(
        {
            "item_key": ["B-1", "B-2", "B-3"],
            "title": ["x", "y", "z"],
            "stage": ["Build", "Test", "Build"],
            "age": [2.0, 5.0, 9.0],
        }
    )
    fig = charts_flow.ageing_wip(ageing, ["Build", "Test"], pcts)
    assert [t.name for t in fig.data] == ["Older than 85%", "Older than 50%", "Within 50%"]
    # Long titles wrap onto two lines (dashboard.charts.wrap_title) rather than being cut off.
    assert fig.layout.title.text == "1 of 3 items in progress are older than the 85th<br>percentile"
    cfd = pd.DataFrame(
        {"Todo": [5, 6], "Doing": [4, 5], "Done": [3, 4]}, index=pd.to_datetime(["2026-01-01", "2026-01-02"])
    )
    flow_fig = charts_flow.cumulative_flow(cfd, done_before=2)
    assert [t.name for t in flow_fig.data] == ["Done", "Doing", "Todo"]
    assert list(flow_fig.data[0].y) == [1, 2]
    assert flow_fig.layout.title.text == "2 items done in the period; 1 under way"


def test_percentile_lines_sit_at_the_percentiles_with_their_labels() -> None:
    """The 85% line and its label sit at numpy's 85th percentile of the same cycle times, drawn
    as add_hline/add_vline draw them: across the plot, the label at its left end or top."""
    cycle_times = pd.Series([1.0, 2.0, 4.0, 6.0, 10.0, 30.0])
    p85 = float(np.percentile(cycle_times, 85))  # 15: between two items, not one of them
    done = pd.DataFrame(
        {
            "item_key": [f"A-{i}" for i in range(6)],
            "title": "t",
            "done_date": pd.date_range("2026-01-05", periods=6),
            "cycle_time": cycle_times,
        }
    )
    pcts = percentiles(cycle_times, [50, 85])
    line = dict(type="line", line=dict(color=PERCENTILES[0.85], dash="dot", width=2))
    label = dict(text="85%: 15 days", font=dict(size=13), showarrow=False, xanchor="left")
    across = charts_flow.cycle_time_scatter(done, pcts).to_plotly_json()["layout"]
    assert across["shapes"][1] == line | dict(xref="x domain", x0=0, x1=1, yref="y", y0=p85, y1=p85)
    assert across["annotations"][1] == label | dict(
        xref="x domain", x=0, yref="y", y=p85, yanchor="bottom", yshift=0
    )
    upright = charts_flow.cycle_time_histogram(cycle_times, pcts).to_plotly_json()["layout"]
    assert upright["shapes"][1] == line | dict(xref="x", x0=p85, x1=p85, yref="y domain", y0=0, y1=1)
    assert upright["annotations"][1] == label | dict(
        xref="x", x=p85, yref="y domain", y=1, yanchor="top", yshift=-20
    )  # the second label staggers down one line


@pytest.fixture
def delivery_app(demo_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    import os

    for name in list(os.environ):
        if name.startswith("PORTFOLIO_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PORTFOLIO_DATABASE_URL", demo_sqlite_url)
    st.cache_data.clear()
    st.cache_resource.clear()
    get_settings.cache_clear()
    at = AppTest.from_file(APP, default_timeout=120)
    if SEED_TODAY != date.today():
        at.query_params["as_of"] = SEED_TODAY.isoformat()
    at.run()
    at.switch_page("../pages/delivery.py")
    yield at
    st.cache_data.clear()
    st.cache_resource.clear()
    get_settings.cache_clear()


def _kanban_code(url: str) -> str:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    code = _scalar(engine, KANBAN_SQL)
    engine.dispose()
    return str(code)


def test_delivery_page_renders_for_a_kanban_project(delivery_app: AppTest, demo_sqlite_url: str) -> None:
    code = _kanban_code(demo_sqlite_url)
    delivery_app.query_params["project"] = code
    delivery_app.run()
    assert not delivery_app.exception, delivery_app.exception
    assert len(delivery_app.get("plotly_chart")) == 5
    assert {m.label for m in delivery_app.metric} >= {"Finished", "Throughput", "Cycle time, 85%"}
    assert "counting rule **Vacanti**" in " ".join(c.value for c in delivery_app.caption)
    assert delivery_app.query_params["preset"] == "vacanti"


def test_preset_from_the_url_is_applied(delivery_app: AppTest, demo_sqlite_url: str) -> None:
    code = _kanban_code(demo_sqlite_url)
    delivery_app.query_params["project"] = code
    delivery_app.query_params["preset"] = "jira-agile-metrics"
    delivery_app.query_params["working_days"] = "1"
    delivery_app.run()
    assert not delivery_app.exception
    captions = " ".join(c.value for c in delivery_app.caption)
    assert "counting rule **jira-agile-metrics** in working days" in captions
    assert delivery_app.toggle(key="delivery_working_days").value is True


def test_unknown_project_in_the_link_is_not_available(delivery_app: AppTest) -> None:
    delivery_app.query_params["project"] = "ZZZ-999"
    delivery_app.run()
    assert not delivery_app.exception
    assert "not available" in " ".join(w.value for w in delivery_app.warning)
    assert len(delivery_app.get("plotly_chart")) == 0


BUSIEST_SQL = {
    "sprints": "SELECT p.code FROM projects p JOIN sprints t ON t.project_id = p.id WHERE p.methodology = :m "
    "GROUP BY p.code ORDER BY count(*) DESC, p.code LIMIT 1",
    "deployments": "SELECT p.code FROM projects p JOIN deployments t ON t.project_id = p.id "
    "WHERE p.methodology = :m GROUP BY p.code ORDER BY count(*) DESC, p.code LIMIT 1",
}


def _code_with(url: str, methodology: str, table: str) -> str:
    """The demo project of ``methodology`` with the most rows in ``table`` (sprints / deployments)."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    code = _scalar(engine, BUSIEST_SQL[table], m=methodology)
    engine.dispose()
    return str(code)


def test_scrum_project_shows_the_sprint_panel(delivery_app: AppTest, demo_sqlite_url: str) -> None:
    delivery_app.query_params["project"] = _code_with(demo_sqlite_url, "scrum", "sprints")
    delivery_app.run()
    assert not delivery_app.exception, delivery_app.exception
    assert {"Sprints", "DevOps (DORA)"} <= {s.value for s in delivery_app.subheader}
    assert len(delivery_app.get("plotly_chart")) >= 5 + 3  # flow charts + velocity, commitment, burndown
    assert "Velocity, mean of the last 3 finished sprints" in " ".join(m.value for m in delivery_app.markdown)


def test_devops_project_shows_the_dora_panel(delivery_app: AppTest, demo_sqlite_url: str) -> None:
    delivery_app.query_params["project"] = _code_with(demo_sqlite_url, "devops", "deployments")
    delivery_app.run()
    assert not delivery_app.exception, delivery_app.exception
    tiles = {m.label: m.delta for m in delivery_app.metric}
    assert {"Deployment frequency", "Lead time for changes", "Change failure rate", "Time to restore"} <= set(
        tiles
    )
    assert tiles["Deployment frequency"] in {"Elite", "High", "Medium", "Low"}  # the band
    assert "DevOps project: no sprints" in " ".join(i.value for i in delivery_app.info)
    assert len(delivery_app.get("plotly_chart")) == 5 + 1  # flow charts + deployments per week


# --- Team and program views: pooled projects, one board ---------------------------------

DONE_SQL = (
    "SELECT p.code, count(*) FROM work_items w JOIN projects p ON p.id = w.project_id "
    "JOIN workflows f ON f.id = p.workflow_id "
    "JOIN workflow_statuses s ON s.workflow_id = f.id AND s.status = w.status "
    "WHERE s.stage_order >= (SELECT max(d.stage_order) FROM workflow_statuses d "
    "WHERE d.workflow_id = f.id AND d.stage = f.done_stage) GROUP BY p.code"
)
TEAM_PROJECTS_SQL = (
    "SELECT p.code, p.workflow_id, (SELECT count(*) FROM work_items w WHERE w.project_id = p.id) "
    "FROM projects p JOIN teams t ON t.id = p.team_id WHERE t.code = :t ORDER BY p.code"
)


def _expected_team_counts(engine: Engine, team: str, visible: set[str] | None) -> tuple[int, int, int]:
    """(pooled items, pooled done items, left-out items) by plain SQL: the team's visible projects,
    pooled on the workflow with the most items (ties: more projects, then the lower id)."""
    from tests.test_access import rows

    projects = [r for r in rows(engine, TEAM_PROJECTS_SQL, t=team) if visible is None or r[0] in visible]
    per_board: dict[int, tuple[int, int]] = {}
    for _, workflow_id, n in projects:
        if workflow_id is not None:
            items, count = per_board.get(workflow_id, (0, 0))
            per_board[workflow_id] = (items + n, count + 1)
    board = min(per_board, key=lambda w: (-per_board[w][0], -per_board[w][1], w))
    pooled = {code for code, workflow_id, _ in projects if workflow_id == board}
    done = dict(rows(engine, DONE_SQL))
    n_items = sum(n for code, _, n in projects if code in pooled)
    return n_items, sum(done.get(code, 0) for code in pooled), sum(n for _, _, n in projects) - n_items


def _team_cases(engine: Engine) -> list[tuple[str, str | None]]:
    """(team, username or None for the whole portfolio): the busiest team, and the team of a
    project manager's project (that viewer sees only part of the team)."""
    from tests.test_access import rows

    busiest = rows(
        engine,
        "SELECT t.code FROM teams t JOIN projects p ON p.team_id = t.id JOIN work_items w ON w.project_id = p.id "
        "GROUP BY t.code ORDER BY count(*) DESC, t.code LIMIT 1",
    )[0][0]
    manager = rows(
        engine,
        "SELECT x.username, t.code FROM people x JOIN role_assignments r ON r.person_id = x.id "
        "JOIN projects p ON p.id = r.project_id JOIN teams t ON t.id = p.team_id "
        "WHERE r.role = 'project manager' ORDER BY x.username, t.code LIMIT 1",
    )[0]
    return [(busiest, None), (manager[1], manager[0])]


def test_team_view_counts_equal_sql(demo_engine: Engine) -> None:
    """Items and finished items of the team view equal SQL over the team's visible projects."""
    from data_access.queries.identity import viewer_for_login
    from tests.test_access import in_scope_codes

    for team, username in _team_cases(demo_engine):
        with demo_engine.connect() as connection:
            viewer = portfolio_viewer() if username is None else viewer_for_login(connection, username)
            assert viewer is not None
            request = DeliveryRequest(team, QueryFilters(as_of=SEED_TODAY), FlowSettings(), scope="team")
            delivery = delivery_flow(connection, viewer, request)
        visible = None if username is None else in_scope_codes(demo_engine, username)
        n_items, n_done, n_left = _expected_team_counts(demo_engine, team, visible)
        assert delivery is not None and delivery.flow is not None, (team, username)
        table = delivery.flow.table
        assert (len(table), int(table["done_date"].notna().sum())) == (n_items, n_done), (team, username)
        assert delivery.data.left_out_items == n_left
        if visible is not None:
            assert set(delivery.data.projects) | set(delivery.data.left_out_projects) <= visible


def test_foreign_team_or_program_gives_none(demo_engine: Engine) -> None:
    """A project manager's view of another team or program is None, exactly like an unknown code."""
    from data_access.queries.identity import viewer_for_login
    from tests.test_access import in_scope_codes, rows

    _, (_, username) = _team_cases(demo_engine)
    visible = in_scope_codes(demo_engine, username)
    foreign = rows(
        demo_engine,
        "SELECT t.code, g.code, p.code FROM projects p JOIN teams t ON t.id = p.team_id "
        "JOIN programs g ON g.id = p.program_id ORDER BY p.code",
    )
    team, program = next(
        (t, g) for t, g, p in foreign if p not in visible and not _shares(foreign, visible, t, g)
    )
    with demo_engine.connect() as connection:
        viewer = viewer_for_login(connection, username)
        filters = QueryFilters(as_of=SEED_TODAY)
        for scope, code in (("team", team), ("program", program), ("team", "ZZZ-999")):
            assert (
                delivery_flow(connection, viewer, DeliveryRequest(code, filters, FlowSettings(), scope=scope))
                is None
            )


def _shares(projects: list[tuple], visible: set[str], team: str, program: str) -> bool:
    """True when the team or program holds a project the viewer may see (then it is not foreign)."""
    return any(p in visible for t, g, p in projects if t == team or g == program)


def _busiest(url: str, group: str) -> str:
    """The team or program code with the most work items (group: 'teams' or 'programs')."""
    from sqlalchemy import create_engine

    column = "team_id" if group == "teams" else "program_id"
    engine = create_engine(url)
    code = _scalar(
        engine,
        f"SELECT g.code FROM {group} g JOIN projects p ON p.{column} = g.id JOIN work_items w ON w.project_id = p.id "
        "GROUP BY g.code ORDER BY count(*) DESC, g.code LIMIT 1",
    )
    engine.dispose()
    return str(code)


@pytest.mark.parametrize(
    ("scope", "param", "group"), [("team", "team", "teams"), ("program", "program_view", "programs")]
)
def test_delivery_page_renders_for_a_team_and_a_program(
    delivery_app: AppTest, demo_sqlite_url: str, scope: str, param: str, group: str
) -> None:
    code = _busiest(demo_sqlite_url, group)
    delivery_app.query_params["scope"] = scope
    delivery_app.query_params[param] = code
    delivery_app.run()
    assert not delivery_app.exception, delivery_app.exception
    assert len(delivery_app.get("plotly_chart")) == 5
    captions = " ".join(c.value for c in delivery_app.caption)
    assert f"{scope.capitalize()} {code}" in captions and "pooled" in captions
    assert "Sprint and DORA panels are shown per project" in " ".join(i.value for i in delivery_app.info)
    assert delivery_app.query_params["scope"] == scope and delivery_app.query_params[param] == code


def test_unknown_team_in_the_link_shows_only_a_warning(delivery_app: AppTest) -> None:
    delivery_app.query_params["scope"] = "team"
    delivery_app.query_params["team"] = "ZZZ-999"
    delivery_app.run()
    assert not delivery_app.exception
    assert [w.value for w in delivery_app.warning] == [
        "That team is not available to you, or does not exist."
    ]
    assert not delivery_app.get("plotly_chart") and not delivery_app.metric and not delivery_app.info
    assert not delivery_app.dataframe
    assert "counting rule" not in " ".join(
        c.value for c in delivery_app.caption
    )  # only the app's own captions
