"""The palettes are colour-blind safe and readable, measured rather than assumed.

Colour-vision deficiencies are simulated with Machado, Oliveira & Fernandes (2009) at
full severity (coloraide's implementation); distances are CIEDE2000. A ΔE2000 of about
10 is "noticeably different side by side" and about 20 "clearly different at a glance".
"""

from __future__ import annotations

import tomllib
from itertools import combinations
from pathlib import Path

import pytest
from coloraide import Color

from dashboard.charts_palette import CATEGORICAL, NEUTRAL, SERIES
from dashboard.rag_style import RAG_ORDER, RAG_STYLES, UNREPORTED, rag_style

ROOT = Path(__file__).resolve().parents[1]
VISION = ("normal", "protan", "deutan", "tritan")
STATUS_MIN_DELTA_E = 20.0  # every pair of Red / Amber / Green / Grey, in every vision
NO_REPORT_MIN_DELTA_E = 15.0  # "No report" against each status
WHITE, DARK_BACKGROUND = "#FFFFFF", "#0E1117"


def seen(colour: str, vision: str) -> Color:
    if vision == "normal":
        return Color(colour)
    return Color(colour).filter(vision, method="machado").convert("srgb").clip()


def delta_e(a: str, b: str, vision: str) -> float:
    return float(seen(a, vision).delta_e(seen(b, vision), method="2000"))


def test_the_simulation_reproduces_the_known_finding_about_the_old_palette() -> None:
    """Independent anchor: the old red and green both became olive for a deuteranope."""
    assert seen("#C0392B", "deutan").to_string(hex=True) == "#827525"
    assert seen("#1E8449", "deutan").to_string(hex=True) == "#78704d"
    assert delta_e("#C0392B", "#1E8449", "deutan") < 10


@pytest.mark.parametrize("vision", VISION)
@pytest.mark.parametrize(("first", "second"), list(combinations(RAG_ORDER, 2)))
def test_every_pair_of_statuses_stays_apart(first: str, second: str, vision: str) -> None:
    distance = delta_e(RAG_STYLES[first].colour, RAG_STYLES[second].colour, vision)
    assert distance >= STATUS_MIN_DELTA_E, f"{first} vs {second} ({vision}): ΔE2000 {distance:.1f}"


@pytest.mark.parametrize("vision", VISION)
@pytest.mark.parametrize("status", RAG_ORDER)
def test_no_report_stays_apart_from_every_status(status: str, vision: str) -> None:
    distance = delta_e(UNREPORTED.colour, RAG_STYLES[status].colour, vision)
    assert distance >= NO_REPORT_MIN_DELTA_E, f"no report vs {status} ({vision}): ΔE2000 {distance:.1f}"


def test_red_and_green_differ_in_lightness_too() -> None:
    """Lightness survives every deficiency and a greyscale print."""
    lightness = {s: Color(RAG_STYLES[s].colour).convert("lab-d65")["lightness"] for s in RAG_ORDER}
    assert lightness["green"] - lightness["red"] >= 15
    assert lightness["amber"] - lightness["green"] >= 15


@pytest.mark.parametrize("status", [*RAG_ORDER, None])
def test_badge_text_has_wcag_contrast(status: str | None) -> None:
    style = rag_style(status)
    assert Color(style.text_colour).contrast(style.colour) >= 4.5


@pytest.mark.parametrize("status", [*RAG_ORDER, None])
def test_markers_stand_out_on_a_white_page(status: str | None) -> None:
    """WCAG 1.4.11 (graphics 3:1): the fill, or the outline drawn around light fills."""
    style = rag_style(status)
    best = max(Color(style.colour).contrast(WHITE), Color(style.outline).contrast(WHITE))
    assert best >= 3.0


def test_every_status_has_its_own_shape_word_and_marker() -> None:
    styles = [*RAG_STYLES.values(), UNREPORTED]
    for attribute in ("icon", "word", "marker", "colour"):
        values = [getattr(s, attribute) for s in styles]
        assert len(set(values)) == len(values), attribute


@pytest.mark.parametrize("vision", VISION)
def test_chart_palette_neighbours_stay_apart(vision: str) -> None:
    """Okabe–Ito: series drawn side by side (the first six, in order) stay distinguishable."""
    for a, b in combinations(CATEGORICAL[:6], 2):
        assert delta_e(a, b, vision) >= 8, (a, b, vision)
    # The burn-up draws planned, actual and earned value together.
    assert delta_e(SERIES["actual"], SERIES["earned"], vision) >= 25
    assert delta_e(SERIES["actual"], SERIES["planned"], vision) >= 15
    assert delta_e(SERIES["earned"], SERIES["planned"], vision) >= 25
    for status in ("red", "amber", "green"):  # a series is never mistaken for a status
        assert delta_e(SERIES["earned"], RAG_STYLES[status].colour, vision) >= 15


@pytest.mark.parametrize("background", [WHITE, DARK_BACKGROUND])
def test_series_and_reference_lines_read_on_both_themes(background: str) -> None:
    for colour in (SERIES["actual"], SERIES["earned"], NEUTRAL):
        assert Color(colour).contrast(background) >= 3.0, (colour, background)


def theme() -> dict:  # type: ignore[type-arg]
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]


def test_streamlit_theme_uses_the_chart_palette() -> None:
    assert [c.upper() for c in theme()["chartCategoricalColors"]] == [c.upper() for c in CATEGORICAL]


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_theme_text_and_captions_have_wcag_contrast(mode: str) -> None:
    """Streamlit draws captions in the text colour at 60% opacity: on the page and on the
    sidebar (secondary background) both must keep 4.5:1."""
    colours = theme()[mode]
    text = Color(colours["textColor"])
    for background in (colours["backgroundColor"], colours["secondaryBackgroundColor"]):
        caption = Color.mix(Color(background), text, 0.6, space="srgb")
        assert text.contrast(background) >= 7.0, (mode, background)
        assert caption.contrast(background) >= 4.5, (mode, background, caption.to_string(hex=True))
    assert Color(colours["primaryColor"]).contrast(colours["backgroundColor"]) >= 4.5


def test_badge_says_the_word_behind_its_shape() -> None:
    from dashboard.components.rag_badge import rag_badge_html

    badge = rag_badge_html("amber")
    assert 'aria-label="Status: Amber"' in badge
    assert '<span aria-hidden="true">◆</span> Amber' in badge
    assert "background:#F7B83D;color:#111827" in badge
    assert "No report" in rag_badge_html(None)
