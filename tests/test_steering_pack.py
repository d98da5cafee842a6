"""The steering pack opened with python-pptx: slide titles, native chart types, chart data
against independent numbers (SQL, and what the overview page shows), the footer on every
slide, and a project manager's pack holding only their projects."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from sqlalchemy import create_engine
from streamlit.testing.v1 import AppTest

from dashboard.cli import main
from dashboard.formatting import day
from tests.conftest import SEED_TODAY
from tests.test_access import in_scope_codes, rows

pytestmark = pytest.mark.usefixtures("fresh_streamlit")


def make_pack(url: str, out: Path, *extra: str) -> PresentationType:
    code = main(["pack", "--database-url", url, "--as-of", SEED_TODAY.isoformat(), "--out", str(out), *extra])
    assert code == 0
    return Presentation(str(out))


def sql_rows(url: str, sql: str, **params: object) -> list[tuple]:
    engine = create_engine(url)
    try:
        return rows(engine, sql, **params)
    finally:
        engine.dispose()


def title(slide: Slide) -> str:
    return slide.shapes.title.text


def charts(slide: Slide) -> list:  # type: ignore[type-arg]
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def slide_text(slide: Slide) -> str:
    parts: list[str] = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
        if shape.has_chart:
            chart = shape.chart
            parts.append(chart.chart_title.text_frame.text)
            parts += [str(c) for c in chart.plots[0].categories]
    return "\n".join(parts)


def kpis(slide: Slide) -> dict[str, str]:
    """KPI boxes: label paragraph → value paragraph."""
    boxes = {}
    for shape in slide.shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and shape.has_text_frame:
            paragraphs = [p.text for p in shape.text_frame.paragraphs]
            boxes[paragraphs[0]] = paragraphs[1]
    return boxes


def series_values(chart, name: str) -> tuple:  # type: ignore[no-untyped-def]
    return next(s.values for s in chart.plots[0].series if s.name == name)


@pytest.fixture
def executive_pack(demo_sqlite_url: str, tmp_path: Path) -> PresentationType:
    return make_pack(demo_sqlite_url, tmp_path / "executive.pptx")


def test_slides_follow_the_steps_with_native_charts_and_the_footer(
    executive_pack: PresentationType, demo_sqlite_url: str
) -> None:
    slides = list(executive_pack.slides)
    titles = [title(s) for s in slides]
    assert titles[0] == "Portfolio summary"
    assert titles[1] == "What changed since the last meeting"
    assert titles[-1] == "Milestones due before the next meeting"
    project_codes = [t.split(" · ")[0] for t in titles[2:-1]]
    assert 0 < len(project_codes) <= 15
    names = dict(sql_rows(demo_sqlite_url, "SELECT code, name FROM projects"))
    assert titles[2:-1] == [f"{code} · {names[code]}" for code in project_codes]

    assert [c.chart_type for c in charts(slides[0])] == [
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        XL_CHART_TYPE.BAR_CLUSTERED,
    ]
    for slide in slides[2:-1]:
        assert [c.chart_type for c in charts(slide)] == [XL_CHART_TYPE.LINE_MARKERS]
    for slide in slides:  # charts are charts, never pictures of charts
        assert not [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]

    generated = sql_rows(demo_sqlite_url, "SELECT value FROM dataset_info WHERE key = 'generated_on'")[0][0]
    for number, slide in enumerate(slides, start=1):
        body = slide_text(slide)
        assert f"As of {day(SEED_TODAY)} · Data freshness: demo portfolio generated {generated}" in body
        assert "Scope: whole portfolio · Computed by Portfolio health dashboard" in body
        assert f"{number} / {len(slides)}" in body


def test_summary_numbers_equal_the_overview_page(executive_pack: PresentationType, demo_app: AppTest) -> None:
    """The overview's tiles (their reported counts are checked against SQL in test_app)."""
    demo_app.run()
    assert not demo_app.exception
    on_page = {m.label: m for m in demo_app.metric}
    summary = executive_pack.slides[0]
    status_chart = charts(summary)[0]
    assert list(status_chart.plots[0].categories) == ["▲ Red", "◆ Amber", "● Green", "○ Grey"]
    computed = series_values(status_chart, "Computed")
    reported = series_values(status_chart, "Reported")
    for index, status in enumerate(("red", "amber", "green", "grey")):
        assert f"{int(computed[index])}" == re.sub(r"\D", "", on_page[f"Computed {status}"].value)
        assert on_page[f"Computed {status}"].proto.delta == f"{int(reported[index])} reported"
    boxes = kpis(summary)
    for label in (
        "Projects",
        "Budget (BAC)",
        "Spent to date",
        "Forecast overrun",
        "Watermelons",
        "Milestones at risk",
    ):
        assert boxes[label] == on_page[label].value, label


def program_rollup(url: str, as_of: date) -> pd.DataFrame:
    """Per program, BAC and EAC = ΣBAC ÷ (ΣEV ÷ ΣAC) over projects with a budget, a cost plan
    and a progress report by the date (METRICS.md roll-up rule), straight from the tables."""
    rows = sql_rows(
        url,
        """
        SELECT g.name, p.budget_at_completion,
          (SELECT r.percent_complete FROM progress r WHERE r.project_id = p.id AND r.period_end <= :d
             ORDER BY r.period_end DESC LIMIT 1),
          (SELECT coalesce(sum(a.amount), 0) FROM cost_actuals a WHERE a.project_id = p.id AND a.month <= :d)
        FROM projects p JOIN programs g ON g.id = p.program_id
        WHERE p.start_date <= :d AND p.budget_at_completion IS NOT NULL
          AND EXISTS (SELECT 1 FROM cost_plan c WHERE c.project_id = p.id)
        """,
        d=as_of.isoformat(),
    )
    frame = pd.DataFrame(rows, columns=["program", "bac", "percent", "ac"]).dropna(subset=["percent"])
    frame = frame.astype({"bac": float, "percent": float, "ac": float})
    frame["ev"] = frame["percent"] / 100 * frame["bac"]
    sums = frame.groupby("program")[["bac", "ev", "ac"]].sum()
    return sums.assign(eac=sums["bac"] / (sums["ev"] / sums["ac"]))


def test_budget_chart_equals_an_independent_roll_up(
    executive_pack: PresentationType, demo_sqlite_url: str
) -> None:
    chart = charts(executive_pack.slides[0])[1]
    expected = program_rollup(demo_sqlite_url, SEED_TODAY)
    categories = list(chart.plots[0].categories)
    assert sorted(categories) == sorted(expected.index)
    for name, column in (("Budget (BAC)", "bac"), ("Forecast (EAC)", "eac")):
        values = dict(zip(categories, series_values(chart, name), strict=True))
        for program, value in values.items():
            assert value == pytest.approx(expected.loc[program, column], rel=1e-9), (name, program)


def test_each_project_trend_ends_at_its_cpi_and_spi_from_sql(
    executive_pack: PresentationType, demo_sqlite_url: str
) -> None:
    for slide in list(executive_pack.slides)[2:-1]:
        code = title(slide).split(" · ")[0]
        (bac, percent, ac, pv) = sql_rows(
            demo_sqlite_url,
            """
            SELECT p.budget_at_completion,
              (SELECT r.percent_complete FROM progress r WHERE r.project_id = p.id AND r.period_end <= :d
                 ORDER BY r.period_end DESC LIMIT 1),
              (SELECT sum(a.amount) FROM cost_actuals a WHERE a.project_id = p.id AND a.month <= :d),
              (SELECT sum(c.amount) FROM cost_plan c WHERE c.project_id = p.id AND c.month <= :d)
            FROM projects p WHERE p.code = :c
            """,
            d=SEED_TODAY.isoformat(),
            c=code,
        )[0]
        ev = float(percent) / 100 * float(bac)
        chart = charts(slide)[0]
        assert series_values(chart, "CPI (EV ÷ AC)")[-1] == pytest.approx(ev / float(ac), rel=1e-9), code
        assert series_values(chart, "SPI (EV ÷ PV)")[-1] == pytest.approx(ev / float(pv), rel=1e-9), code
        assert set(series_values(chart, "1.00 = on plan")) == {1.0}
        assert list(chart.plots[0].categories)[-1] == SEED_TODAY.strftime("%b %Y")


def test_a_project_managers_pack_holds_only_their_projects(demo_database_url: str, tmp_path: Path) -> None:
    engine = create_engine(demo_database_url)
    (username, display_name) = sql_rows(
        demo_database_url,
        "SELECT x.username, x.display_name FROM people x JOIN role_assignments r ON r.person_id = x.id "
        "WHERE r.role = 'project manager' ORDER BY x.username LIMIT 1",
    )[0]
    allowed = in_scope_codes(engine, username)
    started = {
        c
        for (c,) in sql_rows(
            demo_database_url, "SELECT code FROM projects WHERE start_date <= :d", d=SEED_TODAY
        )
    }
    pack = make_pack(demo_database_url, tmp_path / "pm.pptx", "--user", username)
    slides = list(pack.slides)
    whole = "\n".join(slide_text(s) for s in slides)
    assert f"Scope: {display_name} (project manager)" in whole
    assert kpis(slides[0])["Projects"] == f"{len(allowed & started):,}"
    assert sum(series_values(charts(slides[0])[0], "Computed")) == len(allowed & started)
    for slide in slides[2:-1]:
        assert title(slide).split(" · ")[0] in allowed
    foreign = sql_rows(demo_database_url, "SELECT code, name FROM projects")
    leaked = [code for code, name in foreign if code not in allowed and (code in whole or name in whole)]
    assert not leaked, leaked[:5]
    engine.dispose()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--user", "nobody-at-all"], "no person with a role"),
        (["--program", "ZZZ"], "not in this scope: ZZZ"),
        (["--since", (SEED_TODAY + timedelta(days=1)).isoformat()], "must be before the as-of date"),
    ],
)
def test_bad_arguments_are_named_and_exit_2(
    demo_sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    out = tmp_path / "x.pptx"
    code = main(
        [
            "pack",
            "--database-url",
            demo_sqlite_url,
            "--as-of",
            SEED_TODAY.isoformat(),
            "--out",
            str(out),
            *args,
        ]
    )
    assert code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_the_output_must_be_a_pptx_in_an_existing_folder(demo_sqlite_url: str, tmp_path: Path) -> None:
    assert main(["pack", "--database-url", demo_sqlite_url, "--out", str(tmp_path / "pack.pdf")]) == 2
    assert main(["pack", "--database-url", demo_sqlite_url, "--out", str(tmp_path / "no" / "pack.pptx")]) == 2
