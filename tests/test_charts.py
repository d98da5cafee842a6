"""Charts stand alone: a title stating the finding, axes with units, hover text naming the
item, status as colour + shape + word, and an empty state with a reason. Hand-made frames,
every expected figure counted by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import charts, charts_budget, charts_flow, charts_scrum
from dashboard.charts_palette import SERIES
from dashboard.rag_style import RAG_STYLES


def projects() -> pd.DataFrame:
    """Five projects in two programs: P1 red (behind and over), P2 amber, P3 green, P4 red, P5 grey."""
    return pd.DataFrame(
        {
            "code": ["P1", "P2", "P3", "P4", "P5"],
            "name": ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"],
            "program": ["Cloud", "Cloud", "Cloud", "Data", "Data"],
            "computed_overall": ["red", "amber", "green", "red", "grey"],
            "computed_schedule": ["red", "green", "green", "amber", "grey"],
            "computed_budget": ["red", "amber", "green", "red", "grey"],
            "computed_risk": ["green", "green", "green", "red", None],
            "computed_spi": [0.80, 0.97, 1.02, 1.05, None],
            "computed_cpi": [0.82, 0.90, 1.01, 0.84, None],
            "budget_at_completion": [1_000_000.0, 400_000.0, 250_000.0, 2_000_000.0, None],
            "actual_cost": [600_000.0, 100_000.0, 50_000.0, 1_500_000.0, None],
            "reported_rag": ["green", "amber", None, "red", None],
        }
    )


def annotations(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def test_heatmap_title_counts_reds_and_tiles_carry_shape_word_and_counts() -> None:
    fig = charts.rag_heatmap(projects())
    assert fig.layout.title.text == "2 projects computed red in 2 programs"
    tiles = dict(zip(zip(fig.data[0].y, fig.data[0].x, strict=True), fig.data[0].text, strict=True))
    assert tiles[("Cloud", "Overall")] == "▲ Red 1<br>◆ Amber 1"
    assert tiles[("Data", "Risk")] == "▲ Red 1"
    assert tiles[("Cloud", "Risk")] == "● Green"
    fills = {shape.fillcolor for shape in fig.layout.shapes}
    assert RAG_STYLES["red"].colour in fills and RAG_STYLES["green"].colour in fills
    cloud_overall = fig.data[0].customdata[7]  # programs drawn bottom-up: Data's four tiles, then Cloud's
    assert cloud_overall.startswith("<b>Cloud</b> · Overall")
    assert (
        "▲ Red: 1 project<br>◆ Amber: 1 project<br>● Green: 1 project<br>○ Grey: 0 projects" in cloud_overall
    )


def test_heatmap_title_when_nothing_is_red() -> None:
    calm = projects().assign(computed_overall="green")
    assert charts.rag_heatmap(calm).layout.title.text == "No project is computed red"


def test_scatter_names_statuses_with_shape_and_word_and_counts_the_bad_quadrant() -> None:
    fig = charts.spi_cpi_scatter(projects(), "USD")
    # P1 (0.80, 0.82) and P2 (0.97, 0.90); P4 is ahead of schedule, P5 has no indices.
    assert fig.layout.title.text == "2 projects both behind schedule and over cost"
    assert [t.name for t in fig.data] == ["▲ Red", "◆ Amber", "● Green"]  # grey has no SPI: not drawn
    assert [t.marker.symbol for t in fig.data] == ["triangle-up", "diamond", "circle"]
    assert "SPI" in fig.layout.xaxis.title.text and "CPI" in fig.layout.yaxis.title.text
    assert (
        "%{customdata[1]}" in fig.data[0].hovertemplate
        and "$%{customdata[2]:,.0f}" in fig.data[0].hovertemplate
    )


def test_scatter_without_any_index_explains_why() -> None:
    fig = charts.spi_cpi_scatter(projects().assign(computed_spi=None), "USD")
    assert fig.data == ()
    assert "No project has both an SPI and a CPI yet" in annotations(fig)[0]


def test_status_timeline_counts_disagreements() -> None:
    history = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-01-31", "2026-02-28", "2026-03-31"]),
            "reported_rag": ["green", "green", "amber"],
            "computed_overall": ["green", "red", "amber"],
        }
    )
    fig = charts.status_timeline(history)
    assert fig.layout.title.text == "Reported and computed status disagreed on 1 of 3 report<br>dates"
    assert {t.name for t in fig.data} == {"▲ Red", "◆ Amber", "● Green"}
    empty = charts.status_timeline(history.iloc[0:0])
    assert annotations(empty) == ["No status report in the last 12 months"]


def test_milestone_timeline_counts_slips_and_handles_none() -> None:
    milestones = pd.DataFrame(
        {
            "name": ["Design", "Build", "Launch"],
            "baseline_date": [date(2026, 1, 10), date(2026, 3, 1), date(2026, 6, 1)],
            "forecast_date": [None, date(2026, 3, 20), None],
            "actual_date": [date(2026, 1, 8), None, None],
        }
    )
    fig = charts.milestone_timeline(milestones, date(2026, 2, 15))
    assert fig.layout.title.text == "1 of 3 milestones later than baseline"  # Build: 19 days late
    assert fig.layout.xaxis.title.text.startswith("Date")
    assert annotations(charts.milestone_timeline(milestones.iloc[0:0], date(2026, 2, 15))) == [
        "This project has no milestones recorded"
    ]


def test_monthly_cost_axis_names_the_currency_and_scales() -> None:
    monthly = pd.DataFrame(
        {
            "month": pd.to_datetime(["2026-01-01", "2026-02-01"]),
            "planned": [100.0, 100.0],
            "actual": [50.0, 30.0],
        }
    )
    fig = charts.monthly_cost(monthly, "EUR")
    assert fig.layout.title.text == "Actual cost to date is 40.0% of the whole baseline plan"
    assert fig.layout.yaxis.title.text == "Cost per month (EUR)"
    assert fig.layout.yaxis.tickprefix == "€" and fig.layout.yaxis.exponentformat == "B"
    assert "€%{y:,.0f}" in fig.data[0].hovertemplate


def test_long_titles_wrap_instead_of_being_cut_off() -> None:
    assert charts.wrap_title("short finding") == "short finding"
    long = "CPI 0.94: every $1 spent buys $0.94 of planned work · SPI 0.99"  # 63 characters
    assert charts.wrap_title(long) == "CPI 0.94: every $1 spent buys $0.94 of planned work ·<br>SPI 0.99"
    fig = charts.empty_figure(long, "nothing")
    assert fig.layout.height == 300 + 24 and fig.layout.margin.t == 64 + 24  # room for the second line


def test_layout_leaves_colours_to_the_theme_and_uses_locale_separators() -> None:
    fig = charts.monthly_cost(pd.DataFrame({"month": [], "planned": [], "actual": []}), "USD")
    assert fig.layout.paper_bgcolor == "rgba(0,0,0,0)" and fig.layout.font.color is None
    assert fig.layout.separators == ".,"
    assert annotations(fig) == ["No cost plan or actual cost recorded"]


def test_budget_charts_title_the_overrun_and_use_the_series_palette() -> None:
    series = pd.DataFrame(
        {
            "month": pd.to_datetime(["2026-01-01", "2026-02-01", "2026-03-01"]),
            "baseline": [100.0, 200.0, 300.0],
            "ac": [120.0, 260.0, None],
            "ev": [100.0, 180.0, None],
        }
    )
    figures = {"bac": 300.0, "eac": 433.3, "ac": 260.0, "planned_end": date(2026, 3, 31)}
    fig = charts_budget.burn_up(series, figures, date(2026, 2, 28), "USD")
    # EAC 433.3 - BAC 300 = 133.3 over, 44.4% of 300.
    assert fig.layout.title.text == "Heading for $433: $133 (44.4%) over the $300 budget"
    colours = {t.name: t.line.color for t in fig.data}
    assert (
        colours["Actual cost (AC)"] == SERIES["actual"] and colours["Earned value (EV)"] == SERIES["earned"]
    )
    empty = charts_budget.burn_up(series.iloc[0:0], {}, date(2026, 2, 28), "USD")
    assert annotations(empty) == ["No cost plan or actual cost by the as-of date"]


def test_performance_title_reads_as_a_sentence() -> None:
    assert charts_budget.performance_title(0.87, 0.95, "USD") == (
        "CPI 0.87: every $1 spent buys $0.87 of planned work · SPI 0.95"
    )
    assert charts_budget.performance_title(None, None, "USD") == "Cost and schedule performance (CPI, SPI)"


@pytest.mark.parametrize(
    ("figure", "reason"),
    [
        (lambda: charts_flow.cycle_time_scatter(pd.DataFrame(columns=["item_key", "title", "done_date", "cycle_time"]),
                                                pd.Series(dtype=float)), "No item finished in this period"),
        (lambda: charts_flow.cycle_time_histogram(pd.Series(dtype=float), pd.Series(dtype=float)),
         "No item finished in this period"),
        (lambda: charts_flow.throughput_run_chart(pd.Series(dtype=int)), "No week with finished items in this period"),
        (lambda: charts_flow.cumulative_flow(pd.DataFrame()), "No item entered the board in this period"),
        (lambda: charts_flow.ageing_wip(pd.DataFrame(columns=["item_key", "title", "stage", "age"]), ["Build"],
                                        pd.Series(dtype=float)), "Nothing is in progress on the as-of date"),
        (lambda: charts_scrum.velocity_chart(pd.DataFrame(columns=["name", "completed", "finished"]), float("nan")),
         "No sprint in this project yet"),
        (lambda: charts_scrum.commitment_chart(pd.DataFrame(columns=["name", "committed", "completed"])),
         "No sprint in this project yet"),
        (lambda: charts_scrum.burndown_chart(pd.DataFrame(columns=["remaining", "ideal"]), "Sprint 9"),
         "The sprint has no days to draw"),
        (lambda: charts_scrum.deployments_trend(pd.DataFrame(columns=["deployments", "failed"])),
         "No deployment recorded in this period"),
        (lambda: charts.reported_status_by_program(projects().iloc[0:0]), "No project in view"),
        (lambda: charts.budget_by_program(projects().iloc[0:0], "USD"), "No project in view has a budget yet"),
    ],
)  # fmt: skip
def test_every_builder_has_an_empty_state_with_a_reason(figure, reason: str) -> None:  # type: ignore[no-untyped-def]
    fig = figure()
    assert fig.data == ()
    assert annotations(fig) == [reason]
    assert fig.layout.title.text  # still titled, so the reader knows what would be here


def test_reported_status_bars_say_the_status_in_words() -> None:
    fig = charts.reported_status_by_program(projects())
    assert fig.layout.title.text == "1 project reported red"
    assert [t.name for t in fig.data] == ["▲ Red", "◆ Amber", "● Green", "– No report"]
    green = next(t for t in fig.data if t.name == "● Green")
    assert list(green.text) == ["● Green", ""]  # Cloud has one green report, Data none
    assert fig.layout.xaxis.title.text == "Projects (latest status report)"


def test_deployment_failures_carry_a_pattern_and_a_shape_not_only_red() -> None:
    weekly = pd.DataFrame(
        {"deployments": [3, 1], "failed": [1, 0]}, index=pd.date_range("2026-01-05", periods=2, freq="W-MON")
    )
    fig = charts_scrum.deployments_trend(weekly)
    failed = fig.data[1]
    assert failed.name == "▲ Caused a failure" and failed.marker.pattern.shape == "/"
    assert fig.layout.title.text == "4 deployments since Mon 05 Jan, 1 caused a failure"
