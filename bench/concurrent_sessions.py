"""Many sessions opening the overview at once: p50/p95 time to the page.

Usage (from the repository root)::

    python -m bench.concurrent_sessions --database-url sqlite:///... [--client browser|protocol] [--servers 2]

Starts ``--servers`` cold Streamlit servers on free ports (several: sessions spread over
them as a load balancer with sticky sessions would), then
1. one session opens the overview on the cold server (empty caches): the cold time;
2. ``--rounds`` times, ``--sessions`` sessions are set up first and then all open the
   overview at the same moment.

``--client browser`` (default): ONE headless Chromium, a browser context per session
(own cookies and WebSocket); a session's time runs from its navigation start until the
heatmap's SVG is drawn, the project table is on the page and the script has finished.
Chromium shares the machine's cores with the server, so this also counts twenty
browsers drawing. ``--client protocol``: each session is a bare WebSocket speaking
Streamlit's protocol (what the browser's client sends on opening /overview); its time
runs until the server has sent the whole page (``script_finished``): the server's part
alone, as it would be with the browsers on the users' own machines.
Also reported: bytes the server sent per session, and the CPU seconds the server
process used during each burst. Only loopback traffic; every wait is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import statistics
import time
from collections.abc import Coroutine
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import websockets
from playwright.async_api import Browser, async_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.live_server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    READY,
    cpu_seconds,
    load_average,
    memory_mib,
    running_server,
)

# Drawn only when the overview has finished: the heatmap's SVG and the project table.
DRAWN = (
    ".st-key-health_heatmap .js-plotly-plot .main-svg",
    '.st-key-overview_projects [data-testid="stDataFrame"]',
)
TIMEOUT_MS = 300_000


@dataclass(frozen=True)
class Visit:
    seconds: float
    bytes_received: int


async def fetch_overview(url: str, start: asyncio.Event | None = None) -> Visit:
    """One new session over a bare WebSocket: ask for the overview, read until the run ends."""
    base, _, query = url.partition("?")
    request = BackMsg()
    request.rerun_script.query_string = query
    request.rerun_script.page_name = base.rsplit("/", 1)[1]
    stream = base.rsplit("/", 1)[0].replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(stream, subprotocols=["streamlit"], max_size=None) as socket:
        if start is not None:
            await start.wait()
        began = time.perf_counter()
        await socket.send(request.SerializeToString())
        received = 0
        while True:
            raw = await asyncio.wait_for(socket.recv(), TIMEOUT_MS / 1000)
            received += len(raw)
            message = ForwardMsg()
            message.ParseFromString(raw)
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.new_element.WhichOneof("type") == "exception":
                raise RuntimeError(f"the overview raised: {message.delta.new_element.exception.message}")
            if kind == "page_not_found":
                raise RuntimeError(f"no page at {url}")
            if kind == "script_finished":
                return Visit(time.perf_counter() - began, received)


async def open_overview(browser: Browser, url: str, start: asyncio.Event | None = None) -> Visit:
    """One new session: wait for ``start`` (all sessions go together), open the overview."""
    context = await browser.new_context(viewport={"width": 1440, "height": 900})
    page = await context.new_page()
    received: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.append(len(payload))))
    if start is not None:
        await start.wait()
    began = time.perf_counter()
    await page.goto(url, timeout=TIMEOUT_MS)
    for selector in DRAWN:
        await page.wait_for_selector(selector, timeout=TIMEOUT_MS)
    await page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    seconds = time.perf_counter() - began
    if await page.locator('[data-testid="stException"]').count():
        raise RuntimeError("the overview showed an exception")
    await context.close()
    return Visit(seconds, sum(received))


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered) - 1e-9))
    return ordered[rank - 1]


async def burst(browser: Browser | None, urls: list[str], sessions: int) -> list[Visit]:
    """``sessions`` sessions set up, then released together; browser None: protocol clients.
    Session *i* goes to ``urls[i % len(urls)]``, as a sticky load balancer would spread them."""
    start = asyncio.Event()

    def visit(url: str) -> Coroutine[Any, Any, Visit]:
        return fetch_overview(url, start) if browser is None else open_overview(browser, url, start)

    tasks = [asyncio.create_task(visit(urls[i % len(urls)])) for i in range(sessions)]
    await asyncio.sleep(2.0)  # every context and page created before the clock starts
    start.set()
    return list(await asyncio.gather(*tasks))


async def main_async(args: argparse.Namespace) -> None:
    overview = f"/overview?as_of={args.as_of}" if args.as_of else "/overview"
    with ExitStack() as servers:
        started = [
            servers.enter_context(
                running_server(
                    args.database_url,
                    Path(f"/tmp/bench_concurrent_server_{n}.log"),
                    args.app_root,
                    watcher=args.watcher,
                )
            )
            for n in range(args.servers)
        ]
        pids = [pid for pid, _ in started]
        urls = [base + overview for _, base in started]
        print(
            f"{load_average()} at start; {args.servers} server(s), RSS after start {memory_mib(pids[0])['rss']:.0f} MiB"
        )
        async with async_playwright() as playwright:
            browser = None
            if args.client == "browser":
                browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

            def one(url: str) -> Coroutine[Any, Any, Visit]:
                return fetch_overview(url) if browser is None else open_overview(browser, url)

            cold = [await one(url) for url in urls]  # each server warms its own caches
            print(
                f"cold server, one session: {cold[0].seconds:.2f} s, {cold[0].bytes_received / 1024:.0f} KiB"
            )
            warm = statistics.median([(await one(urls[0])).seconds for _ in range(3)])
            print(f"warm server, one session: {warm:.2f} s (median of 3)")
            for round_number in range(1, args.rounds + 1):
                cpu_before = sum(cpu_seconds(pid) for pid in pids)
                began = time.perf_counter()
                visits = await burst(browser, urls, args.sessions)
                wall = time.perf_counter() - began - 2.0
                times = [visit.seconds for visit in visits]
                per_session = statistics.median(visit.bytes_received for visit in visits) / 1024
                print(
                    f"round {round_number}: {args.sessions} sessions at once: p50 {statistics.median(times):.2f} s, "
                    f"p95 {percentile(times, 0.95):.2f} s, max {max(times):.2f} s; "
                    f"server CPU {sum(cpu_seconds(pid) for pid in pids) - cpu_before:.1f} s in {wall:.1f} s; "
                    f"{per_session:.0f} KiB per session; {load_average()}",
                    flush=True,
                )
            print(f"server memory: {[memory_mib(pid) for pid in pids]}")
            if browser is not None:
                await browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--app-root", type=Path, default=None, help="run app.py and pages/ from this copy")
    parser.add_argument("--watcher", action="store_true", help="keep Streamlit's file watcher (development)")
    parser.add_argument("--as-of", default=None, help="e.g. the seed's --today, so runs compare")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--client", choices=("browser", "protocol"), default="browser")
    parser.add_argument("--servers", type=int, default=1, help="servers behind a sticky balancer")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
