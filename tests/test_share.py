"""Sharing the meeting summary: real HTTP against local servers on 127.0.0.1 that record
what they receive (a Slack webhook, a small Confluence that keeps pages and versions),
figures checked against SQL and pandas, secrets never in a message, log or repr."""

from __future__ import annotations

import base64
import json
import logging
import socket
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import Engine, text
from streamlit.testing.v1 import AppTest

from dashboard import health
from dashboard.rag_style import rag_label
from dashboard.settings import Settings, load_settings
from dashboard.share import confluence, slack
from dashboard.share.summary import MeetingSummary, StatusChange, build_summary, summary_for
from dashboard.share.transport import ShareFailed
from data_access.queries import QueryFilters
from data_access.viewer import portfolio_viewer
from data_access.vocabulary import Role
from tests.conftest import SEED_TODAY
from tests.test_app import demo_user_for, sql_scalar

SINCE = SEED_TODAY - timedelta(days=90)
TOKEN = "tok-Sup3rSecret-9f8e7d"
WEBHOOK_PATH = "/services/T0AAAAAAA/B0BBBBBBB/xOxOxOxOxOxOxOxOxOxOxOxO"
APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")

# --- a recording HTTP server ----------------------------------------------------------------


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self):  # type: ignore[no-untyped-def]
        return json.loads(self.body.decode("utf-8"))


Reply = tuple[int, bytes] | tuple[int, bytes, dict[str, str]]


@dataclass
class Recorder:
    """A real HTTP server in a thread; ``respond`` decides each answer."""

    respond: Callable[[Received], Reply]
    received: list[Received] = field(default_factory=list)
    delay: float = 0.0

    def __post_init__(self) -> None:
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                request = Received(
                    self.command, self.path, dict(self.headers.items()), self.rfile.read(length)
                )
                recorder.received.append(request)
                if recorder.delay:
                    time.sleep(recorder.delay)
                status, body, *extra = recorder.respond(request)
                self.send_response(status)
                for name, value in (extra[0] if extra else {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = _any

            def log_message(self, *args: object) -> None:  # keep the test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def serve() -> Iterator[Callable[..., Recorder]]:
    started: list[Recorder] = []

    def start(respond: Callable[[Received], Reply], delay: float = 0.0) -> Recorder:
        started.append(Recorder(respond, delay=delay))
        return started[-1]

    yield start
    for recorder in started:
        recorder.close()


def free_port() -> int:
    """A port nobody listens on: connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class FakeConfluence:
    """Enough of Confluence's REST v1 to create and update pages by title, checking auth."""

    def __init__(self, user: str, token: str, fail: dict[str, int] | None = None) -> None:
        self.auth = "Basic " + base64.b64encode(f"{user}:{token}".encode()).decode()
        self.pages: dict[tuple[str, str], dict] = {}  # type: ignore[type-arg]
        self.fail = fail or {}

    def __call__(self, request: Received) -> Reply:
        if request.method in self.fail:  # an error answer that even echoes the credentials
            message = {"message": f"boom for {request.headers.get('Authorization')} ({TOKEN})"}
            return self.fail[request.method], json.dumps(message).encode()
        if request.headers.get("Authorization") != self.auth:
            return 401, b'{"message": "Basic authentication failed"}'
        url = urlsplit(request.path)
        if request.method == "GET" and url.path == "/wiki/rest/api/content":
            query = parse_qs(url.query)
            page = self.pages.get((query["spaceKey"][0], query["title"][0]))
            results = [{"id": page["id"], "version": {"number": page["version"]}}] if page else []
            return 200, json.dumps({"results": results}).encode()
        payload = request.json()
        key = (payload["space"]["key"], payload["title"])
        if request.method == "POST" and url.path == "/wiki/rest/api/content":
            if key in self.pages:
                return 400, b'{"message": "A page with this title already exists"}'
            self.pages[key] = {"id": str(100 + len(self.pages)), "version": 1, "payload": payload}
        elif request.method == "PUT" and url.path.startswith("/wiki/rest/api/content/"):
            page = next(p for p in self.pages.values() if p["id"] == url.path.rsplit("/", 1)[1])
            if payload["version"]["number"] != page["version"] + 1:
                return 409, b'{"message": "Version must be incremented"}'
            page.update(version=payload["version"]["number"], payload=payload)
        else:
            return 404, b"{}"
        page = self.pages[key]
        links = {"base": "https://wiki.example.org/wiki", "webui": f"/spaces/{key[0]}/pages/{page['id']}"}
        return 200, json.dumps(
            {"id": page["id"], "version": {"number": page["version"]}, "_links": links}
        ).encode()


# --- settings ---------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("PORTFOLIO_"):
            monkeypatch.delenv(name)


def share_settings(
    slack_url: str | None = None, confluence_url: str | None = None, **extra: object
) -> Settings:
    return Settings(
        public_url="https://portfolio.example.org/",
        slack_webhook_url=slack_url,
        confluence_url=confluence_url,
        confluence_space="PMO",
        confluence_user="pmo-bot@example.org",
        confluence_token=TOKEN,
        share_timeout_seconds=extra.pop("timeout", 2.0),
        **extra,
    )


def no_secret_in(text_: str) -> None:
    for secret in (TOKEN, WEBHOOK_PATH, WEBHOOK_PATH.rsplit("/", 1)[1], "tok-Sup3r"):
        assert secret not in text_
    assert base64.b64encode(f"pmo-bot@example.org:{TOKEN}".encode()).decode() not in text_


# --- the summary --------------------------------------------------------------------------------


STARTED_SQL = "SELECT count(*) FROM projects WHERE start_date <= :d"


def started_projects(engine: Engine, day: date) -> int:
    with engine.connect() as connection:
        return connection.execute(text(STARTED_SQL), {"d": day}).scalar_one()


def test_summary_counts_and_changes_equal_an_independent_count(demo_engine: Engine) -> None:
    settings = share_settings()
    viewer, filters = portfolio_viewer(), QueryFilters(as_of=SEED_TODAY)
    with demo_engine.connect() as connection:
        summary = summary_for(connection, viewer, filters, SINCE, settings)
        th = settings.rag_thresholds()
        now = health.portfolio_health(connection, viewer, filters, th).projects
        before = health.portfolio_health(connection, viewer, replace(filters, as_of=SINCE), th).projects

    assert summary.projects == started_projects(demo_engine, SEED_TODAY)
    counted = now["computed_overall"].value_counts()
    assert dict(summary.status_counts) == {
        s: int(counted.get(s, 0)) for s in ("red", "amber", "green", "grey")
    }
    assert sum(n for _, n in summary.status_counts) == summary.projects
    red_before = set(before.loc[before["computed_overall"] == "red", "code"])
    assert {c.code for c in summary.new_reds} == set(
        now.loc[now["computed_overall"] == "red", "code"]
    ) - red_before
    trouble_before = set(before.loc[before["computed_overall"].isin(["red", "amber"]), "code"])
    recovered = set(now.loc[now["computed_overall"] == "green", "code"]) & trouble_before
    assert {c.code for c in summary.recoveries} == recovered
    eac = now.set_index("code")["computed_eac"] - before.set_index("code")["computed_eac"]
    assert summary.net_eac_change == pytest.approx(float(eac[eac != 0].dropna().sum()))
    assert (
        summary.scope == "Whole portfolio" and summary.title == f"Portfolio summary {SEED_TODAY.isoformat()}"
    )
    assert summary.link == (
        f"https://portfolio.example.org/changes?as_of={SEED_TODAY.isoformat()}&since={SINCE.isoformat()}"
    )


def tricky_summary() -> MeetingSummary:
    """A hand-made summary whose names need escaping in both Slack and XHTML."""
    name = 'R&D <Core> "Apps" & <!channel>'
    change = StatusChange("RD-1", name, "Lab & <Co>", "amber", "red", "SPI 0.80 < 0.85")
    return MeetingSummary(
        as_of=date(2026, 11, 26),
        since=date(2026, 10, 27),
        scope="Programs RD",
        projects=3,
        status_counts=(("red", 1), ("amber", 1), ("green", 1), ("grey", 0)),
        new_reds=(change,),
        recoveries=(),
        slipped=(),
        eac_moves=(),
        currency="EUR",
        link="https://portfolio.example.org/changes?as_of=2026-11-26&since=2026-10-27&program=RD",
    )


# --- Slack ----------------------------------------------------------------------------------------


def test_slack_gets_the_counts_and_the_link(demo_engine: Engine, serve) -> None:  # type: ignore[no-untyped-def]
    hook = serve(lambda r: (200, b"ok"))
    settings = share_settings(slack_url=hook.base + WEBHOOK_PATH)
    with demo_engine.connect() as connection:
        summary = summary_for(connection, portfolio_viewer(), QueryFilters(as_of=SEED_TODAY), SINCE, settings)

    message = slack.post_to_slack(summary, settings)
    assert message == f"Posted “{summary.title}” to Slack ({hook.host})."
    [post] = hook.received
    assert (post.method, post.path) == ("POST", WEBHOOK_PATH)
    assert post.headers["Content-Type"].startswith("application/json")
    payload = post.json()
    fields = [f["text"] for b in payload["blocks"] for f in b.get("fields", [])]
    counted = dict(summary.status_counts)
    assert fields == [f"*{rag_label(s)}*\n{counted[s]}" for s in ("red", "amber", "green", "grey")]
    assert f"of {started_projects(demo_engine, SEED_TODAY)} projects" in json.dumps(
        payload, ensure_ascii=False
    )
    assert summary.link is not None and f"<{summary.link}|" in payload["blocks"][-1]["text"]["text"]
    assert payload["blocks"][0] == {"type": "header", "text": {"type": "plain_text", "text": summary.title}}


def test_slack_text_is_escaped() -> None:
    payload = json.dumps(slack.slack_payload(tricky_summary()), ensure_ascii=False)
    assert "R&amp;D &lt;Core&gt;" in payload and "&lt;!channel&gt;" in payload
    assert "<Core>" not in payload and "<!channel>" not in payload


def test_an_oversized_slack_message_is_refused_before_sending() -> None:
    summary = replace(
        tricky_summary(), new_reds=tuple(replace(c, rule="x" * 4000) for c in tricky_summary().new_reds)
    )
    with pytest.raises(ShareFailed, match="was not sent: it has a section of"):
        slack.check_payload(slack.slack_payload(summary))


@pytest.mark.parametrize("failure", ["500", "404", "refused", "timeout", "redirect"])
def test_a_failing_webhook_gives_a_clear_message_without_the_secret(  # type: ignore[no-untyped-def]
    failure: str, serve, caplog: pytest.LogCaptureFixture
) -> None:
    elsewhere = serve(lambda r: (200, b"ok"))
    answers = {
        "500": (500, f"oops at {WEBHOOK_PATH}".encode()),  # a server that echoes the path
        "404": (404, b"no_service"),
        "timeout": (200, b"ok"),
        "redirect": (302, b"", {"Location": elsewhere.base + "/steal"}),
    }
    hook = serve(lambda r: answers[failure], delay=1.5 if failure == "timeout" else 0.0)
    base = f"http://127.0.0.1:{free_port()}" if failure == "refused" else hook.base
    settings = share_settings(slack_url=base + WEBHOOK_PATH, timeout=0.5)
    caplog.set_level(logging.DEBUG)

    with pytest.raises(ShareFailed) as raised:
        slack.post_to_slack(tricky_summary(), settings)

    message = str(raised.value)
    expected = {
        "500": "answered HTTP 500: oops at ***",
        "404": "answered HTTP 404: no_service",
        "refused": "refused the connection",
        "timeout": "did not answer within 0.5 s",
        "redirect": "answered HTTP 302 (redirects are not followed)",
    }[failure]
    assert message.startswith(f"Slack at {urlsplit(base).netloc} ") and expected in message
    no_secret_in(message)
    no_secret_in(caplog.text)
    no_secret_in(repr(raised.value) + str(raised.value.__cause__) + str(raised.value.__context__))
    assert len(hook.received) == (0 if failure == "refused" else 1)  # one attempt, no retry
    assert elsewhere.received == []  # a redirect is not followed


# --- Confluence -----------------------------------------------------------------------------------


def test_confluence_creates_then_updates_the_page(demo_engine: Engine, serve) -> None:  # type: ignore[no-untyped-def]
    wiki = FakeConfluence("pmo-bot@example.org", TOKEN)
    server = serve(wiki)
    settings = share_settings(confluence_url=server.base + "/wiki")
    with demo_engine.connect() as connection:
        summary = summary_for(connection, portfolio_viewer(), QueryFilters(as_of=SEED_TODAY), SINCE, settings)

    first = confluence.publish_to_confluence(summary, settings)
    second = confluence.publish_to_confluence(summary, settings)

    assert (first.action, first.version, second.action, second.version) == ("created", 1, "updated", 2)
    assert first.page_id == second.page_id == "100"
    assert second.url == "https://wiki.example.org/wiki/spaces/PMO/pages/100"
    assert [(r.method, urlsplit(r.path).path) for r in server.received] == [
        ("GET", "/wiki/rest/api/content"),
        ("POST", "/wiki/rest/api/content"),
        ("GET", "/wiki/rest/api/content"),
        ("PUT", "/wiki/rest/api/content/100"),
    ]
    expected_auth = "Basic " + base64.b64encode(f"pmo-bot@example.org:{TOKEN}".encode()).decode()
    assert {r.headers["Authorization"] for r in server.received} == {expected_auth}
    page = wiki.pages[("PMO", summary.title)]
    assert page["version"] == 2
    body = page["payload"]["body"]["storage"]
    assert body["representation"] == "storage"
    root = ET.fromstring(f"<root>{body['value']}</root>")
    counts = {
        row[0].text: int(row[1].text) for row in root.iter("tr") if row[0].tag == "td" and len(row) == 2
    }
    assert counts == {rag_label(status): n for status, n in summary.status_counts}
    assert [a.get("href") for a in root.iter("a")] == [summary.link]


def test_storage_xhtml_is_well_formed_and_escapes_names() -> None:
    body = confluence.storage_body(tricky_summary())
    root = ET.fromstring(f"<root>{body}</root>")  # well-formed, or this raises
    cells = [td.text for td in root.iter("td")]
    assert 'R&D <Core> "Apps" & <!channel>' in cells and "Lab & <Co>" in cells and "SPI 0.80 < 0.85" in cells
    assert "<Core>" not in body and "R&amp;D &lt;Core&gt;" in body


@pytest.mark.parametrize(
    ("fail", "expected_calls", "status"),
    [
        ({"GET": 401}, ["GET"], 401),
        ({"GET": 500}, ["GET"], 500),
        ({"POST": 500}, ["GET", "POST"], 500),
        ({"PUT": 500}, ["GET", "PUT"], 500),
        ({"PUT": 404}, ["GET", "PUT"], 404),
    ],
)
def test_a_failing_confluence_stops_at_the_failed_call(  # type: ignore[no-untyped-def]
    fail: dict[str, int], expected_calls: list[str], status: int, serve, caplog: pytest.LogCaptureFixture
) -> None:
    wiki = FakeConfluence("pmo-bot@example.org", TOKEN)
    server = serve(wiki)
    settings = share_settings(confluence_url=server.base + "/wiki")
    summary = tricky_summary()
    if "PUT" in fail:  # the page exists already, so the publish is an update
        confluence.publish_to_confluence(summary, settings)
        server.received.clear()
    wiki.fail = fail
    caplog.set_level(logging.DEBUG)

    with pytest.raises(ShareFailed) as raised:
        confluence.publish_to_confluence(summary, settings)

    assert [r.method for r in server.received] == expected_calls  # nothing after the failure
    message = str(raised.value)
    assert message.startswith(f"Confluence at {server.host} answered HTTP {status}: boom for Basic *** (***)")
    assert raised.value.status == status
    no_secret_in(message)
    no_secret_in(caplog.text)


@pytest.mark.parametrize("failure", ["refused", "timeout"])
def test_an_unreachable_confluence_sends_nothing_more(failure: str, serve) -> None:  # type: ignore[no-untyped-def]
    wiki = FakeConfluence("pmo-bot@example.org", TOKEN)
    server = serve(wiki, delay=1.5 if failure == "timeout" else 0.0)
    base = f"http://127.0.0.1:{free_port()}" if failure == "refused" else server.base
    settings = share_settings(confluence_url=base + "/wiki", timeout=0.5)
    with pytest.raises(
        ShareFailed, match="refused the connection" if failure == "refused" else "did not answer"
    ):
        confluence.publish_to_confluence(tricky_summary(), settings)
    assert [r.method for r in server.received] == ([] if failure == "refused" else ["GET"])


# --- secrets and configuration ------------------------------------------------------------------


def test_secrets_stay_out_of_reprs_and_dumps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTFOLIO_SLACK_WEBHOOK_URL", "https://hooks.slack.com" + WEBHOOK_PATH)
    monkeypatch.setenv("PORTFOLIO_CONFLUENCE_TOKEN", TOKEN)
    settings = load_settings()
    assert settings.slack_webhook_url is not None and settings.confluence_token is not None
    assert settings.confluence_token.get_secret_value() == TOKEN
    for shown in (repr(settings), str(settings), settings.model_dump_json(), str(settings.model_dump())):
        no_secret_in(shown)


def test_missing_settings_are_named() -> None:
    empty = Settings()
    assert slack.missing_settings(empty) == [
        "PORTFOLIO_PUBLIC_URL",
        "PORTFOLIO_SLACK_WEBHOOK_URL (an https URL)",
    ]
    assert confluence.missing_settings(replace_settings(empty, confluence_space="PMO")) == [
        "PORTFOLIO_PUBLIC_URL",
        "PORTFOLIO_CONFLUENCE_URL",
        "PORTFOLIO_CONFLUENCE_USER",
        "PORTFOLIO_CONFLUENCE_TOKEN",
    ]
    with pytest.raises(ShareFailed, match="Slack is not configured: set PORTFOLIO_PUBLIC_URL"):
        slack.post_to_slack(tricky_summary(), empty)
    not_a_url = share_settings(slack_url="hooks.slack.com" + WEBHOOK_PATH)
    assert slack.missing_settings(not_a_url) == ["PORTFOLIO_SLACK_WEBHOOK_URL (an https URL)"]


def replace_settings(settings: Settings, **changes: object) -> Settings:
    return settings.model_copy(update=changes)


def test_a_bad_public_url_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard.settings import SettingsError

    monkeypatch.setenv("PORTFOLIO_PUBLIC_URL", "portfolio.example.org")
    with pytest.raises(SettingsError, match="PORTFOLIO_PUBLIC_URL: .*must be an http"):
        load_settings()


def test_the_summary_of_a_program_filter_names_it_in_title_and_link() -> None:
    import pandas as pd

    from dashboard.metrics.changes import PortfolioChanges

    empty = pd.DataFrame(
        columns=[
            "code",
            "name",
            "program",
            "computed_overall",
            "computed_overall_before",
            "computed_overall_rule",
        ]
    )
    changes = PortfolioChanges(
        empty,
        empty,
        pd.DataFrame(columns=["project_code", "name", "expected_before", "expected_now", "days_later"]),
        pd.DataFrame(columns=["code", "name", "computed_eac_before", "computed_eac", "eac_change"]),
    )
    projects = pd.DataFrame(
        {"computed_overall": ["red", "green", "green"], "program_code": ["CLD", "SEC", "SEC"]}
    )
    summary = build_summary(
        projects,
        changes,
        as_of=date(2026, 11, 26),
        since=date(2026, 10, 1),
        programs=("CLD", "SEC"),
        whole_portfolio=True,
        currency="USD",
        public_url="https://p.example.org/",
    )
    assert summary.title == "Portfolio summary 2026-11-26 · Programs CLD, SEC"
    assert (
        summary.link
        == "https://p.example.org/changes?as_of=2026-11-26&since=2026-10-01&program=CLD&program=SEC"
    )
    assert dict(summary.status_counts) == {"red": 1, "amber": 0, "green": 2, "grey": 0}
    narrow = build_summary(
        projects,
        changes,
        as_of=date(2026, 11, 26),
        since=date(2026, 10, 1),
        programs=(),
        whole_portfolio=False,
        currency="USD",
        public_url=None,
    )
    assert narrow.scope == "Programs CLD, SEC" and narrow.link is None  # a program manager's own programs


# --- the panel on the "What changed" page ------------------------------------------------------


def changes_page(url: str, role: Role, since: date = SINCE) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["demo_user"] = demo_user_for(url, role)
    at.query_params["since"] = since.isoformat()
    if SEED_TODAY != date.today():
        at.query_params["as_of"] = SEED_TODAY.isoformat()
    at.run()
    at.switch_page("../pages/changes.py")
    at.run()
    assert not at.exception, at.exception
    return at


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


@pytest.mark.usefixtures("fresh_streamlit")
def test_the_panel_says_which_settings_to_set(demo_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTFOLIO_DATABASE_URL", demo_sqlite_url)
    at = changes_page(demo_sqlite_url, Role.EXECUTIVE)
    assert [e.label for e in at.expander] == ["Share this summary"]
    assert (
        "Post to Slack: set PORTFOLIO_PUBLIC_URL, PORTFOLIO_SLACK_WEBHOOK_URL (an https URL) to enable."
        in captions(at)
    )
    assert "Publish to Confluence: set PORTFOLIO_PUBLIC_URL, PORTFOLIO_CONFLUENCE_URL" in captions(at)
    assert [b.key for b in at.button if b.key and b.key.startswith("share.")] == []


@pytest.mark.usefixtures("fresh_streamlit")
def test_the_panel_is_not_offered_to_a_project_manager(
    demo_sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORTFOLIO_DATABASE_URL", demo_sqlite_url)
    at = changes_page(demo_sqlite_url, Role.PROJECT_MANAGER)
    assert any("What changed" in t.value for t in at.title)
    assert "Share this summary" not in [e.label for e in at.expander]


@pytest.mark.usefixtures("fresh_streamlit")
def test_the_panel_posts_to_slack_and_publishes_to_confluence(  # type: ignore[no-untyped-def]
    demo_sqlite_url: str, monkeypatch: pytest.MonkeyPatch, serve
) -> None:
    hook = serve(lambda r: (200, b"ok"))
    wiki = FakeConfluence("pmo-bot@example.org", TOKEN)
    server = serve(wiki)
    for name, value in {
        "DATABASE_URL": demo_sqlite_url,
        "PUBLIC_URL": "https://portfolio.example.org",
        "SLACK_WEBHOOK_URL": hook.base + WEBHOOK_PATH,
        "CONFLUENCE_URL": server.base + "/wiki",
        "CONFLUENCE_SPACE": "PMO",
        "CONFLUENCE_USER": "pmo-bot@example.org",
        "CONFLUENCE_TOKEN": TOKEN,
    }.items():
        monkeypatch.setenv(f"PORTFOLIO_{name}", value)
    at = changes_page(demo_sqlite_url, Role.EXECUTIVE)
    assert hook.received == [] and server.received == []  # opening the page sends nothing

    at.button(key="share.slack").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [
        f"Posted “Portfolio summary {SEED_TODAY.isoformat()}” to Slack ({hook.host})."
    ]
    [post] = hook.received
    fields = [f["text"] for b in post.json()["blocks"] for f in b.get("fields", [])]
    started = sum(int(f.split("\n")[1]) for f in fields)
    assert started == sql_scalar(demo_sqlite_url, STARTED_SQL, d=SEED_TODAY.isoformat())
    assert server.received == []  # Slack only: the other destination is another click

    at.button(key="share.confluence").click().run()
    assert [s.value for s in at.success][0].startswith(
        f"Confluence page “Portfolio summary {SEED_TODAY.isoformat()}” created"
    )
    assert [r.method for r in server.received] == ["GET", "POST"] and len(hook.received) == 1


@pytest.mark.usefixtures("fresh_streamlit")
def test_the_panel_shows_a_failure_plainly(
    demo_sqlite_url: str, monkeypatch: pytest.MonkeyPatch, serve
) -> None:  # type: ignore[no-untyped-def]
    hook = serve(lambda r: (500, b"internal error"))
    monkeypatch.setenv("PORTFOLIO_DATABASE_URL", demo_sqlite_url)
    monkeypatch.setenv("PORTFOLIO_PUBLIC_URL", "https://portfolio.example.org")
    monkeypatch.setenv("PORTFOLIO_SLACK_WEBHOOK_URL", hook.base + WEBHOOK_PATH)
    at = changes_page(demo_sqlite_url, Role.EXECUTIVE)
    at.button(key="share.slack").click().run()
    assert not at.exception and not at.success
    [error] = [e.value for e in at.error]
    assert error.startswith(f"Slack at {hook.host} answered HTTP 500: internal error")
    assert "Nothing was published" in error
    no_secret_in(error)


def test_share_and_table_builders_do_not_import_streamlit() -> None:
    """ARCHITECTURE.md layering: these run from tests and scripts, without a Streamlit session."""
    import subprocess
    import sys

    code = (
        "import sys, dashboard.share.slack, dashboard.share.confluence, dashboard.table_export;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit'))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
