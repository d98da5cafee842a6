"""Budget burn and earned value: portfolio → program → project, as of the sidebar's date."""

import streamlit as st

from dashboard import data
from dashboard.budget_view import ROLLUP_NOTE, kpi_rows, run_out_verdict, table_frame
from dashboard.components.budget_table import render_budget_table
from dashboard.components.drilldown import drilldown_picker
from dashboard.components.kpi import render_kpi_row
from dashboard.components.notices import stop_when_no_projects
from dashboard.formatting import day
from dashboard.page_context import page_context

context = page_context()
st.title("Budget and earned value")
st.caption(
    f"As of {day(context.filters.as_of)} · amounts in {context.currency} · "
    "earned value = reported percent complete × budget; actual cost booked by the as-of month"
)

report = data.budget_report(context.viewer, context.filters)
stop_when_no_projects(report.projects.empty)

program, project = drilldown_picker(report.programs, report.projects)
focus = data.budget_focus(context.viewer, context.filters, program, project)
st.subheader(focus.label)
for row in kpi_rows(focus.figures, context.currency):
    render_kpi_row(row)
kind, sentence = run_out_verdict(focus.figures)
getattr(st, kind)(sentence)
with st.expander("How is this computed?"):
    st.markdown(
        "- **Burn rate**: mean actual cost per month over the last 3 complete months before the as-of date.\n"
        "- **Budget runs out**: as-of date + (BAC − AC) ÷ burn rate, in average calendar months.\n"
        "- **EAC line** on the burn-up: from today's actual cost straight to BAC ÷ CPI at the planned end.\n"
        "- **TCPI**: (BAC − EV) ÷ (BAC − AC), the cost efficiency the remaining work needs to land on budget.\n"
        f"- {ROLLUP_NOTE}"
    )
burn_up, performance, categories = data.budget_charts(
    context.viewer, context.filters, program, project, context.currency
)
st.plotly_chart(burn_up, key="budget_burn_up", width="stretch")

left, right = st.columns(2)
with left:
    st.plotly_chart(performance, key="budget_trend", width="stretch")
with right:
    st.plotly_chart(categories, key="budget_categories", width="stretch")

if focus.level == "portfolio" and len(report.programs) > 1:
    st.subheader("Programs")
    st.caption(ROLLUP_NOTE)
    render_budget_table(
        table_frame(report.programs, code="program_code", name="program_name"),
        context.currency,
        key="budget_programs",
        code_label="Program",
        name_label="Name",
        numbers=report.programs,
        title="Programs",
    )
st.subheader("Projects")
shown = report.projects[report.projects["code"].isin(focus.codes)]
st.caption(f"{len(shown)} projects · n/a: undefined (a missing input or a zero divisor), never 0.")
render_budget_table(
    table_frame(shown),
    context.currency,
    key="budget_projects",
    code_label="Code",
    name_label="Project",
    numbers=shown,
    notes=[("Drill-down", focus.label)],
)
