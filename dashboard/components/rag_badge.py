"""A RAG status as a small badge: colour, shape and word together."""

from __future__ import annotations

import html

from dashboard.rag_style import rag_style


def rag_badge_html(status: str | None) -> str:
    style = rag_style(status)
    return (
        f'<span role="img" aria-label="Status {html.escape(style.word)}" '
        f'style="background:{style.colour};color:{style.text_colour};padding:2px 10px;'
        f'border-radius:12px;font-weight:600;white-space:nowrap">'
        f"{style.icon} {html.escape(style.word)}</span>"
    )
