"""Run the generation phases in order and return every table's rows (no database here).

Why separate from writing: generation is pure (seed and day in, rows out), so it can
be tested and timed on its own, and the database transaction only has to insert.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from data_access.seed.config import ScaleConfig
from data_access.seed.delivery import build_delivery
from data_access.seed.dora import build_dora
from data_access.seed.finance import build_finance
from data_access.seed.meetings import build_meetings
from data_access.seed.milestones import build_milestones
from data_access.seed.portfolio import Portfolio, build_portfolio, project_table
from data_access.seed.reporting import build_status_reports
from data_access.seed.risks import build_risks
from data_access.seed.rows import TableData
from data_access.seed.workflows import workflow_tables

GENERATOR_VERSION = "1.0.0"

Progress = Callable[[float, str], None]


def dataset_info(config: ScaleConfig, today: date, seed: int) -> TableData:
    facts = {
        "demo": "true",
        "scale": config.name,
        "generated_on": today.isoformat(),
        "seed": str(seed),
        "generator_version": GENERATOR_VERSION,
    }
    return TableData("dataset_info", {"key": list(facts), "value": list(facts.values())})


def build_tables(
    config: ScaleConfig, today: date, seed: int, progress: Progress
) -> tuple[Portfolio, list[TableData]]:
    """Every table of the demo portfolio, ids assigned, in no particular order."""
    progress(0.0, "Planning programs, projects and people")
    portfolio = build_portfolio(config, today, seed)
    progress(0.1, "Planning costs and progress")
    finance_tables, finances = build_finance(portfolio, seed)
    milestone_tables, milestones = build_milestones(portfolio, finances, seed)
    progress(0.25, "Writing risk registers and status reports")
    risk_table, risks = build_risks(portfolio, seed)
    reports = build_status_reports(portfolio, milestones, risks, seed)
    outcomes = {
        p.id: {
            "lifecycle_phase": finances[p.id].lifecycle_phase,
            "forecast_end_date": milestones[p.id][-1].actual or milestones[p.id][-1].forecast,
            "budget_at_completion": Decimal(f"{p.budget:.2f}") if p.budget_recorded else None,
        }
        for p in portfolio.projects
    }
    progress(0.4, "Simulating work items and their status transitions")
    delivery_tables = build_delivery(portfolio, config.work_items, seed)
    progress(0.9, "Simulating deployments and incidents")
    dora_tables = build_dora(portfolio, seed)
    tables = [
        dataset_info(config, today, seed),
        *portfolio.tables(),
        *workflow_tables(),
        project_table(portfolio, outcomes),
        *finance_tables,
        *milestone_tables,
        risk_table,
        reports,
        *delivery_tables,
        *dora_tables,
        build_meetings(portfolio, today),
    ]
    progress(1.0, "Generated")
    return portfolio, tables
