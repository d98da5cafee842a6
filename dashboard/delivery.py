"""Delivery flow of a project, team or program: reads its flow inputs and computes every flow figure once.

No Streamlit here, so the Delivery page (through dashboard/data.py) and ``python -m
dashboard flow`` show the very same numbers from one function, in the preset the user
chose (METRICS.md "Flow metrics" and "Forecasts").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import pandas as pd
from sqlalchemy import Connection

from dashboard.metrics import forecast
from dashboard.metrics.flow import (
    FlowItems,
    FlowSettings,
    Stage,
    Workflow,
    cfd,
    compute_flow,
    percentiles,
    throughput_daily,
    throughput_weekly,
    wip_daily,
)
from data_access import queries
from data_access.queries import FlowData, QueryFilters
from data_access.viewer import Viewer


@dataclass(frozen=True)
class DeliveryFlow:
    """Everything the Delivery page draws; ``flow`` is None when the project has no board.

    Daily series run from ``since`` (default: the first creation) to the as-of date, so
    a quiet last week shows as zeros (and counts as such in forecasts); percentiles are
    of the items finished in that window.
    """

    data: FlowData
    as_of: date
    since: date
    flow: FlowItems | None
    percentiles: pd.Series
    throughput_daily: pd.Series
    throughput_weekly: pd.Series
    cfd: pd.DataFrame
    wip: pd.Series

    @property
    def open_items(self) -> int:
        """Items not done as of the date (backlog and in progress): what "when" forecasts."""
        if self.flow is None:
            return 0
        table = self.flow.table
        return int((table["done_date"].isna() & table["created_date"].notna()).sum())

    @property
    def done_before_period(self) -> int:
        """Items that reached done before ``since`` (the CFD's Done line minus the first day's)."""
        if self.flow is None or self.cfd.empty or self.throughput_daily.empty:
            return 0
        return int(self.cfd[self.flow.workflow.done_stage].iloc[0] - self.throughput_daily.iloc[0])

    def finished(self) -> pd.DataFrame:
        """Items finished in the window: item_key, title, done_date, cycle_time (oldest first)."""
        if self.flow is None:
            return pd.DataFrame(columns=["item_key", "title", "done_date", "cycle_time"])
        table = self.flow.table
        done = table[table["done_date"].notna() & (table["done_date"] >= pd.Timestamp(self.since))]
        frame = done.reset_index()[["item_key", "done_date", "cycle_time"]]
        frame.insert(1, "title", done["title"].to_numpy() if "title" in done else "")
        return frame.sort_values("done_date", kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class ForecastPanel:
    """Monte Carlo answers with the inputs that produced them (shown beside them)."""

    by: date
    how_many: pd.Series
    n_items: int
    when: pd.Series
    history_start: date
    history_end: date
    history_items: int
    trials: int
    seed: int


def workflow_from_rows(rows: pd.DataFrame, start_stage: str, done_stage: str) -> Workflow:
    """The metrics' Workflow from stored (status, stage, stage_order, category) rows."""
    stages = rows.sort_values(["stage_order"], kind="stable").drop_duplicates("stage")
    return Workflow(
        stages=tuple(Stage(s, c) for s, c in zip(stages["stage"], stages["category"], strict=True)),
        status_to_stage=dict(zip(rows["status"], rows["stage"], strict=True)),
        start_stage=start_stage,
        done_stage=done_stage,
    )


def flow_of(data: FlowData, settings: FlowSettings, as_of: date, since: date | None = None) -> DeliveryFlow:
    """Compute the flow figures of already-read inputs (separate so tests can feed frames)."""
    if data.start_stage is None or data.done_stage is None or data.workflow.empty:
        nothing = pd.Series([], dtype="int64")
        empty = pd.Series([], dtype=float)
        return DeliveryFlow(
            data, as_of, since or as_of, None, empty, nothing, nothing, pd.DataFrame(), nothing
        )
    workflow = workflow_from_rows(data.workflow, data.start_stage, data.done_stage)
    flow = compute_flow(data.transitions, data.items, workflow, settings, as_of=as_of)
    created = flow.table["created_date"].dropna()
    first = since or (created.min().date() if len(created) else as_of)
    done = flow.table["done_date"]
    in_window = flow.table.loc[done.notna() & (done >= pd.Timestamp(first)), "cycle_time"]
    return DeliveryFlow(
        data=data,
        as_of=as_of,
        since=first,
        flow=flow,
        percentiles=percentiles(in_window, settings.percentiles),
        throughput_daily=throughput_daily(flow, first, as_of),
        throughput_weekly=throughput_weekly(flow, first, as_of),
        cfd=cfd(flow, first, as_of),
        wip=wip_daily(flow, first, as_of),
    )


@dataclass(frozen=True)
class DeliveryRequest:
    """What a Delivery view asks for, as plain values (so it can key a cache)."""

    code: str
    filters: QueryFilters
    settings: FlowSettings
    since: date | None = None
    scope: Literal["project", "team", "program"] = "project"  # what ``code`` names


def delivery_flow(connection: Connection, viewer: Viewer, request: DeliveryRequest) -> DeliveryFlow | None:
    """The project's, team's or program's flow as of the filters' date; None when absent or out
    of the viewer's scope (a team or program counts only the projects the viewer may see)."""
    data = (
        queries.flow_data(connection, viewer, request.code, request.filters)
        if request.scope == "project"
        else queries.group_flow_data(connection, viewer, request.scope, request.code, request.filters)
    )
    return None if data is None else flow_of(data, request.settings, request.filters.as_of, request.since)


def ageing_wip(delivery: DeliveryFlow) -> pd.DataFrame:
    """Started, not done items as of the date: key, title, current stage (board order), age."""
    if delivery.flow is None:
        return pd.DataFrame(columns=["item_key", "title", "stage", "age"])
    table = delivery.flow.table
    open_started = table[table["age"].notna()]
    frame = pd.DataFrame(
        {
            "item_key": open_started.index,
            "title": open_started["title"].to_numpy() if "title" in open_started else "",
            "stage": open_started["current_stage"].to_numpy(),
            "age": open_started["age"].to_numpy(),
        }
    )
    order = {name: i for i, name in enumerate(delivery.flow.workflow.stage_names)}
    frame["stage_order"] = frame["stage"].map(order)
    frame = frame.sort_values(["stage_order", "age"], ascending=[True, False], kind="stable")
    return frame.drop(columns="stage_order").reset_index(drop=True)


def forecast_panel(
    delivery: DeliveryFlow,
    by: date,
    n_items: int,
    *,
    history_weeks: int = forecast.DEFAULT_HISTORY_WEEKS,
    trials: int = forecast.DEFAULT_TRIALS,
    seed: int = forecast.DEFAULT_SEED,
) -> ForecastPanel:
    """How many by ``by`` and when ``n_items`` are done, from the day after the as-of date.

    ValueError when the history window has no completed item (nothing to sample).
    """
    daily = delivery.throughput_daily
    start = delivery.as_of + timedelta(days=1)
    how_many = forecast.how_many_by(
        daily, by, start=start, history_weeks=history_weeks, trials=trials, seed=seed
    )
    finish = forecast.when(
        daily, max(n_items, 1), start=start, history_weeks=history_weeks, trials=trials, seed=seed
    )
    window = forecast.history_window(daily, history_weeks)
    end = pd.Timestamp(daily.index[-1]).date()
    return ForecastPanel(
        by=by,
        how_many=how_many,
        n_items=max(n_items, 1),
        when=finish,
        history_start=end - timedelta(days=len(window) - 1),
        history_end=end,
        history_items=int(window.sum()),
        trials=trials,
        seed=seed,
    )
