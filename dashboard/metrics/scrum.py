"""Scrum metrics (METRICS.md "Scrum"): velocity, commitment vs completion, burndown.

Why one counting rule everywhere: an item counts for a sprint when it is assigned to that
sprint *and* was resolved within the sprint's window (start to end day, local dates), so
work finished after the sprint ended, or assigned late, never inflates a past sprint.
As-of aware: days after ``as_of`` have not happened; a sprint is finished when its last
day is on or before ``as_of``.

Inputs:
- ``sprints``: sprint_id, name, start_date, end_date (dates), committed_points (may be NA);
- ``items``: sprint_id, points (may be NA, counted as 0), resolved_on (local date or NaT).

Pure: pandas and numpy only.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

LAST_N = 3
VELOCITY_COLUMNS = [
    "sprint_id", "name", "start_date", "end_date", "committed", "completed", "completion", "finished",
]  # fmt: skip


def _done_in_sprint(sprints: pd.DataFrame, items: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Items of each sprint resolved inside its window and by ``as_of``: sprint_id, points, resolved_on."""
    joined = items.merge(sprints[["sprint_id", "start_date", "end_date"]], on="sprint_id", how="inner")
    resolved = pd.to_datetime(joined["resolved_on"])
    inside = (
        resolved.notna()
        & (resolved >= pd.to_datetime(joined["start_date"]))
        & (resolved <= pd.to_datetime(joined["end_date"]))
        & (resolved <= pd.Timestamp(as_of))
    )
    done = joined.loc[inside, ["sprint_id", "points"]].copy()
    done["points"] = pd.to_numeric(done["points"]).fillna(0).astype(float)
    done["resolved_on"] = resolved[inside].dt.normalize()
    return done


def velocity(sprints: pd.DataFrame, items: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """One row per sprint started by ``as_of`` (oldest first): committed and completed points.

    ``completion`` = completed ÷ committed (NaN without a commitment); ``finished`` says
    whether the sprint's last day is on or before ``as_of``.
    """
    started = sprints[pd.to_datetime(sprints["start_date"]) <= pd.Timestamp(as_of)]
    started = started.sort_values(["start_date", "sprint_id"], kind="stable")
    done = _done_in_sprint(started, items, as_of)
    completed = done.groupby("sprint_id")["points"].sum()
    frame = started[["sprint_id", "name", "start_date", "end_date"]].reset_index(drop=True)
    frame["committed"] = pd.to_numeric(started["committed_points"]).astype(float).to_numpy()
    frame["completed"] = frame["sprint_id"].map(completed).fillna(0.0).astype(float)
    committed = frame["committed"].where(frame["committed"] > 0)
    frame["completion"] = frame["completed"] / committed
    frame["finished"] = pd.to_datetime(frame["end_date"]) <= pd.Timestamp(as_of)
    return frame[VELOCITY_COLUMNS]


def mean_of_last(velocity_table: pd.DataFrame, n: int = LAST_N) -> float:
    """Mean completed points of the last ``n`` finished sprints (fewer if fewer; NaN if none)."""
    finished = velocity_table[velocity_table["finished"]]
    return float(finished["completed"].tail(n).mean()) if len(finished) else float("nan")


def current_sprint(sprints: pd.DataFrame, as_of: date) -> pd.Series | None:
    """The sprint holding ``as_of``, else the latest one started before it; None when none started."""
    starts = pd.to_datetime(sprints["start_date"])
    started = sprints[starts <= pd.Timestamp(as_of)]
    if started.empty:
        return None
    ordered = started.sort_values(["start_date", "sprint_id"], kind="stable")
    return ordered.iloc[-1]


def burndown(sprint: pd.Series, items: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Remaining points at the end of each sprint day, with the ideal line.

    ``remaining`` = committed − points of the sprint's items resolved by that day (NaN on
    days after ``as_of``: they have not happened). ``ideal`` falls in a straight line from
    the commitment on the first day to zero on the last.
    """
    days = pd.date_range(pd.Timestamp(sprint["start_date"]), pd.Timestamp(sprint["end_date"]), freq="D")
    committed = float(sprint["committed_points"]) if pd.notna(sprint["committed_points"]) else 0.0
    window = pd.DataFrame([sprint])[["sprint_id", "start_date", "end_date"]]
    done = _done_in_sprint(window, items, as_of)
    per_day = done.groupby("resolved_on")["points"].sum().reindex(days, fill_value=0.0)
    remaining = committed - per_day.cumsum()
    remaining[days > pd.Timestamp(as_of)] = np.nan
    steps = max(len(days) - 1, 1)
    ideal = committed * (1 - np.arange(len(days)) / steps)
    return pd.DataFrame({"remaining": remaining.to_numpy(), "ideal": ideal}, index=days)
