"""The Delivery page in a real browser on a cold server: renders its charts, writes the
README screenshot (docs/screenshots/delivery.png)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from tests.e2e.conftest import ROOT

pytestmark = pytest.mark.e2e

SCREENSHOTS = ROOT / "docs" / "screenshots"
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def busiest_kanban_project(url: str) -> str:
    return busiest_project(url, "kanban", "work_items")


def test_delivery_page_renders_charts_and_screenshot(browser, demo_server: str, demo_sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    code = busiest_kanban_project(demo_sqlite_url)
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(f"{demo_server}/delivery?project={code}")
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=60_000)  # the forecast, last on the page
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 5", timeout=60_000
    )
    page.wait_for_timeout(800)
    page.wait_for_selector(READY, timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    body = page.inner_text("body")
    assert "Traceback" not in body and code in body
    assert page.locator(".js-plotly-plot").count() == 5
    assert page.locator("canvas.gl-canvas").count() == 0  # SVG only: no WebGL contexts used
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1440, "height": 2200})
    page.wait_for_timeout(800)
    page.screenshot(path=str(SCREENSHOTS / "delivery.png"), full_page=True)
    page.close()


def busiest_project(url: str, methodology: str, table: str) -> str:
    """The project of ``methodology`` with the most sprints or deployments (a Scrum project that
    ships, when asked for deployments: both panels then have figures)."""
    sql = {
        "sprints": "SELECT p.code FROM projects p JOIN sprints t ON t.project_id = p.id WHERE p.methodology = :m "
        "GROUP BY p.code ORDER BY count(*) DESC, p.code LIMIT 1",
        "deployments": "SELECT p.code FROM projects p JOIN deployments t ON t.project_id = p.id "
        "WHERE p.methodology = :m GROUP BY p.code ORDER BY count(*) DESC, p.code LIMIT 1",
        "work_items": "SELECT p.code FROM projects p JOIN work_items t ON t.project_id = p.id "
        "WHERE p.methodology = :m GROUP BY p.code ORDER BY count(*) DESC, p.code LIMIT 1",
    }[table]
    engine = create_engine(url)
    with engine.connect() as connection:
        code = connection.execute(text(sql), {"m": methodology}).scalar_one()
    engine.dispose()
    return str(code)


@pytest.mark.parametrize(
    ("methodology", "table", "charts", "shot"),
    [("scrum", "deployments", 9, "delivery_scrum.png"), ("devops", "deployments", 6, "delivery_devops.png")],
)
def test_sprint_and_dora_panels_render_and_screenshot(  # type: ignore[no-untyped-def]
    browser, demo_server: str, demo_sqlite_url: str, methodology: str, table: str, charts: int, shot: str
) -> None:
    """Scrum project: flow, then sprint velocity, commitment and burndown, then DORA (it ships);
    DevOps project: flow, the sprint panel's empty state, the four DORA tiles and the trend."""
    code = busiest_project(demo_sqlite_url, methodology, table)
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(f"{demo_server}/delivery?project={code}")
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}", timeout=60_000
    )
    page.wait_for_timeout(800)
    page.wait_for_selector(READY, timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    # The DORA tiles can be drawn after the charts under load (a CI run once read the page
    # before them): wait for them, then read the page.
    for label in ("Deployment frequency", "Time to restore"):
        page.get_by_text(label).first.wait_for(timeout=60_000)
    body = page.inner_text("body")
    assert "Traceback" not in body and "Sprints" in body and "DevOps (DORA)" in body
    assert "Deployment frequency" in body and "Time to restore" in body
    if methodology == "devops":
        assert "DevOps project: no sprints" in body
    else:
        assert "Velocity" in body and "committed" in body
    assert page.locator(".js-plotly-plot").count() == charts
    assert page.locator("canvas.gl-canvas").count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # The app scrolls inside its main block: grow the viewport to the content, then shoot.
    height = page.evaluate("document.querySelector('[data-testid=\"stMainBlockContainer\"]').scrollHeight")
    page.set_viewport_size({"width": 1440, "height": int(height) + 120})
    page.wait_for_timeout(1000)
    page.screenshot(path=str(SCREENSHOTS / shot), full_page=True)
    page.close()
