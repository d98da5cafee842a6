"""Every page each demo role may open, as URLs a browser can visit (accessibility audit,
screenshots). Built from the same registry and demo picker the app uses, so a new page
or role is toured without editing the tests."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from playwright.sync_api import Page
from sqlalchemy import Connection, create_engine, func, select

from dashboard.navigation import PageSpec, pages_for
from data_access.models import Project, WorkItem
from data_access.queries.filters import QueryFilters
from data_access.queries.identity import demo_people, viewer_for_login
from data_access.queries.project import visible_project_codes
from data_access.viewer import Viewer
from tests.conftest import SEED_TODAY

READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# Pages that show a picker until a project is named: open them on a project, so the
# audit and the screenshots see the real content.
PROJECT_PAGES = frozenset({"project", "delivery"})


@dataclass(frozen=True)
class Stop:
    """One page as one demo person sees it."""

    role: str
    username: str
    page: PageSpec
    query: str

    @property
    def path(self) -> str:
        return f"/{self.page.url_path}?{self.query}"

    @property
    def slug(self) -> str:
        """``executive-overview``: file names and test ids."""
        return f"{self.role.replace(' ', '-')}-{self.page.url_path}"


def _busiest_visible_project(connection: Connection, viewer: Viewer) -> str | None:
    """The viewer's project with the most work items (its Delivery page has charts)."""
    codes = visible_project_codes(connection, viewer, QueryFilters(as_of=SEED_TODAY))["code"].tolist()
    if not codes:
        return None
    busiest = connection.execute(
        select(Project.code)
        .outerjoin(WorkItem, WorkItem.project_id == Project.id)
        .where(Project.code.in_(codes))
        .group_by(Project.code)
        .order_by(func.count(WorkItem.id).desc(), Project.code)
        .limit(1)
    ).scalar_one()
    return str(busiest)


def tour(database_url: str) -> list[Stop]:
    """One demo person per role (the first the picker offers), every page their role may open."""
    engine = create_engine(database_url)
    stops: list[Stop] = []
    with engine.connect() as connection:
        for person in demo_people(connection, per_role=1).itertuples(index=False):
            viewer = viewer_for_login(connection, person.username)
            assert viewer is not None, f"demo person {person.username} has no role"
            project = _busiest_visible_project(connection, viewer)
            for spec in pages_for(viewer.role):
                params = {"demo_user": person.username}
                if spec.url_path in PROJECT_PAGES and project is not None:
                    params["project"] = project
                stops.append(Stop(viewer.role.value, person.username, spec, urlencode(params)))
    engine.dispose()
    return stops


def settle(page: Page, *, timeout: float = 60_000) -> None:
    """Wait until the script has finished and the charts have drawn (a cold server is slow)."""
    page.wait_for_selector(READY, timeout=timeout)
    page.wait_for_timeout(700)
    page.wait_for_selector(READY, timeout=timeout)
    page.wait_for_function(
        "[...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector('.main-svg'))",
        timeout=timeout,
    )


def visit(page: Page, base_url: str, stop: Stop) -> None:
    page.goto(base_url + stop.path)
    settle(page)
