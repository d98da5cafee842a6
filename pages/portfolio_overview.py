"""Portfolio overview: KPI row, status and budget by program, the project table."""

import streamlit as st

from dashboard import charts, data
from dashboard.components.kpi import render_kpi_row
from dashboard.components.project_table import render_project_table
from dashboard.filters import shareable_params
from dashboard.formatting import day
from dashboard.navigation import page_by_url
from dashboard.overview import portfolio_kpis
from dashboard.page_context import page_context

context = page_context()
st.title("Portfolio overview")
st.caption(f"As of {day(context.filters.as_of)} · amounts in {context.currency}")

projects = data.project_table(context.viewer, context.filters)
if projects.empty:
    st.info(
        "No projects to show: none had started by the as-of date in the programs you can see. "
        "Clear the program filter or pick a later date.",
        icon=":material/filter_alt_off:",
    )
    st.stop()

render_kpi_row(portfolio_kpis(data.portfolio_kpis(context.viewer, context.filters), context.currency))

left, right = st.columns(2)
left.plotly_chart(charts.reported_status_by_program(projects), key="status_by_program", width="stretch")
right.plotly_chart(
    charts.budget_by_program(projects, context.currency), key="budget_by_program", width="stretch"
)

st.subheader("Projects")
st.caption("Select a row to open the project.")
clicked = render_project_table(projects, context.currency, key="overview_projects")
if clicked:
    st.switch_page(page_by_url("project").path, query_params=shareable_params(project=clicked))
