"""What changed since a date: new reds, recoveries, slipped milestones, forecast cost moves."""

import streamlit as st

from dashboard import data
from dashboard.components.changes import render_changes
from dashboard.components.share_panel import render_share_panel
from dashboard.filters import render_since_picker
from dashboard.formatting import day
from dashboard.page_context import page_context

context = page_context()
st.title("What changed")
since = render_since_picker(context.filters.as_of)
st.caption(
    f"From {day(since)} to {day(context.filters.as_of)} · computed status on each date from what was known then"
)
render_changes(data.portfolio_changes(context.viewer, context.filters, since), context.currency, since)
render_share_panel(context.viewer, context.filters.as_of, since, context.filters.program_codes)
