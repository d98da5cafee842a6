"""axe-core on every page, for every demo role allowed to open it, in a real browser.

No serious or critical violation may come from the app's own markup; the few that come
from Streamlit's own markup are allowed by rule id and selector (tests/e2e/axe_audit.py,
explained in docs/STYLE.md). One server, one browser, one tab per theme, reused. The
counts by impact are written to docs/accessibility/axe-after.json for the style guide.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from axe_playwright_python.sync_playwright import Axe

from dashboard.navigation import PAGES
from tests.e2e.axe_audit import ALLOWED, BLOCKING, Finding, audit, by_impact
from tests.e2e.conftest import ROOT
from tests.e2e.page_tour import tour, visit

pytestmark = pytest.mark.e2e

REPORT = ROOT / "docs" / "accessibility" / "axe-after.json"


def run_tour(browser, base_url: str, stops, scheme: str) -> list[Finding]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 768}, color_scheme=scheme)
    page = context.new_page()
    axe = Axe()
    findings: list[Finding] = []
    try:
        for stop in stops:
            visit(page, base_url, stop)
            assert page.locator('[data-testid="stException"]').count() == 0, stop.slug
            findings += audit(page, f"{scheme}:{stop.slug}", axe)
    finally:
        context.close()
    return findings


def test_no_serious_or_critical_violation_in_the_apps_markup(
    browser, demo_server: str, demo_sqlite_url: str
) -> None:  # type: ignore[no-untyped-def]
    stops = tour(demo_sqlite_url)
    toured = {stop.page.url_path for stop in stops}
    assert toured == {page.url_path for page in PAGES}, "every registered page is audited"
    assert len({stop.role for stop in stops}) == 5  # executive, pmo admin, program, project, scrum

    # Every role in the light theme; the dark theme once per page (colours are per page, not per role).
    one_per_page = list({stop.page.url_path: stop for stop in stops}.values())
    light = run_tour(browser, demo_server, stops, "light")
    dark = run_tour(browser, demo_server, one_per_page, "dark")
    findings = light + dark

    def summary(found: list[Finding], audited: int) -> dict[str, object]:
        allowed = Counter(f"{f.rule} ({f.impact})" for f in found if f.allowed)
        return {
            "pages_audited": audited,
            "all": by_impact(found),
            "apps_own_markup": by_impact([f for f in found if not f.allowed]),
            "allowed_from_streamlit": dict(sorted(allowed.items())),
            "apps_own_rules": sorted({f"{f.rule} ({f.impact})" for f in found if not f.allowed}),
        }

    REPORT.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "light, every role": summary(light, len(stops)),
        "dark, one role per page": summary(dark, len(one_per_page)),
    }
    REPORT.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    blocking = [f for f in findings if f.impact in BLOCKING and f.allowed is None]
    assert not blocking, "\n".join(f.describe() for f in blocking[:20])
    used = {a.rule for a in ALLOWED if any(f.allowed is a for f in findings)}
    assert used, "the allowlist matched nothing: Streamlit changed, review tests/e2e/axe_audit.py"
