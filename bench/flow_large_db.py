"""All items' cycle times on a seeded database (not synthetic data): read, then compute.

Usage (from the repository root)::

    python -m bench.flow_large_db --database-url sqlite:///... [--preset vacanti]

Reads every work item and status transition per workflow with the same query the Delivery
page uses, computes every item's stage dates and cycle time, and prints the time of each
step. Issue 5's target: the computation for >= 1.5M transitions in under 5 s.
"""

from __future__ import annotations

import argparse
import time
from datetime import date

from sqlalchemy import select

from dashboard.delivery import workflow_from_rows
from dashboard.metrics.flow import compute_flow
from dashboard.metrics.flow_presets import FlowSettings
from data_access.db import make_engine
from data_access.models import Project, Workflow, WorkItem
from data_access.queries.delivery import items_and_transitions, read_until, workflow_rows
from data_access.queries.filters import QueryFilters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--preset", default="vacanti")
    args = parser.parse_args()
    engine = make_engine(args.database_url)
    until = read_until(QueryFilters(as_of=date.today()))
    total_items = total_transitions = 0
    read_seconds = compute_seconds = 0.0
    with engine.connect() as connection:
        workflows = connection.execute(
            select(Workflow.id, Workflow.name, Workflow.start_stage, Workflow.done_stage)
        ).all()
        for workflow_id, name, start_stage, done_stage in workflows:
            started = time.perf_counter()
            on_board = select(Project.id).where(Project.workflow_id == workflow_id)
            items, transitions = items_and_transitions(connection, WorkItem.project_id.in_(on_board), until)
            workflow = workflow_from_rows(workflow_rows(connection, workflow_id), start_stage, done_stage)
            read_seconds += time.perf_counter() - started
            started = time.perf_counter()
            flow = compute_flow(
                transitions,
                items,
                workflow,
                FlowSettings(preset=args.preset),
                as_of=date.today(),
                count_creation=False,
            )
            elapsed = time.perf_counter() - started
            compute_seconds += elapsed
            done = int(flow.table["cycle_time"].notna().sum())
            print(
                f"{name:<22} {len(items):>9,} items {len(transitions):>10,} transitions  compute {elapsed:5.2f} s  ({done:,} with a cycle time)"
            )
            total_items += len(items)
            total_transitions += len(transitions)
    print(
        f"all boards: {total_items:,} items, {total_transitions:,} transitions; read {read_seconds:.1f} s, compute {compute_seconds:.2f} s ({args.preset})"
    )


if __name__ == "__main__":
    main()
