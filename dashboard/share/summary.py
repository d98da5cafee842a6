"""The meeting summary: projects by computed status, what changed since a date, a link back.

Built from the very frames the "What changed" page shows (``dashboard.health`` for each
date, ``dashboard.metrics.changes.compare_health`` between them), so a posted summary and
the page agree. ``build_summary`` is pure; ``summary_for`` reads the database itself for
callers without the page's cache.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlencode

import pandas as pd
from sqlalchemy import Connection

from dashboard import health
from dashboard.formatting import day
from dashboard.metrics.changes import PortfolioChanges, compare_health
from dashboard.navigation import page_by_url
from dashboard.settings import Settings
from data_access.queries import QueryFilters
from data_access.viewer import Viewer

STATUSES = ("red", "amber", "green", "grey")


@dataclass(frozen=True)
class StatusChange:
    code: str
    name: str
    program: str
    before: str | None  # None: not started on the earlier date
    now: str
    rule: str


@dataclass(frozen=True)
class Slip:
    project_code: str
    milestone: str
    expected_before: date
    expected_now: date
    days_later: int


@dataclass(frozen=True)
class EacMove:
    code: str
    name: str
    before: float
    now: float
    change: float


@dataclass(frozen=True)
class MeetingSummary:
    as_of: date
    since: date
    scope: str  # "Whole portfolio" or "Programs CLD, SEC"
    projects: int  # started by the as-of date, in view
    status_counts: tuple[tuple[str, int], ...]  # in STATUSES order
    new_reds: tuple[StatusChange, ...]
    recoveries: tuple[StatusChange, ...]
    slipped: tuple[Slip, ...]
    eac_moves: tuple[EacMove, ...]
    currency: str
    link: str | None

    @property
    def title(self) -> str:
        """Unique per date and scope: a Confluence page of that title is updated, not duplicated."""
        suffix = "" if self.scope == WHOLE_PORTFOLIO else f" · {self.scope}"
        return f"Portfolio summary {self.as_of.isoformat()}{suffix}"

    @property
    def period(self) -> str:
        return f"As of {day(self.as_of)}, changes since {day(self.since)} · {self.scope}"

    @property
    def net_eac_change(self) -> float:
        return float(sum(move.change for move in self.eac_moves))


WHOLE_PORTFOLIO = "Whole portfolio"


def dashboard_link(public_url: str, as_of: date, since: date, programs: Sequence[str]) -> str:
    """The "What changed" page with the same dates and program filter."""
    params = [("as_of", as_of.isoformat()), ("since", since.isoformat())]
    params += [("program", code) for code in programs]
    return f"{public_url.rstrip('/')}/{page_by_url('changes').url_path}?{urlencode(params)}"


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _status_changes(frame: pd.DataFrame) -> tuple[StatusChange, ...]:
    return tuple(
        StatusChange(
            code=str(row["code"]),
            name=str(row["name"]),
            program=_text(row["program"]),
            before=row["computed_overall_before"]
            if isinstance(row["computed_overall_before"], str)
            else None,
            now=str(row["computed_overall"]),
            rule=_text(row["computed_overall_rule"]),
        )
        for row in frame.to_dict("records")
    )


def build_summary(
    projects: pd.DataFrame,
    changes: PortfolioChanges,
    *,
    as_of: date,
    since: date,
    programs: Sequence[str],
    whole_portfolio: bool,
    currency: str,
    public_url: str | None,
) -> MeetingSummary:
    """``projects``: the as-of health frame (``PortfolioHealth.projects``); ``programs``: the
    program filter (empty = all in view); ``whole_portfolio``: the viewer sees everything."""
    counts = projects["computed_overall"].value_counts()
    in_view = sorted(projects["program_code"].dropna().unique()) if "program_code" in projects else []
    scope = (
        WHOLE_PORTFOLIO if whole_portfolio and not programs else "Programs " + ", ".join(programs or in_view)
    )
    return MeetingSummary(
        as_of=as_of,
        since=since,
        scope=scope,
        projects=len(projects),
        status_counts=tuple((status, int(counts.get(status, 0))) for status in STATUSES),
        new_reds=_status_changes(changes.new_reds),
        recoveries=_status_changes(changes.recoveries),
        slipped=tuple(
            Slip(
                str(r["project_code"]),
                str(r["name"]),
                r["expected_before"],
                r["expected_now"],
                int(r["days_later"]),
            )
            for r in changes.slipped_milestones.to_dict("records")
        ),
        eac_moves=tuple(
            EacMove(
                str(r["code"]),
                str(r["name"]),
                float(r["computed_eac_before"]),
                float(r["computed_eac"]),
                float(r["eac_change"]),
            )
            for r in changes.eac_changes.to_dict("records")
        ),
        currency=currency,
        link=dashboard_link(public_url, as_of, since, programs) if public_url else None,
    )


def summary_for(
    connection: Connection, viewer: Viewer, filters: QueryFilters, since: date, settings: Settings
) -> MeetingSummary:
    """The summary straight from the database, as ``dashboard.data.portfolio_changes`` computes it."""
    thresholds, overall = settings.rag_thresholds(), settings.rag_overall
    before = health.portfolio_health(connection, viewer, replace(filters, as_of=since), thresholds, overall)
    now = health.portfolio_health(connection, viewer, filters, thresholds, overall)
    changes = compare_health(before.projects, now.projects, before.milestones, now.milestones)
    return build_summary(
        now.projects,
        changes,
        as_of=filters.as_of,
        since=since,
        programs=filters.program_codes,
        whole_portfolio=viewer.scope.everything,
        currency=settings.currency,
        public_url=settings.public_url,
    )
