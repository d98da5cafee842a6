"""A RAG status as a small badge: colour, shape and word together (never colour alone)."""

from __future__ import annotations

import html

from dashboard.rag_style import rag_style


def rag_badge_html(status: str | None) -> str:
    """Inline HTML for st.markdown(unsafe_allow_html=True). The text contrast on the fill is
    ≥ 4.5:1 (tests/test_rag_style.py); the edge makes pale fills visible on a white page."""
    style = rag_style(status)
    word = html.escape(style.word)
    return (
        f'<span role="img" aria-label="Status: {word}" '
        f'style="background:{style.colour};color:{style.text_colour};border:1px solid {style.outline};'
        f'padding:1px 10px;border-radius:12px;font-weight:600;white-space:nowrap">'
        f'<span aria-hidden="true">{style.icon}</span> {word}</span>'
    )
