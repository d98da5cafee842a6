"""Project page: facts, latest reported status, status reports, milestones, risks, cost."""

from dataclasses import replace

import streamlit as st

from dashboard import charts, data
from dashboard.components.columns import date_column, text_column
from dashboard.components.explanations import render_status_cards
from dashboard.components.project_picker import NOT_AVAILABLE, render_project_picker
from dashboard.components.rag_badge import rag_badge_html
from dashboard.components.table_download import render_table_download
from dashboard.formatting import day
from dashboard.page_context import page_context
from dashboard.project_view import (
    header_facts,
    milestone_table,
    report_dates_in_last_year,
    status_report_table,
)

context = page_context()
choices = data.project_codes(context.viewer, context.filters)
names = dict(zip(choices["code"], choices["name"], strict=True))

code = render_project_picker(names, "project_picker")
if code is None:
    st.info("Choose a project above, or select one in the portfolio overview.", icon=":material/touch_app:")
    st.stop()
st.query_params["project"] = code

detail = data.project_detail(context.viewer, code, context.filters)
if detail is None:
    st.warning(NOT_AVAILABLE, icon=":material/block:")
    st.stop()

st.title(f"{detail.header['code']} · {detail.header['name']}")
latest = detail.status_reports.iloc[0] if not detail.status_reports.empty else None
if latest is not None:
    st.markdown(
        f"Reported status {rag_badge_html(latest['overall'])} on {day(latest['report_date'])} "
        f"by {latest['author'] or 'unknown'}",
        unsafe_allow_html=True,
    )
else:
    st.caption("No status report yet on the as-of date.")
if detail.header.get("description"):
    st.caption(str(detail.header["description"]))

health = data.portfolio_health(context.viewer, replace(context.filters, project_codes=(code,)))
st.subheader("Computed status")
if code in health.rags:
    render_status_cards(health.rags[code])
    if bool(health.projects["watermelon"].iloc[0]):
        st.warning(
            "**Watermelon:** the latest status report says green, the data says red.",
            icon=":material/warning:",
        )
else:
    st.info("This project had not started on the as-of date, so there is no computed status yet.")

facts = header_facts(detail)
for row_start in range(0, len(facts), 5):
    for column, (label, value) in zip(st.columns(5), facts[row_start : row_start + 5], strict=False):
        column.markdown(f"**{label}**  \n{value}")

about_project = {"notes": [("Project", f"{code} · {detail.header['name']}")], "file_tag": code}
tab_reports, tab_milestones, tab_risks, tab_cost = st.tabs(
    ["Status reports", "Milestones", "Risks and issues", "Cost"]
)
with tab_reports:
    if detail.status_reports.empty:
        st.info("No status reports on or before the as-of date.")
    else:
        report_dates = report_dates_in_last_year(detail, context.filters.as_of)
        history = data.overall_history(
            context.viewer, replace(context.filters, project_codes=(code,)), report_dates
        )
        st.plotly_chart(charts.status_timeline(history), key="status_timeline", width="stretch")
        if latest is not None and isinstance(latest["decisions_needed"], str) and latest["decisions_needed"]:
            st.markdown(f"**Decisions needed:** {latest['decisions_needed']}")
        reports = status_report_table(detail)
        st.dataframe(
            reports,
            hide_index=True,
            width="stretch",
            column_config={"Report date": date_column("Report date")},
        )
        render_table_download(
            reports,
            title="Status reports",
            stem="status-reports",
            key="project_reports.download",
            **about_project,
        )
with tab_milestones:
    if detail.milestones.empty:
        st.info("This project has no milestones recorded.")
    else:
        st.plotly_chart(
            charts.milestone_timeline(detail.milestones, context.filters.as_of),
            key="milestone_timeline",
            width="stretch",
        )
        milestones = milestone_table(detail, context.filters.as_of)
        milestone_columns = {
            "name": text_column("Milestone"),
            "state": text_column("State"),
            "baseline_date": date_column("Baseline"),
            "forecast_date": date_column("Forecast"),
            "actual_date": date_column("Actual"),
            "slip_days": st.column_config.NumberColumn(
                "Slip (days)", help="Actual, or forecast while open, minus baseline"
            ),
            "weight": st.column_config.NumberColumn("Weight", format="percent"),
        }
        st.dataframe(milestones, hide_index=True, width="stretch", column_config=milestone_columns)
        render_table_download(
            milestones,
            title="Milestones",
            stem="milestones",
            key="project_milestones.download",
            column_config=milestone_columns,
            kinds={"weight": "percent"},
            **about_project,
        )
with tab_risks:
    if detail.risks.empty:
        st.info("No risks or issues raised by the as-of date.")
    else:
        risk_columns = {
            "kind": text_column("Kind"),
            "title": text_column("Title"),
            "probability": text_column("Probability", help="1 (rare) to 5 (almost certain)"),
            "impact": text_column("Impact", help="1 (minor) to 5 (severe)"),
            "exposure": text_column("Exposure", help="Probability × impact, each 1–5; 15 or more is high"),
            "owner": text_column("Owner"),
            "due_date": date_column("Due"),
            "status": text_column("Status"),
            "mitigation": text_column("Mitigation"),
            "raised_on": date_column("Raised"),
            "closed_on": date_column("Closed"),
        }
        st.dataframe(detail.risks, hide_index=True, width="stretch", column_config=risk_columns)
        render_table_download(
            detail.risks,
            title="Risks and issues",
            stem="risks",
            key="project_risks.download",
            column_config=risk_columns,
            **about_project,
        )
with tab_cost:
    if detail.monthly_costs.empty:
        st.info("No cost plan or actuals recorded for this project.")
    else:
        st.plotly_chart(
            charts.monthly_cost(detail.monthly_costs, str(detail.header["currency"])),
            key="project_monthly_cost",
            width="stretch",
        )
