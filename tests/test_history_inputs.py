"""The batched history read must give, date by date, exactly what the one-date reads give.

``history_inputs`` replaces four queries per date with seven for the whole span; the RAG
engine trusts it to be indistinguishable from ``health_inputs`` and ``reported_status``,
on both databases, for every viewer and filter.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import Engine, text

from data_access import queries
from data_access.queries import QueryFilters
from data_access.viewer import Scope, Viewer, portfolio_viewer
from data_access.vocabulary import Role
from tests.conftest import SEED_TODAY

EVERYONE = portfolio_viewer()
# Before the portfolio starts, month ends, a mid-month day, the seed's today and a day
# after it: projects start, milestones finish and risks close between them.
DAYS = (
    date(2024, 1, 1),
    SEED_TODAY - timedelta(days=400),
    SEED_TODAY - timedelta(days=181),
    SEED_TODAY - timedelta(days=92),
    SEED_TODAY - timedelta(days=47),
    SEED_TODAY - timedelta(days=1),
    SEED_TODAY,
    SEED_TODAY + timedelta(days=30),
)
MILESTONE_ORDER = ["project_id", "baseline", "name"]


def _assert_same_as_one_date_reads(engine: Engine, viewer: Viewer, filters: QueryFilters) -> int:
    """Compare every date; return how many project rows were compared (so a test can
    insist the comparison was not vacuous)."""
    compared = 0
    with engine.connect() as connection:
        batch = queries.history_inputs(connection, viewer, filters, DAYS)
        for day in DAYS:
            one_day = QueryFilters(
                as_of=day, program_codes=filters.program_codes, project_codes=filters.project_codes
            )
            expected = queries.health_inputs(connection, viewer, one_day)
            got = batch.on(day)
            pd.testing.assert_frame_equal(got.projects, expected.projects, check_dtype=False)
            pd.testing.assert_frame_equal(
                got.milestones.sort_values(MILESTONE_ORDER, ignore_index=True),
                expected.milestones.sort_values(MILESTONE_ORDER, ignore_index=True),
                check_dtype=False,
            )
            pd.testing.assert_frame_equal(got.risks, expected.risks, check_dtype=False)
            pd.testing.assert_frame_equal(
                batch.reported_on(day),
                queries.reported_status(connection, viewer, one_day),
                check_dtype=False,
            )
            compared += len(expected.projects)
    return compared


def test_every_date_matches_the_one_date_reads(demo_engine: Engine) -> None:
    compared = _assert_same_as_one_date_reads(demo_engine, EVERYONE, QueryFilters(as_of=SEED_TODAY))
    with demo_engine.connect() as connection:
        started = connection.execute(
            text("SELECT count(*) FROM projects WHERE start_date <= :d"), {"d": SEED_TODAY}
        ).scalar_one()
    assert compared > started > 0  # several dates, each with rows


def test_a_program_filter_and_a_narrow_viewer_match_too(demo_engine: Engine) -> None:
    with demo_engine.connect() as connection:
        program_id, code = connection.execute(text("SELECT id, code FROM programs ORDER BY code")).first()
    manager = Viewer(
        "pm", "A program manager", Role.PROGRAM_MANAGER, Scope(program_ids=frozenset({program_id}))
    )
    assert _assert_same_as_one_date_reads(demo_engine, manager, QueryFilters(as_of=SEED_TODAY)) > 0
    assert _assert_same_as_one_date_reads(demo_engine, EVERYONE, QueryFilters(SEED_TODAY, (code,))) > 0


def test_the_sums_are_the_hand_computed_ones(demo_engine: Engine) -> None:
    """PV and AC of one date against SQL written here, independently of both reads."""
    day = SEED_TODAY - timedelta(days=92)
    with demo_engine.connect() as connection:
        batch = queries.history_inputs(connection, EVERYONE, QueryFilters(as_of=SEED_TODAY), DAYS)
        sums = {
            code: (float(pv), float(ac))
            for code, pv, ac in connection.execute(
                text(
                    "SELECT p.code,"
                    " (SELECT coalesce(sum(c.amount), 0) FROM cost_plan c WHERE c.project_id = p.id AND c.month <= :d),"
                    " (SELECT coalesce(sum(a.amount), 0) FROM cost_actuals a WHERE a.project_id = p.id AND a.month <= :d)"
                    " FROM projects p WHERE p.start_date <= :d"
                ),
                {"d": day},
            )
        }
    projects = batch.on(day).projects.set_index("code")
    assert set(projects.index) == set(sums)
    for code, (pv, ac) in sums.items():
        assert projects.at[code, "pv"] == pytest.approx(pv)
        assert projects.at[code, "ac"] == pytest.approx(ac)


def test_no_dates_is_refused(demo_engine: Engine) -> None:
    with demo_engine.connect() as connection, pytest.raises(ValueError, match="at least one day"):
        queries.history_inputs(connection, EVERYONE, QueryFilters(as_of=SEED_TODAY), ())
