"""The batched history read, replayed date by date, must give exactly the one-date reads.

``history_inputs`` replaces four queries per date with seven for the whole span, and
``metrics.timelines`` replays its rows per date; the RAG engine trusts the result to be
indistinguishable from ``health_inputs`` and ``reported_status`` of that date, on both
databases, for every viewer and filter.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Connection, Engine, text

from dashboard.metrics.portfolio_health import health_input, milestones_by_project, risks_by_project
from dashboard.metrics.rag import ProjectHealthInput
from dashboard.metrics.timelines import ProjectTimeline, project_timelines
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


def _timelines(connection: Connection, viewer: Viewer, filters: QueryFilters) -> list[ProjectTimeline]:
    return project_timelines(queries.history_inputs(connection, viewer, filters, DAYS))


def _one_date_inputs(
    connection: Connection, viewer: Viewer, filters: QueryFilters
) -> dict[str, ProjectHealthInput]:
    """What the overview's engine sees for ``filters.as_of`` (the one-date read)."""
    inputs = queries.health_inputs(connection, viewer, filters)
    milestones, risks = milestones_by_project(inputs.milestones), risks_by_project(inputs.risks)
    return {
        str(project["code"]): health_input(
            project, milestones.get(project["id"], ()), risks.get(project["id"], ()), filters.as_of
        )
        for project in inputs.projects.to_dict("records")
    }


def _assert_same_input(got: ProjectHealthInput, expected: ProjectHealthInput) -> None:
    # Sums are added up by differently shaped SQL; everything else must be identical.
    assert (got.code, got.as_of, got.bac, got.has_progress) == (
        expected.code,
        expected.as_of,
        expected.bac,
        expected.has_progress,
    )
    for name in ("pv", "ev", "ac"):
        assert getattr(got, name) == pytest.approx(getattr(expected, name)), (got.code, name)
    # Milestones with the same baseline may come back in either order.
    assert sorted(got.milestones, key=lambda m: (m.baseline, m.name)) == sorted(
        expected.milestones, key=lambda m: (m.baseline, m.name)
    ), got.code
    assert got.risks == expected.risks, got.code


def _assert_same_as_one_date_reads(engine: Engine, viewer: Viewer, filters: QueryFilters) -> int:
    """Compare every date; return how many project rows were compared (so a test can
    insist the comparison was not vacuous)."""
    compared = 0
    with engine.connect() as connection:
        timelines = _timelines(connection, viewer, filters)
        for index, day in enumerate(DAYS):
            one_day = QueryFilters(
                as_of=day, program_codes=filters.program_codes, project_codes=filters.project_codes
            )
            expected = _one_date_inputs(connection, viewer, one_day)
            got = {t.code: i for t in timelines if (i := t.input_on(day, index)) is not None}
            assert list(got) == list(expected)
            for code, inputs in got.items():
                _assert_same_input(inputs, expected[code])
            reported = queries.reported_status(connection, viewer, one_day)
            replayed = {t.code: t.reported_on(day) for t in timelines if t.start_date <= day}
            newest = zip(reported["code"], reported["reported_rag"], strict=True)
            assert replayed == {code: rag if isinstance(rag, str) else None for code, rag in newest}
            compared += len(expected)
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
        timelines = _timelines(connection, EVERYONE, QueryFilters(as_of=SEED_TODAY))
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
    index = DAYS.index(day)
    replayed = {t.code: t for t in timelines if t.start_date <= day}
    assert set(replayed) == set(sums)
    for code, (pv, ac) in sums.items():
        timeline = replayed[code]
        assert timeline.pv[index] == pytest.approx(pv)
        assert timeline.ac[index] == pytest.approx(ac)
        inputs = timeline.input_on(day, index)
        assert inputs is not None
        assert inputs.ac == pytest.approx(ac)
        assert inputs.pv == (pytest.approx(pv) if timeline.has_baseline else None)


def test_no_dates_is_refused(demo_engine: Engine) -> None:
    with demo_engine.connect() as connection, pytest.raises(ValueError, match="at least one day"):
        queries.history_inputs(connection, EVERYONE, QueryFilters(as_of=SEED_TODAY), ())
