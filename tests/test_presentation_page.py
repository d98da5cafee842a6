"""AppTest of presentation mode: every step renders for each role allowed, the step lives
in the URL and moves with the buttons, a tampered step is reported, the meeting picker
starts at the last meeting (checked with SQL), and a PMO admin records a meeting."""

from __future__ import annotations

import html
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.formatting import day
from data_access.vocabulary import Role
from tests.conftest import APP_ENTRY, SEED_TODAY
from tests.test_app import demo_user_for, sql_scalar

PAGE = "../pages/presentation.py"
STEP = "presentation.step"
NEXT, PREVIOUS = "presentation.steps.next", "presentation.steps.previous"

pytestmark = pytest.mark.usefixtures("fresh_streamlit")


def open_presentation(at: AppTest, username: str, **params: str) -> AppTest:
    at.query_params["demo_user"] = username
    at.run()
    at.switch_page(PAGE)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def step_titles(at: AppTest) -> list[str]:
    return [option.split(" · ", 1)[1] for option in at.selectbox(key=STEP).options]


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def url_step(at: AppTest) -> str:
    value = at.query_params["step"]
    return value[0] if isinstance(value, list) else value


@pytest.mark.parametrize("role", [Role.EXECUTIVE, Role.PMO_ADMIN, Role.PROGRAM_MANAGER, Role.PROJECT_MANAGER])
def test_every_step_renders_for_each_role_allowed(
    demo_app: AppTest, demo_sqlite_url: str, role: Role
) -> None:
    at = open_presentation(demo_app, demo_user_for(demo_sqlite_url, role))
    titles = step_titles(at)
    assert titles[0] == "Portfolio summary" and titles[-1] == "Milestones due before the next meeting"
    for number, expected in enumerate(titles, start=1):
        assert not at.exception, (number, at.exception)
        assert at.title[0].value == expected
        assert url_step(at) == str(number)
        assert at.button(key=PREVIOUS).disabled == (number == 1)
        if number < len(titles):
            at.button(key=NEXT).click().run()
    assert at.button(key=NEXT).disabled
    assert len(at.get("download_button")) == 1


def test_a_link_opens_its_step_and_the_buttons_move_it_and_the_url(
    demo_app: AppTest, demo_sqlite_url: str
) -> None:
    at = open_presentation(demo_app, demo_user_for(demo_sqlite_url, Role.EXECUTIVE), step="3")
    titles = step_titles(at)
    assert at.title[0].value == titles[2] and url_step(at) == "3"
    at.button(key=PREVIOUS).click().run()
    assert at.title[0].value == titles[1] and url_step(at) == "2"
    at.button(key=NEXT).click().run()
    at.button(key=NEXT).click().run()
    assert at.title[0].value == titles[3] and url_step(at) == "4"
    at.selectbox(key=STEP).set_value(len(titles)).run()
    assert at.title[0].value == titles[-1] and url_step(at) == str(len(titles))


def test_each_step_on_the_page_is_the_packs_step(demo_app: AppTest, demo_sqlite_url: str) -> None:
    """The page builds a step only when it is shown; titles, KPIs and chart titles must be
    those of the same step in the whole content the pack is built from (built directly)."""
    from sqlalchemy import create_engine

    from dashboard.metrics.thresholds import RagThresholds
    from dashboard.steering.content import SteeringOptions, steering_content
    from dashboard.steering.model import SteeringRequest
    from data_access import queries
    from data_access.queries import QueryFilters
    from data_access.viewer import portfolio_viewer

    at = open_presentation(demo_app, demo_user_for(demo_sqlite_url, Role.EXECUTIVE))
    engine = create_engine(demo_sqlite_url)
    with engine.connect() as connection:
        filters = QueryFilters(as_of=SEED_TODAY)
        last = queries.last_meeting(connection, portfolio_viewer(), filters, SEED_TODAY - timedelta(days=1))
        assert last is not None
        upcoming = queries.next_meeting(connection, portfolio_viewer(), filters, SEED_TODAY, last.forum)
        request = SteeringRequest(SEED_TODAY, last.held_on, (), last, upcoming)
        content = steering_content(connection, portfolio_viewer(), request, SteeringOptions(RagThresholds()))
    engine.dispose()
    assert step_titles(at) == [s.title for s in content.steps]
    for number, expected in enumerate(content.steps, start=1):
        if number > 1:
            at.button(key=NEXT).click().run()
        assert at.title[0].value == expected.title
        shown = "\n".join(m.value for m in at.markdown)
        for kpi in expected.kpis:
            assert f'<p class="kpi-label">{html.escape(kpi.label)}</p>' in shown, (number, kpi.label)
            if not kpi.value.startswith(("●", "■", "▲", "◆", "○")):
                assert f">{html.escape(kpi.value)}</p>" in shown, (number, kpi)
        headings = {c.title for c in expected.charts} | {t.heading for t in expected.tables}
        assert sorted(h.value for h in at.subheader) == sorted(headings), number


@pytest.mark.parametrize("raw", ["99", "0", "two", "-1"])
def test_a_tampered_step_is_reported_not_a_traceback(
    demo_app: AppTest, demo_sqlite_url: str, raw: str
) -> None:
    at = open_presentation(demo_app, demo_user_for(demo_sqlite_url, Role.EXECUTIVE), step=raw)
    notices = " ".join(w.value for w in at.warning)
    assert f"step={raw}" in notices and "showing step 1" in notices
    assert at.title[0].value == "Portfolio summary" and url_step(at) == "1"


def test_since_defaults_to_the_last_meeting_and_a_link_picks_another(
    demo_app: AppTest, demo_sqlite_url: str
) -> None:
    last = sql_scalar(
        demo_sqlite_url, "SELECT max(held_on) FROM meetings WHERE held_on < :d", d=SEED_TODAY.isoformat()
    )
    last = date.fromisoformat(str(last))
    forum = sql_scalar(
        demo_sqlite_url,
        "SELECT forum FROM meetings WHERE held_on = :d ORDER BY program_id IS NOT NULL, forum",
        d=last,
    )
    at = open_presentation(demo_app, demo_user_for(demo_sqlite_url, Role.EXECUTIVE), step="2")
    assert at.query_params["since"] in (last.isoformat(), [last.isoformat()])
    assert at.title[0].value == "What changed since the last meeting"
    assert f"From {forum} on {day(last)}" in captions(at)

    older = date.fromisoformat(
        str(
            sql_scalar(
                demo_sqlite_url, "SELECT max(held_on) FROM meetings WHERE held_on < :d", d=last.isoformat()
            )
        )
    )
    other = AppTest.from_file(APP_ENTRY, default_timeout=60)
    if SEED_TODAY != date.today():
        other.query_params["as_of"] = SEED_TODAY.isoformat()
    other = open_presentation(
        other, demo_user_for(demo_sqlite_url, Role.EXECUTIVE), step="2", since=older.isoformat()
    )
    assert f"on {day(older)}" in captions(other)
    assert other.query_params["since"] in (older.isoformat(), [older.isoformat()])


def test_a_pmo_admin_records_a_meeting_and_can_pick_it(
    demo_sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "portfolio.db"
    shutil.copy(demo_sqlite_url.removeprefix("sqlite:///"), copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("PORTFOLIO_DATABASE_URL", url)
    at = AppTest.from_file(APP_ENTRY, default_timeout=60)
    if SEED_TODAY != date.today():
        at.query_params["as_of"] = SEED_TODAY.isoformat()
    at = open_presentation(at, demo_user_for(url, Role.PMO_ADMIN))
    held = SEED_TODAY - timedelta(days=1)
    at.text_input(key="presentation.meeting.forum").input("Architecture board")
    at.date_input(key="presentation.meeting.held_on").set_value(held)
    at.button(key="presentation.meeting.submit").click().run()
    assert not at.exception
    assert "Recorded: Architecture board" in " ".join(s.value for s in at.success)
    assert (
        sql_scalar(
            url, "SELECT count(*) FROM meetings WHERE forum = 'Architecture board' AND held_on = :d", d=held
        )
        == 1
    )
    labels = [str(o) for o in at.selectbox(key="presentation.since").options]
    assert f"Architecture board · {day(held)}" in labels

    at.text_input(key="presentation.meeting.forum").input("Architecture board")
    at.date_input(key="presentation.meeting.held_on").set_value(held)
    at.button(key="presentation.meeting.submit").click().run()
    assert not at.exception
    assert "already recorded" in " ".join(e.value for e in at.error)


def test_only_a_pmo_admin_sees_the_meeting_form(demo_app: AppTest, demo_sqlite_url: str) -> None:
    at = open_presentation(demo_app, demo_user_for(demo_sqlite_url, Role.EXECUTIVE))
    assert not [w for w in at.text_input if w.key == "presentation.meeting.forum"]


@pytest.mark.parametrize(("role", "shown"), [(Role.EXECUTIVE, True), (Role.PROJECT_MANAGER, False)])
def test_the_share_panel_follows_the_meeting_for_roles_that_share(
    demo_app: AppTest, demo_sqlite_url: str, role: Role, shown: bool
) -> None:
    at = open_presentation(demo_app, demo_user_for(demo_sqlite_url, role))
    labels = [e.label for e in at.expander]
    assert ("Share this summary" in labels) is shown, labels
