"""Program page (program managers' landing): roll-up, milestones in 90 days, risks, projects."""

import streamlit as st

from dashboard import data
from dashboard.budget import rollup_from_health
from dashboard.budget_view import kpi_rows
from dashboard.components.kpi import render_kpi_row
from dashboard.components.milestone_table import render_milestones_and_risks
from dashboard.components.notices import stop_when_no_projects
from dashboard.components.project_table import render_project_table
from dashboard.formatting import day
from dashboard.overview import status_kpis
from dashboard.page_context import page_context

context = page_context()
programs = data.programs(context.viewer)
shown = (
    programs[programs["code"].isin(context.filters.program_codes)]
    if context.filters.program_codes
    else programs
)
st.title("Program: " + ", ".join(shown["name"]) if len(shown) <= 2 else f"Programs: {len(shown)} in view")
st.caption(
    f"As of {day(context.filters.as_of)} · amounts in {context.currency} · narrow with the sidebar's program filter"
)

health = data.portfolio_health(context.viewer, context.filters)
stop_when_no_projects(health.projects.empty)

render_kpi_row(status_kpis(health))
# The first row of Budget's roll-up (BAC, AC, EV, EAC), from the health already at hand.
render_kpi_row(kpi_rows(rollup_from_health(health), context.currency)[0])

render_milestones_and_risks(
    health.milestones,
    data.top_risks(context.viewer, context.filters),
    as_of=context.filters.as_of,
    key="program_milestones",
    risk_title="Top risks by exposure",
)

st.subheader("Projects")
render_project_table(health.projects, context.currency, key="program_projects")
