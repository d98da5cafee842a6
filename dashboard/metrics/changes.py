"""What changed between two as-of dates: new reds, recoveries, slipped milestones, EAC moves.

Pure: both sides are the frames ``dashboard.health.portfolio_health`` returns for the
two dates, so "since the last meeting" means exactly what the overview showed then.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.metrics.milestones import expected_dates

_TROUBLE = {"red", "amber"}


@dataclass(frozen=True)
class PortfolioChanges:
    new_reds: pd.DataFrame
    recoveries: pd.DataFrame
    slipped_milestones: pd.DataFrame
    eac_changes: pd.DataFrame


def _side_by_side(before: pd.DataFrame, now: pd.DataFrame) -> pd.DataFrame:
    keep = ["code", "name", "program", "computed_overall", "computed_overall_rule", "computed_eac"]
    return now[keep].merge(
        before[["code", "computed_overall", "computed_eac"]],
        on="code",
        how="left",
        suffixes=("", "_before"),
    )


def _effective_forecast(milestones: pd.DataFrame) -> pd.Series:
    """The date a milestone was expected (or met) on."""
    return expected_dates(milestones["baseline"], milestones["forecast"], milestones["actual"])


def compare_health(
    before_projects: pd.DataFrame,
    now_projects: pd.DataFrame,
    before_milestones: pd.DataFrame,
    now_milestones: pd.DataFrame,
    *,
    min_eac_change: float = 0.0,
) -> PortfolioChanges:
    """Differences from ``before`` to ``now``.

    - new red: computed red now and not red before (or not started before);
    - recovery: red or amber before, green now;
    - slipped milestone: its expected date (actual, else forecast, else baseline) moved later;
    - EAC change: EAC now − EAC before, where both exist and the change exceeds ``min_eac_change``.
    """
    both = _side_by_side(before_projects, now_projects)
    new_reds = both[(both["computed_overall"] == "red") & (both["computed_overall_before"] != "red")]
    recoveries = both[both["computed_overall_before"].isin(_TROUBLE) & (both["computed_overall"] == "green")]

    keys = ["project_code", "name"]
    moved = now_milestones.assign(expected_now=_effective_forecast(now_milestones))[
        [*keys, "baseline", "expected_now"]
    ].merge(
        before_milestones.assign(expected_before=_effective_forecast(before_milestones))[
            [*keys, "expected_before"]
        ],
        on=keys,
    )
    slipped = moved[moved["expected_now"] > moved["expected_before"]].copy()
    slipped["days_later"] = [
        (n - b).days for n, b in zip(slipped["expected_now"], slipped["expected_before"], strict=True)
    ]

    eac = both.dropna(subset=["computed_eac", "computed_eac_before"]).copy()
    eac["eac_change"] = eac["computed_eac"] - eac["computed_eac_before"]
    eac = eac[eac["eac_change"].abs() > min_eac_change]
    return PortfolioChanges(
        new_reds=new_reds.reset_index(drop=True),
        recoveries=recoveries.reset_index(drop=True),
        slipped_milestones=slipped.sort_values("days_later", ascending=False, ignore_index=True),
        eac_changes=eac.reindex(eac["eac_change"].abs().sort_values(ascending=False).index).reset_index(
            drop=True
        ),
    )
