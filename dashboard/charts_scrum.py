"""Sprint and DORA figure builders for the Delivery page: DataFrame in, plotly Figure out.

Pure (no streamlit), SVG traces only (see charts_flow). Sprints are labelled by name on a
category axis so a Scrum Master reads "Sprint 21", not a date; reference lines (the
last-3 mean, the ideal burndown) say their value in words on the chart.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import _base_layout, empty_figure
from dashboard.charts_palette import NEUTRAL, SERIES
from dashboard.formatting import plural
from dashboard.rag_style import rag_style

RUNNING_COLOUR = SERIES["running"]  # the sprint still running: lighter, its total is not final
MEAN_COLOUR = SERIES["mean"]


def sprint_axis(names: pd.Series) -> tuple[list[str], str]:
    """Tick labels and axis title: "Sprint 21" names become "21" under an axis titled Sprint,
    so a dozen sprints fit without tilted, overlapping labels."""
    labels = [str(n) for n in names]
    if labels and all(n.startswith("Sprint ") for n in labels):
        return [n.removeprefix("Sprint ") for n in labels], "Sprint"
    return labels, "Sprint"


def velocity_chart(velocity: pd.DataFrame, mean_last: float, last_n: int = 3) -> go.Figure:
    """Completed points per sprint; the running sprint lighter; the mean of the last finished sprints."""
    if velocity.empty:
        return empty_figure("Velocity", "No sprint in this project yet", height=400)
    labels, axis = sprint_axis(velocity["name"])
    fig = go.Figure()
    finished = velocity["finished"].to_numpy()
    for name, mask, colour in (
        ("Finished", finished, SERIES["actual"]),
        ("Running, so far", ~finished, RUNNING_COLOUR),
    ):
        if not mask.any():
            continue
        fig.add_bar(
            x=[label for label, keep in zip(labels, mask, strict=True) if keep],
            y=velocity["completed"][mask],
            name=name,
            marker_color=colour,
            customdata=velocity["name"][mask],
            text=[f"{v:.0f}" for v in velocity["completed"][mask]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"%{{customdata}} ({name.lower()}): %{{y:.0f}} points completed<extra></extra>",
        )
    if not pd.isna(mean_last):  # a legend entry, not an annotation: it never sits on a bar
        fig.add_scatter(
            x=labels, y=[mean_last] * len(labels), mode="lines", name=f"Mean of last {last_n}: {mean_last:.1f}",
            line=dict(color=MEAN_COLOUR, dash="dot", width=2.5), hoverinfo="skip",
        )  # fmt: skip
    title = (
        f"Velocity {mean_last:.0f} points per sprint (mean of the last {last_n})"
        if not pd.isna(mean_last)
        else "No sprint finished yet"
    )
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(type="category", title_text=axis, categoryorder="array", categoryarray=labels)
    fig.update_yaxes(title_text="Points completed", rangemode="tozero")
    fig = _base_layout(fig, title, height=400)
    fig.update_layout(legend=dict(orientation="h", y=-0.2, x=0, xanchor="left", yanchor="top"))
    return fig


def commitment_chart(velocity: pd.DataFrame) -> go.Figure:
    """Committed beside completed points per sprint, completion % above the completed bar."""
    if velocity.empty:
        return empty_figure("Commitment and completion", "No sprint in this project yet", height=400)
    labels, axis = sprint_axis(velocity["name"])
    fig = go.Figure()
    fig.add_bar(
        x=labels, y=velocity["committed"], name="Committed", marker_color=SERIES["budget"],
        customdata=velocity["name"], hovertemplate="%{customdata}: %{y:.0f} points committed<extra></extra>",
    )  # fmt: skip
    fig.add_bar(
        x=labels, y=velocity["completed"], name="Completed", marker_color=SERIES["actual"],
        text=["" if pd.isna(c) else f"{c:.0%}" for c in velocity["completion"]], textposition="outside",
        textfont=dict(size=11), constraintext="none", cliponaxis=False,
        customdata=velocity["name"], hovertemplate="%{customdata}: %{y:.0f} points completed (%{text})<extra></extra>",
    )  # fmt: skip
    finished = velocity[velocity["finished"] & velocity["committed"].gt(0)]
    title = (
        f"Finished sprints delivered {finished['completed'].sum() / finished['committed'].sum():.0%} "
        "of what they committed"
        if len(finished)
        else "No finished sprint with a commitment"
    )
    fig.update_layout(barmode="group", bargap=0.2, bargroupgap=0.05)
    fig.update_xaxes(type="category", title_text=axis)
    fig.update_yaxes(title_text="Points", rangemode="tozero")
    fig = _base_layout(fig, title, height=400)
    fig.update_layout(legend=dict(orientation="h", y=-0.2, x=0, xanchor="left", yanchor="top"))
    return fig


def burndown_chart(burndown: pd.DataFrame, sprint_name: str) -> go.Figure:
    """Remaining points at the end of each day against the ideal straight line."""
    if burndown.empty:
        return empty_figure(f"{sprint_name}: burndown", "The sprint has no days to draw", height=360)
    fig = go.Figure()
    fig.add_scatter(
        x=burndown.index, y=burndown["ideal"], mode="lines", name="Ideal",
        line=dict(color=NEUTRAL, dash="dot", width=2),
        hovertemplate="%{x|%a %d %b}: ideal %{y:.0f} points left<extra></extra>",
    )  # fmt: skip
    fig.add_scatter(
        x=burndown.index, y=burndown["remaining"], mode="lines+markers", name="Remaining",
        line=dict(color=SERIES["actual"], width=3, shape="hv"), marker=dict(size=7),
        hovertemplate="%{x|%a %d %b}: %{y:.0f} points left<extra></extra>",
    )  # fmt: skip
    known = burndown["remaining"].dropna()
    if len(known):
        left, committed = known.iloc[-1], burndown["ideal"].iloc[0]
        when = "at the end" if len(known) == len(burndown) else f"after day {len(known)} of {len(burndown)}"
        title = f"{sprint_name}: {left:.0f} of {committed:.0f} committed points left {when}"
    else:
        title = f"{sprint_name}: not started"
    fig.update_xaxes(
        title_text="Sprint day", tickformat="%a %d %b", range=[burndown.index[0], burndown.index[-1]]
    )
    fig.update_yaxes(title_text="Points remaining", rangemode="tozero")
    return _base_layout(fig, title, height=360)


def deployments_trend(weekly: pd.DataFrame) -> go.Figure:
    """Deployments per week (whole weeks from the first Monday), failures stacked in red on top."""
    if weekly.empty:
        return empty_figure("Deployments per week", "No deployment recorded in this period", height=300)
    fig = go.Figure()
    fig.add_bar(
        x=weekly.index, y=weekly["deployments"] - weekly["failed"], name="Deployed",
        marker_color=SERIES["actual"],
        hovertemplate="Week of %{x|%d %b}: %{y} deployed without failure<extra></extra>",
    )  # fmt: skip
    fig.add_bar(
        x=weekly.index, y=weekly["failed"], name=f"{rag_style('red').icon} Caused a failure",
        marker_color=rag_style("red").colour, marker_pattern_shape="/", marker_pattern_fgcolor=rag_style("red").text_colour,
        hovertemplate="Week of %{x|%d %b}: %{y} caused a failure<extra></extra>",
    )  # fmt: skip
    total, failed = int(weekly["deployments"].sum()), int(weekly["failed"].sum())
    title = f"{plural(total, 'deployment')} since Mon {weekly.index[0]:%d %b}, {failed} caused a failure"
    fig.update_layout(barmode="stack")
    # Ticks on the Mondays themselves (plotly's own weekly ticks fall on Sundays).
    fig.update_xaxes(
        title_text="Week starting (Monday)", tickmode="array", tickvals=weekly.index[::2], tickformat="%d %b"
    )
    fig.update_yaxes(title_text="Deployments", rangemode="tozero")
    return _base_layout(fig, title, height=300)
