"""Budget page figures: burn-up, plan vs actual by cost category, CPI/SPI trend.

Pure builders (DataFrame in, plotly Figure out) on the shared palette and layout of
dashboard/charts.py. Each title states the finding, so a reader gets the point before
reading the axes; each chart has an empty state instead of a blank frame.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts import _base_layout, empty_figure, money_axis, money_hover
from dashboard.charts_palette import REFERENCE_LINE, SERIES
from dashboard.formatting import money, money_affixes, percent, ratio

EARNED_COLOUR = SERIES["earned"]  # kept for the slide pack
LEGEND_BELOW = dict(orientation="h", yanchor="top", y=-0.2, xanchor="left", x=0)


def _month_end(months: pd.Series, as_of: date) -> pd.Series:
    """Where a cumulative value belongs on a time axis: the month's last day, or the as-of date."""
    ends = pd.to_datetime(months) + pd.offsets.MonthEnd(0)
    return ends.clip(upper=pd.Timestamp(as_of))


def _number(value: Any) -> float | None:
    """A float, or None for missing values (None, NaN, NaT)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def burn_up_title(figures: dict[str, Any], currency: str) -> str:
    """E.g. "Heading for $2.2B: $120.0M (5.8%) over the $2.1B budget"."""
    bac, eac = _number(figures.get("bac")), _number(figures.get("eac"))
    if bac is None or eac is None or bac <= 0:
        return "Cumulative cost against the baseline plan"
    gap = eac - bac
    direction = "over" if gap > 0 else "under"
    return (
        f"Heading for {money(eac, currency, compact=True)}: {money(abs(gap), currency, compact=True)} "
        f"({percent(abs(gap) / bac)}) {direction} the {money(bac, currency, compact=True)} budget"
    )


def burn_up(series: pd.DataFrame, figures: dict[str, Any], as_of: date, currency: str) -> go.Figure:
    """Cumulative baseline PV over the whole plan, AC and EV to the as-of date, and the EAC
    projected as a straight line from today's AC to the planned end."""
    if series.empty or series["baseline"].fillna(0).eq(0).all() and series["ac"].isna().all():
        return empty_figure("Cumulative cost against plan", "No cost plan or actual cost by the as-of date")
    money_text = money_hover(currency)
    ends = pd.to_datetime(series["month"]) + pd.offsets.MonthEnd(0)
    known = series["month"] <= pd.Timestamp(as_of).to_period("M").to_timestamp()
    fig = go.Figure()
    fig.add_scatter(x=ends, y=series["baseline"], name="Planned value (baseline)", mode="lines",
                    line=dict(color=SERIES["planned"], width=2, shape="hv"),
                    hovertemplate=f"%{{x|%b %Y}}<br>Planned: {money_text}<extra></extra>")  # fmt: skip
    x_known = _month_end(series.loc[known, "month"], as_of)
    for column, name, colour in (("ac", "Actual cost (AC)", SERIES["actual"]),
                                 ("ev", "Earned value (EV)", EARNED_COLOUR)):  # fmt: skip
        fig.add_scatter(x=x_known, y=series.loc[known, column], name=name, mode="lines+markers",
                        line=dict(color=colour, width=3), marker=dict(size=5),
                        hovertemplate=f"%{{x|%d %b %Y}}<br>{name}: {money_text}<extra></extra>")  # fmt: skip
    ac, eac = _number(figures.get("ac")), _number(figures.get("eac"))
    end = figures.get("planned_end")
    if ac is not None and eac is not None and end is not None and not pd.isna(end):
        fig.add_scatter(x=[pd.Timestamp(as_of), max(pd.Timestamp(end), pd.Timestamp(as_of))], y=[ac, eac],
                        name="Estimate at completion (EAC)", mode="lines+markers",
                        line=dict(color=SERIES["actual"], width=2, dash="dash"), marker=dict(size=8),
                        hovertemplate=f"%{{x|%d %b %Y}}<br>Projected (EAC): {money_text}<extra></extra>")  # fmt: skip
    bac = _number(figures.get("bac"))
    if bac is not None:
        fig.add_hline(y=bac, line=REFERENCE_LINE, annotation_text=f"Budget {money(bac, currency, compact=True)}",
                      annotation_position="top left")  # fmt: skip
    fig.add_vline(x=pd.Timestamp(as_of).timestamp() * 1000, line=REFERENCE_LINE)
    money_axis(fig, "Cumulative cost", currency)
    fig.update_xaxes(title_text="Month end (dotted line: as of)")
    fig = _base_layout(fig, burn_up_title(figures, currency), height=460)
    fig.update_layout(legend=LEGEND_BELOW)
    return fig


def _category_title(categories: pd.DataFrame) -> str:
    """The category furthest from its plan to date, in percent."""
    to_date = categories[categories["actual"].notna()].groupby("category")[["planned", "actual"]].sum()
    to_date = to_date[to_date["planned"] > 0]
    if to_date.empty:
        return "Monthly cost by category: plan vs actual"
    deviation = to_date["actual"] / to_date["planned"] - 1
    worst = deviation.abs().idxmax()
    direction = "over" if deviation[worst] > 0 else "under"
    return f"{str(worst).capitalize()} is {percent(abs(deviation[worst]))} {direction} plan to date"


def category_plan_vs_actual(categories: pd.DataFrame, currency: str) -> go.Figure:
    """Small multiples, one per cost category: planned cost per month as bars, actual as a line."""
    if categories.empty or categories["actual"].notna().sum() == 0 and categories["planned"].sum() == 0:
        return empty_figure("Monthly cost by category", "No planned or actual cost in this selection")
    money_text = money_hover(currency)
    names = sorted(categories["category"].unique())
    columns = 2 if len(names) > 1 else 1
    rows = math.ceil(len(names) / columns)
    fig = make_subplots(rows=rows, cols=columns, shared_xaxes=True, vertical_spacing=0.14,
                        horizontal_spacing=0.14, subplot_titles=[n.capitalize() for n in names])  # fmt: skip
    for i, name in enumerate(names):
        part = categories[categories["category"] == name]
        where = dict(row=i // columns + 1, col=i % columns + 1)
        fig.add_bar(x=part["month"], y=part["planned"], name="Planned", legendgroup="planned",
                    showlegend=i == 0, marker_color=SERIES["planned"],
                    hovertemplate=f"%{{x|%b %Y}}<br>{name} planned: {money_text}<extra></extra>", **where)  # fmt: skip
        fig.add_scatter(x=part["month"], y=part["actual"], name="Actual", legendgroup="actual",
                        showlegend=i == 0, mode="lines+markers", line=dict(color=SERIES["actual"], width=2),
                        marker=dict(size=4),
                        hovertemplate=f"%{{x|%b %Y}}<br>{name} actual: {money_text}<extra></extra>", **where)  # fmt: skip
        money_axis(fig, "Per month" if i % columns == 0 else "", currency, **where)
    fig.update_xaxes(title_text="Month", row=rows)
    fig = _base_layout(fig, _category_title(categories), height=240 + 230 * rows)
    fig.update_layout(legend=dict(LEGEND_BELOW, y=-0.12), margin=dict(l=10, r=10, t=70, b=10))
    return fig


def money_text_of(value: float, currency: str) -> str:
    """``$0.87``: an amount in cents, for "every $1 buys $0.87"."""
    prefix, suffix = money_affixes(currency)
    return f"{prefix}{ratio(value)}{suffix}"


def performance_title(cpi: float | None, spi: float | None, currency: str) -> str:
    """E.g. "CPI 0.87: every $1 spent buys $0.87 of planned work · SPI 0.95"."""
    if cpi is None:
        return "Cost and schedule performance (CPI, SPI)"
    one, worth = money(1, currency), money_text_of(cpi, currency)
    finding = f"CPI {ratio(cpi)}: every {one} spent buys {worth} of planned work"
    return finding + (f" · SPI {ratio(spi)}" if spi is not None else "")


def performance_trend(series: pd.DataFrame, as_of: date, currency: str) -> go.Figure:
    """CPI and SPI at each month end to the as-of date, against the 1.0 line (on plan)."""
    known = series.dropna(subset=["cpi", "spi"], how="all") if len(series) else series
    if known.empty:
        return empty_figure("Cost and schedule performance", "No progress reported by the as-of date")
    x = _month_end(known["month"], as_of)
    fig = go.Figure()
    for column, name, colour in (("cpi", "CPI (EV ÷ AC)", SERIES["actual"]),
                                 ("spi", "SPI (EV ÷ PV)", EARNED_COLOUR)):  # fmt: skip
        fig.add_scatter(x=x, y=known[column], name=name, mode="lines+markers", line=dict(color=colour, width=3),
                        hovertemplate=f"%{{x|%d %b %Y}}<br>{name}: %{{y:.2f}}<extra></extra>")  # fmt: skip
    fig.add_hline(
        y=1.0, line=REFERENCE_LINE, annotation_text="1.0 = on plan", annotation_position="bottom right"
    )
    fig.update_yaxes(title_text="Index (1.00 = on plan)", tickformat=".2f")
    fig.update_xaxes(title_text="Month end")
    last = known.iloc[-1]
    fig = _base_layout(
        fig, performance_title(_number(last["cpi"]), _number(last["spi"]), currency), height=460
    )
    fig.update_layout(legend=LEGEND_BELOW)
    return fig
