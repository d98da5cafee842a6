"""The import page's panels: the problem report, templates, freshness and the import log.

Why a component: the problem report is what a PMO analyst fixes a file from, so it is
a sortable table with a CSV download, not a wall of text.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.components.columns import text_column
from dashboard.components.table_download import render_table_download
from dashboard.import_service import template_bytes, template_names
from data_access.queries import SourceFreshness

SOURCE_NAMES = {"demo-seed": "Demo portfolio (generated)"}


def render_problems(file_name: str, problems: pd.DataFrame) -> None:
    """Every problem of a rejected file, one row each: file, row, column, value, reason."""
    st.error(
        f"**{file_name} was not imported:** {len(problems)} problem(s) found, nothing was written. "
        "Fix the rows below and import the file again.",
        icon=":material/error:",
    )
    st.dataframe(
        problems[["row", "column", "value", "reason"]],
        hide_index=True,
        width="stretch",
        column_config={
            "row": text_column("Row", "Line of the file (the header is line 1) or the item"),
            "column": text_column("Column"),
            "value": text_column("Value", "What the file says"),
            "reason": text_column("Reason"),
        },
        key="import.problems",
    )
    st.download_button(
        "Download the problem report (CSV)",
        problems.to_csv(index=False).encode("utf-8-sig"),
        file_name=f"{file_name}.problems.csv",
        mime="text/csv",
        key="import.problems.download",
    )


def render_templates() -> None:
    """CSV templates, one per entity, with the column guide (docs/DATA.md)."""
    st.subheader("Templates")
    st.caption(
        "One CSV per entity, UTF-8 or Windows-1252, comma-separated, dates as YYYY-MM-DD. "
        "Import them in this order; each column is explained in docs/DATA.md."
    )
    names = template_names()
    name = st.selectbox(
        "Template",
        names,
        format_func=lambda n: f"{names.index(n) + 1}. {n}.csv",
        key="import.template",
    )
    st.download_button(
        f"Download {name}.csv",
        template_bytes(name),
        file_name=f"{name}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="import.template.download",
    )


def render_freshness(sources: list[SourceFreshness]) -> None:
    """When each source was last loaded, newest first."""
    st.subheader("Data freshness")
    if not sources:
        st.info("No data has been loaded yet.", icon=":material/info:")
        return
    freshness = pd.DataFrame(
        {
            "Source": [SOURCE_NAMES.get(s.source, s.source) for s in sources],
            "Last loaded (UTC)": [s.last_loaded_at.strftime("%Y-%m-%d %H:%M") for s in sources],
            "By": [s.loaded_by for s in sources],
            "File": [s.file_name for s in sources],
        }
    )
    st.dataframe(freshness, hide_index=True, width="stretch", key="import.freshness")
    render_table_download(
        freshness,
        title="Data freshness",
        stem="data-freshness",
        key="import.freshness.download",
        numeric=pd.DataFrame({"Last loaded (UTC)": [s.last_loaded_at for s in sources]}),
    )


def render_import_log(log: pd.DataFrame) -> None:
    """The newest import attempts, loaded and rejected."""
    st.subheader("Import log")
    if log.empty:
        st.info(
            "No file has been imported yet: the data is the generated demo portfolio.", icon=":material/info:"
        )
        return
    shown = log.assign(imported_at=log["imported_at"].map(lambda t: t.strftime("%Y-%m-%d %H:%M")))
    config = {
        "imported_at": text_column("When (UTC)"),
        "source_kind": text_column("Kind"),
        "file_name": text_column("File"),
        "project_code": text_column("Project"),
        "imported_by": text_column("By"),
        "outcome": text_column("Outcome"),
        "rows_added": st.column_config.NumberColumn("Added"),
        "rows_updated": st.column_config.NumberColumn("Updated"),
        "rows_unchanged": st.column_config.NumberColumn("Unchanged"),
        "rows_rejected": st.column_config.NumberColumn("Rejected rows"),
        "file_sha256": text_column("SHA-256", "Hash of the file's bytes"),
    }
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config, key="import.log")
    render_table_download(
        shown,
        title="Import log",
        stem="import-log",
        key="import.log.download",
        column_config=config,
        numeric=log[["imported_at"]],
    )
