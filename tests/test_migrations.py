"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from data_access.migrate import alembic_config, current_revision, head_revision, is_up_to_date
from data_access.models import Base


def test_migrations_match_the_models(migrated_engine: Engine) -> None:
    with migrated_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_migrated_database_is_at_head_with_every_table(migrated_engine: Engine) -> None:
    assert is_up_to_date(migrated_engine)
    assert current_revision(migrated_engine) == head_revision()
    tables = set(inspect(migrated_engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_downgrade_to_base_removes_every_table(migrated_engine: Engine) -> None:
    command.downgrade(alembic_config(migrated_engine), "base")
    remaining = set(inspect(migrated_engine).get_table_names()) & set(Base.metadata.tables)
    assert remaining == set()
    assert current_revision(migrated_engine) is None
