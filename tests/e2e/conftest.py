"""A real Streamlit server and a real Chromium (Debian's, driven by Playwright).

The server is started cold, on a free port, against the seeded demo database; the
browser is /usr/bin/chromium with the flags this machine needs.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("PORTFOLIO_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_health(base_url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"Streamlit did not become healthy at {base_url} within {timeout:.0f} s")


def start_server(
    env_overrides: dict[str, str], log_path: Path, *, port: int | None = None, cwd: Path | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """A Streamlit server on ``port`` (default: a free one). ``cwd`` holds its .streamlit/
    (secrets, config); the app itself always comes from the repository."""
    port = port or free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTFOLIO_")} | env_overrides
    log = log_path.open("wb")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
            "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        ],
        cwd=cwd or ROOT, env=env | {"PYTHONPATH": str(ROOT)}, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    return process, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium (see .ci/run)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)  # CI must never hide a missing browser behind a skip
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def demo_server(demo_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    process, base_url = start_server({"PORTFOLIO_DATABASE_URL": demo_sqlite_url}, log)
    try:
        wait_for_health(base_url)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=20)
