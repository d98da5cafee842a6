"""Flow metrics in the ``jira-agile-metrics`` preset reproduce the golden reference files.

shared/golden/jira-agile-metrics holds a Jira search response and what jira-agile-metrics
computed from it (README there). Expected values are read from its CSV files, never
copied here.

Creation (the one place the test adapts the input, documented): jira-agile-metrics takes
an issue's initial status from the ``fromString`` of its first status change; an issue
with no status change falls back to its current ``status`` field, which the reference's
file-backed Jira client hands over as a dict that maps to no stage. So I-18 and I-19 never
enter Backlog in the reference files. ``jira_changelog_frames`` mirrors that by emitting
creation as a synthetic transition only when the initial status is known, and the flow is
computed with ``count_creation=False``. The project's own default (creation = entry into
the first stage) dates them; ``test_default_creation_dates_items_without_history`` shows
the only difference that makes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.metrics.flow import (
    FlowItems,
    FlowSettings,
    Stage,
    Workflow,
    cfd,
    compute_flow,
    cycle_time_percentiles,
    throughput_daily,
)

GOLDEN = Path(__file__).resolve().parents[1].parent / "shared" / "golden" / "jira-agile-metrics"
STAGES = ("Backlog", "Committed", "Build", "Test", "Done")

WORKFLOW = Workflow(
    stages=(
        Stage("Backlog", "to do"),
        Stage("Committed", "in progress"),
        Stage("Build", "in progress"),
        Stage("Test", "in progress"),
        Stage("Done", "done"),
    ),
    status_to_stage={
        "Backlog": "Backlog",
        "Next": "Committed",
        "Build": "Build",
        "QA": "Test",
        "Done": "Done",
    },
    start_stage="Committed",
    done_stage="Done",
)
JAM = FlowSettings(preset="jira-agile-metrics")

pytestmark = pytest.mark.skipif(not GOLDEN.is_dir(), reason=f"golden data not found at {GOLDEN}")

_OFFSET = re.compile(r"([+-])(\d\d):?(\d\d)$")


def _offset_minutes(stamp: str) -> int:
    """Minutes east of UTC written in a Jira timestamp ("...+0100" -> 60)."""
    m = _OFFSET.search(stamp)
    if m is None:
        raise ValueError(f"timestamp without offset: {stamp}")
    sign = -1 if m.group(1) == "-" else 1
    return sign * (int(m.group(2)) * 60 + int(m.group(3)))


def _utc(stamps: list[str]) -> pd.Series:
    return pd.Series(pd.to_datetime(stamps, format="%Y-%m-%dT%H:%M:%S.%f%z", utc=True))


def jira_changelog_frames(issues: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Jira ``/search?expand=changelog`` JSON -> (transitions, items) frames.

    Status changes only (Flagged and other fields are ignored). Creation is emitted as
    a transition into the initial status (first status change's fromString) when the
    issue has a status change; see the module docstring for why not otherwise.
    """
    rows: list[tuple[str, str, str]] = []
    item_rows: list[tuple[str, str, str, str]] = []
    for issue in issues:
        key, fields = issue["key"], issue["fields"]
        item_rows.append((key, fields["issuetype"]["name"], fields["summary"], fields["created"]))
        histories = sorted(
            issue.get("changelog", {}).get("histories", []), key=lambda h: _utc([h["created"]])[0]
        )
        changes = [
            (h["created"], it["fromString"], it["toString"])
            for h in histories
            for it in h["items"]
            if it["field"] == "status"
        ]
        if changes:
            rows.append((key, changes[0][1], fields["created"]))
        rows.extend((key, to_status, created) for created, _from, to_status in changes)
    transitions = pd.DataFrame(
        {
            "item_key": [r[0] for r in rows],
            "to_status": [r[1] for r in rows],
            "changed_at": _utc([r[2] for r in rows]),
            "utc_offset_minutes": [_offset_minutes(r[2]) for r in rows],
        }
    )
    items = pd.DataFrame(
        {
            "item_key": [r[0] for r in item_rows],
            "item_type": [r[1] for r in item_rows],
            "title": [r[2] for r in item_rows],
            "created_at": _utc([r[3] for r in item_rows]),
            "created_utc_offset_minutes": [_offset_minutes(r[3]) for r in item_rows],
        }
    )
    return transitions, items


@pytest.fixture(scope="module")
def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    return jira_changelog_frames(json.loads((GOLDEN / "search_issues.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def flow(frames: tuple[pd.DataFrame, pd.DataFrame]) -> FlowItems:
    transitions, items = frames
    return compute_flow(transitions, items, WORKFLOW, JAM, count_creation=False)


def _day_strings(values: pd.Series) -> list[str]:
    return [("" if pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%d")) for v in values]


def test_stage_dates_match_cycletime_csv(flow: FlowItems) -> None:
    expected = pd.read_csv(GOLDEN / "cycletime.csv", dtype=str, keep_default_na=False).set_index("ID")
    table = flow.table
    assert list(table.index) == list(expected.index)
    for stage in STAGES:
        assert _day_strings(table[stage]) == list(expected[stage]), stage
    assert list(table["item_type"]) == list(expected["Type"])
    assert list(table["title"]) == list(expected["Name"])


def test_cycle_and_lead_times_match_scatterplot_csv(flow: FlowItems) -> None:
    expected = pd.read_csv(GOLDEN / "scatterplot.csv").set_index("key")
    table = flow.table
    done = table[table["cycle_time"].notna()]
    assert sorted(done.index) == sorted(expected.index)
    assert (done.loc[expected.index, "cycle_time"] == expected["cycle_time"]).all()
    assert (done.loc[expected.index, "lead_time"] == expected["lead_time"]).all()
    assert _day_strings(done.loc[expected.index, "done_date"]) == list(expected["completed_date"])


def test_cfd_matches_cfd_csv(flow: FlowItems) -> None:
    expected = pd.read_csv(GOLDEN / "cfd.csv", parse_dates=["Date"]).set_index("Date")
    # The reference extends its date range one day past the last stage date.
    last = max(flow.table[s].max() for s in STAGES)
    got = cfd(flow, end=(last + pd.Timedelta(days=1)).date())
    assert list(got.columns) == list(expected.columns)
    assert list(got.index) == list(expected.index)
    np.testing.assert_array_equal(got.to_numpy(dtype=float), expected.to_numpy(dtype=float))


def test_daily_throughput_matches_throughput_csv(flow: FlowItems) -> None:
    expected = pd.read_csv(GOLDEN / "throughput.csv", parse_dates=["Period starting"])
    got = throughput_daily(flow)
    assert list(got.index) == list(expected["Period starting"])
    assert list(got) == list(expected["count"])


def test_cycle_time_percentiles_match_percentiles_csv(flow: FlowItems) -> None:
    expected = pd.read_csv(GOLDEN / "percentiles.csv")
    quantiles = expected["Quantile"].astype(float)
    want = pd.to_timedelta(expected["cycle_time"])
    days = cycle_time_percentiles(flow, [q * 100 for q in quantiles])
    # The reference keeps cycle times as Timedeltas; quantiles of the same values as
    # Timedeltas must be identical to the nanosecond.
    as_timedelta = pd.to_timedelta(flow.table["cycle_time"].dropna(), unit="D").quantile(list(quantiles))
    assert list(as_timedelta) == list(want)
    np.testing.assert_allclose(days.to_numpy(), (want / pd.Timedelta(days=1)).to_numpy(), rtol=0, atol=1e-9)


def test_default_creation_dates_items_without_history(frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    """Counting creation for every item (the default) changes only I-18 and I-19's Backlog."""
    transitions, items = frames
    real = transitions.drop_duplicates(["item_key"], keep="first").index  # synthetic creation rows
    flow_default = compute_flow(transitions.drop(index=real), items, WORKFLOW, JAM)
    expected = pd.read_csv(GOLDEN / "cycletime.csv", dtype=str, keep_default_na=False).set_index("ID")
    expected.loc[["I-18", "I-19"], "Backlog"] = ["2021-03-25", "2021-03-28"]
    for stage in STAGES:
        assert _day_strings(flow_default.table[stage]) == list(expected[stage]), stage


def test_vacanti_adds_one_day_on_this_data(
    frames: tuple[pd.DataFrame, pd.DataFrame], flow: FlowItems
) -> None:
    """No item moves backwards here, so first and last entries agree: vacanti = jam + 1."""
    transitions, items = frames
    vacanti = compute_flow(transitions, items, WORKFLOW, FlowSettings(), count_creation=False)
    pd.testing.assert_series_equal(vacanti.table["cycle_time"], flow.table["cycle_time"] + 1)
