"""One project's detail: header, milestones, status reports, risks and monthly costs."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, func, select
from sqlalchemy.orm import aliased

from data_access.models import (
    CostActual,
    CostPlan,
    Milestone,
    Person,
    Program,
    Project,
    RiskItem,
    StatusReport,
    Team,
)
from data_access.queries.filters import QueryFilters
from data_access.queries.scope import visible_projects
from data_access.viewer import Viewer


@dataclass(frozen=True)
class ProjectDetail:
    header: dict[str, object]
    milestones: pd.DataFrame
    status_reports: pd.DataFrame
    risks: pd.DataFrame
    monthly_costs: pd.DataFrame


def _plain(value: object) -> object:
    """Enum members as their stored string, everything else unchanged."""
    return getattr(value, "value", value)


def _frame(connection: Connection, stmt, columns: list[str]) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    rows = [[_plain(v) for v in row] for row in connection.execute(stmt).all()]
    return pd.DataFrame(rows, columns=columns)


def visible_project_codes(connection: Connection, viewer: Viewer, filters: QueryFilters) -> pd.DataFrame:
    """Code and name of every project the viewer may open (for the project picker)."""
    stmt = (
        select(Project.code, Project.name, Program.code.label("program_code"))
        .join(Program, Program.id == Project.program_id)
        .where(visible_projects(viewer))
        .order_by(Project.code)
    )
    if filters.program_codes:
        stmt = stmt.where(Program.code.in_(filters.program_codes))
    return _frame(connection, stmt, ["code", "name", "program_code"])


def project_detail(
    connection: Connection, viewer: Viewer, project_code: str, filters: QueryFilters
) -> ProjectDetail | None:
    """The project if it exists AND the viewer may see it; None otherwise (no difference leaks)."""
    sponsor, manager = aliased(Person), aliased(Person)
    header_row = (
        connection.execute(
            select(
                Project.id,
                Project.code,
                Project.name,
                Program.code.label("program_code"),
                Program.name.label("program"),
                Project.project_type,
                Project.methodology,
                Project.lifecycle_phase,
                sponsor.display_name.label("sponsor"),
                manager.display_name.label("project_manager"),
                Team.name.label("team"),
                Project.start_date,
                Project.baseline_end_date,
                Project.forecast_end_date,
                Project.budget_at_completion,
                Project.currency,
                Project.description,
            )
            .join(Program, Program.id == Project.program_id)
            .outerjoin(sponsor, sponsor.id == Project.sponsor_id)
            .outerjoin(manager, manager.id == Project.project_manager_id)
            .outerjoin(Team, Team.id == Project.team_id)
            .where(Project.code == project_code, visible_projects(viewer))
        )
        .mappings()
        .first()
    )
    if header_row is None:
        return None
    header = {key: _plain(value) for key, value in header_row.items()}
    project_id = header["id"]

    milestones = _frame(
        connection,
        select(
            Milestone.name,
            Milestone.baseline_date,
            Milestone.forecast_date,
            Milestone.actual_date,
            Milestone.weight,
        )
        .where(Milestone.project_id == project_id)
        .order_by(Milestone.baseline_date),
        ["name", "baseline_date", "forecast_date", "actual_date", "weight"],
    )
    # A milestone completed after the as-of date was not done yet on that date.
    late = milestones["actual_date"].notna() & (milestones["actual_date"] > filters.as_of)
    milestones.loc[late, "actual_date"] = None

    author = aliased(Person)
    status_reports = _frame(
        connection,
        select(
            StatusReport.report_date,
            StatusReport.overall_rag,
            StatusReport.schedule_rag,
            StatusReport.budget_rag,
            StatusReport.scope_rag,
            StatusReport.risk_rag,
            author.display_name,
            StatusReport.commentary,
            StatusReport.decisions_needed,
        )
        .outerjoin(author, author.id == StatusReport.author_id)
        .where(StatusReport.project_id == project_id, StatusReport.report_date <= filters.as_of)
        .order_by(StatusReport.report_date.desc()),
        [
            "report_date",
            "overall",
            "schedule",
            "budget",
            "scope",
            "risk",
            "author",
            "commentary",
            "decisions_needed",
        ],
    )

    owner = aliased(Person)
    risks = _frame(
        connection,
        select(
            RiskItem.kind,
            RiskItem.title,
            RiskItem.probability,
            RiskItem.impact,
            (RiskItem.probability * RiskItem.impact).label("exposure"),
            owner.display_name,
            RiskItem.due_date,
            RiskItem.status,
            RiskItem.mitigation,
            RiskItem.raised_on,
            RiskItem.closed_on,
        )
        .outerjoin(owner, owner.id == RiskItem.owner_id)
        .where(RiskItem.project_id == project_id, RiskItem.raised_on <= filters.as_of)
        .order_by((RiskItem.probability * RiskItem.impact).desc(), RiskItem.title),
        [
            "kind",
            "title",
            "probability",
            "impact",
            "exposure",
            "owner",
            "due_date",
            "status",
            "mitigation",
            "raised_on",
            "closed_on",
        ],
    )
    # Risks closed after the as-of date were still open then.
    reopened = risks["closed_on"].notna() & (risks["closed_on"] > filters.as_of)
    risks.loc[reopened, "status"] = "open"

    plan = _frame(
        connection,
        select(CostPlan.month, func.sum(CostPlan.amount))
        .where(CostPlan.project_id == project_id)
        .group_by(CostPlan.month),
        ["month", "planned"],
    )
    actual = _frame(
        connection,
        select(CostActual.month, func.sum(CostActual.amount))
        .where(CostActual.project_id == project_id, CostActual.month <= filters.as_of)
        .group_by(CostActual.month),
        ["month", "actual"],
    )
    monthly = plan.merge(actual, on="month", how="outer").sort_values("month", ignore_index=True)
    for column in ("planned", "actual"):
        monthly[column] = pd.to_numeric(monthly[column], errors="coerce").astype("float64")
    return ProjectDetail(header, milestones, status_reports, risks, monthly)
