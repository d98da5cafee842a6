"""The server's peak memory after browser sessions toured every page.

Usage (from the repository root)::

    python -m bench.server_memory --database-url sqlite:///... [--sessions 10] [--as-of 2026-11-26]

Starts a cold Streamlit server on a free port and one headless Chromium. Session *n*
signs in (demo mode, ``?demo_user=``) as the *n*-th person of the demo picker, who
holds every role in turn (two people per role), and opens every page that role may
open, one after the other; each page counts once it is drawn. The server's resident
memory (VmRSS) and peak (VmHWM, children included) are read from /proc after start,
after each session, and at the end. Sessions run one after the other: this measures
what the caches and per-session state hold, not a burst.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from playwright.async_api import Browser, async_playwright

from bench.live_server import CHROMIUM, CHROMIUM_ARGS, READY, load_average, memory_mib, running_server
from dashboard.navigation import pages_for
from data_access.db import make_engine
from data_access.queries import QueryFilters, demo_people, viewer_for_login, visible_project_codes
from data_access.vocabulary import Role

TIMEOUT_MS = 300_000


@dataclass(frozen=True)
class Person:
    username: str
    role: Role
    project: str | None  # the first project in their scope, for the Project and Delivery pages


def people(url: str, as_of: date) -> list[Person]:
    """The demo picker's people (two per role), each with a project they may open."""
    engine = make_engine(url)
    found = []
    try:
        with engine.connect() as connection:
            for row in demo_people(connection).itertuples(index=False):
                viewer = viewer_for_login(connection, row.username)
                if viewer is None:
                    continue
                codes = visible_project_codes(connection, viewer, QueryFilters(as_of=as_of))
                found.append(
                    Person(row.username, viewer.role, str(codes["code"].iloc[0]) if len(codes) else None)
                )
    finally:
        engine.dispose()
    return found


def tour_urls(base: str, person: Person, as_of: date) -> list[tuple[str, str]]:
    """(page, URL) for every page the person's role may open."""
    urls = []
    for page in pages_for(person.role):
        query = f"demo_user={person.username}&as_of={as_of.isoformat()}"
        if page.url_path in ("project", "delivery") and person.project:
            query += f"&project={person.project}"
        urls.append((page.url_path, f"{base}/{page.url_path}?{query}"))
    return urls


async def tour(browser: Browser, base: str, person: Person, as_of: date) -> dict[str, float]:
    """One session (one browser context) opening each page in turn: seconds per page."""
    context = await browser.new_context(viewport={"width": 1440, "height": 900})
    page = await context.new_page()
    seconds = {}
    for name, url in tour_urls(base, person, as_of):
        began = time.perf_counter()
        await page.goto(url, timeout=TIMEOUT_MS)
        await page.wait_for_selector("h1", timeout=TIMEOUT_MS)
        await page.wait_for_selector(READY, timeout=TIMEOUT_MS)
        seconds[name] = time.perf_counter() - began
        if await page.locator('[data-testid="stException"]').count():
            raise RuntimeError(f"{name} showed an exception for {person.username}")
    await context.close()
    return seconds


async def main_async(args: argparse.Namespace) -> None:
    as_of = date.fromisoformat(args.as_of)
    cast = people(args.database_url, as_of)
    log = Path("/tmp/bench_memory_server.log")
    with running_server(args.database_url, log, args.app_root, watcher=args.watcher) as (pid, base):
        print(f"{load_average()} at start; server pid {pid}: {memory_mib(pid)} MiB after start")
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for number in range(args.sessions):
                person = cast[number % len(cast)]
                seconds = await tour(browser, base, person, as_of)
                pages = ", ".join(f"{name} {value:.1f}" for name, value in seconds.items())
                memory = memory_mib(pid)
                print(
                    f"session {number + 1} ({person.username}, {person.role.value}): {pages} s; "
                    f"RSS {memory['rss']:.0f} MiB, peak {memory['peak']:.0f} MiB",
                    flush=True,
                )
            await browser.close()
        memory = memory_mib(pid)
        print(
            f"after {args.sessions} sessions: RSS {memory['rss']:.0f} MiB, peak {memory['peak']:.0f} MiB; "
            f"{load_average()}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--app-root", type=Path, default=None, help="run app.py and pages/ from this copy")
    parser.add_argument("--watcher", action="store_true", help="keep Streamlit's file watcher (development)")
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--as-of", default=date.today().isoformat())
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
