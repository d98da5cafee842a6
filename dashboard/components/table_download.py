"""One small "Download" menu under a table: the rows as shown, as CSV and as Excel.

The files are built only when a button is clicked (a callable ``data``), so a page with
many tables pays nothing for them on each rerun; ``on_click="ignore"`` keeps the page
from rerunning. Builders live in dashboard/table_export.py (no Streamlit).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.auth import current_viewer
from dashboard.navigation import PAGES
from dashboard.table_export import (
    CSV_MIME,
    EXCEL_MIME,
    ExportContext,
    ExportTable,
    NumberKind,
    export_table,
    file_name,
    to_csv_bytes,
    to_excel_bytes,
)


def page_export_context(
    *, since: date | None = None, notes: Sequence[tuple[str, str]] = (), file_tag: str = ""
) -> ExportContext:
    """The current page, viewer and sidebar filters (as app.py resolved them this run),
    plus the page's own choices."""
    viewer = current_viewer()
    filters = st.session_state["filters"]
    programs = data.programs(viewer)
    names = dict(zip(programs["code"], programs["name"], strict=True))
    url_path = st.session_state.get("page.url_path", "")
    page = next((p.title for p in PAGES if p.url_path == url_path), "Portfolio health")
    return ExportContext(
        page=page,
        as_of=filters.as_of,
        programs=tuple((code, str(names.get(code, code))) for code in filters.program_codes),
        since=since,
        notes=tuple(notes),
        file_tag=file_tag,
        viewer=f"{viewer.display_name} ({viewer.role.value})",
    )


def _excel_builder(table: ExportTable, context: ExportContext) -> Callable[[], bytes]:
    """Stamped with the time of the click, not of the page run."""
    return lambda: to_excel_bytes(table, replace(context, exported_at=datetime.now(UTC)))


def render_table_download(
    shown: pd.DataFrame,
    *,
    title: str,
    stem: str,
    key: str,
    column_config: Mapping[str, Any] | None = None,
    numeric: pd.DataFrame | None = None,
    kinds: Mapping[str, NumberKind] | None = None,
    since: date | None = None,
    notes: Sequence[tuple[str, str]] = (),
    file_tag: str = "",
) -> None:
    """A "Download" popover with a CSV and an Excel button for the table drawn just above
    from ``shown`` and ``column_config`` (see ``table_export.export_table`` for ``numeric``
    and ``kinds``); ``key`` is unique on the page."""
    table = export_table(
        shown, title=title, stem=stem, column_config=column_config, numeric=numeric, kinds=kinds
    )
    context = page_export_context(since=since, notes=notes, file_tag=file_tag)
    rows = len(table.frame)
    buttons = (
        ("CSV", lambda: to_csv_bytes(table), "csv", CSV_MIME, ":material/csv:",
         "Plain data for other tools: the dates and filters are in the file name."),
        ("Excel", _excel_builder(table, context), "xlsx", EXCEL_MIME, ":material/table_view:",
         "Formatted workbook: numbers stay numbers, with the filters and as-of date noted."),
    )  # fmt: skip
    with st.popover("Download", icon=":material/download:", type="tertiary"):
        st.caption(f"{title}: {rows:,} row{'s' * (rows != 1)} as shown. Excel notes the filters and dates.")
        for column, (label, build, extension, mime, icon, help_text) in zip(
            st.columns(len(buttons)), buttons, strict=True
        ):
            column.download_button(
                label,
                data=build,
                file_name=file_name(table, context, extension),
                mime=mime,
                key=f"{key}.{extension}",
                on_click="ignore",
                icon=icon,
                help=help_text,
            )
