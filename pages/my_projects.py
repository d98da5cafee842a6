"""My projects (project managers' landing): status, stale reports, milestones, budget, risks."""

import streamlit as st

from dashboard import data
from dashboard.components.kpi import render_kpi_row
from dashboard.components.milestone_table import render_milestones_and_risks
from dashboard.components.notices import stop_when_no_projects
from dashboard.components.project_table import render_project_table
from dashboard.formatting import day
from dashboard.overview import status_kpis
from dashboard.page_context import page_context
from dashboard.program_view import STALE_AFTER_DAYS, stale_reports

context = page_context()
st.title(f"My projects · {context.viewer.display_name}")
st.caption(f"As of {day(context.filters.as_of)} · amounts in {context.currency}")

health = data.portfolio_health(context.viewer, context.filters)
stop_when_no_projects(health.projects.empty)
render_kpi_row(status_kpis(health))

stale = health.projects[stale_reports(health.projects, context.filters.as_of)]
if not stale.empty:
    st.warning(
        f"**Status report older than {STALE_AFTER_DAYS} days:** "
        + ", ".join(
            f"{row.code} ({day(row.report_date) if row.report_date else 'never'})"
            for row in stale.itertuples()
        ),
        icon=":material/schedule:",
    )

st.subheader("Projects")
render_project_table(health.projects, context.currency, key="my_projects")

render_milestones_and_risks(
    health.milestones,
    data.top_risks(context.viewer, context.filters),
    as_of=context.filters.as_of,
    key="my_milestones",
    risk_title="Open risks and issues",
)
