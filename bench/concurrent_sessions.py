"""Many browser sessions against one server: time to a rendered overview, and memory.

Usage (from the repository root)::

    python -m bench.concurrent_sessions --database-url sqlite:///... [--sessions 20] [--tour 10]

Starts a cold Streamlit server on a free port, then
1. opens ``--sessions`` Chromium pages at once on the overview and reports p50/p95 of
   the time until the KPI tiles are drawn and the script has finished;
2. walks ``--tour`` sessions through every registered page and reports the server's
   resident memory (VmRSS) afterwards.
Only loopback traffic; every wait is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from playwright.async_api import async_playwright

from dashboard.navigation import PAGES
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, start_server, wait_for_health

READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def open_overview(browser, url: str) -> float:  # type: ignore[no-untyped-def]
    context = await browser.new_context(viewport={"width": 1440, "height": 900})
    page = await context.new_page()
    start = time.perf_counter()
    await page.goto(url, timeout=120_000)
    await page.wait_for_selector('[data-testid="stMetric"]', timeout=120_000)
    await page.wait_for_selector(READY, timeout=120_000)
    elapsed = time.perf_counter() - start
    await context.close()
    return elapsed


async def tour(browser, url: str) -> None:  # type: ignore[no-untyped-def]
    context = await browser.new_context(viewport={"width": 1440, "height": 900})
    page = await context.new_page()
    for spec in PAGES:
        path = "" if spec is PAGES[0] else spec.url_path
        await page.goto(f"{url}/{path}", timeout=120_000)
        await page.wait_for_selector(READY, timeout=120_000)
        await page.wait_for_timeout(300)
        await page.wait_for_selector(READY, timeout=120_000)
    await context.close()


async def main_async(args: argparse.Namespace) -> None:
    log = Path("/tmp/bench_concurrent_server.log")
    process, url = start_server({"PORTFOLIO_DATABASE_URL": args.database_url}, log)
    try:
        wait_for_health(url)
        print(f"server pid {process.pid}, RSS after start {rss_mib(process.pid):.0f} MiB")
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            times = await asyncio.gather(*(open_overview(browser, url) for _ in range(args.sessions)))
            times = sorted(times)
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            print(
                f"{args.sessions} concurrent sessions, overview rendered: p50 {statistics.median(times):.2f} s, "
                f"p95 {p95:.2f} s, max {times[-1]:.2f} s"
            )
            for _ in range(args.tour):
                await tour(browser, url)
            print(
                f"after {args.tour} sessions across all {len(PAGES)} pages: RSS {rss_mib(process.pid):.0f} MiB"
            )
            await browser.close()
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--tour", type=int, default=10)
    args = parser.parse_args()
    asyncio.run(main_async(args))
    sys.exit(0)


if __name__ == "__main__":
    main()
