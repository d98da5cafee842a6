"""Write a checked MS Project schedule into a project, in the caller's transaction.

- Milestones are upserted by (project, name): baseline, forecast and actual dates are
  set from the file; the weight (not in MSPDI) is left as it is (0 for a new one).
  Milestones the file does not name are left alone.
- One forecast snapshot per milestone, recorded on the status date (upsert).
- One progress row on the status date (upsert).
- The project's ``labour`` cost plan and actuals are replaced month by month: the file
  is the whole schedule, so a month it no longer has is removed (a re-planned task must
  not leave its old months behind). Other categories are left alone.

Problems found against the database (unknown project, a currency other than the
project's, two stored milestones with a name the file uses) are collected before any
row is written. Counts are rows of these tables; re-importing the same file changes
nothing (all unchanged).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Connection, delete, func, insert, select, update

from data_access.importers.import_log import RowCounts
from data_access.importers.mspdi import Schedule, read_mspdi
from data_access.importers.mspdi_costs import CENT
from data_access.importers.problems import ImportRejected, Problem
from data_access.importers.registry import ImportOptions, ImportOutcome
from data_access.models import CostActual, CostPlan, Milestone, MilestoneForecast, ProgressReport, Project
from data_access.vocabulary import CostCategory

CATEGORY = CostCategory.LABOUR.value


@dataclass
class _Tally:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    def count(self, stored: object, wanted: object) -> bool:
        """Record one row; True when it must be written (new or different)."""
        if stored is None:
            self.added += 1
        elif stored != wanted:
            self.updated += 1
        else:
            self.unchanged += 1
        return stored != wanted


def _target(connection: Connection, project_code: str, schedule: Schedule, source: str) -> int:
    """The project's id; ImportRejected with every problem the database shows."""
    row = connection.execute(select(Project.id, Project.currency).where(Project.code == project_code)).first()
    if row is None:
        raise ImportRejected(
            source, [Problem("--project", f"no project with code {project_code!r}; create it first")]
        )
    problems: list[Problem] = []
    if schedule.currency and schedule.currency.upper() != (row.currency or "").upper():
        problems.append(
            Problem(
                "project",
                f"costs are in {schedule.currency}, project {project_code} is in {row.currency}",
                column="CurrencyCode",
                value=schedule.currency,
            )
        )
    names = [m.name for m in schedule.milestones]
    twice = connection.execute(
        select(Milestone.name)
        .where(Milestone.project_id == row.id, Milestone.name.in_(names))
        .group_by(Milestone.name)
        .having(func.count() > 1)
    ).scalars()
    where = {m.name: m.where for m in schedule.milestones}
    problems.extend(
        Problem(
            where[name], f"project {project_code} has two milestones named {name!r}; rename one first", "Name"
        )
        for name in twice
    )
    if problems:
        raise ImportRejected(source, problems)
    return row.id


def _milestones(connection: Connection, project_id: int, schedule: Schedule, tally: _Tally) -> dict[str, int]:
    stored = {
        r.name: r
        for r in connection.execute(
            select(
                Milestone.id,
                Milestone.name,
                Milestone.baseline_date,
                Milestone.forecast_date,
                Milestone.actual_date,
            ).where(Milestone.project_id == project_id)
        ).all()
    }
    ids: dict[str, int] = {}
    for m in schedule.milestones:
        values = {"baseline_date": m.baseline, "forecast_date": m.forecast, "actual_date": m.actual}
        row = stored.get(m.name)
        current = (row.baseline_date, row.forecast_date, row.actual_date) if row else None
        if not tally.count(current, (m.baseline, m.forecast, m.actual)):
            ids[m.name] = row.id
        elif row is None:
            ids[m.name] = connection.execute(
                insert(Milestone).values(project_id=project_id, name=m.name, **values).returning(Milestone.id)
            ).scalar_one()
        else:
            connection.execute(update(Milestone).where(Milestone.id == row.id).values(**values))
            ids[m.name] = row.id
    return ids


def _forecasts(connection: Connection, ids: dict[str, int], schedule: Schedule, tally: _Tally) -> None:
    recorded_on = schedule.status_date
    if recorded_on is None or not ids:
        return
    stored = dict(
        connection.execute(
            select(MilestoneForecast.milestone_id, MilestoneForecast.forecast_date).where(
                MilestoneForecast.milestone_id.in_(list(ids.values())),
                MilestoneForecast.recorded_on == recorded_on,
            )
        ).all()
    )
    for m in schedule.milestones:
        milestone_id = ids[m.name]
        if not tally.count(stored.get(milestone_id), m.forecast):
            continue
        if milestone_id in stored:
            connection.execute(
                update(MilestoneForecast)
                .where(
                    MilestoneForecast.milestone_id == milestone_id,
                    MilestoneForecast.recorded_on == recorded_on,
                )
                .values(forecast_date=m.forecast)
            )
        else:
            connection.execute(
                insert(MilestoneForecast).values(
                    milestone_id=milestone_id, recorded_on=recorded_on, forecast_date=m.forecast
                )
            )


def _progress(connection: Connection, project_id: int, schedule: Schedule, tally: _Tally) -> None:
    if schedule.percent_complete is None or schedule.status_date is None:
        return
    where = (ProgressReport.project_id == project_id, ProgressReport.period_end == schedule.status_date)
    stored = connection.execute(select(ProgressReport.percent_complete).where(*where)).scalar()
    wanted = schedule.percent_complete.quantize(CENT)
    if not tally.count(None if stored is None else Decimal(stored).quantize(CENT), wanted):
        return
    if stored is None:
        connection.execute(
            insert(ProgressReport).values(
                project_id=project_id, period_end=schedule.status_date, percent_complete=wanted
            )
        )
    else:
        connection.execute(update(ProgressReport).where(*where).values(percent_complete=wanted))


def _costs(
    connection: Connection,
    table: type[CostPlan] | type[CostActual],
    project_id: int,
    wanted: dict[date, Decimal],
    tally: _Tally,
) -> None:
    """Make the project's labour rows of ``table`` exactly ``wanted`` (month -> amount)."""
    mine = (table.project_id == project_id, table.category == CATEGORY)
    stored = {
        month: Decimal(amount).quantize(CENT)
        for month, amount in connection.execute(select(table.month, table.amount).where(*mine)).all()
    }
    gone = [month for month in stored if month not in wanted]
    if gone:
        connection.execute(delete(table).where(*mine, table.month.in_(gone)))
        tally.removed += len(gone)
    for month, amount in sorted(wanted.items()):
        if not tally.count(stored.get(month), amount):
            continue
        if month in stored:
            connection.execute(update(table).where(*mine, table.month == month).values(amount=amount))
        else:
            connection.execute(
                insert(table).values(project_id=project_id, month=month, category=CATEGORY, amount=amount)
            )


def write_schedule(
    connection: Connection, project_code: str, schedule: Schedule, source: str
) -> tuple[RowCounts, str]:
    """Write ``schedule`` (already checked) into the project; (counts, one sentence)."""
    project_id = _target(connection, project_code, schedule, source)
    tally = _Tally()
    ids = _milestones(connection, project_id, schedule, tally)
    _forecasts(connection, ids, schedule, tally)
    _progress(connection, project_id, schedule, tally)
    _costs(connection, CostPlan, project_id, schedule.planned, tally)
    _costs(connection, CostActual, project_id, schedule.actual, tally)
    progress = (
        f"progress {schedule.percent_complete}% on {schedule.status_date}"
        if schedule.percent_complete is not None and schedule.status_date
        else "no project progress (no summary task UID 0)"
    )
    text = (
        f"{tally.added} rows added, {tally.updated} updated, {tally.unchanged} unchanged, "
        f"{tally.removed} labour cost months removed in {project_code}: {len(schedule.milestones)} milestones, "
        f"{progress}, labour cost plan over {len(schedule.planned)} months, actuals over "
        f"{len(schedule.actual)} months"
    )
    return RowCounts(added=tally.added, updated=tally.updated, unchanged=tally.unchanged), text


def import_mspdi(connection: Connection, path: Path, options: ImportOptions) -> ImportOutcome:
    """The ``mspdi`` import kind."""
    assert options.project_code is not None  # checked by run_import
    schedule = read_mspdi(path)
    if schedule.problems:
        raise ImportRejected(str(path), schedule.problems)
    if not (
        schedule.milestones or schedule.planned or schedule.actual or schedule.percent_complete is not None
    ):
        raise ImportRejected(str(path), [Problem("file", "no milestones, progress or costs in the file")])
    counts, text = write_schedule(connection, options.project_code, schedule, str(path))
    return ImportOutcome("mspdi", counts, text)
