"""Script time of each page, cold (empty caches) and warm (median of 5), via AppTest.

Usage (from the repository root)::

    python -m bench.page_render --database-url sqlite:///data/portfolio.db [--as-of 2026-11-26]

Prints one line per page, plus the Delivery page in team view for the busiest team. AppTest runs the real page scripts in-process, so the time
is the server-side script time a user waits for, without the browser's drawing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import date
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.navigation import pages_for
from dashboard.settings import get_settings
from data_access.db import make_engine
from data_access.queries import QueryFilters, visible_project_codes
from data_access.viewer import portfolio_viewer
from data_access.vocabulary import Role

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


def run_page(path: str, query: dict[str, str], *, cold: bool) -> float:
    at = AppTest.from_file(APP, default_timeout=600)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()  # entry point on its landing page: sets up the session
    if cold:
        st.cache_data.clear()
        st.cache_resource.clear()
    at.switch_page(path)
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"{path}: {at.exception}")
    return elapsed


def first_project_code(url: str) -> str:
    """A project that exists, so the project page is timed with real content."""
    engine = make_engine(url)
    with engine.connect() as connection:
        codes = visible_project_codes(connection, portfolio_viewer(), QueryFilters(as_of=date.today()))
    engine.dispose()
    return str(codes["code"].iloc[0])


def busiest(url: str, group: str = "project") -> str:
    """The project, or team (``group="team"``), with the most work items: the Delivery
    page's worst case in project view and in team view."""
    from sqlalchemy import func, select

    from data_access.models import Project, Team, WorkItem

    code = Team.code if group == "team" else Project.code
    stmt = select(code).select_from(WorkItem).join(Project, Project.id == WorkItem.project_id)
    if group == "team":
        stmt = stmt.join(Team, Team.id == Project.team_id)
    engine = make_engine(url)
    with engine.connect() as connection:
        found = connection.execute(
            stmt.group_by(code).order_by(func.count().desc(), code).limit(1)
        ).scalar_one()
    engine.dispose()
    return str(found)


def timed(title: str, path: str, query: dict[str, str], repeat: int) -> None:
    """Print one line: cold (empty caches) and warm (median of ``repeat``) script time."""
    cold = run_page(path, query, cold=True)
    warm = statistics.median(run_page(path, query, cold=False) for _ in range(repeat))
    print(f"{title:<22} {cold:>8.2f} {warm:>24.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--as-of", default=None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ["PORTFOLIO_DATABASE_URL"] = args.database_url
    get_settings.cache_clear()
    query = {"as_of": args.as_of} if args.as_of else {}
    project = first_project_code(args.database_url)
    board_project = busiest(args.database_url)
    print(f"{'page':<22} {'cold s':>8} {'warm s (median of ' + str(args.repeat) + ')':>24}")
    # The demo session signs in as an executive: other roles' pages (My projects) are not registered.
    for page in pages_for(Role.EXECUTIVE):
        extra = {"project": project} if page.url_path == "project" else {}
        extra = {"project": board_project} if page.url_path == "delivery" else extra
        timed(page.title, page.path, query | extra, args.repeat)
        if page.url_path == "delivery":  # issue 5: "the delivery page for one team under 1 s warm"
            team = {"scope": "team", "team": busiest(args.database_url, "team")}
            timed("Delivery (team view)", page.path, query | team, args.repeat)


if __name__ == "__main__":
    main()
