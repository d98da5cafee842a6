"""Import data (PMO admin): load a file, see every problem, check when each source was loaded."""

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.components.import_panels import (
    render_freshness,
    render_import_log,
    render_problems,
    render_templates,
)
from dashboard.components.project_picker import render_project_picker
from dashboard.import_service import ImportNotAllowed, ImportRejected, import_kinds
from dashboard.page_context import page_context

context = page_context()
st.title("Import data")
st.caption(
    "Each file is checked completely before anything is written: a file with a problem is rejected as a "
    "whole, and every problem is listed by row and column. Importing the same file again changes nothing."
)

kinds = {kind.name: kind for kind in import_kinds()}
left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader("Load a file")
    name = st.selectbox(
        "Kind of file",
        options=list(kinds),
        format_func=lambda k: f"{k} · {kinds[k].description}",
        key="import.kind",
    )
    kind = kinds[name]
    upload = st.file_uploader("File", key=f"import.file.{name}")
    project_code = None
    if kind.needs_project:
        projects = data.project_codes(context.viewer, context.filters)
        project_code = render_project_picker(
            dict(zip(projects["code"], projects["name"], strict=True)), "import.project"
        )
    workflow = None
    if kind.needs_workflow:
        workflow_file = st.file_uploader(
            "Workflow file (JSON: the board's statuses mapped to stages)",
            type=["json"],
            key=f"import.workflow.{name}",
        )
        workflow = (workflow_file.name, workflow_file.getvalue()) if workflow_file else None
    ready = (
        upload is not None
        and (project_code or not kind.needs_project)
        and (workflow or not kind.needs_workflow)
    )
    if st.button("Import", type="primary", disabled=not ready, key="import.run"):
        try:
            with st.spinner(f"Checking and importing {upload.name}…"):
                outcome = data.import_upload(
                    context.viewer, name, upload.name, upload.getvalue(), project_code, workflow
                )
        except ImportRejected as rejected:
            render_problems(upload.name, pd.DataFrame(rejected.records()))
        except ImportNotAllowed as refused:
            st.error(str(refused), icon=":material/block:")
        else:
            st.success(f"Imported {upload.name}: {outcome.summary}", icon=":material/check_circle:")
with right:
    render_templates()

render_freshness(data.data_freshness())
render_import_log(data.recent_imports(context.viewer))
