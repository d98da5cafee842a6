"""Figure builders: DataFrame in, plotly Figure out. Pure: no streamlit here.

One palette and one layout for every chart, so pages look like one product.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.formatting import currency_symbol, percent
from dashboard.metrics.milestones import expected_dates, slip_days
from dashboard.rag_style import RAG_ORDER, rag_label, rag_style

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


DIMENSION_LABELS = {"schedule": "Schedule", "budget": "Budget", "risk": "Risk", "overall": "Overall"}
_SEVERITY = {"green": 0, "grey": 1, "amber": 2, "red": 3}


def rag_heatmap(projects: pd.DataFrame) -> go.Figure:
    """Programs × dimensions; each tile takes the worst computed colour of its projects and
    says how many are red / amber, so colour is never the only cue.

    Drawn as square scatter markers rather than a Heatmap trace because Plotly can
    select (click) scatter points but not heatmap cells, and a click filters the list.
    """
    programs = sorted(projects["program"].unique(), reverse=True)
    xs, ys, colours, text, hover, text_colours = [], [], [], [], [], []
    for program in programs:
        rows = projects[projects["program"] == program]
        for dim, label in DIMENSION_LABELS.items():
            states = rows[f"computed_{dim}"].fillna("grey")
            counts = states.value_counts()
            worst = max(states, key=lambda c: _SEVERITY.get(c, 1)) if len(states) else "grey"
            parts = [f"{rag_label(c)} {counts[c]}" for c in ("red", "amber") if counts.get(c, 0)]
            xs.append(label)  # e.g. "▲ Red 2<br>◆ Amber 1" on a red tile
            ys.append(program)
            colours.append(rag_style(worst).colour)
            text_colours.append(rag_style(worst).text_colour)
            text.append("<br>".join(parts) if parts else rag_label(worst))
            hover.append(
                f"{program} · {label}<br>"
                + "<br>".join(
                    f"{rag_label(c)}: {counts.get(c, 0)}" for c in ("red", "amber", "green", "grey")
                )
                + "<br><i>click to list them</i>"
            )
    row_height = 62
    fig = go.Figure(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers+text",
            # Invisible click targets over the tiles; the tiles themselves are shapes below.
            marker=dict(symbol="square", size=row_height - 8, color="rgba(0,0,0,0.01)", line=dict(width=0)),
            text=text,
            textfont=dict(size=12, color=text_colours),
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            showlegend=False,
        )
    )
    x_index = {label: i for i, label in enumerate(DIMENSION_LABELS.values())}
    y_index = {program: i for i, program in enumerate(programs)}
    # One layout update for all tiles: add_shape per tile re-validates the figure each
    # time (0.85 s for 30 programs).
    fig.update_layout(
        shapes=[
            dict(
                type="rect", layer="below", line=dict(width=0), fillcolor=colour,
                x0=x_index[x] - 0.47, x1=x_index[x] + 0.47, y0=y_index[y] - 0.45, y1=y_index[y] + 0.45,
            )
            for x, y, colour in zip(xs, ys, colours, strict=True)
        ]
    )  # fmt: skip
    reds = int((projects["computed_overall"] == "red").sum())
    programs_with_red = projects.loc[projects["computed_overall"] == "red", "program"].nunique()
    title = (
        f"{reds} project{'s' if reds != 1 else ''} computed red in {programs_with_red} program"
        f"{'s' if programs_with_red != 1 else ''}"
        if reds
        else "No project is computed red"
    )
    fig.update_xaxes(side="top", showgrid=False, zeroline=False, categoryorder="array",
                     categoryarray=list(DIMENSION_LABELS.values()))  # fmt: skip
    fig.update_yaxes(showgrid=False, zeroline=False, categoryorder="array", categoryarray=programs)
    fig = _base_layout(fig, title, height=130 + row_height * max(len(programs), 1))
    fig.update_layout(margin=dict(l=10, r=10, t=90, b=10), clickmode="event+select", dragmode=False)
    return fig


def spi_cpi_scatter(projects: pd.DataFrame, currency: str) -> go.Figure:
    """Schedule (SPI) against cost (CPI) efficiency, bubble area by budget, colour and shape
    by computed overall status; quadrant lines at 1.0 (on plan)."""
    frame = projects.dropna(subset=["computed_spi", "computed_cpi"])
    symbol = currency_symbol(currency).strip()
    shapes = {"red": "triangle-up", "amber": "diamond", "green": "circle", "grey": "circle-open"}
    fig = go.Figure()
    biggest = max(float(frame["budget_at_completion"].max() or 1.0), 1.0) if len(frame) else 1.0
    for status in RAG_ORDER:
        rows = frame[frame["computed_overall"] == status]
        if rows.empty:
            continue
        fig.add_scatter(
            x=rows["computed_spi"],
            y=rows["computed_cpi"],
            mode="markers",
            name=rag_label(status),
            marker=dict(
                color=rag_style(status).colour,
                symbol=shapes[status],
                size=(12 + 30 * (rows["budget_at_completion"].fillna(0) / biggest) ** 0.5).tolist(),
                line=dict(color="#FFFFFF", width=1),
                opacity=0.9,
            ),
            customdata=rows[["code", "name", "budget_at_completion"]].to_numpy(),
            hovertemplate=(
                "<b>%{customdata[0]}</b> %{customdata[1]}<br>SPI %{x:.2f} · CPI %{y:.2f}"
                f"<br>Budget {symbol}%{{customdata[2]:,.0f}}<extra></extra>"
            ),
        )
    for axis in ("x", "y"):
        getattr(fig, f"add_{'v' if axis == 'x' else 'h'}line")(
            1.0, line=dict(color="#8A94A6", dash="dot", width=1)
        )
    behind_and_over = int(((frame["computed_spi"] < 1) & (frame["computed_cpi"] < 1)).sum())
    fig.update_xaxes(title_text="SPI: schedule performance (EV ÷ PV)", tickformat=".2f")
    fig.update_yaxes(title_text="CPI: cost performance (EV ÷ AC)", tickformat=".2f")
    title = (
        f"{behind_and_over} project{'s' if behind_and_over != 1 else ''} both behind schedule and over cost"
    )
    fig = _base_layout(fig, title, height=440)
    fig.add_annotation(
        text="behind & over cost", x=0, y=0, xref="paper", yref="paper", showarrow=False,
        font=dict(size=12, color="#8A94A6"), xanchor="left", yanchor="bottom",
    )  # fmt: skip
    return fig


_SHAPES = {"red": "triangle-up", "amber": "diamond", "green": "circle", "grey": "circle-open"}


def status_timeline(history: pd.DataFrame) -> go.Figure:
    """Reported beside computed overall status on each status-report date: two rows of
    coloured shapes, so the months where the two disagree stand out."""
    fig = go.Figure()
    rows = {"reported_rag": "Reported", "computed_overall": "Computed"}
    for status in RAG_ORDER:
        for column, row_label in rows.items():
            points = history[history[column] == status]
            if points.empty:
                continue
            fig.add_scatter(
                x=points["date"],
                y=[row_label] * len(points),
                mode="markers",
                name=rag_label(status),
                legendgroup=status,
                showlegend=row_label == "Computed" or status not in set(history["computed_overall"]),
                marker=dict(
                    symbol=_SHAPES[status],
                    size=16,
                    color=rag_style(status).colour,
                    line=dict(color=rag_style(status).colour, width=2),
                ),  # fmt: skip
                hovertemplate=f"%{{x|%d %b %Y}}<br>{row_label}: {rag_label(status)}<extra></extra>",
            )
    disagreements = int((history["reported_rag"] != history["computed_overall"]).sum()) if len(history) else 0
    title = (
        f"Reported and computed status disagreed on {disagreements} of {len(history)} report dates"
        if len(history)
        else "No status reports yet"
    )
    fig.update_yaxes(categoryorder="array", categoryarray=["Computed", "Reported"], title_text=None)
    fig.update_xaxes(title_text="Status report date")
    return _base_layout(fig, title, height=260)


def milestone_timeline(milestones: pd.DataFrame, as_of) -> go.Figure:  # type: ignore[no-untyped-def]
    """Each milestone's baseline, then where it is forecast or was met, joined by a line."""
    frame = milestones.sort_values("baseline_date", ascending=False)
    expected = expected_dates(frame["baseline_date"], frame["forecast_date"], frame["actual_date"])
    fig = go.Figure()
    for name, base, exp in zip(frame["name"], frame["baseline_date"], expected, strict=True):
        fig.add_scatter(
            x=[base, exp], y=[name, name], mode="lines", line=dict(color="#C9CED6", width=3),
            showlegend=False, hoverinfo="skip",
        )  # fmt: skip
    fig.add_scatter(
        x=frame["baseline_date"], y=frame["name"], mode="markers", name="Baseline",
        marker=dict(symbol="line-ns-open", size=18, color="#1B2430", line=dict(width=2)),
        hovertemplate="%{y}<br>Baseline %{x|%d %b %Y}<extra></extra>",
    )  # fmt: skip
    done = frame["actual_date"].notna()
    fig.add_scatter(
        x=frame.loc[~done, "forecast_date"].where(frame.loc[~done, "forecast_date"].notna(), frame.loc[~done, "baseline_date"]),
        y=frame.loc[~done, "name"], mode="markers", name="Forecast (open)",
        marker=dict(symbol="circle-open", size=13, color=SERIES_COLOURS["actual"], line=dict(width=2)),
        hovertemplate="%{y}<br>Forecast %{x|%d %b %Y}<extra></extra>",
    )  # fmt: skip
    fig.add_scatter(
        x=frame.loc[done, "actual_date"], y=frame.loc[done, "name"], mode="markers", name="Actual (done)",
        marker=dict(symbol="circle", size=13, color=SERIES_COLOURS["actual"]),
        hovertemplate="%{y}<br>Met %{x|%d %b %Y}<extra></extra>",
    )  # fmt: skip
    fig.add_vline(x=pd.Timestamp(as_of).timestamp() * 1000, line=dict(color="#8A94A6", dash="dot", width=1))
    slipped = int((slip_days(expected, frame["baseline_date"]) > 0).sum())
    title = f"{slipped} of {len(frame)} milestones later than baseline" if len(frame) else "No milestones"
    fig.update_xaxes(title_text="Date (dotted line: as of)")
    return _base_layout(fig, title, height=160 + 36 * max(len(frame), 1))
