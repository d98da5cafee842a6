"""RAG colours, shapes and words, defined once for pages, charts, theme and the slide pack.

Never colour alone: every status is drawn with its colour, its shape (``▲ ◆ ● ○``) and
its word. The fills are colour-blind safe: a dark brick red, a light amber, a mid
blue-green and a pale grey differ in lightness as well as hue, so they stay apart under
protanopia, deuteranopia and tritanopia (tests/test_rag_style.py measures CIEDE2000
distances of the Machado 2009 simulations and the WCAG contrast of each badge's text).
The red and green used until 2026 (#C0392B, #1E8449) both turned olive for a
deuteranope (ΔE2000 9.6); this palette keeps every pair ≥ 18.
"""

from __future__ import annotations

from dataclasses import dataclass

INK = "#111827"  # text on light fills; also the outline of light fills on a white page


@dataclass(frozen=True)
class RagStyle:
    word: str
    colour: str  # fill of a badge, tile, bar or marker
    text_colour: str  # text on that fill: WCAG contrast ≥ 4.5
    icon: str  # the shape, so the status reads in black and white
    outline: str = INK  # edge of a marker or bar, so light fills stand out on white (≥ 3:1)
    marker: str = "circle"  # the plotly marker symbol matching ``icon``


RAG_STYLES: dict[str, RagStyle] = {
    "red": RagStyle("Red", "#AB3415", "#FFFFFF", "▲", "#FFFFFF", "triangle-up"),
    "amber": RagStyle("Amber", "#F7B83D", INK, "◆", INK, "diamond"),
    "green": RagStyle("Green", "#3A997D", INK, "●", "#FFFFFF", "circle"),
    "grey": RagStyle("Grey", "#CAD2DB", INK, "○", "#6B7585", "circle-open"),
}
UNREPORTED = RagStyle("No report", "#5B6675", "#FFFFFF", "–", "#FFFFFF", "line-ew-open")
RAG_ORDER = ["red", "amber", "green", "grey"]


def rag_style(status: str | None) -> RagStyle:
    if status is None:
        return UNREPORTED
    return RAG_STYLES.get(str(status).lower(), UNREPORTED)


def rag_label(status: str | None) -> str:
    """``▲ Red``: shape and word, so the status reads without colour."""
    style = rag_style(status)
    return f"{style.icon} {style.word}"
