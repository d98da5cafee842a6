"""Deterministic demo-portfolio generator: ``seed_database(engine, scale=..., today=...)``.

Why: the app's first start shows a working dashboard without any data of the user's,
and benchmarks need the same portfolio at enterprise size. The same seed and day
always give the same rows, and the history always ends on ``today`` so the demo looks
current. Phases, one module each: ``portfolio`` (programs, people, teams, projects,
roles), ``finance`` (cost plan, actuals, progress), ``milestones`` (and re-plans),
``risks``, ``reporting`` (status reports), ``delivery`` (work items, transitions,
sprints), ``dora`` (deployments, incidents), then ``writer`` inserts them all in one
transaction.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, func, inspect, select

from data_access.models import Project
from data_access.seed.build import GENERATOR_VERSION, build_tables
from data_access.seed.config import Scale, scale_config
from data_access.seed.writer import write_tables

__all__ = ["GENERATOR_VERSION", "SeedError", "SeedSummary", "seed_database"]

GENERATION_SHARE = 0.3  # of the progress bar; the rest is writing


class SeedError(RuntimeError):
    """The database cannot be seeded as asked (not migrated, or not empty)."""


@dataclass(frozen=True)
class SeedSummary:
    row_counts: dict[str, int]
    seconds: float


def _silent(_fraction: float, _message: str) -> None:
    return None


def seed_database(
    engine: Engine,
    *,
    scale: Scale,
    today: date,
    seed: int = 42,
    progress: Callable[[float, str], None] | None = None,
) -> SeedSummary:
    """Fill an empty, migrated database with a demo portfolio whose history ends on ``today``.

    All rows are written in one transaction: on any failure the database stays empty.
    ``progress(fraction, message)`` is called as phases complete (fraction 0..1).
    """
    started = time.perf_counter()
    report = progress or _silent
    config = scale_config(scale)
    if seed < 0:
        raise ValueError("seed must be a non-negative integer")
    if not inspect(engine).has_table(Project.__tablename__):
        raise SeedError("the database has no schema yet; run the migrations before seeding")
    with engine.begin() as connection:
        existing = connection.execute(select(func.count()).select_from(Project)).scalar_one()
        if existing:
            raise SeedError(f"database already holds {existing} projects; seed only an empty database")
        _portfolio, tables = build_tables(config, today, seed, lambda f, m: report(GENERATION_SHARE * f, m))
        counts = write_tables(
            connection, tables, lambda f, m: report(GENERATION_SHARE + (1 - GENERATION_SHARE) * f, m)
        )
    report(1.0, "Demo portfolio ready")
    return SeedSummary(row_counts=counts, seconds=time.perf_counter() - started)
