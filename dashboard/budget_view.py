"""What the Budget page says about a drill-down level: KPI tiles, the run-out verdict,
the metric help texts and the table frame. Plain functions, no Streamlit, so the page
stays a layout and the wording is tested like the numbers."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.components.kpi import Kpi
from dashboard.formatting import amount, day, money, percent, ratio

METRIC_HELP: dict[str, str] = {
    "bac": "Budget at completion: the project's approved budget (projects.budget_at_completion).",
    "pv": "Planned value: baseline cost planned up to and including the as-of month.",
    "ac": "Actual cost: cost booked up to and including the as-of month; later bookings do not count.",
    "ev": "Earned value: latest reported percent complete (on or before the as-of date) × BAC.",
    "cpi": "Cost performance index EV ÷ AC: value earned per unit spent; below 1.00 is over cost.",
    "spi": "Schedule performance index EV ÷ PV: work done against plan; below 1.00 is behind plan.",
    "eac": "Estimate at completion BAC ÷ CPI: the final cost if cost efficiency stays as it is (a floor).",
    "vac": "Variance at completion BAC − EAC: negative is the expected overrun.",
    "tcpi_bac": "To-complete performance index (BAC − EV) ÷ (BAC − AC): the efficiency the rest of the work"
    " needs to finish within budget; above 1.10 is rarely achieved, negative means the budget is spent.",
    "tcpi_eac": "To-complete performance index against EAC: (BAC − EV) ÷ (EAC − AC).",
    "burn_rate": "Burn rate: mean actual cost per month over the last 3 complete months before the as-of date.",
    "run_out_date": "Run-out date: when the remaining budget (BAC − AC) is spent at the burn rate.",
    "planned_end": "Planned end: the forecast end date where one is recorded, else the baseline end date.",
    "padded_baseline": "Padded? CPI or SPI above the threshold (default 1.10): the baseline may be soft.",
}
ROLLUP_NOTE = (
    "Roll-ups sum BAC, PV, EV and AC over the projects first and divide after, never averaging project"
    " ratios; projects without a BAC, a cost plan or a progress report are left out of the sums."
)


def _float(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value) + 0.0  # + 0.0: no "-0.00"


def _date(value: Any) -> Any:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def kpi_rows(figures: dict[str, Any], currency: str) -> list[list[Kpi]]:
    """Money (BAC, AC, EV, EAC), indices and burn (CPI, SPI, TCPI, burn rate), then dates
    (run-out, planned end): rows of four at most, so values are never cut off."""
    bac, ac, ev = (_float(figures.get(k)) for k in ("bac", "ac", "ev"))
    spent = f"{percent(ac / bac)} of budget" if ac is not None and bac else None
    earned = f"{percent(ev / bac)} complete" if ev is not None and bac else None
    vac = _float(figures.get("vac"))
    rate = _float(figures.get("burn_rate"))
    compact = {key: money(figures.get(key), currency, compact=True) for key in ("bac", "ac", "ev", "eac")}
    return [
        [
            Kpi("Budget (BAC)", compact["bac"], METRIC_HELP["bac"]),
            Kpi("Actual cost (AC)", compact["ac"], METRIC_HELP["ac"], spent),
            Kpi("Earned value (EV)", compact["ev"], METRIC_HELP["ev"], earned),
            Kpi(
                "EAC",
                compact["eac"],
                METRIC_HELP["eac"],
                f"VAC {money(vac, currency, compact=True)}" if vac is not None else None,
            ),  # fmt: skip
        ],
        [
            Kpi("CPI", ratio(figures.get("cpi")), METRIC_HELP["cpi"]),
            Kpi("SPI", ratio(figures.get("spi")), METRIC_HELP["spi"]),
            Kpi("TCPI (to BAC)", ratio(_float(figures.get("tcpi_bac"))), METRIC_HELP["tcpi_bac"]),
            Kpi(
                "Burn rate",
                f"{money(rate, currency, compact=True)}/mo" if rate is not None else "n/a",
                METRIC_HELP["burn_rate"],
            ),  # fmt: skip
        ],
        [
            Kpi("Budget runs out", day(_date(figures.get("run_out_date"))), METRIC_HELP["run_out_date"]),
            Kpi("Planned end", day(_date(figures.get("planned_end"))), METRIC_HELP["planned_end"]),
        ],
    ]


def run_out_verdict(figures: dict[str, Any]) -> tuple[str, str]:
    """("warning" | "success" | "info", sentence) comparing the run-out date with the planned end."""
    run_out, end = _date(figures.get("run_out_date")), _date(figures.get("planned_end"))
    if run_out is None or end is None:
        return "info", "No run-out date: the budget, the actual cost or a recent burn rate is missing."
    gap = (end - run_out).days
    if gap > 0:
        return "warning", (
            f"At the current burn rate the budget runs out on {day(run_out)}, {gap} days before the planned end"
            f" ({day(end)})."
        )
    return "success", f"At the current burn rate the budget lasts beyond the planned end ({day(end)})."


TABLE_COLUMNS = ["code", "name", "bac", "ac", "ev", "cpi", "spi", "eac", "vac", "tcpi_bac", "tcpi_eac",
                 "burn_rate", "run_out_date", "planned_end", "flag"]  # fmt: skip
MONEY_COLUMNS = ("bac", "ac", "ev", "eac", "vac", "burn_rate")
RATIO_COLUMNS = ("cpi", "spi", "tcpi_bac", "tcpi_eac")


def table_frame(rows: pd.DataFrame, code: str = "code", name: str = "name") -> pd.DataFrame:
    """Rows of figures as display text: money in whole units, ratios with two decimals,
    dates as the app writes them, "n/a" where undefined. Text, because the grid shows a
    missing number as "None" whatever the format (streamlit/streamlit#11123).
    ``code`` / ``name`` name the key columns (project or program)."""
    frame = rows.rename(columns={code: "code", name: "name"})
    out = pd.DataFrame({"code": frame["code"], "name": frame["name"]})
    for column in MONEY_COLUMNS:
        out[column] = frame[column].map(amount)
    for column in RATIO_COLUMNS:
        out[column] = frame[column].map(lambda v: ratio(_float(v)))
    for column in ("run_out_date", "planned_end"):
        out[column] = frame[column].map(lambda v: day(_date(v)))
    out["flag"] = frame["padded_baseline"].map({True: "Padded?", False: ""})
    return out[TABLE_COLUMNS].reset_index(drop=True)
