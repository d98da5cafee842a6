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
    engine = create_engine(url)
    with engine.connect() as connection:
        code = connection.execute(
            text(
                "SELECT p.code FROM projects p JOIN work_items w ON w.project_id = p.id "
                "WHERE p.methodology = 'kanban' GROUP BY p.code ORDER BY count(*) DESC, p.code LIMIT 1"
            )
        ).scalar_one()
    engine.dispose()
    return str(code)


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
