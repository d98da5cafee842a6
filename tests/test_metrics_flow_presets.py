"""Flow presets on hand-made edge cases; every expected value is worked out in a comment.

Workflow: Backlog (to do) -> Doing (in progress, cycle start) -> Review (in progress)
-> Done (done, cycle end). 2024-01-08 is a Monday.
"""

from __future__ import annotations

from datetime import date

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
    littles_law,
    percentiles,
    throughput_daily,
    throughput_weekly,
    wip_daily,
    work_item_age,
)

WF = Workflow(
    stages=(
        Stage("Backlog", "to do"),
        Stage("Doing", "in progress"),
        Stage("Review", "in progress"),
        Stage("Done", "done"),
    ),
    status_to_stage={
        "To Do": "Backlog",
        "In Progress": "Doing",
        "Code Review": "Review",
        "Done": "Done",
        "Closed": "Done",
    },
    start_stage="Doing",
    done_stage="Done",
)
VACANTI = FlowSettings()
JAM = FlowSettings(preset="jira-agile-metrics")
IPT = FlowSettings(preset="in-progress-time")
HOUR = 1 / 24

History = dict[str, tuple[str, list[tuple[str, str]]]]


def frames(history: History) -> tuple[pd.DataFrame, pd.DataFrame]:
    """{key: (created ISO, [(ISO, to_status), ...])} -> (transitions, items); offsets kept."""
    rows = [(key, status, ts) for key, (_c, changes) in history.items() for ts, status in changes]

    def offsets(stamps: list[str]) -> list[int]:
        return [int(pd.Timestamp(s).utcoffset().total_seconds() // 60) for s in stamps]

    created = [c for c, _ in history.values()]
    transitions = pd.DataFrame(
        {
            "item_key": [r[0] for r in rows],
            "to_status": [r[1] for r in rows],
            "changed_at": pd.Series(
                pd.to_datetime([r[2] for r in rows], utc=True), dtype="datetime64[ns, UTC]"
            ),
            "utc_offset_minutes": offsets([r[2] for r in rows]),
        }
    )
    items = pd.DataFrame(
        {
            "item_key": list(history),
            "created_at": pd.to_datetime(created, utc=True),
            "created_utc_offset_minutes": offsets(created),
        }
    )
    return transitions, items


def run(history: History, settings: FlowSettings, **kw: object) -> FlowItems:
    transitions, items = frames(history)
    return compute_flow(transitions, items, WF, settings, **kw)


def row(flow: FlowItems, key: str) -> pd.Series:
    return flow.table.loc[key]


def day(s: str) -> pd.Timestamp:
    return pd.Timestamp(s)


SAME_DAY: History = {
    "S": (
        "2024-01-08T09:00+00:00",
        [("2024-01-08T10:00+00:00", "In Progress"), ("2024-01-08T15:00+00:00", "Done")],
    )
}


def test_same_day_item() -> None:
    # started and done on Mon 8th: vacanti counts both ends (1 day), jam does not (0)
    assert row(run(SAME_DAY, VACANTI), "S")["cycle_time"] == 1
    assert row(run(SAME_DAY, VACANTI), "S")["lead_time"] == 1
    assert row(run(SAME_DAY, JAM), "S")["cycle_time"] == 0
    assert row(run(SAME_DAY, JAM), "S")["lead_time"] == 0
    ipt = row(run(SAME_DAY, IPT), "S")
    assert ipt["cycle_time"] == pytest.approx(5 * HOUR)  # 10:00 -> 15:00 in progress
    assert ipt["lead_time"] == pytest.approx(6 * HOUR)  # created 09:00 -> done 15:00


REOPEN: History = {
    "R": (
        "2024-01-08T09:00+00:00",
        [
            ("2024-01-09T09:00+00:00", "In Progress"),
            ("2024-01-10T09:00+00:00", "Done"),
            ("2024-01-12T09:00+00:00", "Code Review"),  # reopened from Done
            ("2024-01-15T09:00+00:00", "Closed"),
        ],
    )
}


def test_reopen_from_done() -> None:
    # vacanti: last entries; Done of the 10th is forgotten by the move back; 15 - 9 + 1 = 7
    v = row(run(REOPEN, VACANTI), "R")
    assert (v["Doing"], v["Review"], v["Done"]) == (day("2024-01-09"), day("2024-01-12"), day("2024-01-15"))
    assert v["cycle_time"] == 7
    # jam: Done of the 10th is wiped by the move back; first entry after it is the 15th: 15 - 9 = 6
    j = row(run(REOPEN, JAM), "R")
    assert (j["Doing"], j["Review"], j["Done"]) == (day("2024-01-09"), day("2024-01-12"), day("2024-01-15"))
    assert j["cycle_time"] == 6
    # in-progress-time: Doing 9th->10th (1 d) + Review 12th->15th (3 d); Done 10th->12th excluded
    assert row(run(REOPEN, IPT), "R")["cycle_time"] == pytest.approx(4.0)
    # counted once, on its final done date
    tp = throughput_daily(run(REOPEN, JAM))
    assert tp.sum() == 1 and tp.index[0] == day("2024-01-15")


BACK_TO_BACKLOG: History = {
    "B": (
        "2024-01-08T09:00+00:00",
        [
            ("2024-01-09T09:00+00:00", "In Progress"),
            ("2024-01-10T09:00+00:00", "To Do"),
            ("2024-01-11T09:00+00:00", "In Progress"),
            ("2024-01-12T09:00+00:00", "Done"),
        ],
    ),
    "P": (  # parked: moved back and still in the backlog
        "2024-01-08T09:00+00:00",
        [("2024-01-09T09:00+00:00", "In Progress"), ("2024-01-10T09:00+00:00", "To Do")],
    ),
}


def test_move_back_to_backlog() -> None:
    # vacanti: Backlog last entered 10th, Doing last entered 11th -> 12 - 11 + 1 = 2
    v = run(BACK_TO_BACKLOG, VACANTI)
    assert row(v, "B")["Backlog"] == day("2024-01-10")
    assert row(v, "B")["start_date"] == day("2024-01-11")
    assert row(v, "B")["cycle_time"] == 2
    # jam: Backlog keeps its first date (created 8th); Doing of the 9th is wiped -> 11th: 12 - 11 = 1
    j = run(BACK_TO_BACKLOG, JAM)
    assert row(j, "B")["Backlog"] == day("2024-01-08")
    assert row(j, "B")["start_date"] == day("2024-01-11")
    assert row(j, "B")["cycle_time"] == 1
    # in-progress-time: 9th->10th and 11th->12th in Doing = 2 days
    assert row(run(BACK_TO_BACKLOG, IPT), "B")["cycle_time"] == pytest.approx(2.0)
    # P is back in the backlog: not started in any preset, so no age and no WIP
    for flow in (v, j):
        assert pd.isna(row(flow, "P")["start_date"]) and pd.isna(row(flow, "P")["age"])
        assert row(flow, "P")["current_stage"] == "Backlog"
    assert pd.isna(row(run(BACK_TO_BACKLOG, IPT), "P")["age"])


SKIPPED: History = {
    "K": (
        "2024-01-08T09:00+00:00",
        [("2024-01-09T09:00+00:00", "In Progress"), ("2024-01-11T09:00+00:00", "Done")],
    ),
    "D": ("2024-01-08T09:00+00:00", [("2024-01-10T09:00+00:00", "Done")]),  # straight to Done
}


@pytest.mark.parametrize(("settings", "k_cycle", "d_cycle"), [(VACANTI, 3, 1), (JAM, 2, 0)])
def test_skipped_stage_takes_next_later_date(settings: FlowSettings, k_cycle: int, d_cycle: int) -> None:
    flow = run(SKIPPED, settings)
    assert row(flow, "K")["Review"] == day("2024-01-11")  # Review skipped: takes Done's date
    assert row(flow, "K")["cycle_time"] == k_cycle  # 11 - 9 (+1)
    # D skipped Doing and Review: both take Done's date, so it started and finished the 10th
    assert row(flow, "D")["start_date"] == day("2024-01-10")
    assert row(flow, "D")["cycle_time"] == d_cycle
    # CFD counts K in Review from the 11th (its filled date), as jira-agile-metrics does
    got = cfd(flow)
    assert got.loc["2024-01-10", "Review"] == 1 and got.loc["2024-01-11", "Review"] == 2


OFFSETS: History = {
    # the same UTC instant 23:30Z: written as 23:30+00:00 (the 8th) and as 00:30+01:00 (the 9th)
    "O": (
        "2024-01-08T09:00+00:00",
        [("2024-01-08T23:30+00:00", "In Progress"), ("2024-01-09T00:45+01:00", "Done")],
    )
}


def test_calendar_date_cut_in_written_offset_or_named_zone() -> None:
    # default: each timestamp's own offset -> start 8th, done 9th
    j = row(run(OFFSETS, JAM), "O")
    assert (j["start_date"], j["done_date"]) == (day("2024-01-08"), day("2024-01-09"))
    assert j["cycle_time"] == 1
    assert row(run(OFFSETS, VACANTI), "O")["cycle_time"] == 2
    # named zone UTC: both on the 8th (23:30Z, 23:45Z)
    utc = row(run(OFFSETS, FlowSettings(preset="jira-agile-metrics", time_zone="UTC")), "O")
    assert (utc["start_date"], utc["done_date"]) == (day("2024-01-08"), day("2024-01-08"))
    assert utc["cycle_time"] == 0
    # named zone Europe/Paris (CET, +01:00): both on the 9th (00:30, 00:45)
    paris = row(run(OFFSETS, FlowSettings(preset="vacanti", time_zone="Europe/Paris")), "O")
    assert (paris["start_date"], paris["done_date"]) == (day("2024-01-09"), day("2024-01-09"))
    assert paris["cycle_time"] == 1
    # exact time is 15 minutes whatever the offsets
    assert row(run(OFFSETS, IPT), "O")["cycle_time"] == pytest.approx(15 / 1440)


OPEN: History = {
    "A": ("2024-01-08T09:00+00:00", [("2024-01-15T10:00+00:00", "In Progress")]),
    "L": (  # done after the as-of date: still open as of Fri 19th
        "2024-01-08T09:00+00:00",
        [("2024-01-16T10:00+00:00", "In Progress"), ("2024-01-22T10:00+00:00", "Done")],
    ),
    "N": ("2024-01-08T09:00+00:00", []),  # never started
}


def test_open_items_age_as_of_a_date() -> None:
    as_of = date(2024, 1, 19)
    v = run(OPEN, VACANTI, as_of=as_of)
    assert row(v, "A")["age"] == 5  # 19 - 15 + 1
    assert row(v, "L")["age"] == 4  # 19 - 16 + 1; its Done on the 22nd is after as_of
    assert pd.isna(row(v, "L")["cycle_time"]) and pd.isna(row(v, "L")["done_date"])
    assert pd.isna(row(v, "N")["age"]) and pd.isna(row(v, "N")["cycle_time"])
    assert list(work_item_age(v).index) == ["A", "L"]
    j = run(OPEN, JAM, as_of=as_of)
    assert (row(j, "A")["age"], row(j, "L")["age"]) == (4, 3)
    # in-progress-time: 15th 10:00 -> end of the 19th (20th 00:00) = 4 d 14 h
    ipt = run(OPEN, IPT, as_of=as_of)
    assert row(ipt, "A")["age"] == pytest.approx(4 + 14 * HOUR)
    # without as_of: state at the latest date in the data (22nd): L is done, 22 - 16 + 1 = 7
    latest = run(OPEN, VACANTI)
    assert latest.as_of == day("2024-01-22")
    assert row(latest, "L")["cycle_time"] == 7
    assert row(latest, "A")["age"] == 8  # 22 - 15 + 1


def test_items_never_started_are_excluded_from_cycle_time() -> None:
    flow = run({**SAME_DAY, **OPEN}, JAM, as_of=date(2024, 1, 19))
    assert flow.table["cycle_time"].dropna().index.tolist() == ["S"]
    assert cycle_time_percentiles(flow, [50]).iloc[0] == 0


WEEKEND: History = {
    "W": (
        "2024-01-11T09:00+00:00",  # Thu
        [("2024-01-12T10:00+00:00", "In Progress"), ("2024-01-15T10:00+00:00", "Done")],  # Fri -> Mon
    )
}


def test_working_days_across_a_weekend() -> None:
    assert row(run(WEEKEND, JAM), "W")["cycle_time"] == 3  # Fri -> Mon calendar
    assert row(run(WEEKEND, VACANTI), "W")["cycle_time"] == 4  # Fri, Sat, Sun, Mon
    assert (
        row(run(WEEKEND, FlowSettings(preset="jira-agile-metrics", working_days=True)), "W")["cycle_time"]
        == 1
    )
    vw = row(run(WEEKEND, FlowSettings(working_days=True)), "W")
    assert vw["cycle_time"] == 2  # Fri and Mon
    assert vw["lead_time"] == 3  # Thu, Fri, Mon
    holiday = FlowSettings(working_days=True, holidays=(date(2024, 1, 15),))
    assert row(run(WEEKEND, holiday), "W")["cycle_time"] == 1  # Mon is a holiday: Fri only
    # exact working time: Fri 10:00-24:00 (14 h) + Mon 00:00-10:00 (10 h) = 1 working day of 24 h
    ipt = row(run(WEEKEND, FlowSettings(preset="in-progress-time", working_days=True)), "W")
    assert ipt["cycle_time"] == pytest.approx(1.0)
    assert row(run(WEEKEND, IPT), "W")["cycle_time"] == pytest.approx(3.0)


def test_initial_status_column_dates_creation_in_that_stage() -> None:
    transitions, items = frames({"I": ("2024-01-08T09:00+00:00", [("2024-01-10T09:00+00:00", "Done")])})
    items["initial_status"] = ["In Progress"]
    flow = compute_flow(transitions, items, WF, JAM)
    assert row(flow, "I")["start_date"] == day("2024-01-08")
    assert row(flow, "I")["Backlog"] == day("2024-01-08")  # skipped: takes Doing's date
    assert row(flow, "I")["cycle_time"] == 2


def test_wip_throughput_weekly_and_littles_law() -> None:
    history: History = {
        "a": (
            "2024-01-08T08:00+00:00",
            [("2024-01-08T09:00+00:00", "In Progress"), ("2024-01-10T09:00+00:00", "Done")],
        ),
        "b": (
            "2024-01-08T08:00+00:00",
            [("2024-01-09T09:00+00:00", "In Progress"), ("2024-01-14T09:00+00:00", "Done")],
        ),
        "c": (
            "2024-01-08T08:00+00:00",
            [("2024-01-12T09:00+00:00", "In Progress"), ("2024-01-22T09:00+00:00", "Done")],
        ),
    }
    v, j = run(history, VACANTI), run(history, JAM)
    # vacanti counts the done day: a 8-10, b 9-14, c 12-22
    w = wip_daily(v, date(2024, 1, 8), date(2024, 1, 14))
    assert w.tolist() == [1, 2, 2, 1, 2, 2, 2]
    # jam does not: a 8-9, b 9-13, c 12-21
    assert wip_daily(j, date(2024, 1, 8), date(2024, 1, 14)).tolist() == [1, 2, 1, 1, 2, 2, 1]
    weekly = throughput_weekly(v)  # done Wed 10th, Sun 14th (week of Mon 8th), Mon 22nd
    assert weekly.index.tolist() == [day("2024-01-08"), day("2024-01-15"), day("2024-01-22")]
    assert weekly.tolist() == [2, 0, 1]
    assert all(ix.weekday() == 0 for ix in weekly.index)
    daily = throughput_daily(v)
    assert len(daily) == 13 and daily.sum() == 3  # 10th..22nd, zero days included
    # a window that starts and ends empty: avg WIP / avg throughput == avg cycle time exactly
    for flow in (v, j):
        law = littles_law(flow, date(2024, 1, 7), date(2024, 1, 23))
        assert law.wip_over_throughput == pytest.approx(law.avg_cycle_time)
    law = littles_law(v, date(2024, 1, 7), date(2024, 1, 23))
    assert law.avg_cycle_time == pytest.approx((3 + 6 + 11) / 3)
    assert law.avg_throughput == pytest.approx(3 / 17)


def test_percentiles_are_linear() -> None:
    got = percentiles(pd.Series([1.0, 2.0, 3.0, 4.0, np.nan]))
    # positions 0.5*3=1.5, 0.7*3=2.1, 0.85*3=2.55, 0.95*3=2.85 over [1, 2, 3, 4]
    assert got.index.tolist() == [0.5, 0.7, 0.85, 0.95]
    np.testing.assert_allclose(got.to_numpy(), [2.5, 3.1, 3.55, 3.85])
    assert percentiles(pd.Series([], dtype=float)).isna().all()


def test_invalid_inputs_raise_clear_errors() -> None:
    transitions, items = frames({"X": ("2024-01-08T09:00+00:00", [("2024-01-09T09:00+00:00", "Waiting")])})
    with pytest.raises(ValueError, match="Waiting"):
        compute_flow(transitions, items, WF)
    transitions, items = frames(SAME_DAY)
    with pytest.raises(ValueError, match="not in items"):
        compute_flow(transitions, items.iloc[0:0], WF)
    naive = transitions.assign(changed_at=transitions["changed_at"].dt.tz_localize(None))
    with pytest.raises(ValueError, match="tz-aware"):
        compute_flow(naive, items, WF)
    with pytest.raises(ValueError, match="unknown flow preset"):
        FlowSettings(preset="kanban")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="time zone"):
        FlowSettings(time_zone="Mars/Olympus")
    with pytest.raises(ValueError, match="must come before"):
        Workflow(WF.stages, WF.status_to_stage, start_stage="Done", done_stage="Doing")
    with pytest.raises(ValueError, match="unknown stage"):
        Workflow(WF.stages, {"Foo": "Nope"}, start_stage="Doing", done_stage="Done")


def test_status_names_match_case_insensitively() -> None:
    transitions, items = frames(SAME_DAY)
    transitions["to_status"] = transitions["to_status"].str.upper()
    assert row(compute_flow(transitions, items, WF, JAM), "S")["cycle_time"] == 0


def test_status_change_within_a_stage_is_not_an_entry() -> None:
    history: History = {
        "Z": (
            "2024-01-08T09:00+00:00",
            [
                ("2024-01-09T09:00+00:00", "In Progress"),
                ("2024-01-10T09:00+00:00", "Code Review"),
                ("2024-01-11T09:00+00:00", "Done"),
                ("2024-01-16T09:00+00:00", "Closed"),  # Done -> Closed: both in the Done stage
            ],
        )
    }
    # vacanti's "last entry" is the last time the item came into Done from another stage
    assert row(run(history, VACANTI), "Z")["done_date"] == day("2024-01-11")
    assert row(run(history, VACANTI), "Z")["cycle_time"] == 3  # 11 - 9 + 1


def _reference_stage_days(changes: list[tuple[int, int]], n_stages: int, entry: str) -> list[int | None]:
    """Straightforward per-item loop of the preset rules, to check the vectorised version."""
    dates: list[int | None] = [None] * n_stages
    current = None
    for stage, d in changes:
        if stage == current:
            continue
        current = stage
        if entry == "last" or dates[stage] is None:
            dates[stage] = d
        for later in range(stage + 1, n_stages):
            dates[later] = None
    for s in range(n_stages - 2, -1, -1):
        if dates[s] is None:
            dates[s] = dates[s + 1]
    return dates


@pytest.mark.parametrize(("settings", "entry"), [(VACANTI, "last"), (JAM, "first")])
def test_vectorised_stage_dates_match_a_plain_loop(settings: FlowSettings, entry: str) -> None:
    rng = np.random.default_rng(5)
    statuses = ["To Do", "In Progress", "Code Review", "Done", "Closed"]
    stage_of = [0, 1, 2, 3, 3]
    history: History = {}
    expected: dict[str, list[int | None]] = {}
    base = pd.Timestamp("2024-01-01T08:00+00:00")
    for i in range(300):
        n = int(rng.integers(0, 9))
        picks = rng.integers(0, len(statuses), size=n)
        hours = np.cumsum(rng.integers(1, 60, size=n + 1))
        stamps = [(base + pd.Timedelta(hours=int(h))).isoformat() for h in hours]
        key = f"K{i}"
        history[key] = (stamps[0], [(stamps[k + 1], statuses[p]) for k, p in enumerate(picks)])
        day_of = (8 + hours) // 24  # base is 08:00
        changes = [(0, int(day_of[0]))] + [(stage_of[p], int(day_of[k + 1])) for k, p in enumerate(picks)]
        expected[key] = _reference_stage_days(changes, 4, entry)
    flow = run(history, settings)
    epoch = base.normalize().tz_localize(None)
    for key, days in expected.items():
        got = [None if pd.isna(v) else (v - epoch).days for v in flow.table.loc[key, list(WF.stage_names)]]
        assert got == days, key
