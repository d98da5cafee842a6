"""Round trip: the demo portfolio exported as the CSV templates and imported in order into an
empty database shows the same overview, on SQLite and PostgreSQL (and across them).

The comparison is against the source database, not against the importer: the overview's
own functions run on both databases for an executive at the demo's as-of date and the
six month-ends before it, and every carried table is counted with SQL on both sides.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from dashboard import health
from dashboard.metrics.thresholds import RagThresholds
from dashboard.overview import money_kpis, status_kpis
from data_access import queries
from data_access.db import make_engine
from data_access.importers.csv_export import export_csv
from data_access.importers.csv_spec import ENTITIES
from data_access.importers.registry import ImportOptions, run_import
from data_access.migrate import upgrade_to_head
from data_access.models import Base, ImportLog, Person, Project, RoleAssignment
from data_access.queries import QueryFilters
from data_access.queries.identity import viewer_for_login
from data_access.vocabulary import Role
from tests.conftest import SEED_TODAY, create_postgres_schema, drop_postgres_schema

DATA_MD = Path(__file__).resolve().parents[1] / "docs" / "DATA.md"
NOT_COUNTED = {"import_log", "dataset_info"}


def _row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in Base.metadata.tables.items()
            if name not in NOT_COUNTED
        }


def _executive(engine: Engine) -> str:
    with Session(engine) as session:
        return session.scalars(
            select(Person.username)
            .join(RoleAssignment, RoleAssignment.person_id == Person.id)
            .where(RoleAssignment.role == Role.EXECUTIVE)
            .order_by(Person.username)
        ).first()  # type: ignore[return-value]


def _overview(engine: Engine, username: str) -> dict[str, object]:
    """Everything the overview page shows, as the page computes it, without surrogate ids."""
    filters = QueryFilters(as_of=SEED_TODAY)
    with engine.connect() as connection:
        viewer = viewer_for_login(connection, username)
        assert viewer is not None and viewer.scope.everything
        now = health.portfolio_health(connection, viewer, filters, RagThresholds())
        kpis = queries.portfolio_kpis(connection, viewer, filters)
        history = health.overall_history(
            connection, viewer, filters, health.trend_dates(SEED_TODAY)[:-1], RagThresholds()
        )
        risks = queries.top_risks(connection, viewer, filters)
    return {
        "projects": now.projects.drop(columns=["id"]).reset_index(drop=True),
        "rags": now.rags,
        "milestones_at_risk": now.milestones_at_risk.drop(columns=["project_id"]).reset_index(drop=True),
        "milestones": now.milestones.drop(columns=["project_id"]).reset_index(drop=True),
        "kpis": kpis,
        "status_tiles": status_kpis(now),
        "money_tiles": money_kpis(kpis, now, "USD"),
        "history": history,
        "top_risks": risks,
    }


def _import_folder(engine: Engine, folder: Path) -> None:
    for entity in ENTITIES:
        run_import(engine, entity.kind, folder / entity.file_name, ImportOptions(imported_by="round-trip"))


@pytest.fixture(scope="module")
def round_trip(demo_database_url: str, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The demo exported, then imported into an empty database on the same backend."""
    tmp_path = tmp_path_factory.mktemp("round_trip")
    schema = None
    if demo_database_url.startswith("sqlite"):
        target_url = f"sqlite:///{tmp_path / 'target.db'}"
    else:
        schema = f"rt_{uuid.uuid4().hex[:10]}"
        target_url = create_postgres_schema(schema)
    source, target = make_engine(demo_database_url), make_engine(target_url)
    upgrade_to_head(target)
    exported = export_csv(source, tmp_path / "exported")
    _import_folder(target, tmp_path / "exported")
    yield source, target, exported, tmp_path
    source.dispose()
    target.dispose()
    if schema:
        drop_postgres_schema(schema)


@pytest.mark.slow
def test_overview_numbers_are_identical_after_the_round_trip(round_trip) -> None:  # type: ignore[no-untyped-def]
    source, target, _exported, _tmp = round_trip
    executive = _executive(source)
    before, after = _overview(source, executive), _overview(target, executive)
    with source.connect() as connection:  # the demo's started projects, not an empty overview
        started = connection.execute(
            select(func.count()).select_from(Project).where(Project.start_date <= SEED_TODAY)
        ).scalar_one()
    assert len(before["projects"]) == started > 30 and len(before["rags"]) == started
    assert before["kpis"].actual_cost_to_date > 0 and len(before["top_risks"]) == 10
    for name in ("projects", "milestones_at_risk", "milestones", "history", "top_risks"):
        pd.testing.assert_frame_equal(after[name], before[name], check_exact=True, obj=name)
    for name in ("rags", "kpis", "status_tiles", "money_tiles"):
        assert after[name] == before[name], name


@pytest.mark.slow
def test_carried_tables_have_the_same_rows_and_export_again_identically(round_trip) -> None:  # type: ignore[no-untyped-def]
    source, target, exported, tmp_path = round_trip
    source_counts, target_counts = _row_counts(source), _row_counts(target)
    carried = {entity.table.name for entity in ENTITIES}
    assert {name: target_counts[name] for name in carried} == {name: source_counts[name] for name in carried}
    assert exported == {entity.name: source_counts[entity.table.name] for entity in ENTITIES}
    # What the templates do not carry is empty in the target, and DATA.md says so by name.
    not_carried = set(source_counts) - carried
    assert {name: target_counts[name] for name in not_carried} == dict.fromkeys(not_carried, 0)
    section = (
        DATA_MD.read_text(encoding="utf-8").split("## What the CSV round trip carries")[1].split("\n## ")[0]
    )
    assert [name for name in sorted(not_carried) if f"`{name}`" not in section] == []
    # Exporting the target gives the very same files.
    export_csv(target, tmp_path / "again")
    for entity in ENTITIES:
        first = (tmp_path / "exported" / entity.file_name).read_bytes()
        assert (tmp_path / "again" / entity.file_name).read_bytes() == first, entity.file_name


@pytest.mark.slow
def test_importing_the_export_again_changes_nothing(round_trip) -> None:  # type: ignore[no-untyped-def]
    _source, target, _exported, tmp_path = round_trip
    before = _row_counts(target)
    _import_folder(target, tmp_path / "exported")
    assert _row_counts(target) == before
    with target.connect() as connection:
        logged = connection.execute(
            select(
                ImportLog.source_kind, ImportLog.rows_added, ImportLog.rows_updated, ImportLog.rows_unchanged
            ).order_by(ImportLog.id)
        ).all()
    first, second = logged[: len(ENTITIES)], logged[len(ENTITIES) :]
    assert [row.source_kind for row in second] == [entity.kind for entity in ENTITIES]
    assert [(row.rows_added, row.rows_updated) for row in second] == [(0, 0)] * len(ENTITIES)
    assert [row.rows_unchanged for row in second] == [row.rows_added for row in first]
