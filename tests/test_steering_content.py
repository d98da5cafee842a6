"""The steering content: "since the last meeting" on a case built in the database, the
cap on project steps, milestones due before the next meeting against SQL, the footer."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, text

from dashboard.formatting import day
from dashboard.health import portfolio_health
from dashboard.metrics.thresholds import RagThresholds
from dashboard.steering.content import SteeringOptions, direct_sources, steering_content, steering_step
from dashboard.steering.model import SteeringContent, SteeringRequest, Step
from data_access import queries
from data_access.queries import QueryFilters
from data_access.queries.identity import viewer_for_login
from data_access.viewer import Viewer, portfolio_viewer
from data_access.vocabulary import Role
from tests.conftest import SEED_TODAY
from tests.test_access import one_person

EVERYONE = portfolio_viewer()
TODAY = QueryFilters(as_of=SEED_TODAY)


def build(
    engine: Engine, viewer: Viewer = EVERYONE, *, since: date | None = None, **options: object
) -> SteeringContent:
    with engine.connect() as connection:
        last = queries.last_meeting(connection, viewer, TODAY, SEED_TODAY - timedelta(days=1))
        assert last is not None, "the demo portfolio records past meetings"
        upcoming = queries.next_meeting(connection, viewer, TODAY, SEED_TODAY, last.forum)
        request = SteeringRequest(SEED_TODAY, since or last.held_on, (), last, upcoming)
        return steering_content(connection, viewer, request, SteeringOptions(RagThresholds(), **options))  # type: ignore[arg-type]


def step(content: SteeringContent, key: str) -> Step:
    return next(s for s in content.steps if s.key == key)


def kpi(s: Step, label: str) -> str:
    return next(k.value for k in s.kpis if k.label == label)


def statuses(engine: Engine, as_of: date) -> dict[str, str]:
    with engine.connect() as connection:
        health = portfolio_health(connection, EVERYONE, QueryFilters(as_of=as_of), RagThresholds())
    return dict(zip(health.projects["code"], health.projects["computed_overall"], strict=True))


def test_a_project_turning_red_after_the_meeting_is_new_and_one_already_red_is_not(
    migrated_engine: Engine,
) -> None:
    from data_access.seed import seed_database

    seed_database(migrated_engine, scale="demo", today=SEED_TODAY, seed=42)
    with migrated_engine.connect() as connection:
        meeting = queries.last_meeting(connection, EVERYONE, TODAY, SEED_TODAY - timedelta(days=1))
    assert meeting is not None
    then, now = statuses(migrated_engine, meeting.held_on), statuses(migrated_engine, SEED_TODAY)
    turning = next(code for code in sorted(then) if then[code] == "green" and now[code] == "green")
    already = next(code for code in sorted(then) if then[code] == "red" and now[code] == "red")

    # After the meeting, an unowned risk of the highest exposure is raised: risk red, overall red.
    with migrated_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO risks (project_id, kind, title, probability, impact, raised_on, status) "
                "SELECT id, 'risk', 'Steering test: supplier insolvency', 5, 5, :d, 'open' FROM projects WHERE code = :c"
            ),
            {"d": meeting.held_on + timedelta(days=1), "c": turning},
        )
    after = statuses(migrated_engine, SEED_TODAY)
    assert after[turning] == "red"
    expected_new = {code for code, status in after.items() if status == "red" and then.get(code) != "red"}

    content = build(migrated_engine, since=meeting.held_on, max_projects=100)
    changes = step(content, "changes")
    assert changes.title == "What changed since the last meeting"
    assert f"{meeting.forum} on {day(meeting.held_on)}" in changes.subtitle
    assert kpi(changes, "New reds") == f"{len(expected_new):,}"
    table = next(t for t in changes.tables if t.title == "New reds and recoveries")
    new_rows = {row[0] for row in table.rows if row[2].endswith("▲ Red")}
    assert turning in new_rows and already not in new_rows
    assert new_rows <= expected_new and len(new_rows) == min(len(expected_new), len(table.rows))

    project = step(content, f"project:{turning}")
    risk_row = next(row for row in project.tables[0].rows if row[0] == "Risk")
    assert risk_row[1] == "▲ Red" and "Steering test: supplier insolvency" in risk_row[2]


def test_project_steps_are_capped_most_severe_first_and_the_rest_named(demo_engine: Engine) -> None:
    now = statuses(demo_engine, SEED_TODAY)
    trouble = {code for code, status in now.items() if status in ("red", "amber")}
    assert len(trouble) > 3
    content = build(demo_engine, max_projects=3)
    projects = [s for s in content.steps if s.key.startswith("project:")]
    assert [s.key for s in content.steps][:2] == ["summary", "changes"] and content.steps[
        -1
    ].key == "milestones"
    assert len(projects) == 3
    assert content.outline.trouble_total == len(trouble)
    shown = {s.key.split(":", 1)[1] for s in projects}
    assert shown | set(content.outline.trouble_omitted) == trouble and not shown & set(
        content.outline.trouble_omitted
    )
    if any(now[c] == "red" for c in trouble):
        assert now[projects[0].key.split(":", 1)[1]] == "red"
    summary_notes = " ".join(step(content, "summary").notes)
    assert all(code in summary_notes for code in content.outline.trouble_omitted)


def test_milestones_due_before_the_next_meeting_equal_sql(demo_engine: Engine) -> None:
    content = build(demo_engine)
    upcoming = content.outline.request.next_meeting
    assert upcoming is not None and upcoming.held_on > SEED_TODAY
    with demo_engine.connect() as connection:
        due = {
            (code, name)
            for code, name in connection.execute(
                text(
                    "SELECT p.code, m.name FROM milestones m JOIN projects p ON p.id = m.project_id "
                    "WHERE p.start_date <= :d AND m.baseline_date > :d AND m.baseline_date <= :n "
                    "AND (m.actual_date IS NULL OR m.actual_date > :d)"
                ),
                {"d": SEED_TODAY, "n": upcoming.held_on},
            )
        }
    milestones = step(content, "milestones")
    assert kpi(milestones, "Due") == f"{len(due):,}"
    rows = milestones.tables[0].rows
    assert {(row[0], row[1]) for row in rows} <= due and len(rows) == min(len(due), 12)
    assert f"{upcoming.forum} on {day(upcoming.held_on)}" in milestones.subtitle


def test_the_footer_names_the_date_the_freshness_and_the_scope(demo_engine: Engine) -> None:
    content = build(demo_engine)
    assert content.outline.footer.startswith(
        f"As of {day(SEED_TODAY)} · Data freshness: demo portfolio generated"
    )
    assert (
        "Scope: whole portfolio" in content.outline.footer
        and "Computed by Portfolio health dashboard" in content.outline.footer
    )
    username = one_person(demo_engine, Role.PROJECT_MANAGER)
    with demo_engine.connect() as connection:
        manager = viewer_for_login(connection, username)
    assert manager is not None and manager.role == Role.PROJECT_MANAGER
    assert f"Scope: {manager.display_name} (project manager)" in build(demo_engine, manager).outline.footer


def test_each_step_built_alone_is_the_step_of_the_whole_content(demo_engine: Engine) -> None:
    """The page builds only the step on screen, from the outline; each must be the very step
    the pack shows, under the outline's title, whatever was built before it."""
    content = build(demo_engine)
    outline = content.outline
    assert outline.step_keys == tuple(s.key for s in content.steps)
    assert outline.step_titles == tuple(s.title for s in content.steps)
    assert outline.project_codes == tuple(k.split(":", 1)[1] for k in outline.step_keys[2:-1])
    options = SteeringOptions(RagThresholds())
    with demo_engine.connect() as connection:
        for key in reversed(outline.step_keys):  # last first: no step relies on an earlier one
            sources = direct_sources(connection, EVERYONE, outline.request, options)
            assert steering_step(connection, EVERYONE, outline, key, options, sources) == step(content, key)
        with pytest.raises(KeyError, match="project:ZZZ-999"):
            steering_step(connection, EVERYONE, outline, "project:ZZZ-999", options, sources)


def test_since_must_come_before_the_as_of_date() -> None:
    with pytest.raises(ValueError, match="must be before the as-of date"):
        SteeringRequest(SEED_TODAY, SEED_TODAY)
