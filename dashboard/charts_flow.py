"""Flow figure builders for the Delivery page: DataFrame/Series in, plotly Figure out.

Pure (no streamlit). Every trace is an SVG ``go.Scatter``/``go.Bar``, never WebGL:
browsers allow only a few WebGL contexts per page (ARCHITECTURE pitfalls), so a page
with several large scatters would go blank. Percentile lines carry their value in
words ("85% within 12 days") so the chart reads without the legend.
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


def _percentile_lines(fig: go.Figure, percentiles: pd.Series, unit: str, *, vertical: bool = False) -> None:
    """One dotted line per percentile, labelled with its value (vertical labels stagger down)."""
    for i, (q, value) in enumerate(percentiles.dropna().items()):
        colour = PERCENTILES.get(round(float(q), 2), NEUTRAL)
        label = f"{q:.0%}: {duration(value, unit)}"
        add = fig.add_vline if vertical else fig.add_hline
        add(
            float(value),
            line=dict(color=colour, dash="dot", width=2),
            annotation=dict(
                text=label,
                font=dict(size=13),
                yshift=-20 * i if vertical else 0,
            ),
            annotation_position="top right" if vertical else "top left",
        )


def cycle_time_scatter(
    done: pd.DataFrame, percentiles: pd.Series, *, working_days: bool = False
) -> go.Figure:
    """Each finished item at its done date and cycle time; hover names the item.

    ``done``: item_key, title, done_date, cycle_time (one row per finished item).
    """
    unit = _unit(working_days)
    if done.empty:
        return empty_figure("Cycle time", "No item finished in this period", height=400)
    fig = go.Figure()
    fig.add_scatter(
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
    _percentile_lines(fig, percentiles, unit)
    p85 = percentiles.get(0.85, np.nan)
    title = (
        f"85% of {plural(len(done), 'item')} finished within {duration(p85, unit)}"
        if not pd.isna(p85)
        else f"{plural(len(done), 'item')} finished in this period"
    )
    fig.update_xaxes(title_text="Done date")
    fig.update_yaxes(title_text=f"Cycle time ({unit})", rangemode="tozero")
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
    fig = go.Figure()
    fig.add_bar(
        x=counts.index,
        y=counts.to_numpy(),
        marker_color=SERIES["planned"],
        hovertemplate=f"%{{x}} {unit}: %{{y}} items finished<extra></extra>",
        showlegend=False,
    )
    _percentile_lines(fig, percentiles, unit, vertical=True)
    most = int(counts.idxmax()) if len(counts) else None
    title = f"Most items took {most} {unit}" if most is not None else "No item finished in this period"
    fig.update_yaxes(title_text="Items finished")
    fig.update_xaxes(title_text=f"Cycle time ({unit})", rangemode="tozero")
    return _base_layout(fig, title, height=400)


def throughput_run_chart(weekly: pd.Series) -> go.Figure:
    """Items finished per week (weeks by their Monday), with the period's median."""
    if weekly.empty:
        return empty_figure("Throughput", "No week with finished items in this period", height=360)
    fig = go.Figure()
    fig.add_bar(
        x=weekly.index,
        y=weekly.to_numpy(),
        marker_color=SERIES["actual"],
        name="Items finished",
        hovertemplate="Week of %{x|%d %b %Y}: %{y} items finished<extra></extra>",
        showlegend=False,
    )
    median = float(weekly.median())
    # A legend entry, not an annotation: a label on the line would sit on the bars.
    fig.add_scatter(
        x=weekly.index, y=[median] * len(weekly), mode="lines", name=f"Median: {median:g} per week",
        line=dict(color=NEUTRAL, dash="dot", width=2.5), hoverinfo="skip",
    )  # fmt: skip
    title = f"{plural(int(weekly.sum()), 'item')} finished, a median of {median:g} per week"
    fig.update_xaxes(title_text="Week starting")
    fig.update_yaxes(title_text="Items finished", rangemode="tozero")
    fig = _base_layout(fig, title, height=360)
    fig.update_layout(showlegend=True)
    return fig


def cumulative_flow(cfd: pd.DataFrame, done_before: int = 0) -> go.Figure:
    """Items that reached each stage per day; the band widths are the WIP per stage.

    Counted from the start of the period (``done_before``, the items done before it, is
    subtracted from every line, which keeps the bands' widths) so the period's flow fills the chart. Drawn from
    the last stage (bottom) up, so the bands stack in board order.
    """
    stages = list(cfd.columns)
    if cfd.empty or not stages:
        return empty_figure("Cumulative flow", "No item entered the board in this period", height=420)
    fig = go.Figure()
    base = done_before
    for i, stage in reversed(list(enumerate(stages))):
        colour = STAGES[min(i, len(STAGES) - 1)]
        fig.add_scatter(
            x=cfd.index,
            y=cfd[stage] - base,
            mode="lines",
            name=stage,
            line=dict(width=0.5, color=colour),
            fill="tozeroy" if i == len(stages) - 1 else "tonexty",
            fillcolor=colour,
            hovertemplate=f"{stage}: %{{y}} items by %{{x|%d %b %Y}}<extra></extra>",
        )
    last = cfd.iloc[-1]
    in_flight = int(last.iloc[1] - last.iloc[-1]) if len(stages) > 1 else 0
    title = f"{plural(int(last.iloc[-1]) - base, 'item')} done in the period; {in_flight} under way"
    fig.update_xaxes(title_text="Date")
    fig.update_yaxes(title_text="Items since the period start", rangemode="tozero")
    fig = _base_layout(fig, title, height=420)
    fig.update_layout(
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
    fig = go.Figure()
    for name, mask, status in bands:
        rows = ageing[mask.to_numpy()]
        if rows.empty:
            continue
        fig.add_scatter(
            x=rows["stage"].map(position).to_numpy() + jitter[mask.to_numpy()],
            y=rows["age"],
            mode="markers",
            name=name,
            marker=rag_marker(status, 12),
            customdata=rows[["item_key", "title", "stage"]].to_numpy(),
            hovertemplate=f"<b>%{{customdata[0]}}</b> %{{customdata[1]}}<br>%{{customdata[2]}} · %{{y:.0f}} {unit} old<extra></extra>",
        )
    _percentile_lines(fig, percentiles, unit)
    late = int((ageing["age"] > p85).sum()) if not pd.isna(p85) else 0
    title = f"{late} of {len(ageing)} items in progress are older than the 85th percentile"
    fig.update_xaxes(
        tickmode="array", tickvals=list(range(len(stages))), ticktext=stages, range=[-0.6, len(stages) - 0.4],
        title_text="Current stage", showgrid=False,
    )  # fmt: skip
    fig.update_yaxes(title_text=f"Age ({unit})", rangemode="tozero")
    return _base_layout(fig, title, height=400)
