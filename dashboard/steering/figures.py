"""The presentation page's charts: the pack's Chart objects drawn with plotly.

Pure (Chart in, Figure out), on the dashboard's layout and the same colours as the
slides. The title is left to the page (large type, wraps like text); value labels are
written by dashboard/formatting.py, so they read like the rest of the app.
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.charts import _base_layout
from dashboard.formatting import money, money_affixes, ratio
from dashboard.steering import palette
from dashboard.steering.model import Chart, Series

PRESENTATION_FONT_SIZE = 17
LABEL_ROOM = 1.18  # the value axis reaches this far past the longest bar, so its label fits


def value_label(chart: Chart, value: float | None) -> str:
    """A bar's label: a count, an index, or compact money (signed for changes)."""
    if value is None:
        return ""
    if chart.value_kind == "count":
        return f"{value:,.0f}"
    if chart.value_kind == "index":
        return ratio(value)
    text = money(value, chart.currency, compact=True)
    return ("+" + text) if chart.value_kind == "money_change" and value > 0 else text


def _bar(chart: Chart, series: Series, horizontal: bool) -> go.Bar:
    values = list(series.values)
    categories = list(chart.categories)
    statuses = series.point_statuses
    marker: dict[str, object] = {
        "color": [palette.status_colour(s)[0] for s in statuses]
        if statuses
        else palette.series_colour(series.role)
    }
    if statuses:
        marker["line"] = dict(color=[palette.status_edge(s) for s in statuses], width=1.5)
    if series.role == "reported":
        marker["pattern"] = dict(shape="/", fillmode="overlay", fgcolor="white", size=8)
    return go.Bar(
        name=series.name,
        x=values if horizontal else categories,
        y=categories if horizontal else values,
        orientation="h" if horizontal else "v",
        marker=marker,
        text=[value_label(chart, v) for v in values],
        textposition="outside",
        cliponaxis=False,
        hoverinfo="skip",
    )


def _line(series: Series, categories: list[str]) -> go.Scatter:
    reference = series.role == "reference"
    return go.Scatter(
        x=categories,
        y=list(series.values),
        name=series.name,
        mode="lines" if reference else "lines+markers",
        line=dict(
            color=palette.series_colour(series.role),
            width=2 if reference else 4,
            dash="dash" if reference else None,
        ),
        marker=dict(size=9),
        hovertemplate="%{x}: %{y:.2f}<extra>" + series.name + "</extra>",
    )


def chart_figure(chart: Chart, *, height: int = 430) -> go.Figure:
    """A column, bar or line chart of the step; reported figures hatched, as on the slide."""
    fig = go.Figure()
    for series in chart.series:
        if chart.kind == "line":
            fig.add_trace(_line(series, list(chart.categories)))
        else:
            fig.add_trace(_bar(chart, series, horizontal=chart.kind == "bar"))
    fig = _base_layout(fig, "", height=height)
    fig.update_layout(
        font=dict(size=PRESENTATION_FONT_SIZE),
        barmode="group",
        showlegend=len(chart.series) > 1,
        legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0),
        margin=dict(l=10, r=30, t=20, b=10),
    )
    value_axis = fig.update_xaxes if chart.kind == "bar" else fig.update_yaxes
    values = [v for s in chart.series for v in s.values if v is not None] + [0.0]
    if chart.kind != "line":
        value_axis(range=[min(values) * LABEL_ROOM, max(values) * LABEL_ROOM])
    if chart.value_kind == "money_change":  # the bars carry signed labels; "$−1M" ticks would only confuse
        value_axis(showticklabels=False)
    elif chart.value_kind == "money":
        prefix, suffix = money_affixes(chart.currency)
        value_axis(tickprefix=prefix, ticksuffix=suffix, exponentformat="B")
    elif chart.value_kind == "index":
        value_axis(tickformat=".2f")
    return fig
