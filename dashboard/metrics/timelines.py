"""Each project's RAG inputs over a span of dates, replayed date by date in plain Python.

Why not a frame per date: a status history (the overview's six month ends, a project's
seventeen report dates) sliced the batched read with pandas once per date, about 8 ms a
date before the engine saw a single project; on the large portfolio that was more than the
engine itself. Here the rows are grouped by project once, and a date is a binary search
per project ("the newest row on or before the date") on lists already sorted by day.

What ``input_on`` returns for a date is exactly what ``health_input`` builds from the
one-date read of that date (tests compare the two on both databases).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

import pandas as pd

from dashboard.metrics.portfolio_health import day_or_none, float_or_none
from dashboard.metrics.rag import Milestone, ProjectHealthInput, Risk


@dataclass(frozen=True)
class _MilestoneTimeline:
    name: str
    baseline: date
    actual: date | None
    forecast_days: list[date]  # recorded_on, ascending
    forecasts: list[date | None]

    def on(self, day: date) -> Milestone:
        """The milestone as known on ``day``: the newest forecast recorded by then, and done
        only if it was done by then."""
        known = bisect_right(self.forecast_days, day)
        forecast = self.forecasts[known - 1] if known else None
        actual = self.actual if self.actual is not None and self.actual <= day else None
        return Milestone(self.name, self.baseline, forecast, actual)


@dataclass(frozen=True)
class _RiskTimeline:
    risk: Risk
    raised_on: date
    closed_on: date | None

    def open_on(self, day: date) -> bool:
        return self.raised_on <= day and (self.closed_on is None or self.closed_on > day)


@dataclass
class ProjectTimeline:
    """One project's rows over the span; ``pv`` and ``ac`` hold one cumulative sum per date."""

    code: str
    program_code: str
    start_date: date
    bac: float | None
    has_baseline: bool
    pv: list[float]
    ac: list[float]
    progress_days: list[date] = field(default_factory=list)  # period_end, ascending
    percents: list[float | None] = field(default_factory=list)
    milestones: list[_MilestoneTimeline] = field(default_factory=list)
    risks: list[_RiskTimeline] = field(default_factory=list)
    report_days: list[date] = field(default_factory=list)  # report_date, ascending
    reported: list[str | None] = field(default_factory=list)

    def input_on(self, day: date, index: int) -> ProjectHealthInput | None:
        """The RAG input on ``day`` (``index``: its position among the span's dates), or
        None when the project had not started."""
        if self.start_date > day:
            return None
        known = bisect_right(self.progress_days, day)
        percent = self.percents[known - 1] if known else None
        bac = self.bac
        return ProjectHealthInput(
            code=self.code,
            as_of=day,
            bac=bac,
            pv=self.pv[index] if self.has_baseline else None,
            ev=percent / 100.0 * bac if percent is not None and bac is not None else None,
            ac=self.ac[index],
            has_progress=percent is not None,
            milestones=tuple(m.on(day) for m in self.milestones),
            risks=tuple(r.risk for r in self.risks if r.open_on(day)),
        )

    def reported_on(self, day: date) -> str | None:
        """The newest reported overall status on or before ``day`` (None without one)."""
        known = bisect_right(self.report_days, day)
        return self.reported[known - 1] if known else None


def _columns(frame: pd.DataFrame, names: Sequence[str]) -> list[list[object]]:
    return [frame[name].tolist() for name in names]


class HistoryRows(Protocol):
    """The frames ``queries.history_inputs`` reads (its ``HistoryInputs``), each sorted by
    its key, then its day; a protocol so this module stays free of the data layer."""

    days: tuple[date, ...]
    projects: pd.DataFrame
    progress: pd.DataFrame
    milestones: pd.DataFrame
    forecasts: pd.DataFrame
    risks: pd.DataFrame
    reports: pd.DataFrame


def project_timelines(rows: HistoryRows) -> list[ProjectTimeline]:
    """Every project's timeline, in ``rows.projects`` order."""
    days, projects, progress = rows.days, rows.projects, rows.progress
    milestones, forecasts, risks, reports = rows.milestones, rows.forecasts, rows.risks, rows.reports
    sums = [f"{prefix}_{i}" for prefix in ("pv", "ac") for i in range(len(days))]
    columns = _columns(projects, ["id", "code", "program_code", "start_date", "bac", "has_baseline", *sums])
    by_id: dict[object, ProjectTimeline] = {}
    timelines = []
    n = len(days)
    for project_id, code, program, start, bac, has_baseline, *amounts in zip(*columns, strict=True):
        timeline = ProjectTimeline(
            code=str(code),
            program_code=str(program),
            start_date=start,  # type: ignore[arg-type]
            bac=float_or_none(bac),
            has_baseline=bool(has_baseline),
            pv=[float(a) for a in amounts[:n]],  # type: ignore[arg-type]
            ac=[float(a) for a in amounts[n:]],  # type: ignore[arg-type]
        )
        by_id[project_id] = timeline
        timelines.append(timeline)

    for project_id, period_end, percent in zip(
        *_columns(progress, ["project_id", "period_end", "percent_complete"]), strict=True
    ):
        timeline = by_id[project_id]
        timeline.progress_days.append(period_end)  # type: ignore[arg-type]
        timeline.percents.append(float_or_none(percent))

    forecast_days: dict[object, list[date]] = defaultdict(list)
    forecast_dates: dict[object, list[date | None]] = defaultdict(list)
    for milestone_id, recorded_on, forecast in zip(
        *_columns(forecasts, ["milestone_id", "recorded_on", "forecast"]), strict=True
    ):
        forecast_days[milestone_id].append(recorded_on)  # type: ignore[arg-type]
        forecast_dates[milestone_id].append(day_or_none(forecast))
    for milestone_id, project_id, name, baseline, actual in zip(
        *_columns(milestones, ["id", "project_id", "name", "baseline", "actual"]), strict=True
    ):
        by_id[project_id].milestones.append(
            _MilestoneTimeline(
                str(name),
                baseline,  # type: ignore[arg-type]
                day_or_none(actual),
                forecast_days.get(milestone_id, []),
                forecast_dates.get(milestone_id, []),
            )
        )

    risk_names = [
        "project_id",
        "title",
        "probability",
        "impact",
        "has_owner",
        "due",
        "raised_on",
        "closed_on",
    ]
    for project_id, title, probability, impact, has_owner, due, raised_on, closed_on in zip(
        *_columns(risks, risk_names), strict=True
    ):
        risk = Risk(str(title), int(probability), int(impact), bool(has_owner), day_or_none(due))  # type: ignore[call-overload]
        by_id[project_id].risks.append(_RiskTimeline(risk, raised_on, day_or_none(closed_on)))  # type: ignore[arg-type]

    for project_id, report_date, rag in zip(
        *_columns(reports, ["project_id", "report_date", "reported_rag"]), strict=True
    ):
        timeline = by_id[project_id]
        timeline.report_days.append(report_date)  # type: ignore[arg-type]
        timeline.reported.append(rag if isinstance(rag, str) else None)
    return timelines
