"""Computed RAG for many projects at once, from the frames the data layer returns.

Why here and not in a page: the overview, the project page and the headless CLI
must show the same statuses, so they all call ``portfolio_rag`` with the same inputs.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd

from dashboard.metrics.milestones import open_due_within
from dashboard.metrics.rag import Milestone, OverallRule, ProjectHealthInput, ProjectRag, Risk, compute_rag
from dashboard.metrics.thresholds import RagThresholds, ResolvedThresholds, resolve_thresholds


def _missing(value: object) -> bool:
    """None, NaN, NaT or pd.NA: pd.isna for the scalars a frame holds, at a fraction of the
    cost (called about 20 times per project per date in the trend strip)."""
    return (
        value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))
    )


def float_or_none(value: object) -> float | None:
    return None if _missing(value) else float(value)  # type: ignore[arg-type]


def day_or_none(value: object) -> date | None:
    return None if _missing(value) else value  # type: ignore[return-value]


def earned_value_inputs(project: Mapping[str, object]) -> dict[str, float | None]:
    """BAC, PV, EV, AC of one project row; EV = latest percent complete × BAC (METRICS.md).

    PV is None without any baseline cost plan (grey, not "nothing planned yet").
    """
    bac = float_or_none(project["bac"])
    percent = float_or_none(project["percent_complete"])
    return {
        "bac": bac,
        "pv": float_or_none(project["pv"]) if bool(project["has_baseline"]) else None,
        "ev": percent / 100.0 * bac if percent is not None and bac is not None else None,
        "ac": float_or_none(project["ac"]),
    }


def milestones_by_project(milestones: pd.DataFrame) -> dict[object, list[Milestone]]:
    """Milestone tuples grouped by project id, built in one pass over plain column lists
    (per-project DataFrame slicing costs ~1 ms each: too slow for a thousand projects)."""
    grouped: dict[object, list[Milestone]] = defaultdict(list)
    columns = (milestones[c].tolist() for c in ("project_id", "name", "baseline", "forecast", "actual"))
    for project_id, name, baseline, forecast, actual in zip(*columns, strict=True):
        grouped[project_id].append(Milestone(str(name), baseline, day_or_none(forecast), day_or_none(actual)))
    return grouped


def risks_by_project(risks: pd.DataFrame) -> dict[object, list[Risk]]:
    """Open-risk tuples grouped by project id (one pass, like ``milestones_by_project``)."""
    grouped: dict[object, list[Risk]] = defaultdict(list)
    names = ("project_id", "title", "probability", "impact", "has_owner", "due")
    for project_id, title, probability, impact, has_owner, due in zip(
        *(risks[c].tolist() for c in names), strict=True
    ):
        grouped[project_id].append(
            Risk(str(title), int(probability), int(impact), bool(has_owner), day_or_none(due))
        )
    return grouped


def health_input(
    project: Mapping[str, object], milestones: Sequence[Milestone], risks: Sequence[Risk], as_of: date
) -> ProjectHealthInput:
    """One project's RAG input, as known on ``as_of``."""
    return ProjectHealthInput(
        code=str(project["code"]),
        as_of=as_of,
        **earned_value_inputs(project),
        has_progress=float_or_none(project["percent_complete"]) is not None,
        milestones=tuple(milestones),
        risks=tuple(risks),
    )


class ThresholdsByProject:
    """The tolerance each project is judged by: its own override, else its program's, else
    the defaults; overrides are keyed by project / program code.

    Projects without an override of their own share one resolved set per program (or one
    for all): resolving and explaining thresholds per project was a tenth of the time.
    """

    def __init__(
        self,
        defaults: RagThresholds | None = None,
        program_overrides: Mapping[str, Mapping[str, float]] | None = None,
        project_overrides: Mapping[str, Mapping[str, float]] | None = None,
    ) -> None:
        self._defaults = defaults
        self._programs = program_overrides or {}
        self._projects = project_overrides or {}
        self._resolved: dict[tuple[str | None, str | None], ResolvedThresholds] = {}

    def of(self, code: str, program: str) -> ResolvedThresholds:
        key = (program if program in self._programs else None, code if code in self._projects else None)
        resolved = self._resolved.get(key)
        if resolved is None:
            resolved = self._resolved[key] = resolve_thresholds(
                self._defaults,
                program_code=key[0],
                program_overrides=self._programs.get(program),
                project_code=key[1],
                project_overrides=self._projects.get(code),
            )
        return resolved


def portfolio_rag(
    projects: pd.DataFrame,
    milestones: pd.DataFrame,
    risks: pd.DataFrame,
    as_of: date,
    *,
    defaults: RagThresholds | None = None,
    program_overrides: Mapping[str, Mapping[str, float]] | None = None,
    project_overrides: Mapping[str, Mapping[str, float]] | None = None,
    overall_rule: OverallRule | None = None,
) -> dict[str, ProjectRag]:
    """Computed RAG per project code; overrides are keyed by program / project code."""
    thresholds = ThresholdsByProject(defaults, program_overrides, project_overrides)
    project_milestones = milestones_by_project(milestones)
    project_risks = risks_by_project(risks)
    results: dict[str, ProjectRag] = {}
    for project in projects.to_dict("records"):
        code = str(project["code"])
        inputs = health_input(
            project, project_milestones.get(project["id"], ()), project_risks.get(project["id"], ()), as_of
        )
        results[code] = compute_rag(inputs, thresholds.of(code, str(project["program_code"])), overall_rule)
    return results


RAG_FRAME_COLUMNS = [
    "code",
    "schedule",
    "budget",
    "risk",
    "overall",
    "schedule_rule",
    "budget_rule",
    "risk_rule",
    "overall_rule",
    "padded_baseline",
    "spi",
    "cpi",
    "eac",
    "vac",
]


def rag_frame(rags: Mapping[str, ProjectRag]) -> pd.DataFrame:
    """One row per project, in ``rags`` order: colours, the rule that fired per dimension,
    SPI, CPI, EAC. Built column by column (a dict per row cost more than the engine's texts)."""
    values: list[ProjectRag] = list(rags.values())
    columns: dict[str, list[object]] = {"code": [rag.code for rag in values]}
    for dimension in ("schedule", "budget", "risk", "overall"):
        statuses = [getattr(rag, dimension) for rag in values]
        columns[dimension] = [status.colour.value for status in statuses]
        columns[f"{dimension}_rule"] = [status.rule for status in statuses]
    columns["padded_baseline"] = [rag.padded_baseline for rag in values]
    for metric in ("spi", "cpi", "eac", "vac"):
        columns[metric] = [getattr(rag.earned, metric) if rag.earned else None for rag in values]
    return pd.DataFrame(columns, columns=RAG_FRAME_COLUMNS)


def milestones_due_at_risk(milestones: pd.DataFrame, as_of: date, days: int = 30) -> pd.DataFrame:
    """Open milestones due (baseline) within ``days`` after ``as_of`` whose forecast is later
    than their baseline: the ones an executive can still do something about."""
    if milestones.empty:
        return milestones.assign(slip_days=pd.Series(dtype="Int64"))
    soon = open_due_within(milestones, as_of, days)
    at_risk = soon[soon["slip_days"] > 0].assign(forecast=lambda f: f["expected"]).drop(columns="expected")
    return at_risk.sort_values(["baseline", "project_id"], ignore_index=True)
