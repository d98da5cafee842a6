"""Presentation mode for a steering meeting: one step at a time, large type, the step in
the URL, and the same content as a PowerPoint pack to download."""

import streamlit as st

from dashboard import data
from dashboard.components.notices import stop_when_no_projects
from dashboard.components.share_panel import render_share_panel
from dashboard.components.steering_controls import (
    pick_since,
    render_meeting_form,
    render_pack_download,
    render_step_bar,
)
from dashboard.components.steering_step import presentation_container, render_step
from dashboard.page_context import page_context
from dashboard.steering.model import SteeringRequest

context = page_context()
filters = context.filters
render_meeting_form(context.viewer, data.programs(context.viewer))  # first: a new meeting is then listed
since, since_meeting = pick_since(data.meetings(context.viewer, filters), filters.as_of)
upcoming = data.next_meeting(
    context.viewer, filters, filters.as_of, since_meeting.forum if since_meeting else None
)
request = SteeringRequest(filters.as_of, since, filters.program_codes, since_meeting, upcoming)
outline = data.steering_outline(context.viewer, request)  # the steps' titles: only the one shown is built
stop_when_no_projects(outline.projects == 0)

render_pack_download(lambda: data.steering_pack(context.viewer, request), filters.as_of)

with presentation_container():
    step = render_step_bar(list(outline.step_titles), key="presentation.steps")
    render_step(data.steering_step(context.viewer, request, outline.step_keys[step - 1]))
st.caption(outline.footer)
render_share_panel(context.viewer, filters.as_of, since, filters.program_codes)
