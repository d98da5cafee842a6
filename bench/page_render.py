"""Script time of each page: cold (empty caches; median of 3), after the cache TTL, warm (median of 5).

Usage (from the repository root)::

    python -m bench.page_render --database-url sqlite:///data/portfolio.db [--as-of 2026-11-26]

Prints one line per page (every page of the executive's navigation, My projects as a
project manager, and the Delivery page in team view for the busiest team). AppTest runs
the real page scripts in-process, so the time is the server-side script time a user waits
for, without the browser's drawing. Beside the wall time it prints the script thread's CPU
time, which other processes on a shared machine disturb far less.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import streamlit as st
from sqlalchemy import Engine, event, func, select
from streamlit.runtime.scriptrunner import script_runner
from streamlit.testing.v1 import AppTest

from dashboard import data
from dashboard.navigation import PageSpec, page_by_url, pages_for
from dashboard.settings import get_settings
from data_access.db import make_engine
from data_access.models import Project, Team, WorkItem
from data_access.queries import QueryFilters, demo_people, visible_project_codes
from data_access.viewer import portfolio_viewer
from data_access.vocabulary import Role

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
# What a page shows instead of itself when it could not render: a bench must not time these.
FAILURE_TITLES = ("The dashboard cannot read its database", "No access")


@dataclass(frozen=True)
class PageCase:
    """One page as one demo person opens it, with the query string of a shared link."""

    title: str
    page: PageSpec
    query: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PageRun:
    """One script run: wall seconds, script-thread CPU seconds, SQL statements it sent."""

    wall: float
    cpu: float
    statements: tuple[tuple[str, object], ...] = ()


_thread_cpu: list[float] = []


def _measure_script_cpu() -> None:
    """Wrap the script runner once so each run records its own thread's CPU time."""
    if getattr(script_runner.ScriptRunner._run_script, "_bench_wrapped", False):
        return
    original = script_runner.ScriptRunner._run_script

    def timed_run(self, rerun_data):  # type: ignore[no-untyped-def]
        start = time.thread_time()
        try:
            return original(self, rerun_data)
        finally:
            _thread_cpu.append(time.thread_time() - start)

    timed_run._bench_wrapped = True  # type: ignore[attr-defined]
    script_runner.ScriptRunner._run_script = timed_run  # type: ignore[method-assign]


@contextmanager
def captured_sql() -> Iterator[list[tuple[str, object]]]:
    """Every statement (text and bound parameters) any engine sends while the block runs."""
    sent: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        sent.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def _check_rendered(at: AppTest, case: PageCase) -> None:
    if at.exception:
        raise RuntimeError(f"{case.title}: {at.exception}")
    titles = [str(t.value) for t in at.title]
    failed = [t for t in titles if t.startswith(FAILURE_TITLES)]
    warnings = [str(w.value) for w in at.warning if "not available to you" in str(w.value)]
    if failed or warnings or not titles:
        raise RuntimeError(f"{case.title} did not render: {failed or warnings or 'no title'}")


# What outlives the cache TTL: the engine (no TTL) and the statuses of past days (kept
# SETTLED_TTL_FACTOR times longer, see dashboard/data.py).
OUTLIVE_TTL = ("engine_for", "_settled_history")


def expire_ttl() -> None:
    """Empty the caches as the TTL would: everything but ``OUTLIVE_TTL``."""
    for name, value in vars(data).items():
        if name not in OUTLIVE_TTL and type(value).__name__ == "CachedFunc":
            value.clear()


def run_page(case: PageCase, *, cold: bool, capture: bool = False, after_ttl: bool = False) -> PageRun:
    """Open a session on its landing page, then time the switch to ``case``'s page.

    ``cold``: every cache emptied first (a server just started); ``after_ttl``: only what
    the cache TTL expires (the first visitor after the TTL)."""
    _measure_script_cpu()
    at = AppTest.from_file(APP, default_timeout=600)
    for key, value in case.query.items():
        at.query_params[key] = value
    at.run()  # entry point on its landing page: sets up the session
    if cold:
        st.cache_data.clear()
        st.cache_resource.clear()
    elif after_ttl:
        expire_ttl()
    at.switch_page(case.page.path)
    _thread_cpu.clear()
    with captured_sql() as sent:
        start = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - start
    _check_rendered(at, case)
    return PageRun(elapsed, sum(_thread_cpu), tuple(sent) if capture else ())


def _one(url: str, stmt) -> str:  # type: ignore[no-untyped-def]
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return str(connection.execute(stmt).scalar_one())
    finally:
        engine.dispose()


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
    code = Team.code if group == "team" else Project.code
    stmt = select(code).select_from(WorkItem).join(Project, Project.id == WorkItem.project_id)
    if group == "team":
        stmt = stmt.join(Team, Team.id == Project.team_id)
    return _one(url, stmt.group_by(code).order_by(func.count().desc(), code).limit(1))


def demo_user(url: str, role: Role) -> str:
    """The first demo person holding ``role`` (the demo picker offers only these)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            people = demo_people(connection)
    finally:
        engine.dispose()
    return str(people.loc[people["role"] == role.value, "username"].iloc[0])


def page_cases(url: str, as_of: str | None) -> list[PageCase]:
    """Every page of the executive's navigation, My projects as a project manager, and the
    Delivery page in team view (busiest team): the heaviest view of each page."""
    base = {"as_of": as_of} if as_of else {}
    executive = base | {"demo_user": demo_user(url, Role.EXECUTIVE)}
    extra = {
        "project": {"project": first_project_code(url)},
        "delivery": {"project": busiest(url)},
    }
    cases = [
        PageCase(page.title, page, executive | extra.get(page.url_path, {}))
        for page in pages_for(Role.EXECUTIVE)
    ]
    at = next(i for i, case in enumerate(cases) if case.page.url_path == "delivery") + 1
    team = {"scope": "team", "team": busiest(url, "team")}
    cases.insert(at, PageCase("Delivery (team view)", page_by_url("delivery"), executive | team))
    manager = base | {"demo_user": demo_user(url, Role.PROJECT_MANAGER)}
    cases.insert(1, PageCase("My projects", page_by_url("my-projects"), manager))
    return cases


def use_database(url: str) -> None:
    """Point the app (settings read from the environment) at ``url``."""
    os.environ["PORTFOLIO_DATABASE_URL"] = url
    get_settings.cache_clear()


@dataclass(frozen=True)
class PageTiming:
    colds: list[PageRun]
    after_ttl: PageRun
    warm: list[PageRun]

    @property
    def cold(self) -> PageRun:
        """The median cold run by wall time (one run varies by about a tenth from the next),
        with the statements the first one captured."""
        median = sorted(self.colds, key=lambda run: run.wall)[len(self.colds) // 2]
        return replace(median, statements=self.colds[0].statements)

    @property
    def warm_wall(self) -> float:
        return statistics.median(run.wall for run in self.warm)

    @property
    def warm_cpu(self) -> float:
        return statistics.median(run.cpu for run in self.warm)


COLD_RUNS = 3


def time_page(case: PageCase, repeat: int, *, capture: bool = False) -> PageTiming:
    """Cold (empty caches) ``COLD_RUNS`` times, after the TTL once, then ``repeat`` warm runs."""
    colds = [run_page(case, cold=True, capture=capture and i == 0) for i in range(COLD_RUNS)]
    after_ttl = run_page(case, cold=False, after_ttl=True)
    return PageTiming(colds, after_ttl, [run_page(case, cold=False) for _ in range(repeat)])


def arguments(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--as-of", default=None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default=None, help="time only pages whose title contains this text")
    parser.add_argument("--app-root", type=Path, default=None, help="run app.py and pages/ from this copy")
    args = parser.parse_args()
    if args.app_root is not None:
        global APP
        APP = str(args.app_root.resolve() / "dashboard" / "app.py")
    return args


def selected(cases: list[PageCase], only: str | None) -> list[PageCase]:
    return [case for case in cases if not only or only.lower() in case.title.lower()]


def load_average() -> str:
    return "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])


def report(
    cases: list[PageCase], repeat: int, line: Callable[[PageCase, PageTiming], str], *, capture: bool = False
) -> None:
    """Time each case and print the line ``line`` makes of it as soon as it is known."""
    for case in cases:
        print(line(case, time_page(case, repeat, capture=capture)), flush=True)


def main() -> None:
    args = arguments(__doc__.splitlines()[0])
    use_database(args.database_url)
    cases = selected(page_cases(args.database_url, args.as_of), args.only)
    print(f"{load_average()} at start")
    print(
        f"{'page':<22} {'cold s':>7} {'cpu s':>6} {'TTL s':>7} {'cpu s':>6} {'warm s':>7} {'cpu s':>6}"
        f"   (TTL: first visit after the cache TTL; warm: median of {args.repeat})"
    )
    report(
        cases,
        args.repeat,
        lambda case, t: (
            f"{case.title:<22} {t.cold.wall:>7.2f} {t.cold.cpu:>6.2f} {t.after_ttl.wall:>7.2f} "
            f"{t.after_ttl.cpu:>6.2f} {t.warm_wall:>7.2f} {t.warm_cpu:>6.2f}"
        ),
    )
    print(f"{load_average()} at end")


if __name__ == "__main__":
    main()
