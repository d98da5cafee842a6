"""Steering meetings: which forums a viewer sees, the last and the next meeting, and
recording one. Expected values come from hand-written SQL over role_assignments and
meetings, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, text

from data_access import queries
from data_access.queries import QueryFilters
from data_access.queries.identity import viewer_for_login
from data_access.queries.meetings import MeetingRejected, add_meeting
from data_access.viewer import Scope, Viewer, portfolio_viewer
from data_access.vocabulary import Role
from tests.conftest import SEED_TODAY
from tests.test_access import one_person, rows

TODAY = QueryFilters(as_of=SEED_TODAY)


def expected_meeting_ids(engine: Engine, username: str | None) -> set[int]:
    """Portfolio-wide meetings plus those of programs holding a project the person may see."""
    if username is None:
        return {i for (i,) in rows(engine, "SELECT id FROM meetings")}
    return {
        i
        for (i,) in rows(
            engine,
            """
            SELECT m.id FROM meetings m WHERE m.program_id IS NULL OR m.program_id IN (
              SELECT p.program_id FROM projects p JOIN role_assignments r
                ON (r.program_id = p.program_id OR r.project_id = p.id OR r.team_id = p.team_id)
              JOIN people x ON x.id = r.person_id WHERE x.username = :u)
            """,
            u=username,
        )
    }


@pytest.mark.parametrize("role", [None, Role.PROGRAM_MANAGER, Role.PROJECT_MANAGER, Role.SCRUM_MASTER])
def test_each_viewer_sees_portfolio_forums_and_their_programs_forums(
    demo_engine: Engine, role: Role | None
) -> None:
    username = one_person(demo_engine, role) if role else None
    with demo_engine.connect() as connection:
        viewer = viewer_for_login(connection, username) if username else portfolio_viewer()
        assert viewer is not None
        seen = queries.meetings_in_view(connection, viewer, TODAY)
    expected = expected_meeting_ids(demo_engine, username)
    assert {m.id for m in seen} == expected
    if role is not None:  # a narrow viewer sees fewer forums than exist, but always the portfolio board
        assert len(expected) < len(expected_meeting_ids(demo_engine, None))
        assert any(m.program_code is None for m in seen)
    assert [m.held_on for m in seen] == sorted((m.held_on for m in seen), reverse=True)


def test_the_program_filter_keeps_portfolio_forums_and_that_programs(demo_engine: Engine) -> None:
    program_id, code = rows(demo_engine, "SELECT id, code FROM programs ORDER BY code LIMIT 1")[0]
    with demo_engine.connect() as connection:
        seen = queries.meetings_in_view(connection, portfolio_viewer(), QueryFilters(SEED_TODAY, (code,)))
    expected = {
        i
        for (i,) in rows(
            demo_engine, "SELECT id FROM meetings WHERE program_id IS NULL OR program_id = :p", p=program_id
        )
    }
    assert {m.id for m in seen} == expected
    assert {m.program_code for m in seen} == {None, code}


def test_last_meeting_on_or_before_and_next_meeting_after_a_date(demo_engine: Engine) -> None:
    username = one_person(demo_engine, Role.PROGRAM_MANAGER)
    visible = expected_meeting_ids(demo_engine, username)
    dated = [
        (i, d if isinstance(d, date) else date.fromisoformat(d))
        for i, d in rows(demo_engine, "SELECT id, held_on FROM meetings")
    ]
    mine = sorted((d, i) for i, d in dated if i in visible)
    middle = mine[len(mine) // 2][0]  # a meeting day: "on or before" includes it
    with demo_engine.connect() as connection:
        viewer = viewer_for_login(connection, username)
        assert viewer is not None
        last = queries.last_meeting(connection, viewer, TODAY, middle)
        before = queries.last_meeting(connection, viewer, TODAY, middle - timedelta(days=1))
        upcoming = queries.next_meeting(connection, viewer, TODAY, middle)
        nothing = queries.last_meeting(connection, viewer, TODAY, mine[0][0] - timedelta(days=1))
    assert last is not None and last.held_on == middle
    assert before is not None and before.held_on == max(d for d, _ in mine if d < middle)
    assert upcoming is not None and upcoming.held_on == min(d for d, _ in mine if d > middle)
    assert nothing is None


def test_next_meeting_prefers_the_same_forum_and_falls_back_to_any(demo_engine: Engine) -> None:
    forum, newest = rows(
        demo_engine,
        "SELECT forum, max(held_on) FROM meetings WHERE program_id IS NOT NULL GROUP BY forum ORDER BY forum LIMIT 1",
    )[0]
    newest = newest if isinstance(newest, date) else date.fromisoformat(newest)
    earlier = newest - timedelta(days=1)
    later_any = rows(demo_engine, "SELECT min(held_on) FROM meetings WHERE held_on > :d", d=newest)[0][0]
    with demo_engine.connect() as connection:
        same = queries.next_meeting(connection, portfolio_viewer(), TODAY, earlier, forum)
        fallback = queries.next_meeting(connection, portfolio_viewer(), TODAY, newest, forum)
    assert same is not None and (same.forum, same.held_on) == (forum, newest)
    if later_any is None:
        assert fallback is None
    else:
        later_any = later_any if isinstance(later_any, date) else date.fromisoformat(later_any)
        assert fallback is not None and fallback.held_on == later_any and fallback.forum != forum


PMO = Viewer("pmo", "PMO", Role.PMO_ADMIN, Scope(everything=True))


def test_a_pmo_admin_records_a_meeting_and_bad_input_is_refused(migrated_engine: Engine) -> None:
    with migrated_engine.begin() as connection:
        connection.execute(text("INSERT INTO programs (code, name) VALUES ('CLD', 'Cloud')"))
    held = date(2026, 3, 5)
    with migrated_engine.begin() as connection:
        meeting = add_meeting(connection, PMO, "  Cloud steering ", held, "CLD", "Budget review")
    assert (meeting.forum, meeting.held_on, meeting.program_code) == ("Cloud steering", held, "CLD")
    stored = rows(
        migrated_engine,
        "SELECT m.forum, m.held_on, g.code, m.notes FROM meetings m JOIN programs g ON g.id = m.program_id",
    )
    assert [(f, str(d)[:10], c, n) for f, d, c, n in stored] == [
        ("Cloud steering", "2026-03-05", "CLD", "Budget review")
    ]

    refused = {
        "Only a PMO admin": dict(viewer=portfolio_viewer(), forum="Board", program=None),
        "needs a name": dict(viewer=PMO, forum="   ", program=None),
        "at most 120": dict(viewer=PMO, forum="x" * 121, program=None),
        "no program with the code 'ZZZ'": dict(viewer=PMO, forum="Board", program="ZZZ"),
        "already recorded": dict(viewer=PMO, forum="Cloud steering", program="CLD"),
    }
    for message, case in refused.items():
        with pytest.raises(MeetingRejected, match=message), migrated_engine.begin() as connection:
            add_meeting(connection, case["viewer"], case["forum"], held, case["program"])
    assert rows(migrated_engine, "SELECT count(*) FROM meetings") == [(1,)]

    with migrated_engine.begin() as connection:
        add_meeting(connection, PMO, "Portfolio board", held + timedelta(days=7))
    with migrated_engine.connect() as connection:
        seen = queries.meetings_in_view(connection, PMO, QueryFilters(as_of=held + timedelta(days=30)))
    assert [(m.forum, m.program_code) for m in seen] == [("Portfolio board", None), ("Cloud steering", "CLD")]
