"""Script time of each page, cold (empty caches) and warm (median of 5), via AppTest.

Usage (from the repository root)::

    python -m bench.page_render --database-url sqlite:///data/portfolio.db [--as-of 2026-11-26]

Prints one line per page. AppTest runs the real page scripts in-process, so the time
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

from dashboard.navigation import PAGES
from dashboard.settings import get_settings
from data_access.db import make_engine
from data_access.queries import QueryFilters, visible_project_codes
from data_access.viewer import portfolio_viewer

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


def busiest_board_project(url: str) -> str:
    """The project with the most work items (the Delivery page's worst case)."""
    from sqlalchemy import func, select

    from data_access.models import Project, WorkItem

    engine = make_engine(url)
    with engine.connect() as connection:
        code = connection.execute(
            select(Project.code)
            .join(WorkItem, WorkItem.project_id == Project.id)
            .group_by(Project.code)
            .order_by(func.count().desc(), Project.code)
            .limit(1)
        ).scalar_one()
    engine.dispose()
    return str(code)


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
    board_project = busiest_board_project(args.database_url)
    print(f"{'page':<22} {'cold s':>8} {'warm s (median of ' + str(args.repeat) + ')':>24}")
    for page in PAGES:
        extra = {"project": project} if page.url_path == "project" else {}
        extra = {"project": board_project} if page.url_path == "delivery" else extra
        cold = run_page(page.path, query | extra, cold=True)
        warm = statistics.median(run_page(page.path, query | extra, cold=False) for _ in range(args.repeat))
        print(f"{page.title:<22} {cold:>8.2f} {warm:>24.2f}")


if __name__ == "__main__":
    main()
