"""Benchmark: cycle times of 250k items (~1.5M transitions) in every flow preset.

Target: under 5 s per preset on a 2-core machine. Run from the repository root:

    python bench/flow_cycle_times.py [--items 250000] [--seed 7]

(with the project installed, ``pip install -e .``, or ``PYTHONPATH=.``).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from dashboard.metrics.flow import FlowSettings, Stage, Workflow, compute_flow, throughput_daily

WORKFLOW = Workflow(
    stages=(
        Stage("Backlog", "to do"),
        Stage("Ready", "to do"),
        Stage("Doing", "in progress"),
        Stage("Review", "in progress"),
        Stage("Test", "in progress"),
        Stage("Done", "done"),
    ),
    status_to_stage={
        "Open": "Backlog",
        "Ready": "Ready",
        "In Progress": "Doing",
        "Blocked": "Doing",
        "Code Review": "Review",
        "QA": "Test",
        "Done": "Done",
        "Closed": "Done",
    },
    start_stage="Doing",
    done_stage="Done",
)
STATUS_OF_STAGE = np.array(["Open", "Ready", "In Progress", "Code Review", "QA", "Done"], dtype=object)
ALT_STATUS = np.array(["Open", "Ready", "Blocked", "Code Review", "QA", "Closed"], dtype=object)


def synthetic(n_items: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Random walks over the stages: mostly forward, some skips and backward moves."""
    rng = np.random.default_rng(seed)
    per_item = rng.integers(1, 12, size=n_items)  # mean 6 transitions per item
    n = int(per_item.sum())
    item = np.repeat(np.arange(n_items), per_item)
    first = np.concatenate([[0], np.cumsum(per_item)[:-1]])
    step = rng.choice([1, 2, -1, 0], p=[0.7, 0.1, 0.12, 0.08], size=n)
    walk = np.cumsum(step)
    stage = np.clip(walk - np.repeat(walk[first] - step[first], per_item), 1, len(STATUS_OF_STAGE) - 1)
    created = pd.Timestamp("2022-01-01", tz="UTC").value + rng.integers(0, 3 * 365 * 86_400, n_items) * 10**9
    gaps = rng.exponential(30 * 3600, size=n).astype(np.int64) * 10**9 + 10**9
    elapsed = np.cumsum(gaps)
    elapsed -= np.repeat(elapsed[first] - gaps[first], per_item)
    changed = np.repeat(created, per_item) + elapsed
    offsets = rng.choice([0, 60, 120, -300, 330], size=n_items)
    status = np.where(rng.random(n) < 0.2, ALT_STATUS[stage], STATUS_OF_STAGE[stage])
    keys = pd.Series(np.arange(n_items)).astype("string").radd("I-")
    transitions = pd.DataFrame(
        {
            "item_key": keys.to_numpy()[item],
            "to_status": pd.array(status, dtype="string"),
            "changed_at": pd.to_datetime(changed, utc=True),
            "utc_offset_minutes": np.repeat(offsets, per_item),
        }
    )
    items = pd.DataFrame(
        {
            "item_key": keys,
            "created_at": pd.to_datetime(created, utc=True),
            "created_utc_offset_minutes": offsets,
        }
    )
    return transitions, items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=250_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    t0 = time.perf_counter()
    transitions, items = synthetic(args.items, args.seed)
    print(
        f"generated {len(items):,} items, {len(transitions):,} transitions in {time.perf_counter() - t0:.2f} s"
    )
    cases = [
        ("vacanti", FlowSettings()),
        ("jira-agile-metrics", FlowSettings(preset="jira-agile-metrics")),
        ("in-progress-time", FlowSettings(preset="in-progress-time")),
        ("vacanti, working days", FlowSettings(working_days=True)),
        ("in-progress-time, working days", FlowSettings(preset="in-progress-time", working_days=True)),
        ("vacanti, Europe/Paris", FlowSettings(time_zone="Europe/Paris")),
    ]
    for label, settings in cases:
        t0 = time.perf_counter()
        flow = compute_flow(transitions, items, WORKFLOW, settings)
        elapsed = time.perf_counter() - t0
        done = flow.table["cycle_time"].notna()
        print(
            f"{label:32s} {elapsed:6.2f} s  done={int(done.sum()):,}  "
            f"median cycle={flow.table.loc[done, 'cycle_time'].median():.2f} d  "
            f"throughput days={len(throughput_daily(flow)):,}"
        )


if __name__ == "__main__":
    main()
