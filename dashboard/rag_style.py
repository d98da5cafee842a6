"""RAG colours, icons and words, defined once for pages, charts and theme.

Colour-blind-safe choices (distinct in lightness as well as hue) and never colour
alone: every status is also drawn with its icon and its word.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RagStyle:
    word: str
    colour: str
    text_colour: str
    icon: str


RAG_STYLES: dict[str, RagStyle] = {
    "red": RagStyle("Red", "#C0392B", "#FFFFFF", "▲"),
    "amber": RagStyle("Amber", "#E6A118", "#1B2430", "◆"),
    "green": RagStyle("Green", "#1E8449", "#FFFFFF", "●"),
    "grey": RagStyle("Grey", "#8A94A6", "#FFFFFF", "○"),
}
UNREPORTED = RagStyle("No report", "#D5DAE1", "#1B2430", "–")
RAG_ORDER = ["red", "amber", "green", "grey"]


def rag_style(status: str | None) -> RagStyle:
    if status is None:
        return UNREPORTED
    return RAG_STYLES.get(str(status).lower(), UNREPORTED)


def rag_label(status: str | None) -> str:
    """``▲ Red``: shape and word, so the status reads without colour."""
    style = rag_style(status)
    return f"{style.icon} {style.word}"
