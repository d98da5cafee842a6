"""One presentation step on screen: large KPI tiles, charts, tables and notes.

The step is the same object the pack draws as a slide (dashboard/steering/model.py);
type is enlarged by CSS scoped to the presentation container only, so no other page
changes.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from dashboard.steering import palette
from dashboard.steering.figures import chart_figure
from dashboard.steering.model import KpiText, Step, Table

CONTAINER_KEY = "presentation"
LEAD_IN_CHARS = 60
SHORT_CELL = 14
_SCOPE = f".st-key-{CONTAINER_KEY}"
PRESENTATION_CSS = f"""
<style>
{_SCOPE} p, {_SCOPE} li {{ font-size: 1.3rem; line-height: 1.45; }}
{_SCOPE} h1 {{ font-size: 2.8rem; padding-top: 0.4rem; }}
{_SCOPE} h3 {{ font-size: 1.45rem; }}
{_SCOPE} table {{ font-size: 1.15rem; }}
{_SCOPE} [data-testid="stTable"] td div, {_SCOPE} [data-testid="stTable"] td p {{ white-space: inherit; }}
{_SCOPE} [data-testid="stCaptionContainer"] p {{ font-size: 1.15rem; }}
{_SCOPE} .kpi-label {{ font-size: 1.05rem; margin: 0; }}
{_SCOPE} .kpi-value {{ font-size: 2.3rem; font-weight: 700; line-height: 1.15; margin: 0.2rem 0; }}
{_SCOPE} .kpi-trend {{ font-size: 1.5rem; letter-spacing: 0.08em; white-space: nowrap; padding: 0.45rem 0; }}
{_SCOPE} .kpi-note {{ font-size: 0.95rem; margin: 0; opacity: 0.75; min-height: 1.2em; }}
</style>
"""


def _cell_style(value: object) -> str:
    """A status cell in its colours; short cells (codes, dates, numbers) kept on one line."""
    text = str(value)
    status = palette.status_in_label(text)
    if status is None:
        return f"white-space: {'nowrap' if len(text) <= SHORT_CELL else 'normal'}"
    fill, colour = palette.status_colour(status)
    return f"background-color: {fill}; color: {colour}; font-weight: 600; white-space: nowrap"


def render_table(table: Table) -> None:
    st.subheader(table.heading)
    if not table.rows:
        st.info(table.empty, icon=":material/check_circle:")
        return
    frame = pd.DataFrame(list(table.rows), columns=list(table.columns))
    st.table(frame.style.map(_cell_style).hide(axis="index"))


def _value_html(value: str) -> str:
    """The KPI value; a trend of status shapes gets each shape in its status colour."""
    statuses = palette.shape_statuses(value)
    if statuses is None:
        return html.escape(value)
    return "".join(
        f'<span style="color:{palette.status_edge(status)}">{ch}</span>'
        for ch, status in zip(value, statuses, strict=True)
    )


def render_kpis(kpis: tuple[KpiText, ...]) -> None:
    for column, kpi in zip(st.columns(len(kpis)), kpis, strict=True):
        trend = " kpi-trend" if palette.shape_statuses(kpi.value) else ""
        column.container(border=True).markdown(
            f'<p class="kpi-label">{html.escape(kpi.label)}</p>'
            f'<p class="kpi-value{trend}">{_value_html(kpi.value)}</p>'
            f'<p class="kpi-note">{html.escape(kpi.note) or "&nbsp;"}</p>',
            unsafe_allow_html=True,
        )


def _charts(step: Step) -> None:
    for index, chart in enumerate(step.charts):
        st.subheader(chart.title)
        st.plotly_chart(chart_figure(chart), key=f"step_chart_{index}", width="stretch")


def _notes(step: Step) -> None:
    for note in step.notes:
        text = note.replace("$", "\\$")  # a pair of dollars would start LaTeX in markdown
        lead, colon, rest = text.partition(": ")
        st.markdown(f"**{lead}:** {rest}" if colon and len(lead) <= LEAD_IN_CHARS else text)


def render_step(step: Step) -> None:
    """Title, subtitle, KPI tiles; then tables left and charts right, as on the slide."""
    st.title(step.title)
    st.caption(step.subtitle)
    if step.kpis:
        render_kpis(step.kpis)
    if step.tables and step.charts:
        left, right = st.columns([1.1, 1], gap="large")
        with left:
            for table in step.tables:
                render_table(table)
        with right:
            _charts(step)
            _notes(step)
        return
    if step.charts:
        for index, (column, chart) in enumerate(
            zip(st.columns(len(step.charts), gap="large"), step.charts, strict=True)
        ):
            with column:
                st.subheader(chart.title)
                st.plotly_chart(chart_figure(chart), key=f"step_chart_{index}", width="stretch")
    for table in step.tables:
        render_table(table)
    _notes(step)


def presentation_container():  # type: ignore[no-untyped-def]
    """The container whose key scopes the large-type CSS."""
    st.markdown(PRESENTATION_CSS, unsafe_allow_html=True)
    return st.container(key=CONTAINER_KEY)
