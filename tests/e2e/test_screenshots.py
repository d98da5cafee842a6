"""Every page at a laptop (1366×768) and a projector (1920×1080), light and dark theme:
no horizontal scrolling, no text too small to read, and the screenshots of the style guide
(docs/screenshots/pages/, see docs/STYLE.md).

The dark theme is the viewer's system setting (``prefers-color-scheme``), which Streamlit
follows when .streamlit/config.toml defines both [theme.light] and [theme.dark].
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ROOT
from tests.e2e.page_tour import Stop, settle, tour, visit

pytestmark = pytest.mark.e2e

PAGES_DIR = ROOT / "docs" / "screenshots" / "pages"
SIZES = ((1366, 768), (1920, 1080))
MIN_FONT_PX = 12.0  # the smallest text allowed in the main content (chart ticks included)

OVERFLOW = """() => {
  const main = document.querySelector('[data-testid="stMain"]') || document.documentElement;
  const root = document.documentElement;
  return {main: main.scrollWidth - main.clientWidth, root: root.scrollWidth - root.clientWidth};
}"""
SMALLEST_TEXT = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  let smallest = 99, where = '';
  for (const el of main.querySelectorAll('p, span, li, td, th, label, text, tspan, h1, h2, h3, div')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < smallest) { smallest = size; where = el.tagName + ': ' + el.textContent.trim().slice(0, 40); }
  }
  return {smallest, where};
}"""
CONTENT_HEIGHT = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return Math.ceil(main ? main.scrollHeight : document.documentElement.scrollHeight);
}"""


def one_stop_per_page(database_url: str) -> list[Stop]:
    """The broadest role that may open each page (the tour lists executives first)."""
    return list({stop.page.url_path: stop for stop in reversed(tour(database_url))}.values())


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_fit_both_screens_and_are_photographed(
    browser, demo_server: str, demo_sqlite_url: str, scheme: str
) -> None:  # type: ignore[no-untyped-def]
    PAGES_DIR.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for width, height in SIZES:
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
        page = context.new_page()
        for stop in one_stop_per_page(demo_sqlite_url):
            visit(page, demo_server, stop)
            name = f"{stop.page.url_path}-{width}x{height}-{scheme}"
            overflow = page.evaluate(OVERFLOW)
            if max(overflow.values()) > 0:
                problems.append(f"{name}: scrolls sideways by {overflow}")
            text = page.evaluate(SMALLEST_TEXT)
            if text["smallest"] < MIN_FONT_PX:
                problems.append(f"{name}: {text['smallest']}px text ({text['where']})")
            page.screenshot(path=str(PAGES_DIR / f"{name}.png"))
            if scheme == "light" and width == SIZES[0][0]:  # the whole page once, for the style guide
                page.set_viewport_size({"width": width, "height": min(page.evaluate(CONTENT_HEIGHT), 6000)})
                settle(page)
                page.screenshot(path=str(PAGES_DIR / f"{stop.page.url_path}-full.png"))
                page.set_viewport_size({"width": width, "height": height})
        context.close()
    assert not problems, "\n".join(problems)
