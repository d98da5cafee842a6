"""Typed read functions: (connection, viewer, filters) -> DataFrame or frozen dataclass.

Every function takes the viewer first after the connection and filters rows by its
scope here, in SQL, so no page can read what its viewer may not see.
"""

from data_access.queries.delivery import FlowData, flow_data
from data_access.queries.delivery_group import group_flow_data, visible_teams
from data_access.queries.dora import DoraData, dora_data
from data_access.queries.filters import QueryFilters
from data_access.queries.finance import budget_projects, category_costs, monthly_costs, progress_history
from data_access.queries.freshness import SourceFreshness, data_freshness, freshness_line
from data_access.queries.health import HealthInputs, health_inputs
from data_access.queries.history import HistoryInputs, history_inputs
from data_access.queries.identity import demo_people, viewer_for_login
from data_access.queries.import_log import recent_imports
from data_access.queries.meetings import MeetingInfo, last_meeting, meetings_in_view, next_meeting
from data_access.queries.portfolio import (
    PortfolioKpis,
    dataset_info,
    list_programs,
    portfolio_kpis,
    project_table,
    reported_status,
)
from data_access.queries.project import ProjectDetail, project_detail, visible_project_codes
from data_access.queries.risks import top_risks
from data_access.queries.sprints import SprintData, sprint_data
from data_access.queries.tolerances import rag_tolerances

__all__ = [
    "MeetingInfo",
    "meetings_in_view",
    "last_meeting",
    "next_meeting",
    "recent_imports",
    "SourceFreshness",
    "data_freshness",
    "freshness_line",
    "FlowData",
    "flow_data",
    "group_flow_data",
    "visible_teams",
    "DoraData",
    "dora_data",
    "SprintData",
    "sprint_data",
    "HealthInputs",
    "health_inputs",
    "HistoryInputs",
    "history_inputs",
    "rag_tolerances",
    "top_risks",
    "PortfolioKpis",
    "ProjectDetail",
    "QueryFilters",
    "dataset_info",
    "list_programs",
    "demo_people",
    "viewer_for_login",
    "portfolio_kpis",
    "project_detail",
    "project_table",
    "reported_status",
    "visible_project_codes",
    "budget_projects",
    "monthly_costs",
    "category_costs",
    "progress_history",
]
