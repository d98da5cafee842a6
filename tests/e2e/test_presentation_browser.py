"""Presentation mode in a real browser: the step follows the buttons and the URL, the pack
downloads and opens in python-pptx with one slide per step. Writes the screenshots of
docs/screenshots/presentation-*.png and docs/steering/presentation-mode.png."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pptx import Presentation

from tests.e2e.conftest import ROOT
from tests.e2e.test_browser import READY, SCREENSHOTS, assert_no_error, open_page

pytestmark = pytest.mark.e2e

STEERING_DOCS = ROOT / "docs" / "steering"


def wait_for_title(page, title: str) -> None:  # type: ignore[no-untyped-def]
    page.locator("h1").filter(has_text=title).first.wait_for(timeout=60_000)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_timeout(800)  # charts finish drawing


def test_presentation_steps_screenshots_and_pack_download(browser, demo_server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, f"{demo_server}/presentation", width=1600, height=1000)
    wait_for_title(page, "Portfolio summary")
    page.locator(".js-plotly-plot").nth(1).wait_for(timeout=60_000)
    assert_no_error(page)
    assert "step=1" in page.url and "since=" in page.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    STEERING_DOCS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "presentation-summary.png"), full_page=True)
    page.screenshot(path=str(STEERING_DOCS / "presentation-mode.png"), full_page=True)

    page.get_by_role("button", name="Next").click()
    wait_for_title(page, "What changed since")
    page.wait_for_url(re.compile(r"step=2"), timeout=60_000)
    assert_no_error(page)
    page.screenshot(path=str(SCREENSHOTS / "presentation-changes.png"), full_page=True)

    page.get_by_role("button", name="Next").click()
    page.wait_for_url(re.compile(r"step=3"), timeout=60_000)
    page.wait_for_selector(READY, timeout=60_000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    page.wait_for_timeout(800)
    assert_no_error(page)
    project_title = page.locator("h1").first.inner_text()
    assert re.match(r"[A-Z]{3}-\d{3} · ", project_title)
    page.screenshot(path=str(SCREENSHOTS / "presentation-project.png"), full_page=True)

    sidebar = page.locator('[data-testid="stSidebar"]')
    with page.expect_download(timeout=120_000) as download:
        sidebar.get_by_role("button", name="Download the steering pack").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".pptx"
    slides = list(Presentation(str(saved)).slides)
    step_box = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"] input').first
    shown = re.match(r"3 / (\d+) · ", step_box.input_value())
    assert shown is not None and len(slides) == int(shown.group(1))
    assert slides[2].shapes.title.text == project_title
    page.close()


def test_a_link_to_a_step_opens_it(browser, demo_server: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, f"{demo_server}/presentation?step=2", width=1600, height=1000)
    wait_for_title(page, "What changed since")
    assert_no_error(page)
    page.get_by_role("button", name="Previous").click()
    wait_for_title(page, "Portfolio summary")
    page.wait_for_url(re.compile(r"step=1"), timeout=60_000)
    page.close()
