"""The portfolio's biggest open risks, for the executive overview."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, and_, or_, select
from sqlalchemy.orm import aliased

from data_access.models import Person, Program, Project, RiskItem
from data_access.queries.filters import QueryFilters
from data_access.queries.scope import project_filter
from data_access.viewer import Viewer

TOP_RISK_COLUMNS = ["project_code", "project", "kind", "title", "exposure", "owner", "due_date", "status"]


def top_risks(connection: Connection, viewer: Viewer, filters: QueryFilters, limit: int = 10) -> pd.DataFrame:
    """Open risks and issues on the as-of date, highest exposure (probability × impact) first."""
    owner = aliased(Person)
    exposure = (RiskItem.probability * RiskItem.impact).label("exposure")
    stmt = (
        select(
            Project.code,
            Project.name,
            RiskItem.kind,
            RiskItem.title,
            exposure,
            owner.display_name,
            RiskItem.due_date,
            RiskItem.status,
        )
        .join(Project, Project.id == RiskItem.project_id)
        .join(Program, Program.id == Project.program_id)
        .outerjoin(owner, owner.id == RiskItem.owner_id)
        .where(
            project_filter(viewer, filters),
            RiskItem.raised_on <= filters.as_of,
            or_(RiskItem.closed_on.is_(None), RiskItem.closed_on > filters.as_of),
            and_(Project.start_date <= filters.as_of),
        )
        .order_by(exposure.desc(), RiskItem.due_date, Project.code, RiskItem.id)
        .limit(limit)
    )
    rows = [[getattr(v, "value", v) for v in row] for row in connection.execute(stmt).all()]
    frame = pd.DataFrame(rows, columns=TOP_RISK_COLUMNS)
    # A risk closed after the as-of date was still open then.
    frame.loc[frame["status"] == "closed", "status"] = "open"
    return frame
