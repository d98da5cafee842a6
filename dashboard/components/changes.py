"""The four "what changed" lists, each with an empty state that says so."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.components.columns import date_column, money_column, text_column
from dashboard.components.kpi import Kpi, render_kpi_row
from dashboard.components.table_download import render_table_download
from dashboard.formatting import amount, money
from dashboard.metrics.changes import PortfolioChanges
from dashboard.rag_style import rag_label


def render_changes(
    changes: PortfolioChanges, currency: str, since: date | None = None, *, key: str = "changes"
) -> None:
    """The KPI row and the four lists; ``since`` is noted in each table's download."""
    net_eac = float(changes.eac_changes["eac_change"].sum()) if not changes.eac_changes.empty else 0.0
    render_kpi_row(
        [
            Kpi("New reds", f"{len(changes.new_reds):,}", "Computed red now, not red on the earlier date."),
            Kpi("Recoveries", f"{len(changes.recoveries):,}", "Red or amber on the earlier date, green now."),
            Kpi("Milestones slipped", f"{len(changes.slipped_milestones):,}", "Expected date moved later."),
            Kpi(
                "EAC change",
                ("+" if net_eac > 0 else "") + money(net_eac, currency, compact=True),
                "Net change of the estimate at completion (BAC ÷ CPI) over the projects with an EAC on both dates.",
            ),
        ]
    )
    status_columns = {
        "code": text_column("Code"),
        "name": text_column("Project"),
        "program": text_column("Program"),
        "before": text_column("Before"),
        "now": text_column("Now"),
        "computed_overall_rule": st.column_config.TextColumn("Why now", width="large"),
    }
    for title, frame, empty in (
        ("New reds", changes.new_reds, "No project turned red."),
        ("Recoveries", changes.recoveries, "No project recovered to green."),
    ):
        stem = title.lower().replace(" ", "-")
        st.subheader(title)
        if frame.empty:
            st.info(empty, icon=":material/check_circle:")
            continue
        shown = frame.assign(
            before=frame["computed_overall_before"]
            .map(rag_label, na_action="ignore")
            .fillna("· not started"),
            now=frame["computed_overall"].map(rag_label),
        )[list(status_columns)]
        st.dataframe(shown, hide_index=True, width="stretch", column_config=status_columns)
        render_table_download(
            shown, title=title, stem=stem, key=f"{key}.{stem}", column_config=status_columns, since=since
        )

    st.subheader("Milestones that slipped")
    if changes.slipped_milestones.empty:
        st.info("No milestone moved later.", icon=":material/check_circle:")
    else:
        slipped = {
            "project_code": text_column("Project"),
            "name": text_column("Milestone"),
            "baseline": date_column("Baseline"),
            "expected_before": date_column("Expected before"),
            "expected_now": date_column("Expected now"),
            "days_later": st.column_config.NumberColumn("Days later"),
        }
        st.dataframe(changes.slipped_milestones, hide_index=True, width="stretch", column_config=slipped)
        render_table_download(
            changes.slipped_milestones,
            title="Milestones that slipped",
            stem="slipped-milestones",
            key=f"{key}.slipped",
            column_config=slipped,
            since=since,
        )

    st.subheader("Forecast cost (EAC) changes")
    if changes.eac_changes.empty:
        st.info("No estimate at completion changed.", icon=":material/check_circle:")
    else:
        columns = ["computed_eac_before", "computed_eac", "eac_change"]
        shown = changes.eac_changes[["code", "name", *columns]].assign(
            **{c: changes.eac_changes[c].map(amount) for c in columns}
        )
        eac = {
            "code": text_column("Code"),
            "name": text_column("Project"),
            "computed_eac_before": money_column("EAC before", currency),
            "computed_eac": money_column("EAC now", currency),
            "eac_change": money_column("Change", currency),
        }
        st.dataframe(shown, hide_index=True, width="stretch", column_config=eac)
        render_table_download(
            shown,
            title="Forecast cost (EAC) changes",
            stem="eac-changes",
            key=f"{key}.eac",
            column_config=eac,
            numeric=changes.eac_changes[columns],
            kinds=dict.fromkeys(columns, "money"),
            since=since,
        )
