"""Work items, their status transitions and sprints, generated with numpy per project.

Why vectorised: the large scale needs ~1.7 million transitions in minutes. Per project,
every item picks a path through its board (see ``workflows``), every step gets a
dwell time in working hours (lognormal), and cumulative sums place the steps on the
team's working-time axis (``worktime``); no Python loop runs per item or transition.

Rules the output keeps (and the tests check):
- an item is created in its workflow's first status; its first transition starts there
  and every transition starts where the previous one ended;
- timestamps strictly increase per item, the creation precedes the first transition, and
  all fall on weekdays between 09:00 and 17:00 in the team's UTC offset;
- nothing happens after ``today`` (or after a closed project's close date): paths still
  under way then are cut, which leaves realistic work in progress and untouched backlog;
- ``status`` is the last transition's target, and ``resolved_at`` is set exactly when that
  status is in the done category, equal to that last transition's time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from data_access.seed import catalog
from data_access.seed.finance import cutoff_day
from data_access.seed.portfolio import Portfolio, ProjectPlan
from data_access.seed.rows import TableData, nullable_ints
from data_access.seed.streams import rng_for
from data_access.seed.workflows import SCRUM, TASK_LIST, WorkflowSpec
from data_access.seed.worktime import WORKDAY_SECONDS, WorkCalendar
from data_access.vocabulary import Methodology, StageCategory

POINTS = np.array([1, 2, 3, 5, 8, 13])
POINT_SHARES = np.array([0.12, 0.22, 0.28, 0.22, 0.12, 0.04])
ITEMS_PER_DAY = {
    Methodology.SCRUM: 1.0,
    Methodology.HYBRID: 0.8,
    Methodology.KANBAN: 1.2,
    Methodology.DEVOPS: 1.3,
}
INITIAL_BACKLOG_SHARE = 0.15  # written in the first two weeks of a project
QUIET_BEFORE_CLOSE_DAYS = 45  # no new items in a closed project's last weeks
SPRINT_DAYS = 14


@dataclass(frozen=True)
class _Board:
    """A workflow compiled to index arrays: path k is ``flat[offsets[k] : offsets[k] + lengths[k] + 1]``."""

    spec: WorkflowSpec
    names: np.ndarray
    done: np.ndarray
    in_progress: np.ndarray
    dwell_seconds: np.ndarray
    flat: np.ndarray
    offsets: np.ndarray
    lengths: np.ndarray
    weights: np.ndarray

    @classmethod
    def compile(cls, spec: WorkflowSpec) -> _Board:
        index = {s.status: i for i, s in enumerate(spec.statuses)}
        paths = [[index[name] for name in path] for path, _w in spec.paths]
        sizes = np.array([len(p) for p in paths])
        return cls(
            spec=spec,
            names=np.array([s.status for s in spec.statuses], dtype=object),
            done=np.array([s.category is StageCategory.DONE for s in spec.statuses]),
            in_progress=np.array([s.category is StageCategory.IN_PROGRESS for s in spec.statuses]),
            dwell_seconds=np.array([s.dwell_hours * 3600 for s in spec.statuses]),
            flat=np.concatenate([np.array(p) for p in paths]),
            offsets=np.concatenate([[0], np.cumsum(sizes)[:-1]]),
            lengths=sizes - 1,
            weights=np.array([w for _p, w in spec.paths]),
        )


@dataclass(frozen=True)
class _Items:
    """One project's items (times in working seconds) and their transitions."""

    created: np.ndarray
    status: np.ndarray
    resolved: np.ndarray  # -1 when not resolved
    counts: np.ndarray  # transitions per item
    from_status: np.ndarray
    to_status: np.ndarray
    at: np.ndarray


def _place(created: np.ndarray, dwell: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Time of each transition: the item's creation plus its dwell times so far."""
    running = np.cumsum(dwell)
    before = np.concatenate([[0], running])[np.cumsum(counts) - counts]
    return np.repeat(created, counts) + running - np.repeat(before, counts)


def _simulate(
    board: _Board, n: int, first: int, create_until: int, cut: int, squeeze: bool, rng: np.random.Generator
) -> _Items:
    """Items created in [first, create_until], walked along random paths, cut at ``cut``."""
    early = rng.random(n) < INITIAL_BACKLOG_SHARE
    created = np.where(
        early,
        first + rng.integers(0, 10 * WORKDAY_SECONDS, n),
        rng.integers(first, create_until + 1, n),
    )
    created = np.sort(np.minimum(created, create_until))
    path = rng.choice(len(board.weights), size=n, p=board.weights)
    counts = board.lengths[path]
    starts = np.cumsum(counts) - counts
    position = np.arange(counts.sum()) - np.repeat(starts, counts)
    step = np.repeat(board.offsets[path], counts) + position
    from_status, to_status = board.flat[step], board.flat[step + 1]
    sigma = np.where(from_status == 0, 1.2, 0.9)
    dwell = np.maximum(
        60, np.round(board.dwell_seconds[from_status] * np.exp(sigma * rng.standard_normal(len(step))))
    )
    dwell = dwell.astype(np.int64)
    at = _place(created, dwell, counts)

    if squeeze:  # closed project: compress paths that would run past the close date
        moved = counts > 0
        last = np.where(moved, at[np.maximum(starts + counts - 1, 0)], created)
        room = (cut - created - counts).astype(float)
        factor = np.where(moved & (last > cut), room / np.maximum(last - created, 1), 1.0)
        dwell = np.maximum(1, np.floor(dwell * np.repeat(np.clip(factor, 0, 1), counts))).astype(np.int64)
        at = _place(created, dwell, counts)

    keep = at <= cut
    item = np.repeat(np.arange(n), counts)[keep]
    from_status, to_status, at = from_status[keep], to_status[keep], at[keep]
    counts = np.bincount(item, minlength=n)
    moved = counts > 0
    last = np.maximum(np.cumsum(counts) - 1, 0)
    status = np.where(moved, to_status[last] if len(at) else 0, 0)
    resolved = np.where(moved & board.done[status], at[last] if len(at) else -1, -1)
    return _Items(created, status, resolved, counts, from_status, to_status, at)


def _item_counts(portfolio: Portfolio, target: int, seed: int) -> dict[int, int]:
    """Items per project: agile boards share ``target`` by active days; task lists get a few."""
    today = portfolio.today
    weights = {
        p.id: (cutoff_day(p, today) - p.timeline.start).days * ITEMS_PER_DAY[p.methodology]
        for p in portfolio.projects
        if p.started and p.workflow is not None and p.workflow is not TASK_LIST
    }
    total = sum(weights.values())
    counts = {pid: max(30, round(target * w / total)) for pid, w in weights.items()}
    for p in portfolio.projects:
        if p.started and p.workflow is TASK_LIST:
            counts[p.id] = int(rng_for(seed, "task-list", p.id).integers(20, 61))
    return counts


def _sprints(project: ProjectPlan, cutoff: date) -> list[date]:
    """Start days of the project's two-week sprints up to the one holding the cutoff."""
    starts = []
    day = project.timeline.start
    while day <= cutoff:
        starts.append(day)
        day += timedelta(days=SPRINT_DAYS)
    return starts


class _Collector:
    """Accumulates the rows of every project with global ids."""

    def __init__(self) -> None:
        self.items: dict[str, list] = {
            k: [] for k in ("project_id", "created", "resolved", "offset", "status")
        }
        self.item_lists: dict[str, list] = {
            k: [] for k in ("key", "item_type", "title", "points", "team_id", "sprint_id")
        }
        self.moves: dict[str, list] = {k: [] for k in ("item_id", "from", "to", "at")}
        self.sprints: list[dict] = []
        self.item_count = 0

    def work_items(self) -> TableData:
        created = np.concatenate(self.items["created"])
        resolved = np.concatenate(self.items["resolved"])
        return TableData(
            "work_items",
            {
                "id": np.arange(1, len(created) + 1),
                "project_id": np.concatenate(self.items["project_id"]),
                "key": self.item_lists["key"],
                "item_type": self.item_lists["item_type"],
                "title": self.item_lists["title"],
                "points": self.item_lists["points"],
                "status": np.concatenate(self.items["status"]),
                "created_at": created,
                "created_utc_offset_minutes": np.concatenate(self.items["offset"]),
                "resolved_at": resolved,
                "team_id": self.item_lists["team_id"],
                "sprint_id": self.item_lists["sprint_id"],
            },
        )

    def transitions(self, offsets_by_item: np.ndarray) -> TableData:
        item_id = np.concatenate(self.moves["item_id"])
        return TableData(
            "status_transitions",
            {
                "id": np.arange(1, len(item_id) + 1),
                "work_item_id": item_id,
                "from_status": np.concatenate(self.moves["from"]),
                "to_status": np.concatenate(self.moves["to"]),
                "changed_at": np.concatenate(self.moves["at"]),
                "utc_offset_minutes": offsets_by_item[item_id - 1],
            },
        )


def _titles(project: ProjectPlan, n: int, rng: np.random.Generator) -> list[str]:
    verbs = rng.integers(0, len(catalog.ITEM_VERBS), n)
    objects = catalog.ITEM_OBJECTS[project.project_type]
    nouns = rng.integers(0, len(objects), n)
    return [
        f"{catalog.ITEM_VERBS[v]} {objects[o]}" for v, o in zip(verbs.tolist(), nouns.tolist(), strict=True)
    ]


def build_delivery(portfolio: Portfolio, target_items: int, seed: int) -> list[TableData]:
    """work_items, status_transitions and sprints of every started project with a board."""
    calendar: WorkCalendar = portfolio.calendar
    today = portfolio.today
    counts = _item_counts(portfolio, target_items, seed)
    boards: dict[int, _Board] = {}
    out = _Collector()
    for project in portfolio.projects:
        if project.id not in counts or project.workflow is None:
            continue
        board = boards.setdefault(project.workflow.id, _Board.compile(project.workflow))
        rng = rng_for(seed, "delivery", project.id)
        n = counts[project.id]
        cutoff = cutoff_day(project, today)
        closed = project.timeline.close is not None
        first = calendar.start_of(project.timeline.start)
        cut = calendar.end_of(cutoff)
        create_until = calendar.end_of(cutoff - timedelta(days=QUIET_BEFORE_CLOSE_DAYS)) if closed else cut
        items = _simulate(board, n, first, max(create_until, first), cut, closed, rng)
        offset = project.utc_offset_minutes

        base = out.item_count
        out.item_count += n
        out.items["project_id"].append(np.full(n, project.id))
        out.items["created"].append(calendar.utc_times(items.created, offset))
        resolved_utc = calendar.utc_times(np.maximum(items.resolved, 0), offset)
        out.items["resolved"].append(np.where(items.resolved >= 0, resolved_utc, np.datetime64("NaT")))
        out.items["offset"].append(np.full(n, offset))
        out.items["status"].append(board.names[items.status])
        item_types = [t for t, _w in board.spec.item_types]
        type_index = rng.choice(len(item_types), size=n, p=[w for _t, w in board.spec.item_types])
        out.item_lists["item_type"] += [item_types[i] for i in type_index.tolist()]
        out.item_lists["key"] += [f"{project.key_prefix}-{k}" for k in range(1, n + 1)]
        out.item_lists["title"] += _titles(project, n, rng)
        points = rng.choice(POINTS, size=n, p=POINT_SHARES)
        out.item_lists["points"] += nullable_ints(points, np.full(n, board.spec.has_points))
        out.item_lists["team_id"] += [project.team_id] * n

        sprint_of = np.full(n, -1)
        if project.workflow is SCRUM and project.methodology in (Methodology.SCRUM, Methodology.HYBRID):
            starts = _sprints(project, cutoff)
            start_days = np.array(starts, dtype="datetime64[D]")
            done = items.resolved >= 0
            resolved_day = calendar.local_days(np.maximum(items.resolved, 0))
            sprint_of = np.where(done, np.searchsorted(start_days, resolved_day, side="right") - 1, -1)
            sprint_of = np.where(board.in_progress[items.status], len(starts) - 1, sprint_of)
            completed = np.bincount(sprint_of[done], weights=points[done], minlength=len(starts))
            carried = (
                np.bincount(sprint_of[sprint_of >= 0], weights=points[sprint_of >= 0], minlength=len(starts))
                - completed
            )
            stretch = rng.uniform(1.0, 1.3, len(starts))
            first_id = len(out.sprints) + 1
            for k, start in enumerate(starts):
                out.sprints.append(
                    {
                        "id": first_id + k,
                        "project_id": project.id,
                        "team_id": project.team_id,
                        "name": f"Sprint {k + 1}",
                        "start_date": start,
                        "end_date": start + timedelta(days=SPRINT_DAYS - 1),
                        "goal": str(rng.choice(catalog.SPRINT_GOALS)),
                        "committed_points": int(round(completed[k] * stretch[k] + carried[k])),
                    }
                )
            sprint_of = np.where(sprint_of >= 0, sprint_of + first_id, -1)
        out.item_lists["sprint_id"] += nullable_ints(sprint_of, sprint_of > 0)

        item_index = np.repeat(np.arange(n), items.counts)
        out.moves["item_id"].append(base + 1 + item_index)
        out.moves["from"].append(board.names[items.from_status])
        out.moves["to"].append(board.names[items.to_status])
        out.moves["at"].append(calendar.utc_times(items.at, offset))

    work_items = out.work_items()
    transitions = out.transitions(np.asarray(work_items.columns["created_utc_offset_minutes"]))
    sprints = TableData.from_records(
        "sprints",
        out.sprints,
        ["id", "project_id", "team_id", "name", "start_date", "end_date", "goal", "committed_points"],
    )
    return [sprints, work_items, transitions]
