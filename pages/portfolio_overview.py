"""Executive overview: computed health beside reported, where the trouble is, and why."""

import streamlit as st

from dashboard import charts, data
from dashboard.components.columns import date_column
from dashboard.components.kpi import render_kpi_row
from dashboard.components.notices import stop_when_no_projects
from dashboard.components.project_table import render_project_table, trouble_first
from dashboard.components.risk_table import render_top_risks
from dashboard.components.table_download import render_table_download
from dashboard.formatting import day
from dashboard.overview import (
    FOCUS_OPTIONS,
    TABLE_ROWS,
    CellFocus,
    focus_projects,
    money_kpis,
    status_kpis,
    trend_strings,
)
from dashboard.page_context import page_context

context = page_context()
st.title("Portfolio overview")
st.caption(
    f"As of {day(context.filters.as_of)} · amounts in {context.currency} · "
    "computed status from schedule, budget and risk data; reported status from the latest status report"
)

health = data.portfolio_health(context.viewer, context.filters)
projects = health.projects
stop_when_no_projects(projects.empty)

render_kpi_row(status_kpis(health))
render_kpi_row(money_kpis(data.portfolio_kpis(context.viewer, context.filters), health, context.currency))

heatmap, scatter = data.overview_charts(context.viewer, context.filters, context.currency)
left, right = st.columns([1.1, 1])
with left:
    event = st.plotly_chart(
        heatmap,
        key="health_heatmap",
        width="stretch",
        on_select="rerun",
        selection_mode="points",
    )
    st.caption("Click a cell to list that program's projects that are not green in that dimension.")
with right:
    st.plotly_chart(scatter, key="spi_cpi", width="stretch")

points = event.selection.points if event and event.selection else []
cell = None
if points:
    dimension = {label: key for key, label in charts.DIMENSION_LABELS.items()}.get(points[0].get("x"))
    if dimension and points[0].get("y"):
        cell = CellFocus(program=str(points[0]["y"]), dimension=dimension)

st.subheader("Projects")
if "overview_focus" not in st.session_state:  # a shared link may name the focus (?focus=red)
    st.session_state["overview_focus"] = (
        st.query_params.get("focus") if st.query_params.get("focus") in FOCUS_OPTIONS else "all"
    )
focus = (
    st.pills(
        "Show",
        options=list(FOCUS_OPTIONS),
        format_func=FOCUS_OPTIONS.get,
        key="overview_focus",
        label_visibility="collapsed",
    )
    or "all"
)
if focus == "all":
    st.query_params.pop("focus", None)
else:
    st.query_params["focus"] = focus
shown = trouble_first(focus_projects(projects, focus, cell))
matching = len(shown)
# A long list shows its most severe rows first; the rest are one switch away. Only the rows
# on screen need their six-month trend (seven RAG runs each) and are sent to the browser.
show_all = len(shown) > TABLE_ROWS and st.toggle(
    f"Show all {len(shown):,} projects",
    key="overview_all_rows",
    help=f"Otherwise the {TABLE_ROWS} most severe.",
)
if len(shown) > TABLE_ROWS and not show_all:
    shown = shown.head(TABLE_ROWS)
trend_codes = () if len(shown) == len(projects) else tuple(shown["code"])
history = data.trend_history(context.viewer, context.filters, health, trend_codes)
shown = shown.assign(trend=shown["code"].map(trend_strings(history)))
note = f"{len(shown)} of {len(projects)} projects"
if matching > len(shown):
    whole = " projects" if matching == len(projects) else f" matching projects (of {len(projects):,})"
    note = f"the {len(shown)} most severe of {matching:,}{whole}"
if cell:
    note += f" · {cell.program}, {charts.DIMENSION_LABELS[cell.dimension].lower()} not green (click the cell again to clear)"
st.caption(note[0].upper() + note[1:] + " · select a row to open the project.")
if shown.empty:
    st.info("No project matches this view.", icon=":material/filter_alt_off:")
else:
    export_notes = [("Show", FOCUS_OPTIONS[focus])]
    if cell:
        export_notes.append(
            ("Heatmap cell", f"{cell.program}, {charts.DIMENSION_LABELS[cell.dimension]} not green")
        )
    render_project_table(shown, context.currency, key="overview_projects", notes=export_notes)

st.subheader("Top risks by exposure")
render_top_risks(data.top_risks(context.viewer, context.filters))

if not health.milestones_at_risk.empty:
    st.subheader("Milestones due in the next 30 days and forecast late")
    at_risk = health.milestones_at_risk[["project_code", "name", "baseline", "forecast", "slip_days"]]
    at_risk_columns = {
        "project_code": "Project",
        "name": "Milestone",
        "baseline": date_column("Baseline"),
        "forecast": date_column("Forecast"),
        "slip_days": st.column_config.NumberColumn("Slip (days)"),
    }
    st.dataframe(at_risk, hide_index=True, width="stretch", column_config=at_risk_columns)
    render_table_download(
        at_risk,
        title="Milestones at risk",
        stem="milestones-at-risk",
        key="overview_at_risk.download",
        column_config=at_risk_columns,
    )
