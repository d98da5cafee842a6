"""Computed status cards: badge, the rule that fired, and the inputs and thresholds behind it."""

from __future__ import annotations

import streamlit as st

from dashboard.components.rag_badge import rag_badge_html
from dashboard.formatting import day, number
from dashboard.metrics.rag import ProjectRag, RagStatus


def _render_card(title: str, status: RagStatus) -> None:
    st.markdown(f"**{title}** {rag_badge_html(status.colour.value)}", unsafe_allow_html=True)
    st.caption(status.rule)
    with st.expander("How is this computed?"):
        inputs = {k: v for k, v in status.explanation.inputs.items() if v is not None}
        if inputs:
            st.markdown("\n".join(f"- `{k}`: {_show(v)}" for k, v in inputs.items()))
        for used in status.explanation.thresholds:
            st.markdown(f"- threshold `{used.name}` = {used.value:g} (from {used.source})")
        for flag in status.flags:
            st.markdown(f"- ⚑ {flag}")
        st.caption(f"As of {day(status.explanation.as_of)}; rules in METRICS.md (RAG section).")


def _show(value: object) -> str:
    """Amounts with separators; small inputs (CPI 0.953) with the third decimal a threshold needs."""
    if isinstance(value, float):
        return number(value, 2 if abs(value) >= 100 else 3)
    return str(value)


def render_status_cards(rag: ProjectRag) -> None:
    columns = st.columns(4)
    for column, (title, status) in zip(
        columns,
        (("Overall", rag.overall), ("Schedule", rag.schedule), ("Budget", rag.budget), ("Risk", rag.risk)),
        strict=True,
    ):
        with column:
            _render_card(title, status)
