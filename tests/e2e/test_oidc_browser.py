"""Sign-in for real: st.login against a local OIDC provider (oidc-provider-mock), in Chromium.

The provider accepts any client and lets the browser choose the subject; the e-mail claim
maps to a person in the demo database, whose role decides the landing page.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.e2e.conftest import ROOT, free_port, start_server, wait_for_health

pytestmark = pytest.mark.e2e
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def wait_for(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def put_user(provider: str, sub: str, claims: dict[str, object]) -> None:
    request = urllib.request.Request(
        f"{provider}/users/{sub}", data=json.dumps(claims).encode(), method="PUT",
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    urllib.request.urlopen(request, timeout=5).close()


def test_an_oidc_sign_in_lands_the_person_on_their_page(
    browser, demo_sqlite_url: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    engine = create_engine(demo_sqlite_url)
    with engine.connect() as connection:
        email = connection.execute(
            text(
                "SELECT x.email FROM people x JOIN role_assignments r ON r.person_id = x.id "
                "WHERE r.role = 'project manager' ORDER BY x.username LIMIT 1"
            )
        ).scalar_one()
    provider_port, app_port = free_port(), free_port()
    provider = f"http://127.0.0.1:{provider_port}"
    mock = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "-H", "127.0.0.1", "-p", str(provider_port)],
        stdout=(tmp_path / "oidc.log").open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    app_dir = tmp_path / "app"
    (app_dir / ".streamlit").mkdir(parents=True)
    (app_dir / ".streamlit" / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        'cookie_secret = "test-cookie-secret-0123456789"\n'
        'client_id = "portfolio"\nclient_secret = "secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    server = None
    try:
        wait_for(f"{provider}/.well-known/openid-configuration")
        put_user(provider, "pm", {"email": email})
        server, url = start_server(
            {"PORTFOLIO_DATABASE_URL": demo_sqlite_url}, tmp_path / "app.log", port=app_port, cwd=app_dir
        )
        wait_for_health(url)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.goto(url)
        page.get_by_role("button", name="Sign in").click()
        page.locator("input[name=sub]").fill("pm")
        page.get_by_role("button", name="Authorize").click()
        page.wait_for_url("**/my-projects**", timeout=60_000)
        page.wait_for_selector(READY, timeout=60_000)
        assert "My projects" in page.locator("h1").first.inner_text()
        assert "View as" not in page.inner_text("body")  # no demo picker once real sign-in is configured
        page.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        mock.terminate()
        mock.wait(timeout=20)


assert ROOT.exists()
