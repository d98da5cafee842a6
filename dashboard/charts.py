"""Figure builders: DataFrame in, plotly Figure out. Pure: no streamlit here.

One palette and one layout for every chart, so pages look like one product.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.formatting import currency_symbol, percent
from dashboard.rag_style import RAG_ORDER, UNREPORTED, rag_label, rag_style

SERIES_COLOURS = {"planned": "#7F8FA6", "actual": "#1F4E79", "budget": "#A9B8CC"}
FONT = dict(family="Inter, Segoe UI, Helvetica, Arial, sans-serif", size=14, color="#1B2430")


def _base_layout(fig: go.Figure, title: str, *, height: int = 380) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=17)),
        font=FONT,
        height=height,
        margin=dict(l=10, r=10, t=60, b=10),
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1),
        hoverlabel=dict(font_size=13),
    )
    fig.update_xaxes(gridcolor="#E6E9EE", zerolinecolor="#C9CED6")
    fig.update_yaxes(gridcolor="#E6E9EE", zerolinecolor="#C9CED6")
    return fig


def budget_by_program(projects: pd.DataFrame, currency: str) -> go.Figure:
    """Budget at completion beside actual cost to date, one pair of bars per program."""
    totals = (
        projects.groupby("program", as_index=False)[["budget_at_completion", "actual_cost"]]
        .sum(min_count=1)
        .fillna(0.0)
        .sort_values("budget_at_completion")
    )
    symbol = currency_symbol(currency).strip()
    fig = go.Figure()
    for column, name in (("budget_at_completion", "Budget (BAC)"), ("actual_cost", "Actual cost to date")):
        fig.add_bar(
            y=totals["program"],
            x=totals[column],
            name=name,
            orientation="h",
            marker_color=SERIES_COLOURS["budget" if column == "budget_at_completion" else "actual"],
            hovertemplate=f"%{{y}}<br>{name}: {symbol}%{{x:,.0f}}<extra></extra>",
        )
    spent = totals["actual_cost"].sum() / max(totals["budget_at_completion"].sum(), 1.0)
    fig.update_layout(barmode="group")
    fig.update_xaxes(title_text=currency, tickprefix=symbol, tickformat="~s")
    title = f"{percent(spent)} of the total budget spent to date"
    return _base_layout(fig, title, height=120 + 60 * max(len(totals), 1))


def reported_status_by_program(projects: pd.DataFrame) -> go.Figure:
    """Stacked count of projects per program by latest reported overall status."""
    frame = projects.assign(status=projects["reported_rag"].fillna("none"))
    counts = frame.groupby(["program", "status"]).size().unstack(fill_value=0)
    fig = go.Figure()
    for status in [*RAG_ORDER, "none"]:
        if status not in counts.columns:
            continue
        style = rag_style(None if status == "none" else status)
        label = rag_label(None if status == "none" else status)
        fig.add_bar(
            y=counts.index,
            x=counts[status],
            name=label,
            orientation="h",
            marker_color=style.colour,
            marker_line_color="#FFFFFF",
            marker_line_width=1,
            text=[label.split(" ")[0] if v else "" for v in counts[status]],
            textposition="inside",
            insidetextfont=dict(color=style.text_colour),
            hovertemplate=f"%{{y}}<br>{label}: %{{x}} projects<extra></extra>",
        )
    red = int(counts.get("red", pd.Series(dtype=int)).sum())
    title = f"{red} project{'s' if red != 1 else ''} reported red" if red else "No project reported red"
    fig.update_layout(barmode="stack")
    fig.update_xaxes(
        title_text="Projects (latest status report)", dtick=1 if counts.values.sum() < 15 else None
    )
    return _base_layout(fig, title, height=120 + 60 * max(len(counts), 1))


def monthly_cost(monthly: pd.DataFrame, currency: str) -> go.Figure:
    """A project's planned vs actual cost per month."""
    symbol = currency_symbol(currency).strip()
    fig = go.Figure()
    fig.add_bar(
        x=monthly["month"],
        y=monthly["planned"],
        name="Planned (baseline)",
        marker_color=SERIES_COLOURS["planned"],
        hovertemplate=f"%{{x|%b %Y}}<br>Planned: {symbol}%{{y:,.0f}}<extra></extra>",
    )
    fig.add_scatter(
        x=monthly["month"],
        y=monthly["actual"],
        name="Actual",
        mode="lines+markers",
        line=dict(color=SERIES_COLOURS["actual"], width=3),
        hovertemplate=f"%{{x|%b %Y}}<br>Actual: {symbol}%{{y:,.0f}}<extra></extra>",
    )
    fig.update_yaxes(title_text=f"Cost per month ({currency})", tickprefix=symbol, tickformat="~s")
    fig.update_xaxes(title_text="Month")
    planned, actual = monthly["planned"].sum(), monthly["actual"].sum()
    title = "Monthly cost: plan vs actual"
    if planned > 0 and actual > 0:
        title = f"Actual cost to date is {percent(actual / planned)} of the whole baseline plan"
    return _base_layout(fig, title)


__all__ = ["UNREPORTED", "budget_by_program", "monthly_cost", "reported_status_by_program"]
