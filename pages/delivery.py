"""Delivery page (the Scrum Master view): cycle times, throughput, flow, ageing work, forecasts.

Links: ``?project=CODE&preset=vacanti&working_days=1&weeks=26``; a team or program:
``?scope=team&team=CODE`` or ``?scope=program&program_view=CODE`` (pooled, see
dashboard/components/delivery_scope.py).
"""

from datetime import timedelta

import streamlit as st

from dashboard import charts_flow, data
from dashboard.components.delivery_panels import render_delivery_panels
from dashboard.components.delivery_scope import render_scope_picker
from dashboard.components.kpi import render_kpi_row
from dashboard.components.project_picker import not_available
from dashboard.components.table_download import render_table_download
from dashboard.delivery import DeliveryRequest, ageing_wip
from dashboard.delivery_view import (
    PRESET_HELP,
    PRESET_LABELS,
    WINDOWS,
    delivery_caption,
    delivery_kpis,
    forecast_inputs,
    forecast_table,
    littles_law_check,
    pooling_note,
    preset_from_url,
    window_from_url,
    window_start,
)
from dashboard.metrics.flow_presets import PRESETS, FlowSettings
from dashboard.page_context import page_context

context = page_context()
as_of = context.filters.as_of
params = st.query_params
if "delivery_preset" not in st.session_state:  # first run: the link decides
    st.session_state["delivery_preset"] = preset_from_url(params.get("preset"))
    st.session_state["delivery_working_days"] = params.get("working_days") == "1"
    st.session_state["delivery_window"] = window_from_url(params.get("weeks"))

st.title("Delivery")
# Two rows, so no control is clipped at 1366 px: what to look at, then how to count it.
view_col, picker, _ = st.columns([1.8, 2.6, 1.6], vertical_alignment="bottom")
preset_col, window_col, days_col = st.columns([2.4, 1.4, 2.2], vertical_alignment="bottom")
choice = render_scope_picker(context.viewer, context.filters, view_col, picker)
scope, code = choice.scope, choice.code
preset = preset_col.segmented_control(
    "Counting rule", PRESETS, format_func=PRESET_LABELS.get, key="delivery_preset", help=PRESET_HELP
) or preset_from_url(None)
window = window_col.selectbox("Period", list(WINDOWS), format_func=WINDOWS.get, key="delivery_window")
working_days = days_col.toggle(
    "Weekdays", key="delivery_working_days", help="Count working days (Mon–Fri) only."
)
params["preset"], params["weeks"] = preset, window
if working_days:
    params["working_days"] = "1"
elif "working_days" in params:
    del params["working_days"]
if code is None:
    if not choice.refused:
        st.info(f"Choose a {scope} above to see how its work flows.", icon=":material/touch_app:")
    st.stop()

settings = FlowSettings(preset=preset, working_days=working_days)
request = DeliveryRequest(code, context.filters, settings, window_start(window, as_of), scope)
delivery = data.delivery_flow(context.viewer, request)
if delivery is None:
    st.warning(not_available(scope), icon=":material/block:")
    st.stop()

st.caption(delivery_caption(delivery, scope, PRESET_LABELS[preset], working_days))
if (note := pooling_note(delivery, scope)) is not None:
    st.info(note, icon=":material/call_split:")
if delivery.flow is None:
    st.info(f"No board workflow (statuses mapped to stages) in this {scope}, so there are no flow metrics.")
    render_delivery_panels(context.viewer, code, context.filters, scope)
    st.stop()

render_kpi_row(delivery_kpis(delivery, working_days))
if (check := littles_law_check(delivery)) is not None:
    st.caption(check)
finished = delivery.finished()
left, right = st.columns(2)
left.plotly_chart(
    charts_flow.cycle_time_scatter(finished, delivery.percentiles, working_days=working_days),
    key="cycle_scatter",
    width="stretch",
)
right.plotly_chart(
    charts_flow.cycle_time_histogram(finished["cycle_time"], delivery.percentiles, working_days=working_days),
    key="cycle_histogram",
    width="stretch",
)
left, right = st.columns(2)
left.plotly_chart(
    charts_flow.throughput_run_chart(delivery.throughput_weekly), key="throughput", width="stretch"
)
right.plotly_chart(
    charts_flow.cumulative_flow(delivery.cfd, delivery.done_before_period), key="cfd", width="stretch"
)
left, right = st.columns(2)
stages = [s.name for s in delivery.flow.workflow.stages if s.category == "in progress"]
left.plotly_chart(
    charts_flow.ageing_wip(ageing_wip(delivery), stages, delivery.percentiles, working_days=working_days),
    key="ageing",
    width="stretch",
)
with right:
    st.subheader("Forecast")
    by_col, n_col = st.columns(2)
    by = by_col.date_input(
        "How many by", value=as_of + timedelta(days=28), min_value=as_of, key="forecast_by"
    )
    n_items = n_col.number_input(
        "When will N be done", min_value=1, value=max(delivery.open_items, 1), step=1, key="forecast_n"
    )
    panel = data.delivery_forecast(context.viewer, request, by, int(n_items))
    if panel is None:
        st.info("No item finished in the last 12 weeks: there is no throughput to forecast from.")
    else:
        st.dataframe(forecast_table(panel), hide_index=True, width="stretch")
        render_table_download(
            forecast_table(panel),
            title="Forecast",
            stem="forecast",
            key="forecast.download",
            file_tag=code,
            notes=[
                ("View", f"{scope} {code}"),
                ("Counting rule", PRESET_LABELS[preset]),
                ("Forecast inputs", forecast_inputs(panel)),
            ],
        )
        st.caption(forecast_inputs(panel))

render_delivery_panels(context.viewer, code, context.filters, scope)
