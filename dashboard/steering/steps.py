"""The four kinds of presentation step (summary, what changed, one project, milestones due),
each built from figures the pages already compute. No Streamlit, no database: plain
frames in, a Step out, so each wording and cap is tested like the numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import pandas as pd

from dashboard.charts_budget import performance_title
from dashboard.formatting import day, money, percent, ratio
from dashboard.health import PortfolioHealth
from dashboard.metrics.changes import PortfolioChanges
from dashboard.metrics.rag import ProjectRag
from dashboard.program_view import upcoming_milestones
from dashboard.rag_style import RAG_ORDER, rag_label, rag_style
from dashboard.steering.model import PROJECT_STEP, Chart, KpiText, Series, SteeringRequest, Step, Table
from data_access.queries import PortfolioKpis, ProjectDetail

DEFAULT_WINDOW_DAYS = 28
TREND_MONTHS = 12
RULE_CHARS = 150
SUMMARY_TITLE = "Portfolio summary"
MILESTONES_TITLE = "Milestones due before the next meeting"


def shorten(text: object, limit: int = RULE_CHARS) -> str:
    """Text cut at a word boundary to fit a slide cell, with an ellipsis when cut."""
    value = "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)
    if len(value) <= limit:
        return value
    return value[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:(") + "…"


# --------------------------------------------------------------------------- summary


def _status_chart(projects: pd.DataFrame) -> Chart:
    computed = projects["computed_overall"].value_counts()
    reported = projects["reported_rag"].value_counts()
    return Chart(
        kind="column",
        title="Projects by status: computed from data vs reported by the projects",
        categories=tuple(rag_label(status) for status in RAG_ORDER),
        series=(
            Series(
                "Computed", tuple(float(computed.get(s, 0)) for s in RAG_ORDER), "computed", tuple(RAG_ORDER)
            ),
            Series(
                "Reported", tuple(float(reported.get(s, 0)) for s in RAG_ORDER), "reported", tuple(RAG_ORDER)
            ),
        ),
        value_kind="count",
    )


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def _budget_chart(programs: pd.DataFrame, total: Mapping[str, Any], currency: str) -> Chart:
    # Bar charts draw their first category at the bottom: reverse so the list reads top-down.
    programs = programs.sort_values("program_name", ascending=False)
    title = "Budget (BAC) and forecast (EAC) by program"
    if _number(total.get("eac")) is not None and _number(total.get("bac")):
        title = (
            f"Forecast (EAC) {money(total['eac'], currency, compact=True)} against a "
            f"{money(total['bac'], currency, compact=True)} budget (BAC), by program"
        )
    return Chart(
        kind="bar",
        title=title,
        categories=tuple(programs["program_name"]),
        series=(
            Series("Budget (BAC)", tuple(_number(v) for v in programs["bac"]), "budget"),
            Series("Forecast (EAC)", tuple(_number(v) for v in programs["eac"]), "forecast"),
        ),
        value_kind="money",
        currency=currency,
    )


def forecast_overrun(projects: pd.DataFrame) -> float:
    """Σ max(EAC − BAC, 0) over the projects (the overview's "Forecast overrun" tile)."""
    return float((projects["computed_eac"] - projects["budget_at_completion"]).clip(lower=0).sum(skipna=True))


def summary_step(
    health: PortfolioHealth,
    kpis: PortfolioKpis,
    budgets: tuple[pd.DataFrame, Mapping[str, Any]],
    trouble: pd.DataFrame,
    omitted: tuple[str, ...],
    as_of: date,
    currency: str,
) -> Step:
    """``budgets``: BAC and EAC per program (program_name, bac, eac) and for the whole scope."""
    projects = health.projects
    programs, total = budgets
    budget = float(kpis.total_budget)
    spent_share = float(kpis.actual_cost_to_date) / budget if budget > 0 else None
    reds = int((trouble["computed_overall"] == "red").sum())
    notes = [
        f"{len(trouble)} project{'s are' if len(trouble) != 1 else ' is'} red or amber "
        f"({reds} red): "
        + (
            f"the {len(trouble) - len(omitted)} most severe have a slide each; not shown: {', '.join(omitted)}."
            if omitted
            else "each has a slide, most severe first."
        ),
        "Budget roll-ups sum BAC, EV and AC over the projects with a budget, a baseline and progress,"
        " then divide; ratios are never averaged.",
    ]
    return Step(
        key="summary",
        title=SUMMARY_TITLE,
        subtitle=f"As of {day(as_of)} · {len(projects):,} projects · amounts in {currency} · computed status"
        " from schedule, budget and risk data; reported status from the latest status report",
        kpis=(
            KpiText("Projects", f"{kpis.project_count:,}", "started by the as-of date"),
            KpiText("Budget (BAC)", money(budget, currency, compact=True)),
            KpiText(
                "Spent to date",
                money(kpis.actual_cost_to_date, currency, compact=True),
                f"{percent(spent_share)} of budget" if spent_share is not None else "",
            ),
            KpiText(
                "Forecast overrun", money(forecast_overrun(projects), currency, compact=True), "Σ (EAC − BAC)"
            ),
            KpiText("Watermelons", f"{int(projects['watermelon'].sum()):,}", "reported green, computed red"),
            KpiText(
                "Milestones at risk", f"{len(health.milestones_at_risk):,}", "due in 30 days, forecast late"
            ),
        ),
        charts=(_status_chart(projects), _budget_chart(programs, total, currency)) if len(programs) else (),
        notes=tuple(notes),
    )


# --------------------------------------------------------------------------- what changed


def _signed_money(value: float, currency: str) -> str:
    return ("+" if value > 0 else "") + money(value, currency, compact=True)


def _status_change_table(changes: PortfolioChanges, cap: int = 5) -> Table:
    frame = pd.concat([changes.new_reds, changes.recoveries], ignore_index=True)
    rows = [
        (
            str(row["code"]),
            shorten(row["name"], 40),
            f"{rag_label(row['computed_overall_before']) if isinstance(row['computed_overall_before'], str) else '· not started'}"
            f" → {rag_label(row['computed_overall'])}",
            shorten(row["computed_overall_rule"], 90),
        )
        for row in frame.to_dict("records")
    ]
    columns = ("Code", "Project", "Before → now", "Why now")
    empty = "No project turned red and none recovered to green."
    return Table.capped("New reds and recoveries", columns, (1.1, 2.0, 2.1, 3.3), rows, cap, empty)


def _slipped_table(changes: PortfolioChanges, cap: int = 4) -> Table:
    rows = [
        (
            str(row["project_code"]),
            shorten(row["name"], 40),
            day(row["expected_before"]),
            day(row["expected_now"]),
            f"+{int(row['days_later'])}",
        )
        for row in changes.slipped_milestones.to_dict("records")
    ]
    columns = ("Project", "Milestone", "Expected before", "Expected now", "Days later")
    title = "Milestones that slipped (most days first)"
    return Table.capped(title, columns, (1.2, 2.8, 1.6, 1.6, 1.1), rows, cap, "No milestone moved later.")


def _eac_change_chart(changes: PortfolioChanges, currency: str, cap: int = 8) -> Chart:
    moves = changes.eac_changes.head(cap).iloc[::-1]  # biggest at the top of a bar chart
    net = float(changes.eac_changes["eac_change"].sum()) if len(changes.eac_changes) else 0.0
    return Chart(
        kind="bar",
        title=f"Forecast cost (EAC): net {_signed_money(net, currency)}; the biggest moves",
        categories=tuple(moves["code"]),
        series=(
            Series(
                "EAC change",
                tuple(float(v) for v in moves["eac_change"]),
                "change",
                tuple("red" if v > 0 else "green" for v in moves["eac_change"]),
            ),
        ),
        value_kind="money_change",
        currency=currency,
    )


def _since(request: SteeringRequest) -> tuple[str, str]:
    """The changes step's title and where its "before" comes from (the meeting, or a date)."""
    meeting = request.since_meeting
    if meeting is not None and meeting.held_on == request.since:
        return "What changed since the last meeting", f"{meeting.forum} on {day(meeting.held_on)}"
    return f"What changed since {day(request.since)}", day(request.since)


def changes_title(request: SteeringRequest) -> str:
    return _since(request)[0]


def changes_step(changes: PortfolioChanges, request: SteeringRequest, currency: str) -> Step:
    net = float(changes.eac_changes["eac_change"].sum()) if len(changes.eac_changes) else 0.0
    title, origin = _since(request)
    return Step(
        key="changes",
        title=title,
        subtitle=f"From {origin} to {day(request.as_of)} · computed status on each date from what was known then",
        kpis=(
            KpiText("New reds", f"{len(changes.new_reds):,}", "red now, not red then"),
            KpiText("Recoveries", f"{len(changes.recoveries):,}", "red or amber then, green now"),
            KpiText(
                "Milestones slipped", f"{len(changes.slipped_milestones):,}", "expected date moved later"
            ),
            KpiText("EAC change", _signed_money(net, currency), "net, projects with an EAC on both dates"),
        ),
        charts=(_eac_change_chart(changes, currency),) if len(changes.eac_changes) else (),
        tables=(_status_change_table(changes), _slipped_table(changes)),
    )


# --------------------------------------------------------------------------- one project


def _status_table(rag: ProjectRag) -> Table:
    overall_rule = rag.overall.rule.split(" (", 1)[0]
    rows = (
        ("Overall", rag_label(rag.overall.colour.value), shorten(overall_rule)),
        ("Schedule", rag_label(rag.schedule.colour.value), shorten(rag.schedule.rule)),
        ("Budget", rag_label(rag.budget.colour.value), shorten(rag.budget.rule)),
        ("Risk", rag_label(rag.risk.colour.value), shorten(rag.risk.rule)),
    )
    return Table(
        title="Computed status and the rule that fired",
        columns=("Dimension", "Status", "Rule"),
        rows=rows,
        widths=(1.1, 1.1, 5.0),
    )


def _risk_table(detail: ProjectDetail | None, cap: int = 3) -> Table:
    risks = detail.risks if detail is not None else pd.DataFrame(columns=["status"])
    rows = [
        (
            shorten(row["title"], 60),
            f"{int(row['exposure'])}",
            str(row["owner"]) if isinstance(row["owner"], str) else "⚠ no owner",
            day(row["due_date"]),
        )
        for row in risks[risks["status"] != "closed"].to_dict("records")
    ]
    columns = ("Risk or issue", "Exposure", "Owner", "Due")
    empty = "No open risk or issue on the as-of date."
    return Table.capped("Top open risks and issues", columns, (4.0, 1.0, 1.6, 1.3), rows, cap, empty)


def _trend_chart(series: pd.DataFrame, currency: str) -> Chart | None:
    known = series.dropna(subset=["cpi", "spi"], how="all").tail(TREND_MONTHS)
    if known.empty:
        return None
    last = known.iloc[-1]
    return Chart(
        kind="line",
        title=performance_title(_number(last["cpi"]), _number(last["spi"]), currency),
        categories=tuple(pd.Timestamp(m).strftime("%b %Y") for m in known["month"]),
        series=(
            Series("CPI (EV ÷ AC)", tuple(_number(v) for v in known["cpi"]), "cpi"),
            Series("SPI (EV ÷ PV)", tuple(_number(v) for v in known["spi"]), "spi"),
            Series("1.00 = on plan", tuple(1.0 for _ in range(len(known))), "reference"),
        ),
        value_kind="index",
        currency=currency,
    )


def _trend_shapes(history: pd.DataFrame, code: str) -> str:
    """The computed overall status at each trend date as shapes, oldest first."""
    rows = history[history["code"] == code].sort_values("date")
    return "".join(rag_style(v).icon for v in rows["computed_overall"])


def _report_notes(detail: ProjectDetail | None) -> tuple[str, ...]:
    if detail is None or detail.status_reports.empty:
        return ("No status report on or before the as-of date, so no decision was requested.",)
    latest = detail.status_reports.iloc[0]
    when = day(latest["report_date"])
    decisions = shorten(latest["decisions_needed"], 300)
    notes = [
        f"Decisions needed (status report of {when}): {decisions}"
        if decisions
        else f"Decisions needed: none requested in the latest status report ({when})."
    ]
    commentary = shorten(latest["commentary"], 220)
    if commentary:
        notes.append(f"Project's commentary: {commentary}")
    return tuple(notes)


def project_title(row: Mapping[str, object]) -> str:
    return f"{row['code']} · {row['name']}"


def project_step(
    row: dict[str, object],
    rag: ProjectRag,
    detail: ProjectDetail | None,
    series: pd.DataFrame,
    history: pd.DataFrame,
    currency: str,
) -> Step:
    """``series``: the project's monthly EVM (``budget.read_project_series``); ``history``: the
    computed overall status per code and trend date."""
    code = str(row["code"])
    bac, ac, eac, vac = (
        _number(row[k]) for k in ("budget_at_completion", "actual_cost", "computed_eac", "computed_vac")
    )
    reported = row["reported_rag"] if isinstance(row["reported_rag"], str) else None
    subtitle = (
        f"{row['program']} · project manager {row['project_manager'] or '—'} · computed "
        f"{rag_label(str(row['computed_overall']))} · reported {rag_label(reported)}"
    )
    if bool(row["watermelon"]):
        subtitle += " · ⚠ Watermelon: reported green, the data says red"
    if vac is None:
        vac_note = ""
    else:
        vac_note = f"{money(abs(vac), currency, compact=True)} {'over' if vac < 0 else 'under'} budget"
    chart = _trend_chart(series, currency)
    return Step(
        key=f"{PROJECT_STEP}{code}",
        title=project_title(row),
        subtitle=subtitle,
        kpis=(
            KpiText("Budget (BAC)", money(bac, currency, compact=True)),
            KpiText(
                "Spent (AC)",
                money(ac, currency, compact=True),
                f"{percent(ac / bac)} of budget" if ac is not None and bac else "",
            ),
            KpiText("Forecast (EAC)", money(eac, currency, compact=True), vac_note),
            KpiText("CPI", ratio(_number(row["computed_cpi"])), "EV ÷ AC, below 1 is over cost"),
            KpiText("SPI", ratio(_number(row["computed_spi"])), "EV ÷ PV, below 1 is late"),
            KpiText("Status trend", _trend_shapes(history, code) or "—", "6 month ends, then as of"),
        ),
        charts=(chart,) if chart is not None else (),
        tables=(_status_table(rag), _risk_table(detail)),
        notes=_report_notes(detail),
    )


# --------------------------------------------------------------------------- milestones


def milestones_step(health: PortfolioHealth, request: SteeringRequest, cap: int = 12) -> Step:
    meeting = request.next_meeting
    end = meeting.held_on if meeting is not None else request.as_of + timedelta(days=DEFAULT_WINDOW_DAYS)
    due = upcoming_milestones(health.milestones, request.as_of, (end - request.as_of).days)
    late = int((due["slip_days"] > 0).sum()) if len(due) else 0
    rows = [
        (
            str(row["project_code"]),
            shorten(row["name"], 50),
            day(row["baseline"]),
            day(row["expected"]),
            f"+{int(row['slip_days'])} days late" if row["slip_days"] > 0 else "on time",
        )
        for row in due.to_dict("records")
    ]
    columns = ("Project", "Milestone", "Baseline", "Expected", "Forecast")
    empty = "No open milestone is due before the next meeting."
    window = (
        f"up to the next meeting, {meeting.forum} on {day(meeting.held_on)}"
        if meeting is not None
        else f"in the next {DEFAULT_WINDOW_DAYS} days (no next meeting recorded)"
    )
    return Step(
        key="milestones",
        title=MILESTONES_TITLE,
        subtitle=f"Open milestones with a baseline date after {day(request.as_of)} and {window}",
        kpis=(
            KpiText("Due", f"{len(due):,}", f"by {day(end)}"),
            KpiText("Forecast late", f"{late:,}", "expected after the baseline"),
            KpiText("On time", f"{len(due) - late:,}", "expected on or before the baseline"),
        ),
        tables=(
            Table.capped(
                "Due milestones, earliest first", columns, (1.3, 3.9, 1.5, 1.5, 1.8), rows, cap, empty
            ),
        ),
    )
