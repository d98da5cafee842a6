"""Figure builders: DataFrame in, plotly Figure out. Pure: no streamlit here.

One palette and one layout for every chart, so pages look like one product. Each chart
stands alone (docs/STYLE.md): a title that states the finding, axes named with their
unit, hover text naming the item and its values, a legend only when there is more than
one series, and an empty state that says why instead of a blank frame. Backgrounds and
text colour are left to the Streamlit theme, so the same figure reads in light and dark.
"""

from __future__ import annotations

import textwrap
from collections import Counter, defaultdict
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts_palette import CLICK_TARGET, GRID, NEUTRAL, REFERENCE_LINE, SERIES, TEXT, TRANSPARENT
from dashboard.formatting import money_affixes, number_locale, percent, plural
from dashboard.metrics.milestones import expected_dates, slip_days
from dashboard.rag_style import RAG_ORDER, rag_label, rag_style

SERIES_COLOURS = {key: SERIES[key] for key in ("planned", "actual", "budget")}  # kept for the slide pack
FONT = dict(family="Inter, Segoe UI, Helvetica, Arial, sans-serif", size=14, color=TEXT)
TITLE_SIZE = 18


TITLE_WRAP = 56  # characters: a half-width chart on a 1366 px screen holds about that many


def wrap_title(title: str, width: int = TITLE_WRAP) -> str:
    """Long findings on two lines rather than cut off at the chart's edge."""
    if len(title) <= width or "<br>" in title:
        return title
    return "<br>".join(textwrap.wrap(title, width=width, break_long_words=False))


AXIS = dict(gridcolor=GRID, zerolinecolor=GRID, automargin=True)


def base_layout(title: str, *, height: int = 380) -> dict[str, Any]:
    """Title, fonts, locale separators, margins and legend placement shared by every chart,
    as a layout dict (``xaxis``/``yaxis`` included), for a figure built in one construction.
    The title hangs from the top of the frame, so charts side by side line their titles up."""
    text = wrap_title(title)
    lines = text.count("<br>")
    extra = 24 * lines
    # Plotly lifts a multi-line title by about half a line per extra line: pad it back down.
    return dict(
        title=dict(
            text=text,
            x=0,
            xanchor="left",
            y=1,
            yref="container",
            yanchor="top",
            pad=dict(t=10 + 12 * lines, l=4),
            font=dict(size=TITLE_SIZE),
        ),  # fmt: skip
        font=dict(family=FONT["family"], size=FONT["size"]),
        separators=number_locale().plotly_separators,
        height=height + extra,
        margin=dict(l=10, r=10, t=64 + extra, b=10),
        plot_bgcolor=TRANSPARENT,
        paper_bgcolor=TRANSPARENT,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1),
        hoverlabel=dict(font_size=14),
        xaxis=dict(AXIS),
        yaxis=dict(AXIS),
    )


def _base_layout(fig: go.Figure, title: str, *, height: int = 380) -> go.Figure:
    """``base_layout`` applied to a figure already built (every x and y axis of it)."""
    layout = base_layout(title, height=height)
    xaxis, yaxis = layout.pop("xaxis"), layout.pop("yaxis")
    fig.update_layout(layout)
    fig.update_xaxes(xaxis)
    fig.update_yaxes(yaxis)
    return fig


def reference_lines(x: float | None = None, y: float | None = None) -> list[dict[str, Any]]:
    """Dotted lines across the plot at ``x`` and / or ``y``: what ``add_vline`` and
    ``add_hline`` draw, as shapes for a layout built in one go (each add_* call validates
    the whole figure again)."""
    lines = []
    if x is not None:
        lines.append(
            dict(type="line", x0=x, x1=x, xref="x", y0=0, y1=1, yref="y domain", line=REFERENCE_LINE)
        )
    if y is not None:
        lines.append(
            dict(type="line", x0=0, x1=1, xref="x domain", y0=y, y1=y, yref="y", line=REFERENCE_LINE)
        )
    return lines


def empty_figure(title: str, reason: str, *, height: int = 300) -> go.Figure:
    """A titled frame that says why there is nothing to draw (never a blank chart)."""
    fig = go.Figure()
    fig.add_annotation(text=reason, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font=dict(size=16))  # fmt: skip
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _base_layout(fig, title, height=height)


def money_axis(fig: go.Figure, title: str | None, currency: str, *, axis: str = "y", **where: Any) -> None:
    """Currency ticks scaled k / M / B (``$1.2M``); the axis title names the currency."""
    prefix, suffix = money_affixes(currency)
    update = fig.update_yaxes if axis == "y" else fig.update_xaxes
    update(title_text=f"{title} ({currency})" if title else None, tickprefix=prefix, ticksuffix=suffix,
           exponentformat="B", **where)  # fmt: skip


def money_hover(currency: str, value: str = "y") -> str:
    """Hover text of an amount with thousands separators, in the locale's symbol position."""
    prefix, suffix = money_affixes(currency)
    return f"{prefix}%{{{value}:,.0f}}{suffix}"


def rag_marker(status: str | None, size: Any = 14) -> dict[str, Any]:
    """Colour, shape and an edge that shows light fills on white: the marker of a status."""
    style = rag_style(status)
    if style.marker.endswith("-open"):  # an open shape is drawn in its outline colour
        return dict(
            symbol=style.marker, size=size, color=style.outline, line=dict(color=style.outline, width=2)
        )
    return dict(symbol=style.marker, size=size, color=style.colour, line=dict(color=style.outline, width=1))


def budget_by_program(projects: pd.DataFrame, currency: str) -> go.Figure:
    """Budget at completion beside actual cost to date, one pair of bars per program."""
    if projects.empty:
        return empty_figure("Budget by program", "No project in view has a budget yet")
    totals = (
        projects.groupby("program", as_index=False)[["budget_at_completion", "actual_cost"]]
        .sum(min_count=1)
        .fillna(0.0)
        .sort_values("budget_at_completion")
    )
    fig = go.Figure()
    for column, name, colour in (("budget_at_completion", "Budget (BAC)", SERIES["budget"]),
                                 ("actual_cost", "Actual cost to date", SERIES["actual"])):  # fmt: skip
        fig.add_bar(
            y=totals["program"], x=totals[column], name=name, orientation="h", marker_color=colour,
            hovertemplate=f"%{{y}}<br>{name}: {money_hover(currency, 'x')}<extra></extra>",
        )  # fmt: skip
    spent = totals["actual_cost"].sum() / max(totals["budget_at_completion"].sum(), 1.0)
    fig.update_layout(barmode="group")
    money_axis(fig, "Amount", currency, axis="x")
    title = f"{percent(spent)} of the total budget spent to date"
    return _base_layout(fig, title, height=120 + 60 * max(len(totals), 1))


def reported_status_by_program(projects: pd.DataFrame) -> go.Figure:
    """Stacked count of projects per program by latest reported overall status."""
    if projects.empty:
        return empty_figure("Reported status by program", "No project in view")
    frame = projects.assign(status=projects["reported_rag"].fillna("none"))
    counts = frame.groupby(["program", "status"]).size().unstack(fill_value=0)
    fig = go.Figure()
    for status in [*RAG_ORDER, "none"]:
        if status not in counts.columns:
            continue
        style = rag_style(None if status == "none" else status)
        label = rag_label(None if status == "none" else status)
        fig.add_bar(
            y=counts.index, x=counts[status], name=label, orientation="h", marker_color=style.colour,
            marker_line_color=style.outline, marker_line_width=1,
            text=[label if v else "" for v in counts[status]], textposition="inside",
            insidetextfont=dict(color=style.text_colour),
            hovertemplate=f"%{{y}}<br>{label}: %{{x}} projects<extra></extra>",
        )  # fmt: skip
    red = int(counts.get("red", pd.Series(dtype=int)).sum())
    title = f"{plural(red, 'project')} reported red" if red else "No project reported red"
    fig.update_layout(barmode="stack")
    fig.update_xaxes(
        title_text="Projects (latest status report)", dtick=1 if counts.values.sum() < 15 else None
    )
    return _base_layout(fig, title, height=120 + 60 * max(len(counts), 1))


def monthly_cost(monthly: pd.DataFrame, currency: str) -> go.Figure:
    """A project's planned vs actual cost per month."""
    if monthly.empty:
        return empty_figure("Monthly cost: plan vs actual", "No cost plan or actual cost recorded")
    fig = go.Figure()
    fig.add_bar(
        x=monthly["month"], y=monthly["planned"], name="Planned (baseline)", marker_color=SERIES["planned"],
        hovertemplate=f"%{{x|%b %Y}}<br>Planned: {money_hover(currency)}<extra></extra>",
    )  # fmt: skip
    fig.add_scatter(
        x=monthly["month"], y=monthly["actual"], name="Actual", mode="lines+markers",
        line=dict(color=SERIES["actual"], width=3),
        hovertemplate=f"%{{x|%b %Y}}<br>Actual: {money_hover(currency)}<extra></extra>",
    )  # fmt: skip
    money_axis(fig, "Cost per month", currency)
    fig.update_xaxes(title_text="Month")
    planned, actual = monthly["planned"].sum(), monthly["actual"].sum()
    title = "Monthly cost: plan vs actual"
    if planned > 0 and actual > 0:
        title = f"Actual cost to date is {percent(actual / planned)} of the whole baseline plan"
    return _base_layout(fig, title)


DIMENSION_LABELS = {"schedule": "Schedule", "budget": "Budget", "risk": "Risk", "overall": "Overall"}
_SEVERITY = {"green": 0, "grey": 1, "amber": 2, "red": 3}


def heatmap_title(projects: pd.DataFrame) -> str:
    reds = int((projects["computed_overall"] == "red").sum())
    if not reds:
        return "No project is computed red"
    programs = projects.loc[projects["computed_overall"] == "red", "program"].nunique()
    return f"{plural(reds, 'project')} computed red in {plural(programs, 'program')}"


def _status_counts_by_tile(projects: pd.DataFrame) -> defaultdict[tuple[str, str], Counter[str]]:
    """How many projects of each computed colour per (program, dimension), in one pass over
    plain lists: slicing the frame per program and calling value_counts per tile took 0.25 s
    for 30 programs, this takes about 0.01 s."""
    counts: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    program_column = projects["program"].tolist()
    for dim in DIMENSION_LABELS:
        states = projects[f"computed_{dim}"].fillna("grey").tolist()
        for program, state in zip(program_column, states, strict=True):
            counts[program, dim][state] += 1
    return counts


def rag_heatmap(projects: pd.DataFrame) -> go.Figure:
    """Programs × dimensions; each tile takes the worst computed colour of its projects and
    says how many are red / amber, so colour is never the only cue.

    Drawn as square scatter markers rather than a Heatmap trace because Plotly can
    select (click) scatter points but not heatmap cells, and a click filters the list.
    """
    if projects.empty:
        return empty_figure("Computed status by program", "No project had started by the as-of date")
    programs = sorted(projects["program"].unique(), reverse=True)
    counts_by_tile = _status_counts_by_tile(projects)
    xs, ys, colours, text, hover, text_colours = [], [], [], [], [], []
    for program in programs:
        for dim, label in DIMENSION_LABELS.items():
            counts = counts_by_tile[program, dim]
            worst = max(counts, key=lambda c: _SEVERITY.get(c, 1)) if counts else "grey"
            parts = [f"{rag_label(c)} {counts[c]}" for c in ("red", "amber") if counts.get(c, 0)]
            xs.append(label)  # e.g. "▲ Red 2<br>◆ Amber 1" on a red tile
            ys.append(program)
            colours.append(rag_style(worst).colour)
            text_colours.append(rag_style(worst).text_colour)
            text.append("<br>".join(parts) if parts else rag_label(worst))
            hover.append(
                f"<b>{program}</b> · {label}<br>"
                + "<br>".join(
                    f"{rag_label(c)}: {plural(int(counts.get(c, 0)), 'project')}"
                    for c in ("red", "amber", "green", "grey")
                )  # fmt: skip
                + "<br><i>click to list them</i>"
            )
    row_height = 62
    x_index = {label: i for i, label in enumerate(DIMENSION_LABELS.values())}
    y_index = {program: i for i, program in enumerate(programs)}
    layout = base_layout(heatmap_title(projects), height=130 + row_height * max(len(programs), 1))
    layout["xaxis"] |= dict(side="top", showgrid=False, zeroline=False, categoryorder="array",
                            categoryarray=list(DIMENSION_LABELS.values()))  # fmt: skip
    layout["yaxis"] |= dict(showgrid=False, zeroline=False, categoryorder="array", categoryarray=programs)
    layout["margin"]["t"] += 26
    # The tiles are shapes below invisible click targets, all in the one construction:
    # add_shape per tile re-validated the figure each time (0.85 s for 30 programs).
    layout["shapes"] = [
        dict(
            type="rect", layer="below", line=dict(width=0), fillcolor=colour,
            x0=x_index[x] - 0.47, x1=x_index[x] + 0.47, y0=y_index[y] - 0.45, y1=y_index[y] + 0.45,
        )
        for x, y, colour in zip(xs, ys, colours, strict=True)
    ]  # fmt: skip
    tiles = dict(
        type="scatter",
        x=xs,
        y=ys,
        mode="markers+text",
        marker=dict(symbol="square", size=row_height - 8, color=CLICK_TARGET, line=dict(width=0)),
        text=text,
        textfont=dict(size=13, color=text_colours),
        customdata=hover,
        hovertemplate="%{customdata}<extra></extra>",
        showlegend=False,
    )
    return go.Figure(data=[tiles], layout=layout | dict(clickmode="event+select", dragmode=False))


def scatter_title(frame: pd.DataFrame) -> str:
    both = int(((frame["computed_spi"] < 1) & (frame["computed_cpi"] < 1)).sum())
    if not both:
        return "No project is both behind schedule and over cost"
    return f"{plural(both, 'project')} both behind schedule and over cost"


def spi_cpi_scatter(projects: pd.DataFrame, currency: str) -> go.Figure:
    """Schedule (SPI) against cost (CPI) efficiency, bubble area by budget, colour and shape
    by computed overall status; quadrant lines at 1.0 (on plan)."""
    frame = projects.dropna(subset=["computed_spi", "computed_cpi"])
    if frame.empty:
        return empty_figure(
            "Schedule and cost performance",
            "No project has both an SPI and a CPI yet:<br>they need a baseline, cost and reported progress",
        )
    biggest = max(float(frame["budget_at_completion"].max() or 1.0), 1.0)
    traces = []
    for status in RAG_ORDER:
        rows = frame[frame["computed_overall"] == status]
        if rows.empty:
            continue
        sizes = (12 + 30 * (rows["budget_at_completion"].fillna(0) / biggest) ** 0.5).tolist()
        traces.append(dict(
            type="scatter", x=rows["computed_spi"], y=rows["computed_cpi"], mode="markers",
            name=rag_label(status), marker=rag_marker(status, sizes) | dict(opacity=0.9),
            customdata=rows[["code", "name", "budget_at_completion"]].to_numpy(),
            hovertemplate=(
                f"<b>%{{customdata[0]}}</b> %{{customdata[1]}}<br>{rag_label(status)}"
                f"<br>SPI %{{x:.2f}} · CPI %{{y:.2f}}<br>Budget {money_hover(currency, 'customdata[2]')}"
                "<extra></extra>"
            ),
        ))  # fmt: skip
    layout = base_layout(scatter_title(frame), height=440)
    layout["xaxis"] |= dict(
        title_text="SPI: schedule performance (EV ÷ PV; 1.00 = on plan)", tickformat=".2f"
    )
    layout["yaxis"] |= dict(title_text="CPI: cost performance (EV ÷ AC)", tickformat=".2f")
    layout["shapes"] = reference_lines(x=1.0, y=1.0)
    layout["annotations"] = [dict(
        text="behind & over cost", x=0, y=0, xref="paper", yref="paper", showarrow=False,
        font=dict(size=13, color=NEUTRAL), xanchor="left", yanchor="bottom",
    )]  # fmt: skip
    return go.Figure(data=traces, layout=layout)


def status_timeline(history: pd.DataFrame) -> go.Figure:
    """Reported beside computed overall status on each status-report date: two rows of
    coloured shapes, so the months where the two disagree stand out."""
    if history.empty:
        return empty_figure(
            "Reported and computed status", "No status report in the last 12 months", height=260
        )
    fig = go.Figure()
    rows = {"reported_rag": "Reported", "computed_overall": "Computed"}
    computed = set(history["computed_overall"])
    for status in RAG_ORDER:
        for column, row_label in rows.items():
            points = history[history[column] == status]
            if points.empty:
                continue
            fig.add_scatter(
                x=points["date"], y=[row_label] * len(points), mode="markers", name=rag_label(status),
                legendgroup=status, showlegend=row_label == "Computed" or status not in computed,
                marker=rag_marker(status, 18),
                hovertemplate=f"%{{x|%d %b %Y}}<br>{row_label}: {rag_label(status)}<extra></extra>",
            )  # fmt: skip
    disagreements = int((history["reported_rag"] != history["computed_overall"]).sum())
    title = (
        f"Reported and computed status disagreed on {disagreements} of {plural(len(history), 'report date')}"
        if disagreements
        else f"Reported and computed status agreed on all {plural(len(history), 'report date')}"
    )
    fig.update_yaxes(categoryorder="array", categoryarray=["Computed", "Reported"], title_text=None)
    fig.update_xaxes(title_text="Status report date")
    return _base_layout(fig, title, height=260)


def milestone_timeline(milestones: pd.DataFrame, as_of) -> go.Figure:  # type: ignore[no-untyped-def]
    """Each milestone's baseline, then where it is forecast or was met, joined by a line."""
    if milestones.empty:
        return empty_figure("Milestones", "This project has no milestones recorded")
    frame = milestones.sort_values("baseline_date", ascending=False)
    expected = expected_dates(frame["baseline_date"], frame["forecast_date"], frame["actual_date"])
    fig = go.Figure()
    for name, base, exp in zip(frame["name"], frame["baseline_date"], expected, strict=True):
        fig.add_scatter(
            x=[base, exp], y=[name, name], mode="lines", line=dict(color=NEUTRAL, width=3),
            showlegend=False, hoverinfo="skip",
        )  # fmt: skip
    fig.add_scatter(
        x=frame["baseline_date"], y=frame["name"], mode="markers", name="Baseline",
        marker=dict(symbol="line-ns-open", size=18, color=NEUTRAL, line=dict(width=3)),
        hovertemplate="<b>%{y}</b><br>Baseline %{x|%d %b %Y}<extra></extra>",
    )  # fmt: skip
    done = frame["actual_date"].notna()
    open_rows = frame.loc[~done]
    fig.add_scatter(
        x=open_rows["forecast_date"].where(open_rows["forecast_date"].notna(), open_rows["baseline_date"]),
        y=open_rows["name"], mode="markers", name="Forecast (open)",
        marker=dict(symbol="circle-open", size=13, color=SERIES["actual"], line=dict(width=2)),
        hovertemplate="<b>%{y}</b><br>Forecast %{x|%d %b %Y}<extra></extra>",
    )  # fmt: skip
    fig.add_scatter(
        x=frame.loc[done, "actual_date"], y=frame.loc[done, "name"], mode="markers", name="Actual (done)",
        marker=dict(symbol="circle", size=13, color=SERIES["actual"]),
        hovertemplate="<b>%{y}</b><br>Met %{x|%d %b %Y}<extra></extra>",
    )  # fmt: skip
    fig.add_vline(x=pd.Timestamp(as_of).timestamp() * 1000, line=REFERENCE_LINE)
    slipped = int((slip_days(expected, frame["baseline_date"]) > 0).sum())
    title = f"{slipped} of {plural(len(frame), 'milestone')} later than baseline"
    fig.update_xaxes(title_text="Date (dotted line: as of)")
    return _base_layout(fig, title, height=160 + 36 * max(len(frame), 1))
