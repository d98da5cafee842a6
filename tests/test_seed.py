"""Invariants of the demo-portfolio generator, on SQLite and PostgreSQL.

Every expectation is computed here from the stored rows with independent queries
(SQLAlchemy ``select``/``func`` over the models) and plain Python, never by calling
the generator's own helpers, so a generator bug cannot hide behind itself.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, and_, func, inspect, select
from sqlalchemy.orm import Session, aliased

from data_access.db import make_engine
from data_access.migrate import upgrade_to_head
from data_access.models import (
    Base,
    CostActual,
    CostPlan,
    DatasetInfo,
    Deployment,
    Incident,
    Milestone,
    MilestoneForecast,
    Person,
    Program,
    ProgressReport,
    Project,
    RiskItem,
    RoleAssignment,
    Sprint,
    StatusReport,
    StatusTransition,
    Team,
    WorkflowStatus,
    WorkItem,
)
from data_access.seed import SeedError, seed_database
from data_access.vocabulary import (
    LifecyclePhase,
    Methodology,
    ProjectType,
    Rag,
    RiskStatus,
    Role,
    StageCategory,
)
from tests.conftest import SEED_TODAY

TODAY = SEED_TODAY


def count(connection: Connection, model: type[Base], *where: object) -> int:
    return connection.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


# --------------------------------------------------------------------------- sizes and coverage


def test_demo_sizes_are_in_range(demo_engine: Engine) -> None:
    with demo_engine.connect() as c:
        assert 5 <= count(c, Program) <= 8
        assert 35 <= count(c, Project) <= 45
        items = count(c, WorkItem)
        assert 12_000 <= items <= 18_000
        assert count(c, StatusTransition) >= 3 * items


def test_every_project_type_and_methodology_is_present(demo_engine: Engine) -> None:
    with demo_engine.connect() as c:
        types = set(c.execute(select(Project.project_type).distinct()).scalars())
        methods = set(c.execute(select(Project.methodology).distinct()).scalars())
        phases = set(c.execute(select(Project.lifecycle_phase).distinct()).scalars())
    assert types == set(ProjectType)
    assert methods == set(Methodology)
    assert {LifecyclePhase.INITIATION, LifecyclePhase.EXECUTION, LifecyclePhase.CLOSED} <= phases


def test_dataset_info_describes_the_demo(demo_engine: Engine) -> None:
    with demo_engine.connect() as c:
        info = dict(c.execute(select(DatasetInfo.key, DatasetInfo.value)).all())
    assert info["demo"] == "true"
    assert info["scale"] == "demo"
    assert info["generated_on"] == TODAY.isoformat()
    assert info["seed"] == "42"
    assert info["generator_version"]


# --------------------------------------------------------------------------- people and access


def test_every_role_has_people_and_properly_scoped_assignments(demo_engine: Engine) -> None:
    with demo_engine.connect() as c:
        rows = c.execute(
            select(RoleAssignment.role, RoleAssignment.person_id, RoleAssignment.program_id,
                   RoleAssignment.project_id, RoleAssignment.team_id)
        ).all()  # fmt: skip
        programs = count(c, Program)
        projects = dict(c.execute(select(Project.id, Project.project_manager_id)).all())
        teams = count(c, Team)
        usernames = dict(c.execute(select(Person.id, Person.username)).all())
        emails = list(c.execute(select(Person.email)).scalars())
        sponsors = set(c.execute(select(Project.sponsor_id)).scalars())
    by_role: dict[Role, list] = defaultdict(list)
    for row in rows:
        by_role[Role(row.role)].append(row)
    assert set(by_role) == set(Role)

    executives = by_role[Role.EXECUTIVE]
    assert len(executives) == 2
    assert all(r.program_id is None and r.project_id is None and r.team_id is None for r in executives)
    assert {usernames[r.person_id] for r in executives} >= {"exec.ava"}

    managers = by_role[Role.PROGRAM_MANAGER]
    assert sorted(r.program_id for r in managers) == list(range(1, programs + 1))
    assert all(r.project_id is None and r.team_id is None for r in managers)

    pms = by_role[Role.PROJECT_MANAGER]
    assert all(r.project_id is not None and r.program_id is None and r.team_id is None for r in pms)
    assert {(r.person_id, r.project_id) for r in pms} == {(pm, pid) for pid, pm in projects.items()}
    per_pm = Counter(r.person_id for r in pms)
    assert 10 <= len(per_pm) <= 12
    assert all(2 <= n <= 5 for n in per_pm.values())

    masters = by_role[Role.SCRUM_MASTER]
    assert sorted(r.team_id for r in masters) == list(range(1, teams + 1))
    assert len({r.person_id for r in masters}) == teams
    assert len(by_role[Role.PMO_ADMIN]) == 1

    assert all(e.endswith("@example.org") for e in emails)
    assert sponsors <= set(usernames)  # sponsors are people


# --------------------------------------------------------------------------- dates and money


def test_history_covers_two_years_and_ends_today(demo_engine: Engine) -> None:
    with demo_engine.connect() as c:
        first_move, last_move = c.execute(
            select(func.min(StatusTransition.changed_at), func.max(StatusTransition.changed_at))
        ).one()
        first_start = c.execute(select(func.min(Project.start_date))).scalar_one()
        last_report = c.execute(select(func.max(StatusReport.report_date))).scalar_one()
        last_progress = c.execute(select(func.max(ProgressReport.period_end))).scalar_one()
        last_actual_month = c.execute(select(func.max(CostActual.month))).scalar_one()
        last_created = c.execute(select(func.max(WorkItem.created_at))).scalar_one()
    assert first_move.tzinfo is not None and last_move.tzinfo is not None
    assert first_move.date() <= TODAY - timedelta(days=730)
    assert first_start <= TODAY - timedelta(days=730)
    # Items move during the teams' local working hours, so on a weekend or a holiday the
    # newest move is on the last working day before it (never later than today).
    assert TODAY - timedelta(days=4) <= last_move.date() <= TODAY
    # Status reports are filed on weekdays: today, or the Friday before a weekend.
    assert last_report == TODAY if TODAY.weekday() < 5 else TODAY - timedelta(days=2) <= last_report < TODAY
    assert last_progress == TODAY
    assert last_actual_month == TODAY.replace(day=1)
    assert last_created.date() <= TODAY


def test_dates_are_ordered(demo_engine: Engine) -> None:
    with demo_engine.connect() as c:
        assert count(c, Project, Project.baseline_end_date < Project.start_date) == 0
        assert count(c, Milestone, Milestone.actual_date > TODAY) == 0
        assert count(c, MilestoneForecast, MilestoneForecast.recorded_on > TODAY) == 0
        assert count(c, StatusReport, StatusReport.report_date > TODAY) == 0
        assert count(c, RiskItem, RiskItem.raised_on > TODAY) == 0
        assert count(c, RiskItem, RiskItem.closed_on < RiskItem.raised_on) == 0
        sprints = c.execute(select(Sprint.start_date, Sprint.end_date)).all()
        items_before_start = c.execute(
            select(WorkItem.created_at, Project.start_date).join(Project, Project.id == WorkItem.project_id)
        ).all()
        deploys = c.execute(select(Deployment.first_commit_at, Deployment.deployed_at)).all()
        incidents = c.execute(select(Incident.started_at, Incident.resolved_at)).all()
    assert sprints and all((end - start).days == 13 for start, end in sprints)
    assert all(created.date() >= start - timedelta(days=1) for created, start in items_before_start)
    assert deploys and all(first < deployed for first, deployed in deploys)
    assert incidents and all(resolved is None or resolved > started for started, resolved in incidents)


def test_costs_are_non_negative_and_the_plan_adds_up_to_bac(demo_engine: Engine) -> None:
    with demo_engine.connect() as c:
        assert count(c, CostPlan, CostPlan.amount < 0) == 0
        assert count(c, CostActual, CostActual.amount < 0) == 0
        categories = set(c.execute(select(CostActual.category).distinct()).scalars())
        planned = dict(
            c.execute(
                select(CostPlan.project_id, func.sum(CostPlan.amount)).group_by(CostPlan.project_id)
            ).all()
        )
        bac = dict(c.execute(select(Project.id, Project.budget_at_completion)).all())
        not_started = set(c.execute(select(Project.id).where(Project.start_date > TODAY)).scalars())
        with_actuals = set(c.execute(select(CostActual.project_id).distinct()).scalars())
        with_progress = set(c.execute(select(ProgressReport.project_id).distinct()).scalars())
    assert len(categories) == 4
    assert sum(1 for v in bac.values() if v is None) >= 1  # a data gap: grey budget
    for pid, total in planned.items():
        if bac[pid] is not None:
            assert Decimal(total) == bac[pid]
    assert not_started and not (not_started & (with_actuals | with_progress))  # grey: nothing yet
    assert any(pid not in planned for pid in not_started)  # and one without any baseline


def test_milestone_weights_sum_to_one_and_replans_are_recorded(demo_engine: Engine) -> None:
    with demo_engine.connect() as c:
        sums = c.execute(
            select(Milestone.project_id, func.sum(Milestone.weight)).group_by(Milestone.project_id)
        ).all()
        projects = count(c, Project)
        milestones = c.execute(select(Milestone.id, Milestone.forecast_date, Milestone.actual_date)).all()
        history = c.execute(
            select(
                MilestoneForecast.milestone_id, MilestoneForecast.recorded_on, MilestoneForecast.forecast_date
            ).order_by(MilestoneForecast.milestone_id, MilestoneForecast.recorded_on)
        ).all()
    assert len(sums) == projects
    assert all(Decimal(total) == Decimal("1") for _pid, total in sums)
    rows: dict[int, list] = defaultdict(list)
    for mid, recorded, forecast in history:
        rows[mid].append((recorded, forecast))
    assert set(rows) == {m.id for m in milestones}
    for m in milestones:
        if m.actual_date is None:
            assert rows[m.id][-1][1] == m.forecast_date  # the newest re-plan is the current forecast
        else:
            assert rows[m.id][-1][0] <= m.actual_date
    assert sum(len(v) > 2 for v in rows.values()) >= 20  # real re-plan histories exist


# --------------------------------------------------------------------------- work items and flow


def _workflow_statuses(c: Connection) -> dict[int, dict[str, tuple[int, StageCategory]]]:
    rows = c.execute(
        select(
            WorkflowStatus.workflow_id,
            WorkflowStatus.status,
            WorkflowStatus.stage_order,
            WorkflowStatus.category,
        )
    ).all()
    out: dict[int, dict[str, tuple[int, StageCategory]]] = defaultdict(dict)
    for wid, status, order, category in rows:
        out[wid][status] = (order, StageCategory(category))
    return out


def test_transitions_follow_the_workflow_and_items_agree_with_them(demo_engine: Engine) -> None:
    with demo_engine.connect() as c:
        workflows = _workflow_statuses(c)
        items = c.execute(
            select(WorkItem.id, WorkItem.status, WorkItem.created_at, WorkItem.resolved_at,
                   WorkItem.created_utc_offset_minutes, Project.workflow_id)
            .join(Project, Project.id == WorkItem.project_id)
        ).all()  # fmt: skip
        moves = c.execute(
            select(StatusTransition.work_item_id, StatusTransition.from_status, StatusTransition.to_status,
                   StatusTransition.changed_at, StatusTransition.utc_offset_minutes)
            .order_by(StatusTransition.work_item_id, StatusTransition.id)
        ).all()  # fmt: skip
    by_item: dict[int, list] = defaultdict(list)
    for move in moves:
        by_item[move.work_item_id].append(move)
    assert all(item.workflow_id is not None for item in items)
    for item in items:
        statuses = workflows[item.workflow_id]
        first_status = min(statuses, key=lambda s: statuses[s][0])
        history = by_item.get(item.id, [])
        if not history:
            assert item.status == first_status and item.resolved_at is None
            continue
        assert history[0].from_status == first_status  # convention: created in the first status
        assert item.created_at < history[0].changed_at
        for before, after in zip(history, history[1:], strict=False):
            assert after.from_status == before.to_status
            assert after.changed_at > before.changed_at
        for move in history:
            assert move.from_status in statuses and move.to_status in statuses
            assert move.utc_offset_minutes == item.created_utc_offset_minutes
        assert item.status == history[-1].to_status
        done = statuses[item.status][1] is StageCategory.DONE
        assert (item.resolved_at is not None) == done
        if done:
            assert item.resolved_at == history[-1].changed_at


def test_flow_has_reopens_backward_moves_skips_wip_and_backlog(demo_engine: Engine) -> None:
    source, target = aliased(WorkflowStatus), aliased(WorkflowStatus)
    joined = (
        select(func.count())
        .select_from(StatusTransition)
        .join(WorkItem, WorkItem.id == StatusTransition.work_item_id)
        .join(Project, Project.id == WorkItem.project_id)
        .join(
            source,
            and_(source.workflow_id == Project.workflow_id, source.status == StatusTransition.from_status),
        )
        .join(
            target,
            and_(target.workflow_id == Project.workflow_id, target.status == StatusTransition.to_status),
        )
    )
    with demo_engine.connect() as c:
        reopens = c.execute(
            joined.where(source.category == StageCategory.DONE, target.category != StageCategory.DONE)
        )
        backward = c.execute(
            joined.where(source.category != StageCategory.DONE, target.stage_order < source.stage_order)
        )
        skips = c.execute(joined.where(target.stage_order > source.stage_order + 1))
        reopens, backward, skips = reopens.scalar_one(), backward.scalar_one(), skips.scalar_one()
        item_status = (
            select(func.count())
            .select_from(WorkItem)
            .join(Project, Project.id == WorkItem.project_id)
            .join(target, and_(target.workflow_id == Project.workflow_id, target.status == WorkItem.status))
            .where(Project.lifecycle_phase != LifecyclePhase.CLOSED)
        )
        wip = c.execute(item_status.where(target.category == StageCategory.IN_PROGRESS)).scalar_one()
        never_moved = (
            ~select(StatusTransition.id).where(StatusTransition.work_item_id == WorkItem.id).exists()
        )
        backlog = c.execute(
            item_status.where(target.category == StageCategory.TO_DO, never_moved)
        ).scalar_one()
    assert reopens >= 100
    assert backward >= 500
    assert skips >= 500
    assert wip >= 50
    assert backlog >= 200


def test_events_fall_in_local_working_hours(demo_engine: Engine) -> None:
    with demo_engine.connect() as c:
        moves = c.execute(select(StatusTransition.changed_at, StatusTransition.utc_offset_minutes)).all()
        offsets = set(c.execute(select(WorkItem.created_utc_offset_minutes).distinct()).scalars())
    assert len(offsets) >= 3 and any(o < 0 for o in offsets) and any(o % 60 for o in offsets)
    for changed_at, offset in moves:
        assert changed_at.tzinfo is not None and changed_at.utcoffset() == timedelta(0)
        local = changed_at + timedelta(minutes=offset)
        assert local.weekday() < 5 and 9 <= local.hour < 17


def test_scrum_projects_have_sprints_and_devops_projects_deploy(demo_engine: Engine) -> None:
    with demo_engine.connect() as c:
        methodology = dict(c.execute(select(Project.id, Project.methodology)).all())
        phase = dict(c.execute(select(Project.id, Project.lifecycle_phase)).all())
        with_sprints = set(c.execute(select(Sprint.project_id).distinct()).scalars())
        committed = c.execute(select(func.count()).where(Sprint.committed_points.is_(None))).scalar_one()
        deploying = set(c.execute(select(Deployment.project_id).distinct()).scalars())
        failed = c.execute(select(func.count()).where(Deployment.caused_failure.is_(True))).scalar_one()
        linked = c.execute(select(func.count()).where(Incident.deployment_id.is_not(None))).scalar_one()
        in_sprint = c.execute(select(func.count()).where(WorkItem.sprint_id.is_not(None))).scalar_one()
    started = {pid for pid, p in phase.items() if p != LifecyclePhase.INITIATION}
    agile_sprinting = {pid for pid in started if methodology[pid] in (Methodology.SCRUM, Methodology.HYBRID)}
    assert with_sprints == agile_sprinting
    assert committed == 0 and in_sprint > 1000
    assert {pid for pid in started if methodology[pid] == Methodology.DEVOPS} <= deploying
    assert any(methodology[pid] == Methodology.SCRUM for pid in deploying)
    assert failed > 0 and 0 < linked <= failed


# --------------------------------------------------------------------------- reports, risks and health


def test_status_reports_are_fortnightly_by_the_project_manager(demo_engine: Engine) -> None:
    with demo_engine.connect() as c:
        reports = c.execute(
            select(StatusReport.project_id, StatusReport.report_date, StatusReport.author_id, Project.project_manager_id,
                   Project.lifecycle_phase)
            .join(Project, Project.id == StatusReport.project_id)
            .order_by(StatusReport.project_id, StatusReport.report_date)
        ).all()  # fmt: skip
        active = set(
            c.execute(
                select(Project.id).where(
                    Project.lifecycle_phase.in_(
                        [LifecyclePhase.PLANNING, LifecyclePhase.EXECUTION, LifecyclePhase.CLOSING]
                    )
                )
            ).scalars()
        )
    dates: dict[int, list[date]] = defaultdict(list)
    for r in reports:
        assert r.author_id == r.project_manager_id
        dates[r.project_id].append(r.report_date)
    assert active <= set(dates)
    for pid, days in dates.items():
        assert all((b - a).days == 14 for a, b in zip(days, days[1:], strict=False))
        if pid in active:
            assert (TODAY - days[-1]).days < 14


def test_risk_register_has_overdue_unowned_and_closed_entries(demo_engine: Engine) -> None:
    with demo_engine.connect() as c:
        risks = c.execute(
            select(RiskItem.probability, RiskItem.impact, RiskItem.owner_id, RiskItem.due_date, RiskItem.status,
                   RiskItem.closed_on, RiskItem.mitigation)
        ).all()  # fmt: skip
    assert all(1 <= r.probability <= 5 and 1 <= r.impact <= 5 for r in risks)
    open_risks = [r for r in risks if r.status != RiskStatus.CLOSED]
    assert any(r.owner_id is None for r in open_risks)
    assert any(r.due_date is not None and r.due_date < TODAY for r in open_risks)
    assert {RiskStatus(r.status) for r in risks} == set(RiskStatus)
    assert all((r.closed_on is not None) == (r.status == RiskStatus.CLOSED) for r in risks)
    assert any(r.probability * r.impact >= 15 for r in open_risks)


def _health(c: Connection) -> dict[int, dict[str, object]]:
    """SPI, CPI, worst milestone slip and latest reported RAG per started project, as of TODAY.

    PV = cost plan of months starting on or before TODAY, AC = actuals likewise,
    EV = newest percent complete on or before TODAY × BAC (METRICS.md).
    """
    projects = c.execute(
        select(Project.id, Project.budget_at_completion).where(Project.start_date <= TODAY)
    ).all()
    pv = dict(c.execute(select(CostPlan.project_id, func.sum(CostPlan.amount)).where(CostPlan.month <= TODAY)
                        .group_by(CostPlan.project_id)).all())  # fmt: skip
    ac = dict(c.execute(select(CostActual.project_id, func.sum(CostActual.amount)).where(CostActual.month <= TODAY)
                        .group_by(CostActual.project_id)).all())  # fmt: skip
    newest = (
        select(ProgressReport.project_id, func.max(ProgressReport.period_end).label("day"))
        .where(ProgressReport.period_end <= TODAY)
        .group_by(ProgressReport.project_id)
        .subquery()
    )
    percent = dict(
        c.execute(
            select(ProgressReport.project_id, ProgressReport.percent_complete).join(
                newest,
                and_(
                    newest.c.project_id == ProgressReport.project_id,
                    newest.c.day == ProgressReport.period_end,
                ),
            )
        ).all()
    )
    slips: dict[int, int] = defaultdict(int)
    for pid, baseline, forecast, actual in c.execute(
        select(Milestone.project_id, Milestone.baseline_date, Milestone.forecast_date, Milestone.actual_date)
    ):
        end = actual if actual is not None and actual <= TODAY else forecast
        slip = (end - baseline).days
        if baseline <= TODAY or slip > 0:
            slips[pid] = max(slips[pid], slip)
    latest = (
        select(StatusReport.project_id, func.max(StatusReport.report_date).label("day"))
        .where(StatusReport.report_date <= TODAY)
        .group_by(StatusReport.project_id)
        .subquery()
    )
    reported = dict(
        c.execute(
            select(StatusReport.project_id, StatusReport.overall_rag).join(
                latest,
                and_(
                    latest.c.project_id == StatusReport.project_id, latest.c.day == StatusReport.report_date
                ),
            )
        ).all()
    )
    health = {}
    for pid, bac in projects:
        planned, actual = float(pv.get(pid) or 0), float(ac.get(pid) or 0)
        earned = float(percent[pid]) / 100 * float(bac) if bac is not None and pid in percent else None
        health[pid] = {
            "spi": earned / planned if earned is not None and planned else None,
            "cpi": earned / actual if earned is not None and actual else None,
            "slip": slips[pid],
            "reported": Rag(reported[pid]) if pid in reported else None,
        }
    return health


def test_the_health_mix_is_present(demo_engine: Engine) -> None:
    with demo_engine.connect() as c:
        health = _health(c)
    measured = [h for h in health.values() if h["spi"] is not None and h["cpi"] is not None]
    on_track = [h for h in measured if h["spi"] >= 0.95 and h["cpi"] >= 0.95 and h["slip"] <= 0]
    over_budget = [h for h in measured if h["cpi"] < 0.85 and 1 / h["cpi"] > 1.10]  # EAC = BAC/CPI > 1.1 BAC
    slipping = [h for h in measured if 0.80 <= h["spi"] <= 0.92 and h["slip"] > 0]
    data_red = [h for h in health.values() if (h["cpi"] is not None and h["cpi"] < 0.85) or h["slip"] > 30]
    watermelons = [h for h in data_red if h["reported"] is Rag.GREEN]
    grey = [h for h in health.values() if h["cpi"] is None]
    assert len(on_track) >= 8
    assert len(over_budget) >= 3
    assert len(slipping) >= 3
    assert len(watermelons) >= 3
    assert len(grey) >= 1
    assert all(h["spi"] <= 1.10 and h["cpi"] <= 1.10 for h in measured)  # nothing looks padded
    honest = [h for h in data_red if h["reported"] in (Rag.AMBER, Rag.RED)]
    assert len(honest) >= len(data_red) / 2  # reports mostly track the data


def test_some_projects_recovered_from_red(demo_engine: Engine) -> None:
    with demo_engine.connect() as c:
        health = _health(c)
        reports = c.execute(
            select(StatusReport.project_id, StatusReport.report_date, StatusReport.overall_rag).order_by(
                StatusReport.project_id, StatusReport.report_date
            )
        ).all()
    history: dict[int, list[tuple[date, Rag]]] = defaultdict(list)
    for pid, day, rag in reports:
        history[pid].append((day, Rag(rag)))
    recovered = [
        pid
        for pid, rows in history.items()
        if rows[-1][1] is Rag.GREEN
        and any(rag is Rag.RED and (TODAY - day).days > 90 for day, rag in rows)
        and health[pid]["spi"] is not None
        and health[pid]["spi"] >= 0.95
        and health[pid]["cpi"] >= 0.95
        and health[pid]["slip"] <= 0
    ]
    assert len(recovered) >= 2


def test_timestamps_read_back_aware_utc(demo_engine: Engine) -> None:
    with Session(demo_engine) as session:
        item = session.scalars(select(WorkItem).where(WorkItem.resolved_at.is_not(None)).limit(1)).one()
        incident = session.scalars(select(Incident).limit(1)).one()
    for value in (item.created_at, item.resolved_at, incident.started_at):
        assert value.tzinfo is not None and value.utcoffset() == timedelta(0)


# --------------------------------------------------------------------------- behaviour of seed_database


def _checksum(engine: Engine) -> tuple[dict[str, int], str]:
    digest = hashlib.sha256()
    counts = {}
    with engine.connect() as c:
        for name in sorted(Base.metadata.tables):
            table = Base.metadata.tables[name]
            counts[name] = count(c, table)
        for model in (
            Project,
            CostActual,
            Milestone,
            StatusReport,
            RiskItem,
            WorkItem,
            StatusTransition,
            Deployment,
        ):
            for row in c.execute(select(model.__table__).order_by(model.__table__.c.id)):
                digest.update(repr(tuple(row)).encode())
    return counts, digest.hexdigest()


def test_same_seed_and_day_give_identical_data(tmp_path: Path) -> None:
    results = []
    for name in ("a", "b"):
        engine = make_engine(f"sqlite:///{tmp_path / name}.db")
        upgrade_to_head(engine)
        seed_database(engine, scale="demo", today=TODAY, seed=7)
        results.append(_checksum(engine))
        engine.dispose()
    assert results[0] == results[1]
    assert results[0][0]["status_transitions"] > 0


def test_another_day_moves_the_history_with_it(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'later.db'}")
    upgrade_to_head(engine)
    later = date(2027, 3, 3)
    seed_database(engine, scale="demo", today=later, seed=42)
    with engine.connect() as c:
        assert c.execute(select(func.max(StatusReport.report_date))).scalar_one() == later
        assert c.execute(select(func.max(ProgressReport.period_end))).scalar_one() == later
    engine.dispose()


def test_refuses_a_database_that_already_holds_projects(migrated_engine: Engine) -> None:
    fractions: list[float] = []
    summary = seed_database(
        migrated_engine, scale="demo", today=TODAY, progress=lambda f, _m: fractions.append(f)
    )
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    with migrated_engine.connect() as c:
        assert summary.row_counts["projects"] == count(c, Project)
        assert summary.row_counts["status_transitions"] == count(c, StatusTransition)
    assert summary.seconds > 0
    with Session(migrated_engine) as session, session.begin():  # ids continue after the seeded ones
        program = Program(code="NEW", name="Added after seeding")
        session.add(program)
        session.flush()
        assert program.id == summary.row_counts["programs"] + 1
    with pytest.raises(SeedError, match=r"already holds \d+ projects; seed only an empty database"):
        seed_database(migrated_engine, scale="demo", today=TODAY)


def test_a_failure_leaves_the_database_empty(migrated_engine: Engine) -> None:
    def explode(fraction: float, _message: str) -> None:
        if fraction > 0.8:
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError, match="interrupted"):
        seed_database(migrated_engine, scale="demo", today=TODAY, progress=explode)
    with migrated_engine.connect() as c:
        assert {name: count(c, table) for name, table in Base.metadata.tables.items()} == dict.fromkeys(
            Base.metadata.tables, 0
        )


def test_refuses_an_unmigrated_database(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    try:
        with pytest.raises(SeedError, match="migrations"):
            seed_database(engine, scale="demo", today=TODAY)
        assert "projects" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_rejects_an_unknown_scale(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(ValueError, match="unknown scale"):
        seed_database(engine, scale="huge", today=TODAY)  # type: ignore[arg-type]
    engine.dispose()


def test_generator_never_reads_the_clock() -> None:
    # Same seed and day must give the same rows: no module may consult today's date or time.
    sources = (Path(__file__).parents[1] / "data_access" / "seed").glob("*.py")
    for source in sources:
        text = source.read_text()
        for call in ("date.today(", "datetime.now(", "datetime.utcnow(", "time.time("):
            assert call not in text, f"{source.name} calls {call}"
