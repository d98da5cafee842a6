"""The only module that mixes Streamlit caches with data_access.

Caches are keyed on plain values (database URL, query name, viewer, filters,
thresholds), never on an Engine: an unhashed ``_engine`` argument would let two
databases share entries. Plain reads share one cache (``_read``); each service that
turns reads into figures (health, budget, delivery) has its own cached wrapper.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy import Engine

from dashboard import budget, charts, charts_budget, delivery, delivery_cadence, health, import_service
from dashboard.budget import BudgetFocus, BudgetReport
from dashboard.delivery import DeliveryFlow, DeliveryRequest, ForecastPanel
from dashboard.delivery_cadence import DoraReport, SprintReport
from dashboard.health import PortfolioHealth
from dashboard.metrics.changes import PortfolioChanges, compare_health
from dashboard.metrics.thresholds import RagThresholds
from dashboard.settings import SettingsError, get_settings
from dashboard.steering.content import Sources, SteeringOptions, options_from_settings, request_filters
from dashboard.steering.content import steering_outline as build_steering_outline
from dashboard.steering.content import steering_step as build_steering_step
from dashboard.steering.model import SteeringContent, SteeringOutline, SteeringRequest, Step
from dashboard.steering.pack import build_pack
from data_access import queries
from data_access.db import make_engine, safe_url
from data_access.importers.registry import ImportOutcome
from data_access.queries import MeetingInfo, PortfolioKpis, ProjectDetail, QueryFilters
from data_access.queries.meetings import add_meeting as add_meeting_row
from data_access.viewer import Viewer


def _ttl() -> int:
    try:
        return get_settings().cache_ttl_seconds
    except SettingsError:  # app.py reports the bad setting; the cache must not crash first
        return 300


def database_url() -> str:
    return get_settings().effective_database_url


def shown_database_url() -> str:
    """The database URL as a page may show it: password masked."""
    return safe_url(database_url())


@st.cache_resource(show_spinner=False)
def engine_for(url: str) -> Engine:
    """One pooled engine per database URL for the whole server process."""
    return make_engine(url)


@st.cache_data(ttl=_ttl(), max_entries=1024, show_spinner=False)
def _read(url: str, query_name: str, *args: Any) -> Any:
    """Run ``data_access.queries.<query_name>(connection, *args)`` on ``url``, cached."""
    if query_name not in queries.__all__:
        raise ValueError(f"unknown query {query_name!r}")
    with engine_for(url).connect() as connection:
        return getattr(queries, query_name)(connection, *args)


# A resource cache, not a data cache: every session gets the same object instead of an
# unpickled copy (unpickling the large portfolio's RAG explanations took 0.12 s per page
# run). Safe because nothing mutates it: pandas copy-on-write gives every derived frame
# its own data. About 6 MB per whole-portfolio entry, hence the small max_entries.
@st.cache_resource(ttl=_ttl(), max_entries=32, show_spinner=False)
def _portfolio_health(
    url: str, viewer: Viewer, filters: QueryFilters, thresholds: RagThresholds, overall: str
) -> PortfolioHealth:
    with engine_for(url).connect() as connection:
        return health.portfolio_health(connection, viewer, filters, thresholds, overall)


def portfolio_health(viewer: Viewer, filters: QueryFilters) -> PortfolioHealth:
    """Computed beside reported RAG for every project in view (thresholds from settings)."""
    settings = get_settings()
    return _portfolio_health(database_url(), viewer, filters, settings.rag_thresholds(), settings.rag_overall)


@st.cache_resource(ttl=_ttl(), max_entries=32, show_spinner=False)
def _overview_charts(
    url: str, viewer: Viewer, filters: QueryFilters, thresholds: RagThresholds, overall: str, currency: str
) -> tuple[go.Figure, go.Figure]:
    projects = _portfolio_health(url, viewer, filters, thresholds, overall).projects
    return charts.rag_heatmap(projects), charts.spi_cpi_scatter(projects, currency)


def overview_charts(viewer: Viewer, filters: QueryFilters, currency: str) -> tuple[go.Figure, go.Figure]:
    """The overview's heatmap and SPI/CPI scatter of ``portfolio_health``, built once and
    shared by every session: building them was half of a warm overview on the large
    portfolio (0.25 s of 0.5 s), and st.plotly_chart only reads a figure (it serialises a
    copy)."""
    settings = get_settings()
    return _overview_charts(
        database_url(), viewer, filters, settings.rag_thresholds(), settings.rag_overall, currency
    )


# A history is computed for all its dates at once (its inputs are read in one go, see
# health.overall_history) and cached as one entry keyed on the dates, with the filters'
# as-of date set to the last of them: the six month ends of the trend strip then serve
# every as-of date of the next month.
def _history_rows(
    url: str,
    viewer: Viewer,
    filters: QueryFilters,
    dates: tuple[date, ...],
    thresholds: RagThresholds,
    overall: str,
) -> pd.DataFrame:
    with engine_for(url).connect() as connection:
        return health.overall_history(connection, viewer, filters, dates, thresholds, overall)


@st.cache_data(ttl=_ttl(), max_entries=256, show_spinner=False)
def _recent_history(
    url: str,
    viewer: Viewer,
    filters: QueryFilters,
    dates: tuple[date, ...],
    thresholds: RagThresholds,
    overall: str,
) -> pd.DataFrame:
    return _history_rows(url, viewer, filters, dates, thresholds, overall)


# Days before today change only when someone loads backdated data, so their statuses are
# kept SETTLED_TTL_FACTOR times longer (an hour by default): after the TTL a cold overview
# recomputes its as-of date, not the six month ends of its trend strip. An upload on the
# Import page clears them at once.
SETTLED_TTL_FACTOR = 12


@st.cache_data(ttl=SETTLED_TTL_FACTOR * _ttl(), max_entries=256, show_spinner=False)
def _settled_history(
    url: str,
    viewer: Viewer,
    filters: QueryFilters,
    dates: tuple[date, ...],
    thresholds: RagThresholds,
    overall: str,
) -> pd.DataFrame:
    return _history_rows(url, viewer, filters, dates, thresholds, overall)


def _history(
    url: str,
    viewer: Viewer,
    filters: QueryFilters,
    dates: Sequence[date],
    thresholds: RagThresholds,
    overall: str,
) -> pd.DataFrame:
    days = tuple(sorted(set(dates)))
    if not days:
        return pd.DataFrame(columns=[*health.HISTORY_COLUMNS, "date"])
    cached = _settled_history if days[-1] < date.today() else _recent_history
    return cached(url, viewer, replace(filters, as_of=days[-1]), days, thresholds, overall)


def overall_history(viewer: Viewer, filters: QueryFilters, dates: Sequence[date]) -> pd.DataFrame:
    """Computed and reported overall status per project on each date (what was known then)."""
    settings = get_settings()
    return _history(database_url(), viewer, filters, dates, settings.rag_thresholds(), settings.rag_overall)


def portfolio_changes(viewer: Viewer, filters: QueryFilters, since: date) -> PortfolioChanges:
    """What changed from ``since`` to the as-of date, from two cached health computations."""
    before = portfolio_health(viewer, replace(filters, as_of=since))
    now = portfolio_health(viewer, filters)
    return compare_health(before.projects, now.projects, before.milestones, now.milestones)


def trend_history(
    viewer: Viewer, filters: QueryFilters, current: PortfolioHealth, codes: tuple[str, ...] = ()
) -> pd.DataFrame:
    """The overview's six-month trend: month ends from the cache, the as-of date from the
    health the page already has (not computed a second time). ``codes``: only these
    projects' month ends (the rows on screen); empty for every project in ``filters``."""
    settings = get_settings()
    return _trend_history(
        database_url(), viewer, filters, current, codes, settings.rag_thresholds(), settings.rag_overall
    )


def _trend_history(
    url: str,
    viewer: Viewer,
    filters: QueryFilters,
    current: PortfolioHealth,
    codes: tuple[str, ...],
    thresholds: RagThresholds,
    overall: str,
) -> pd.DataFrame:
    if codes:
        filters = replace(filters, project_codes=tuple(sorted(codes)))
    past = _history(url, viewer, filters, health.trend_dates(filters.as_of)[:-1], thresholds, overall)
    return pd.concat([past, health.history_rows(current, filters.as_of)], ignore_index=True)


def top_risks(viewer: Viewer, filters: QueryFilters) -> pd.DataFrame:
    return _read(database_url(), "top_risks", viewer, filters)


@st.cache_data(ttl=_ttl(), max_entries=64, show_spinner=False)
def _delivery_flow(url: str, viewer: Viewer, request: DeliveryRequest) -> DeliveryFlow | None:
    with engine_for(url).connect() as connection:
        return delivery.delivery_flow(connection, viewer, request)


def delivery_flow(viewer: Viewer, request: DeliveryRequest) -> DeliveryFlow | None:
    """A project's, team's or program's flow figures in the chosen preset (dashboard/delivery.py), cached."""
    return _delivery_flow(database_url(), viewer, request)


@st.cache_data(ttl=_ttl(), max_entries=128, show_spinner=False)
def _delivery_forecast(
    url: str, viewer: Viewer, request: DeliveryRequest, by: date, n_items: int
) -> ForecastPanel | None:
    flow = _delivery_flow(url, viewer, request)
    if flow is None or flow.flow is None:
        return None
    try:
        return delivery.forecast_panel(flow, by, n_items)
    except ValueError:  # no finished item in the history window: nothing to sample
        return None


def delivery_forecast(
    viewer: Viewer, request: DeliveryRequest, by: date, n_items: int
) -> ForecastPanel | None:
    """Monte Carlo "how many by" and "when" for the project; None without recent throughput."""
    return _delivery_forecast(database_url(), viewer, request, by, n_items)


@st.cache_data(ttl=_ttl(), max_entries=64, show_spinner=False)
def _sprint_report(url: str, viewer: Viewer, code: str, filters: QueryFilters) -> SprintReport | None:
    with engine_for(url).connect() as connection:
        return delivery_cadence.sprint_report(connection, viewer, code, filters)


def sprint_report(viewer: Viewer, code: str, filters: QueryFilters) -> SprintReport | None:
    """Velocity, commitment and burndown of the project's sprints (dashboard/delivery_cadence.py), cached."""
    return _sprint_report(database_url(), viewer, code, filters)


@st.cache_data(ttl=_ttl(), max_entries=64, show_spinner=False)
def _dora_report(url: str, viewer: Viewer, code: str, filters: QueryFilters) -> DoraReport | None:
    with engine_for(url).connect() as connection:
        return delivery_cadence.dora_report(connection, viewer, code, filters)


def dora_report(viewer: Viewer, code: str, filters: QueryFilters) -> DoraReport | None:
    """The project's DORA four keys over the last 90 days, cached."""
    return _dora_report(database_url(), viewer, code, filters)


def dataset_info() -> dict[str, str]:
    return _read(database_url(), "dataset_info")


def demo_people() -> pd.DataFrame:
    return _read(database_url(), "demo_people")


def viewer_for_login(login: str) -> Viewer | None:
    return _read(database_url(), "viewer_for_login", login)


def programs(viewer: Viewer) -> pd.DataFrame:
    return _read(database_url(), "list_programs", viewer)


def portfolio_kpis(viewer: Viewer, filters: QueryFilters) -> PortfolioKpis:
    return _read(database_url(), "portfolio_kpis", viewer, filters)


def project_table(viewer: Viewer, filters: QueryFilters) -> pd.DataFrame:
    return _read(database_url(), "project_table", viewer, filters)


def project_codes(viewer: Viewer, filters: QueryFilters) -> pd.DataFrame:
    return _read(database_url(), "visible_project_codes", viewer, filters)


def team_codes(viewer: Viewer, filters: QueryFilters) -> pd.DataFrame:
    """Code and name of the teams with a project the viewer may see (Delivery team view)."""
    return _read(database_url(), "visible_teams", viewer, filters)


def project_detail(viewer: Viewer, code: str, filters: QueryFilters) -> ProjectDetail | None:
    return _read(database_url(), "project_detail", viewer, code, filters)


# --- Budget and earned value (dashboard/budget.py) ---------------------------------------


@st.cache_data(ttl=_ttl(), max_entries=64, show_spinner=False)
def _budget_report(url: str, viewer: Viewer, filters: QueryFilters, padded_threshold: float) -> BudgetReport:
    with engine_for(url).connect() as connection:
        return budget.budget_report(connection, viewer, filters, padded_threshold=padded_threshold)


def budget_report(viewer: Viewer, filters: QueryFilters) -> BudgetReport:
    """EVM per project, program and portfolio as of the filters' date (padded threshold from settings)."""
    return _budget_report(database_url(), viewer, filters, get_settings().rag_padded)


@st.cache_data(ttl=_ttl(), max_entries=256, show_spinner=False)
def _budget_focus(
    url: str,
    viewer: Viewer,
    filters: QueryFilters,
    padded_threshold: float,
    program: str | None,
    project: str | None,
) -> BudgetFocus:
    report = _budget_report(url, viewer, filters, padded_threshold)
    categories = None
    if project:
        with engine_for(url).connect() as connection:
            categories = budget.read_project_categories(connection, viewer, filters, project)
    return budget.budget_focus(report, program=program, project=project, project_categories=categories)


def budget_focus(
    viewer: Viewer, filters: QueryFilters, program: str | None, project: str | None
) -> BudgetFocus:
    """One drill-down level (portfolio, program or project) of the cached budget report."""
    return _budget_focus(database_url(), viewer, filters, get_settings().rag_padded, program, project)


@st.cache_resource(ttl=_ttl(), max_entries=64, show_spinner=False)
def _budget_charts(
    url: str,
    viewer: Viewer,
    filters: QueryFilters,
    padded_threshold: float,
    program: str | None,
    project: str | None,
    currency: str,
) -> tuple[go.Figure, go.Figure, go.Figure]:
    focus = _budget_focus(url, viewer, filters, padded_threshold, program, project)
    return (
        charts_budget.burn_up(focus.series, focus.figures, filters.as_of, currency),
        charts_budget.performance_trend(focus.series, filters.as_of, currency),
        charts_budget.category_plan_vs_actual(focus.categories, currency),
    )


def budget_charts(
    viewer: Viewer, filters: QueryFilters, program: str | None, project: str | None, currency: str
) -> tuple[go.Figure, go.Figure, go.Figure]:
    """The Budget page's burn-up, CPI/SPI trend and category figures of one drill-down level,
    built once and shared by every session (a resource: st.plotly_chart only reads a
    figure). Building them was most of a warm Budget page on the large portfolio."""
    return _budget_charts(
        database_url(), viewer, filters, get_settings().rag_padded, program, project, currency
    )


# --- Imports and data freshness (dashboard/import_service.py) ----------------------------


def data_freshness() -> list[queries.SourceFreshness]:
    """When each source was last loaded (newest first); not scoped: it names no project."""
    return _read(database_url(), "data_freshness")


def recent_imports(viewer: Viewer) -> pd.DataFrame:
    """The import log for a PMO admin (empty for everyone else), always read fresh."""
    with engine_for(database_url()).connect() as connection:
        return queries.recent_imports(connection, viewer)


def import_upload(
    viewer: Viewer,
    kind: str,
    file_name: str,
    content: bytes,
    project_code: str | None,
    workflow: tuple[str, bytes] | None,
) -> ImportOutcome:
    """Import an uploaded file, then drop every cached read so pages show the new data."""
    outcome = import_service.import_upload(
        engine_for(database_url()), viewer, kind, file_name, content, project_code, workflow
    )
    st.cache_data.clear()
    _portfolio_health.clear()  # resource caches: st.cache_data.clear() leaves them alone
    _overview_charts.clear()
    _budget_charts.clear()
    return outcome


# --- Steering meetings, presentation and pack (dashboard/steering) -----------------------


def meetings(viewer: Viewer, filters: QueryFilters) -> list[MeetingInfo]:
    """Meetings of the forums the viewer may see (portfolio-wide and their programs'), newest first."""
    return _read(database_url(), "meetings_in_view", viewer, filters)


def next_meeting(viewer: Viewer, filters: QueryFilters, after: date, forum: str | None) -> MeetingInfo | None:
    """The next meeting after ``after``: the same forum's when it has one, else any visible forum's."""
    return _read(database_url(), "next_meeting", viewer, filters, after, forum)


def _steering_sources(
    url: str, viewer: Viewer, request: SteeringRequest, options: SteeringOptions
) -> Sources:
    """A step's health and trend from the caches the overview, What changed and the share
    panel read: computed once for all of them."""
    filters = request_filters(request)

    def health_on(day: date) -> PortfolioHealth:
        return _portfolio_health(
            url, viewer, replace(filters, as_of=day), options.thresholds, options.overall
        )

    def trend(codes: tuple[str, ...]) -> pd.DataFrame:
        now = health_on(filters.as_of)
        return _trend_history(url, viewer, filters, now, codes, options.thresholds, options.overall)

    return Sources(health_on, trend)


@st.cache_data(ttl=_ttl(), max_entries=32, show_spinner=False)
def _steering_outline(
    url: str, viewer: Viewer, request: SteeringRequest, options: SteeringOptions
) -> SteeringOutline:
    now = _steering_sources(url, viewer, request, options).health(request.as_of)
    with engine_for(url).connect() as connection:
        return build_steering_outline(connection, viewer, request, options, now)


@st.cache_data(ttl=_ttl(), max_entries=256, show_spinner=False)
def _steering_step(
    url: str, viewer: Viewer, request: SteeringRequest, options: SteeringOptions, key: str
) -> Step:
    outline = _steering_outline(url, viewer, request, options)
    sources = _steering_sources(url, viewer, request, options)
    with engine_for(url).connect() as connection:
        return build_steering_step(connection, viewer, outline, key, options, sources)


def steering_outline(viewer: Viewer, request: SteeringRequest) -> SteeringOutline:
    """The presentation's steps and footer (dashboard/steering/content.py), no step built yet."""
    return _steering_outline(database_url(), viewer, request, options_from_settings(get_settings()))


def steering_step(viewer: Viewer, request: SteeringRequest, key: str) -> Step:
    """One step of the presentation, built when first shown and then cached."""
    return _steering_step(database_url(), viewer, request, options_from_settings(get_settings()), key)


@st.cache_data(ttl=_ttl(), max_entries=16, show_spinner=False)
def _steering_pack(url: str, viewer: Viewer, request: SteeringRequest, options: SteeringOptions) -> bytes:
    outline = _steering_outline(url, viewer, request, options)
    steps = tuple(_steering_step(url, viewer, request, options, key) for key in outline.step_keys)
    return build_pack(SteeringContent(outline, steps))


def steering_pack(viewer: Viewer, request: SteeringRequest) -> bytes:
    """The PPTX of every step, built on first request (from the steps already shown) and
    then served from the cache."""
    return _steering_pack(database_url(), viewer, request, options_from_settings(get_settings()))


def add_meeting(
    viewer: Viewer, forum: str, held_on: date, program_code: str | None, notes: str | None
) -> MeetingInfo:
    """Record a meeting (PMO admin; raises MeetingRejected with the reason), then drop the
    cached reads so the meeting picker lists it at once."""
    with engine_for(database_url()).begin() as connection:
        meeting = add_meeting_row(connection, viewer, forum, held_on, program_code, notes)
    _read.clear()
    return meeting
