"""Colours of the steering page and pack, taken from the dashboard's palettes.

Nothing is defined here: status colours come from dashboard/rag_style.py and series,
text and line colours from dashboard/charts_palette.py, so a palette change reaches
the slides too. Series that are not a status never borrow a status colour.
"""

from __future__ import annotations

from dashboard.charts_palette import NEUTRAL, SERIES, TEXT
from dashboard.rag_style import RAG_ORDER, rag_label, rag_style
from dashboard.steering.model import SeriesRole

FONT_FAMILY = "Calibri"  # present in PowerPoint; LibreOffice substitutes a metric-compatible font
WHITE = "#FFFFFF"
RULE_LINE = NEUTRAL
HEADER_FILL = TEXT
HEADER_TEXT = WHITE

_ROLE_COLOURS: dict[str, str] = {
    "budget": SERIES["budget"],
    "forecast": SERIES["actual"],
    "cpi": SERIES["actual"],
    "spi": SERIES["earned"],
    "reference": NEUTRAL,
    "computed": TEXT,  # legend swatch only: each bar takes its status colour
    "reported": TEXT,
    "change": SERIES["actual"],
}
_LABEL_STATUS = {rag_label(status): status for status in RAG_ORDER}
_ICON_STATUS = {rag_style(status).icon: status for status in RAG_ORDER}


def series_colour(role: SeriesRole) -> str:
    return _ROLE_COLOURS[role]


def status_colour(status: str) -> tuple[str, str]:
    """(fill, text on that fill) of a RAG status."""
    style = rag_style(status)
    return style.colour, style.text_colour


def status_edge(status: str) -> str:
    """The edge that keeps a light status fill visible on white (the fill itself for dark ones)."""
    style = rag_style(status)
    return style.colour if style.outline.upper() == WHITE else style.outline


def status_in_label(text: str) -> str | None:
    """The RAG status a cell such as "▲ Red" (or "◆ Amber → ● Green", the last one) shows."""
    last = text.rsplit("→", 1)[-1].strip()
    return _LABEL_STATUS.get(last)


def shape_statuses(text: str) -> list[str] | None:
    """The statuses of a text made only of status shapes (a trend such as "◆▲▲"), else None."""
    if not text or any(ch not in _ICON_STATUS for ch in text):
        return None
    return [_ICON_STATUS[ch] for ch in text]
