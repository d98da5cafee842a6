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

from dashboard.charts import SERIES_COLOURS, _base_layout
from dashboard.rag_style import rag_style

PERCENTILE_COLOURS = {0.5: "#1E8449", 0.7: "#7F8FA6", 0.85: "#E6A118", 0.95: "#C0392B"}
STAGE_COLOURS = ["#D5DAE1", "#A9B8CC", "#7F8FA6", "#4F6D8F", "#2E5C8A", "#1F4E79", "#163A5A", "#0E2740"]


def _unit(working_days: bool) -> str:
    return "working days" if working_days else "days"


def _percentile_lines(fig: go.Figure, percentiles: pd.Series, unit: str, *, vertical: bool = False) -> None:
    """One dotted line per percentile, labelled with its value (vertical labels stagger down)."""
    for i, (q, value) in enumerate(percentiles.dropna().items()):
        colour = PERCENTILE_COLOURS.get(round(float(q), 2), "#8A94A6")
        label = (
            f"{q:.0%}: {value:.0f} {unit}" if float(value).is_integer() else f"{q:.0%}: {value:.1f} {unit}"
        )
        add = fig.add_vline if vertical else fig.add_hline
        add(
            float(value),
            line=dict(color=colour, dash="dot", width=2),
            annotation=dict(
                text=label,
                font=dict(size=12, color="#1B2430"),
                bgcolor="rgba(255,255,255,0.85)",
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
    fig = go.Figure()
    fig.add_scatter(
        x=done["done_date"],
        y=done["cycle_time"],
        mode="markers",
        name="Finished item",
        marker=dict(size=8, color=SERIES_COLOURS["actual"], opacity=0.55, line=dict(width=0)),
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
        f"85% of {len(done)} items finished within {p85:.0f} {unit}"
        if len(done) and not pd.isna(p85)
        else "No item finished in this period"
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
    counts = np.floor(values).astype(int).value_counts().sort_index() if len(values) else pd.Series(dtype=int)
    fig = go.Figure()
    fig.add_bar(
        x=counts.index,
        y=counts.to_numpy(),
        marker_color=SERIES_COLOURS["planned"],
        hovertemplate=f"%{{x}} {unit}: %{{y}} items<extra></extra>",
        showlegend=False,
    )
    _percentile_lines(fig, percentiles, unit, vertical=True)
    most = int(counts.idxmax()) if len(counts) else None
    title = f"Most items took {most} {unit}" if most is not None else "No item finished in this period"
    fig.update_xaxes(title_text=f"Cycle time ({unit})", rangemode="tozero")
    fig.update_yaxes(title_text="Items")
    return _base_layout(fig, title, height=400)


def throughput_run_chart(weekly: pd.Series) -> go.Figure:
    """Items finished per week (weeks by their Monday), with the period's median."""
    fig = go.Figure()
    fig.add_bar(
        x=weekly.index,
        y=weekly.to_numpy(),
        marker_color=SERIES_COLOURS["actual"],
        hovertemplate="Week of %{x|%d %b %Y}: %{y} items<extra></extra>",
        showlegend=False,
    )
    median = float(weekly.median()) if len(weekly) else float("nan")
    if not np.isnan(median):
        fig.add_hline(
            median,
            line=dict(color="#8A94A6", dash="dot", width=2),
            annotation=dict(
                text=f"median {median:g} per week", font=dict(size=12), bgcolor="rgba(255,255,255,0.85)"
            ),
            annotation_position="top right",
        )
    title = (
        f"{int(weekly.sum())} items finished, a median of {median:g} per week"
        if len(weekly)
        else "No throughput"
    )
    fig.update_xaxes(title_text="Week starting")
    fig.update_yaxes(title_text="Items finished", rangemode="tozero")
    return _base_layout(fig, title, height=360)


def cumulative_flow(cfd: pd.DataFrame, done_before: int = 0) -> go.Figure:
    """Items that reached each stage per day; the band widths are the WIP per stage.

    Counted from the start of the period (``done_before``, the items done before it, is
    subtracted from every line, which keeps the bands' widths) so the period's flow fills the chart. Drawn from
    the last stage (bottom) up, so the bands stack in board order.
    """
    fig = go.Figure()
    stages = list(cfd.columns)
    base = done_before
    for i, stage in reversed(list(enumerate(stages))):
        colour = STAGE_COLOURS[min(i, len(STAGE_COLOURS) - 1)]
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
    if len(cfd) and stages:
        last = cfd.iloc[-1]
        in_flight = int(last.iloc[1] - last.iloc[-1]) if len(stages) > 1 else 0
        title = f"{int(last.iloc[-1]) - base} items done in the period; {in_flight} under way"
    else:
        title = "No flow data"
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
    p50, p85 = percentiles.get(0.5, np.nan), percentiles.get(0.85, np.nan)
    bands = [
        ("Older than 85%", ageing["age"] > p85, "red", "triangle-up"),
        ("Older than 50%", (ageing["age"] > p50) & ~(ageing["age"] > p85), "amber", "diamond"),
        ("Within 50%", ~(ageing["age"] > p50), "green", "circle"),
    ]
    position = {s: i for i, s in enumerate(stages)}
    jitter = (pd.util.hash_array(ageing["item_key"].astype(str).to_numpy()) % 1000 / 1000 - 0.5) * 0.5
    fig = go.Figure()
    for name, mask, status, symbol in bands:
        rows = ageing[mask.to_numpy()]
        if rows.empty:
            continue
        fig.add_scatter(
            x=rows["stage"].map(position).to_numpy() + jitter[mask.to_numpy()],
            y=rows["age"],
            mode="markers",
            name=name,
            marker=dict(
                size=11, symbol=symbol, color=rag_style(status).colour, line=dict(color="white", width=1)
            ),
            customdata=rows[["item_key", "title", "stage"]].to_numpy(),
            hovertemplate=f"<b>%{{customdata[0]}}</b> %{{customdata[1]}}<br>%{{customdata[2]}} · %{{y:.0f}} {unit} old<extra></extra>",
        )
    _percentile_lines(fig, percentiles, unit)
    late = int((ageing["age"] > p85).sum()) if not pd.isna(p85) else 0
    title = (
        f"{late} of {len(ageing)} items in progress are older than the 85th percentile"
        if len(ageing)
        else "Nothing in progress"
    )
    fig.update_xaxes(
        tickmode="array", tickvals=list(range(len(stages))), ticktext=stages, range=[-0.6, len(stages) - 0.4],
        title_text="Current stage", showgrid=False,
    )  # fmt: skip
    fig.update_yaxes(title_text=f"Age ({unit})", rangemode="tozero")
    return _base_layout(fig, title, height=400)
