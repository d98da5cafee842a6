"""End-to-end in a real browser: pages render, links round-trip, no legacy pages.

Also writes the README's screenshots to docs/screenshots/.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from data_access.vocabulary import Role
from tests.conftest import SEED_TODAY
from tests.e2e.conftest import ROOT
from tests.test_app import demo_user_for

pytestmark = pytest.mark.e2e

SCREENSHOTS = ROOT / "docs" / "screenshots"
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def open_page(browser, url: str, *, width: int = 1440, height: int = 900):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_timeout(800)  # let charts finish their first draw
    page.wait_for_selector(READY, timeout=60_000)
    return page


def assert_no_error(page) -> None:  # type: ignore[no-untyped-def]
    assert page.locator('[data-testid="stException"]').count() == 0
    body = page.inner_text("body")
    assert "Traceback" not in body


def test_overview_renders_with_kpis_equal_to_sql(browser, demo_server: str, demo_sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, f"{demo_server}/overview", height=2200)
    page.wait_for_selector('[data-testid="stMetric"]')
    page.wait_for_selector(".js-plotly-plot")
    assert_no_error(page)
    engine = create_engine(demo_sqlite_url)
    with engine.connect() as connection:
        started = connection.execute(
            text(
                "SELECT count(*) FROM projects WHERE start_date <= (SELECT value FROM dataset_info WHERE key = 'generated_on')"
            )
        ).scalar_one()
    projects_tile = page.locator('[data-testid="stMetric"]').filter(has_text="Projects").first
    assert f"{started:,}" in projects_tile.inner_text()
    assert "Demo data" in page.inner_text("body")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "portfolio_overview.png"), full_page=True)
    page.close()


def test_a_program_link_round_trips(browser, demo_server: str, demo_sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    engine = create_engine(demo_sqlite_url)
    with engine.connect() as connection:
        code, name = connection.execute(text("SELECT code, name FROM programs ORDER BY code LIMIT 1")).one()
    page = open_page(browser, f"{demo_server}/?program={code}")
    page.wait_for_selector('[data-testid="stMetric"]')
    assert_no_error(page)
    # The home page redirects to the landing page, which redraws the sidebar: wait for the
    # chosen program's chip rather than reading the sidebar at the first metric.
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(name, timeout=20_000)
    assert f"program={code}" in page.url
    page.close()


def test_project_page_renders(browser, demo_server: str, demo_sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    engine = create_engine(demo_sqlite_url)
    with engine.connect() as connection:
        code, name = connection.execute(
            text(
                "SELECT p.code, p.name FROM projects p JOIN status_reports r ON r.project_id = p.id ORDER BY p.code LIMIT 1"
            )
        ).one()
    page = open_page(browser, f"{demo_server}/project?project={code}", height=1400)
    page.wait_for_selector("h1")
    assert_no_error(page)
    assert name in page.locator("h1").first.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "project.png"), full_page=True)
    page.get_by_role("tab", name="Cost").click()
    page.locator(".js-plotly-plot").locator("visible=true").first.wait_for()
    page.screenshot(path=str(SCREENSHOTS / "project_cost.png"), full_page=True)
    page.close()


def test_an_unregistered_page_path_is_not_served_on_a_cold_server(
    browser, tmp_path: Path, demo_sqlite_url: str
) -> None:  # type: ignore[no-untyped-def]
    from tests.e2e.conftest import start_server, wait_for_health

    process, base_url = start_server({"PORTFOLIO_DATABASE_URL": demo_sqlite_url}, tmp_path / "cold.log")
    try:
        wait_for_health(base_url)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{base_url}/portfolio_overview")  # the legacy auto-discovered name
        # Watch for the dialog from the moment the page loads instead of reading the page once
        # it has settled: one CI run did not find it in the settled page (not reproduced in
        # twenty local runs, with and without load; a later rerun closing it would explain it).
        page.get_by_text("Page not found").first.wait_for(timeout=60_000)
        page.wait_for_selector(READY, timeout=60_000)
        assert_no_error(page)
        page.close()
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_a_heatmap_click_filters_the_project_list(browser, demo_server: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, f"{demo_server}/overview", height=1600)
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point")
    caption = page.get_by_text("projects · select a row")
    total = caption.inner_text().split(" of ")[1].split(" ")[0]
    plot = page.locator(".js-plotly-plot").first
    points = plot.locator(".scatterlayer .point")
    assert points.count() >= 4
    # The second tile of the first row drawn: one program's budget tile.
    points.nth(1).click(force=True)
    # Wait for the rerun's result itself, not a fixed delay (flaky under load).
    # (The heatmap's own caption also says "not green": match the list's count line.)
    page.get_by_text(re.compile(r"\d+ of \d+ projects · .*not green")).first.wait_for(timeout=60_000)
    page.wait_for_selector(READY, timeout=60_000)
    filtered = page.get_by_text("projects ·").first.inner_text()
    assert "not green" in filtered
    shown = int(filtered.split(" of ")[0])
    assert shown < int(total)
    assert_no_error(page)
    page.close()


def test_what_changed_page_renders(browser, demo_server: str) -> None:  # type: ignore[no-untyped-def]
    since = SEED_TODAY - timedelta(days=57)
    page = open_page(browser, f"{demo_server}/changes?since={since.isoformat()}", height=1800)
    page.wait_for_selector('[data-testid="stMetric"]')
    assert_no_error(page)
    assert f"From {since.strftime('%d %b %Y')}" in page.inner_text("body")
    page.screenshot(path=str(SCREENSHOTS / "what_changed.png"), full_page=True)
    page.close()


def test_budget_page_renders(browser, demo_server: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, f"{demo_server}/budget", height=3400)
    # Generous waits: under a loaded CI machine the third chart can take longer than
    # Playwright's default 30 s (a failure seen once in a clean-clone run).
    page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
    page.locator(".js-plotly-plot").nth(2).wait_for(timeout=60_000)
    page.locator('[data-testid="stDataFrame"]').last.wait_for(timeout=60_000)
    page.wait_for_selector(READY, timeout=60_000)
    assert_no_error(page)
    body = page.inner_text("body")
    assert "Budget and earned value" in body and "None" not in body
    page.screenshot(path=str(SCREENSHOTS / "budget.png"), full_page=True)
    page.close()


@pytest.mark.parametrize(
    ("role", "landing", "marker"),
    [
        ("executive", "overview", "Portfolio overview"),
        ("program manager", "program", "Program"),
        ("project manager", "my-projects", "My projects"),
        ("scrum master", "delivery", "Delivery"),
    ],
)
def test_each_role_lands_on_its_page(
    browser, demo_server: str, demo_sqlite_url: str, role: str, landing: str, marker: str
) -> None:  # type: ignore[no-untyped-def]
    username = demo_user_for(demo_sqlite_url, Role(role))
    page = open_page(browser, f"{demo_server}/?demo_user={username}", height=1800)
    page.wait_for_url(f"**/{landing}?**", timeout=60_000)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_timeout(800)
    assert_no_error(page)
    assert marker in page.locator("h1").first.inner_text()
    assert f"demo_user={username}" in page.url
    page.screenshot(path=str(SCREENSHOTS / f"landing_{role.replace(' ', '_')}.png"), full_page=True)
    page.close()
