"""The Delivery page's Sprint and DORA panels, each with an empty state that says why."""

from __future__ import annotations

import streamlit as st

from dashboard import charts_scrum, data
from dashboard.components.kpi import render_kpi_row
from dashboard.components.table_download import render_table_download
from dashboard.delivery_cadence import (
    CHART_SPRINTS,
    DoraReport,
    SprintReport,
    dora_caption,
    dora_kpis,
    recent_sprints,
    sprint_summary,
)
from dashboard.metrics.scrum import LAST_N
from data_access.queries import QueryFilters
from data_access.viewer import Viewer


def _opened(title: str, report: SprintReport | DoraReport | None, icon: str) -> bool:
    """The panel's title, then True when there is something to draw (else its empty state)."""
    st.subheader(title)
    if report is not None and report.empty_reason is not None:
        st.info(report.empty_reason, icon=icon)
    return report is not None and report.empty_reason is None


def render_sprint_panel(viewer: Viewer, code: str, filters: QueryFilters) -> None:
    """Velocity with the last-3 mean, committed vs completed, and the current sprint's burndown."""
    report = data.sprint_report(viewer, code, filters)
    if not _opened("Sprints", report, ":material/event_busy:"):
        return
    assert report is not None and report.sprint is not None
    st.markdown(sprint_summary(report))
    recent = report.velocity.tail(CHART_SPRINTS)
    left, right = st.columns(2)
    left.plotly_chart(
        charts_scrum.velocity_chart(recent, report.mean_last, LAST_N), key="sprint_velocity", width="stretch"
    )
    right.plotly_chart(charts_scrum.commitment_chart(recent), key="sprint_commitment", width="stretch")
    left, right = st.columns(2)
    left.plotly_chart(
        charts_scrum.burndown_chart(report.burndown, str(report.sprint["name"])),
        key="sprint_burndown",
        width="stretch",
    )
    with right:
        st.markdown("**Recent sprints** (points)")
        sprints = recent_sprints(report)
        st.dataframe(sprints, hide_index=True, width="stretch", key="sprint_table")
        completion = report.velocity["completion"].tail(len(sprints)).iloc[::-1].to_frame("Completion")
        render_table_download(
            sprints,
            title="Recent sprints",
            stem="sprints",
            key="sprint_table.download",
            numeric=completion,
            kinds={"Completion": "percent"},
            notes=[("Project", code)],
            file_tag=code,
        )


def render_dora_panel(viewer: Viewer, code: str, filters: QueryFilters) -> None:
    """The four keys as tiles with their band, and deployments per week."""
    report = data.dora_report(viewer, code, filters)
    if not _opened("DevOps (DORA)", report, ":material/rocket:"):
        return
    assert report is not None
    st.caption(dora_caption(report.figures))
    render_kpi_row(dora_kpis(report.figures))
    st.plotly_chart(charts_scrum.deployments_trend(report.weekly), key="dora_trend", width="stretch")


def render_delivery_panels(viewer: Viewer, code: str, filters: QueryFilters, scope: str = "project") -> None:
    """Both panels, in the order the page shows them; a team or program view says they are
    per project (sprints and deployments belong to one project, and pooling them would mix
    sprint lengths and release trains)."""
    if scope != "project":
        st.info(
            "Sprint and DORA panels are shown per project: switch the View to Project to see them.",
            icon=":material/info:",
        )
        return
    render_sprint_panel(viewer, code, filters)
    render_dora_panel(viewer, code, filters)
