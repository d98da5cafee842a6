"""Flow figure builders for the Delivery page: DataFrame/Series in, plotly Figure out.

Pure (no streamlit). Every trace is an SVG ``go.Scatter``/``go.Bar``, never WebGL:
browsers allow only a few WebGL contexts per page (ARCHITECTURE pitfalls), so a page
with several large scatters would go blank. Percentile lines carry their value in
words ("85% within 12 days") so the chart reads without the legend.

Traces, reference lines and axis titles go into ``go.Figure(data, layout)`` at once: each
``add_hline``/``add_trace``/``update_*`` call re-validates the layout (four labelled
``add_hline`` lines cost ~60 ms a chart).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import _base_layout, empty_figure, rag_marker
from dashboard.charts_palette import NEUTRAL, PERCENTILES, SERIES, STAGES
from dashboard.formatting import duration, plural


def _unit(working_days: bool) -> str:
    return "working days" if working_days else "days"


def _percentile_lines(percentiles: pd.Series, unit: str, *, vertical: bool = False) -> dict:
    """Layout ``shapes`` and ``annotations``: one dotted line per percentile, labelled with its
    value (vertical labels stagger down). Plain dicts, what ``add_hline``/``add_vline`` with
    ``annotation_position`` "top left"/"top right" make, set once instead of re-validated per line."""
    shapes, annotations = [], []
    for i, (q, value) in enumerate(percentiles.dropna().items()):
        colour = PERCENTILES.get(round(float(q), 2), NEUTRAL)
        at = float(value)
        line = dict(type="line", line=dict(color=colour, dash="dot", width=2))
        text = f"{q:.0%}: {duration(value, unit)}"
        label = dict(text=text, font=dict(size=13), showarrow=False, xanchor="left")
        if vertical:  # label right of the line's top, staggered down
            where = dict(xref="x", yref="y domain")
            shapes.append(line | where | dict(x0=at, x1=at, y0=0, y1=1))
            annotations.append(label | where | dict(x=at, y=1, yanchor="top", yshift=-20 * i))
        else:  # label above the line's left end
            where = dict(xref="x domain", yref="y")
            shapes.append(line | where | dict(x0=0, x1=1, y0=at, y1=at))
            annotations.append(label | where | dict(x=0, y=at, yanchor="bottom", yshift=0))
    return dict(shapes=shapes, annotations=annotations) if shapes else {}


def _axes(x_title: str, y_title: str, *, x_from_zero: bool = False) -> dict:
    """Layout axis titles, the value axis from zero (what ``update_xaxes``/``update_yaxes`` set)."""
    xaxis, yaxis = dict(title=dict(text=x_title)), dict(title=dict(text=y_title))
    (xaxis if x_from_zero else yaxis)["rangemode"] = "tozero"
    return dict(xaxis=xaxis, yaxis=yaxis)


def cycle_time_scatter(
    done: pd.DataFrame, percentiles: pd.Series, *, working_days: bool = False
) -> go.Figure:
    """Each finished item at its done date and cycle time; hover names the item.

    ``done``: item_key, title, done_date, cycle_time (one row per finished item).
    """
    unit = _unit(working_days)
    if done.empty:
        return empty_figure("Cycle time", "No item finished in this period", height=400)
    points = go.Scatter(
        x=done["done_date"],
        y=done["cycle_time"],
        mode="markers",
        name="Finished item",
        marker=dict(size=8, color=SERIES["actual"], opacity=0.55, line=dict(width=0)),
        customdata=done[["item_key", "title"]].to_numpy(),
        hovertemplate=(
            "<b>%{customdata[0]}</b> %{customdata[1]}<br>done %{x|%d %b %Y} · "
            f"%{{y:.0f}} {unit}<extra></extra>"
        ),
        showlegend=False,
    )
    layout = _percentile_lines(percentiles, unit) | _axes("Done date", f"Cycle time ({unit})")
    fig = go.Figure(points, layout)
    p85 = percentiles.get(0.85, np.nan)
    title = (
        f"85% of {plural(len(done), 'item')} finished within {duration(p85, unit)}"
        if not pd.isna(p85)
        else f"{plural(len(done), 'item')} finished in this period"
    )
    return _base_layout(fig, title, height=400)


def cycle_time_histogram(
    cycle_times: pd.Series, percentiles: pd.Series, *, working_days: bool = False
) -> go.Figure:
    """How many items took each number of days, with the percentile lines."""
    unit = _unit(working_days)
    values = cycle_times.dropna()
    if values.empty:
        return empty_figure("Cycle time distribution", "No item finished in this period", height=400)
    counts = np.floor(values).astype(int).value_counts().sort_index() if len(values) else pd.Series(dtype=int)
    bars = go.Bar(
        x=counts.index,
        y=counts.to_numpy(),
        marker_color=SERIES["planned"],
        hovertemplate=f"%{{x}} {unit}: %{{y}} items finished<extra></extra>",
        showlegend=False,
    )
    axes = _axes(f"Cycle time ({unit})", "Items finished", x_from_zero=True)
    fig = go.Figure(bars, _percentile_lines(percentiles, unit, vertical=True) | axes)
    most = int(counts.idxmax()) if len(counts) else None
    title = f"Most items took {most} {unit}" if most is not None else "No item finished in this period"
    return _base_layout(fig, title, height=400)


def throughput_run_chart(weekly: pd.Series) -> go.Figure:
    """Items finished per week (weeks by their Monday), with the period's median."""
    if weekly.empty:
        return empty_figure("Throughput", "No week with finished items in this period", height=360)
    bars = go.Bar(
        x=weekly.index,
        y=weekly.to_numpy(),
        marker_color=SERIES["actual"],
        name="Items finished",
        hovertemplate="Week of %{x|%d %b %Y}: %{y} items finished<extra></extra>",
        showlegend=False,
    )
    median = float(weekly.median())
    # A legend entry, not an annotation: a label on the line would sit on the bars.
    median_line = go.Scatter(
        x=weekly.index, y=[median] * len(weekly), mode="lines", name=f"Median: {median:g} per week",
        line=dict(color=NEUTRAL, dash="dot", width=2.5), hoverinfo="skip",
    )  # fmt: skip
    title = f"{plural(int(weekly.sum()), 'item')} finished, a median of {median:g} per week"
    # showlegend here, not after _base_layout (which leaves it alone): one update fewer.
    fig = go.Figure([bars, median_line], _axes("Week starting", "Items finished") | dict(showlegend=True))
    return _base_layout(fig, title, height=360)


def cumulative_flow(cfd: pd.DataFrame, done_before: int = 0) -> go.Figure:
    """Items that reached each stage per day; the band widths are the WIP per stage.

    Counted from the start of the period (``done_before``, the items done before it, is
    subtracted from every line, which keeps the bands' widths) so the period's flow fills the chart. Drawn from
    the last stage (bottom) up, so the bands stack in board order.
    """
    stages = list(cfd.columns)
    if cfd.empty or not stages:
        return empty_figure("Cumulative flow", "No item entered the board in this period", height=420)
    base = done_before
    bands = []
    for i, stage in reversed(list(enumerate(stages))):
        colour = STAGES[min(i, len(STAGES) - 1)]
        band = go.Scatter(
            x=cfd.index,
            y=cfd[stage] - base,
            mode="lines",
            name=stage,
            line=dict(width=0.5, color=colour),
            fill="tozeroy" if i == len(stages) - 1 else "tonexty",
            fillcolor=colour,
            hovertemplate=f"{stage}: %{{y}} items by %{{x|%d %b %Y}}<extra></extra>",
        )
        bands.append(band)
    last = cfd.iloc[-1]
    in_flight = int(last.iloc[1] - last.iloc[-1]) if len(stages) > 1 else 0
    title = f"{plural(int(last.iloc[-1]) - base, 'item')} done in the period; {in_flight} under way"
    fig = _base_layout(go.Figure(bands, _axes("Date", "Items since the period start")), title, height=420)
    fig.update_layout(  # after _base_layout, whose legend placement this replaces
        legend=dict(traceorder="reversed", orientation="h", y=-0.22, x=0, xanchor="left", yanchor="top")
    )
    return fig


def ageing_wip(
    ageing: pd.DataFrame, stages: list[str], percentiles: pd.Series, *, working_days: bool = False
) -> go.Figure:
    """Age of each item in progress, by its current stage, against the cycle-time percentiles.

    An item above the 85% line is older than 85% of finished items were when they
    finished: the ones to talk about at stand-up. Colour and shape both say it.
    """
    unit = _unit(working_days)
    if ageing.empty:
        return empty_figure("Work item age", "Nothing is in progress on the as-of date", height=400)
    p50, p85 = percentiles.get(0.5, np.nan), percentiles.get(0.85, np.nan)
    bands = [
        ("Older than 85%", ageing["age"] > p85, "red"),
        ("Older than 50%", (ageing["age"] > p50) & ~(ageing["age"] > p85), "amber"),
        ("Within 50%", ~(ageing["age"] > p50), "green"),
    ]
    position = {s: i for i, s in enumerate(stages)}
    jitter = (pd.util.hash_array(ageing["item_key"].astype(str).to_numpy()) % 1000 / 1000 - 0.5) * 0.5
    traces = []
    for name, mask, status in bands:
        rows = ageing[mask.to_numpy()]
        if rows.empty:
            continue
        trace = go.Scatter(
            x=rows["stage"].map(position).to_numpy() + jitter[mask.to_numpy()],
            y=rows["age"],
            mode="markers",
            name=name,
            marker=rag_marker(status, 12),
            customdata=rows[["item_key", "title", "stage"]].to_numpy(),
            hovertemplate=f"<b>%{{customdata[0]}}</b> %{{customdata[1]}}<br>%{{customdata[2]}} · %{{y:.0f}} {unit} old<extra></extra>",
        )
        traces.append(trace)
    late = int((ageing["age"] > p85).sum()) if not pd.isna(p85) else 0
    title = f"{late} of {len(ageing)} items in progress are older than the 85th percentile"
    layout = _percentile_lines(percentiles, unit) | _axes("Current stage", f"Age ({unit})")
    layout["xaxis"].update(
        tickmode="array", tickvals=list(range(len(stages))), ticktext=stages, range=[-0.6, len(stages) - 0.4],
        showgrid=False,
    )  # fmt: skip
    return _base_layout(go.Figure(traces, layout), title, height=400)
