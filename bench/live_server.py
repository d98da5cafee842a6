"""A real Streamlit server and Chromium for the browser benchmarks, and what they measure.

Shared by bench/server_memory.py and bench/concurrent_sessions.py: start the server
exactly as the end-to-end tests do (tests/e2e/conftest.py), read its memory from
/proc, and wait for a page the way a person would call it "drawn".
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.page_render import load_average
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_server, wait_for_health

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "READY",
    "cpu_seconds",
    "load_average",
    "memory_mib",
    "running_server",
]

# The script has finished: Streamlit marks the app element when a run is over.
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


# As docs/DEPLOYMENT.md runs it in production: no file watcher. Streamlit's watcher walks
# every loaded module after each script run (os.path.realpath on thousands of paths),
# about a fifth of the server's work when twenty sessions open the overview at once.
PRODUCTION_ENV = {"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}


@contextmanager
def running_server(
    database_url: str, log: Path, app_root: Path | None = None, *, watcher: bool = False
) -> Iterator[tuple[int, str]]:
    """A cold server on a free port against ``database_url``: (pid, base URL).

    ``app_root``: run ``dashboard/app.py`` and ``pages/`` from another checkout (e.g. a
    copy with one page changed) to compare a variant; the packages still import from the
    installed project. ``watcher``: keep Streamlit's file watcher (a development server)."""
    saved = dict(os.environ)
    os.environ.update({} if watcher else PRODUCTION_ENV)  # the server inherits it
    try:
        if app_root is None:
            process, url = start_server({"PORTFOLIO_DATABASE_URL": database_url}, log)
        else:
            process, url = _start_variant(app_root, database_url, log)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    try:
        wait_for_health(url, timeout=120)
        yield process.pid, url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _start_variant(app_root: Path, database_url: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTFOLIO_")}
    command = [sys.executable, "-m", "streamlit", "run", str(app_root / "dashboard" / "app.py")]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"]
    process = subprocess.Popen(
        command,
        cwd=app_root,
        env=env | {"PORTFOLIO_DATABASE_URL": database_url},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    return process, f"http://127.0.0.1:{port}"


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        found.extend(int(child) for child in children)
    return found


def _status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def memory_mib(pid: int) -> dict[str, float]:
    """Resident memory now (VmRSS) and at its peak (VmHWM) of ``pid`` plus its children."""
    pids = [pid, *_children(pid)]
    return {
        "rss": sum(_status_kib(p, "VmRSS") for p in pids) / 1024,
        "peak": sum(_status_kib(p, "VmHWM") for p in pids) / 1024,
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU the process has used so far (from /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime, stime in clock ticks (100 Hz)
