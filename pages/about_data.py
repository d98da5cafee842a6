"""About the data: where the numbers come from and how fresh they are."""

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.components.table_download import render_table_download
from dashboard.import_service import freshness_line

st.title("About the data")
info = data.dataset_info()
if info.get("demo") == "true":
    st.info(
        "You are looking at a **generated demo portfolio**: the programs, projects, people and "
        "figures are invented. History ends on the day it was generated.",
        icon=":material/science:",
    )
st.markdown(f"**Database:** `{data.shown_database_url()}`")
st.caption(freshness_line(data.data_freshness()))
if info:
    facts = pd.DataFrame([{"fact": key, "value": value} for key, value in sorted(info.items())])
    st.dataframe(facts, hide_index=True, width="content")
    render_table_download(facts, title="Dataset facts", stem="dataset-facts", key="about_data.download")
st.subheader("Definitions")
st.markdown(
    """
- **Budget (BAC)**: budget at completion, the approved baseline budget of a project.
- **Actual cost to date**: actual cost booked for every month starting on or before the as-of date.
- **Reported status**: the overall RAG of the project's latest status report on or before the as-of date.
- **Red / Amber / Green / Grey**: always shown with a shape and a word (▲ Red, ◆ Amber, ● Green,
  ○ Grey) so they read without colour. Grey means there is not enough data to judge.
- **As of**: every page shows what was known on that date; later reports and costs are ignored.
"""
)
