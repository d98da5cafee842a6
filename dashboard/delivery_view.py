"""View model of the Delivery page: URL choices, KPI tiles and the forecast table.

Kept out of the page script so the words and numbers can be tested without Streamlit
running, and so the page stays a thin layout.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from dashboard.components.kpi import Kpi
from dashboard.delivery import DeliveryFlow, ForecastPanel
from dashboard.formatting import day, duration
from dashboard.metrics.flow import littles_law
from dashboard.metrics.flow_presets import DEFAULT_PRESET, PRESETS

PRESET_LABELS = {
    "vacanti": "Vacanti",
    "jira-agile-metrics": "jira-agile-metrics",
    "in-progress-time": "Time in progress",
}
PRESET_HELP = (
    "**Vacanti** (default, ActionableAgile): last entry into each stage; an item started and "
    "finished the same day took 1 day.  \n**jira-agile-metrics**: first entry into each stage; "
    "same day = 0 days.  \n**Time in progress** (Jira control chart): exact time spent in "
    "in-progress statuses, waiting outside them excluded. Definitions: METRICS.md, flow section."
)
WINDOWS: dict[str, str] = {
    "12": "Last 12 weeks",
    "26": "Last 26 weeks",
    "52": "Last 52 weeks",
    "all": "All history",
}
DEFAULT_WINDOW = "26"


def preset_from_url(raw: str | None) -> str:
    """The preset a link names, or the default when absent or unknown."""
    return raw if raw in PRESETS else DEFAULT_PRESET


def window_from_url(raw: str | None) -> str:
    return raw if raw in WINDOWS else DEFAULT_WINDOW


def window_start(window: str, as_of: date) -> date | None:
    """First day of the window ending on ``as_of`` (None = all history)."""
    return None if window == "all" else as_of - timedelta(days=7 * int(window) - 1)


def delivery_kpis(delivery: DeliveryFlow, working_days: bool) -> list[Kpi]:
    """Finished, throughput, WIP, 85th percentile and Little's-law check for the window."""
    unit = "working days" if working_days else "days"
    finished = delivery.finished()
    weeks = max(len(delivery.throughput_weekly), 1)
    # Open started items, as the ageing chart shows them. (The daily WIP series also counts
    # items finished that day in the vacanti preset, which is right for Little's law but
    # read as "17 in progress" beside a chart of 15.)
    wip_now = int(delivery.flow.table["age"].notna().sum()) if delivery.flow is not None else 0
    return [
        Kpi("Finished", f"{len(finished)}", f"Items that reached the done stage from {day(delivery.since)} to {day(delivery.as_of)}."),
        Kpi("Throughput", f"{len(finished) / weeks:.1f} / week", "Finished items per week (weeks start on Monday), mean over the window."),
        Kpi("Work in progress", f"{wip_now}", "Items started and not done at the end of the as-of date."),
        Kpi(
            "Cycle time, 85%",
            duration(delivery.percentiles.get(0.85, float("nan")), unit),
            "85% of the items finished in the window took this long or less (start stage to done stage).",
        ),
        Kpi("Not done", f"{delivery.open_items}", "Items created and not finished by the as-of date (backlog and in progress)."),
    ]  # fmt: skip


def littles_law_check(delivery: DeliveryFlow) -> str | None:
    """Little's law as a sentence: average WIP ÷ throughput against the average cycle time."""
    if delivery.flow is None:
        return None
    law = littles_law(delivery.flow, delivery.since, delivery.as_of)
    if pd.isna(law.wip_over_throughput) or pd.isna(law.avg_cycle_time):
        return None
    return (
        f"Little's law check: average WIP ÷ throughput = {law.wip_over_throughput:.1f} days against an "
        f"average cycle time of {law.avg_cycle_time:.1f} days (close when the flow is stable; "
        "calendar days, whatever the counting rule)."
    )


def forecast_table(panel: ForecastPanel) -> pd.DataFrame:
    """One row per confidence: items done by the date, and the date N items are done."""
    return pd.DataFrame(
        {
            "Confidence": [f"{c:g}%" for c in panel.how_many.index],
            f"Items done by {day(panel.by)}": [f"{v} or more" for v in panel.how_many.to_numpy()],
            f"{panel.n_items} items done by": [
                day(d.date()) if not pd.isna(d) else "beyond 10 years" for d in panel.when
            ],
        }
    )


def forecast_inputs(panel: ForecastPanel) -> str:
    """The inputs in one sentence, shown under the table."""
    return (
        f"Monte Carlo, {panel.trials:,} trials (seed {panel.seed}), sampling daily throughput of "
        f"{day(panel.history_start)} – {day(panel.history_end)} ({panel.history_items} items finished); "
        "the forecast starts the day after the as-of date. At 85%, 85 of 100 simulated futures do at least as well."
    )


def delivery_caption(delivery: DeliveryFlow, scope: str, preset_label: str, working_days: bool) -> str:
    """The line under the title: what is shown, on which board, over which days, how counted."""
    info = delivery.data
    if scope == "project":
        what = f"{info.code} · {info.name} · {info.methodology} · team {info.team or '—'}"
    else:
        count = len(info.projects)
        what = f"{scope.capitalize()} {info.code} · {info.name} · {count} project{'s' * (count != 1)} pooled"
    return (
        f"{what} · board “{info.workflow_name or 'none'}” · {day(delivery.since)} – {day(delivery.as_of)} · "
        f"counting rule **{preset_label}**{' in working days' if working_days else ''}"
    )


def pooling_note(delivery: DeliveryFlow, scope: str, shown: int = 12) -> str | None:
    """For a team or program: which projects' items were left out of the pooled board, and why."""
    info = delivery.data
    if scope == "project" or not info.left_out_projects:
        return None
    left = info.left_out_projects
    codes = ", ".join(left[:shown]) + (f" and {len(left) - shown} more" if len(left) > shown else "")
    pooled = int(len(info.items))
    return (
        f"Flow metrics need one board (statuses mapped to stages). Computed on “{info.workflow_name}”, "
        f"the board with the most of this {scope}'s items: {pooled:,} items of {len(info.projects)} "
        f"project{'s' * (len(info.projects) != 1)}. Left out: {info.left_out_items:,} items of "
        f"{len(left)} project{'s' * (len(left) != 1)} on another board or none ({codes})."
        if info.workflow_name
        else None
    )
