"""The meeting summary as a Confluence page (storage format), created or updated by title.

REST v1 (``{base}/rest/api/content``), basic auth with a user and an API token. Order:
build and check the whole page first, then look the title up in the space, then one
create (POST) or one update (PUT, version + 1). Whatever fails, nothing else is sent:
no create after a failed update, no retry.
"""

from __future__ import annotations

import base64
import json
import logging
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import quote, urlencode

from dashboard.formatting import day, money
from dashboard.rag_style import rag_label
from dashboard.settings import Settings
from dashboard.share.summary import MeetingSummary
from dashboard.share.transport import Answer, ShareFailed, host_of, send

logger = logging.getLogger(__name__)
SERVICE = "Confluence"
MAX_ROWS = 100  # per table; the link opens the rest


@dataclass(frozen=True)
class Published:
    action: str  # "created" or "updated"
    page_id: str
    version: int
    url: str | None

    def sentence(self, title: str) -> str:
        where = f": {self.url}" if self.url else ""
        return f"Confluence page “{title}” {self.action} (version {self.version}){where}."


def missing_settings(settings: Settings) -> list[str]:
    """The variables still to set before publishing; empty when ready."""
    wanted = {
        "PORTFOLIO_PUBLIC_URL": settings.public_url,
        "PORTFOLIO_CONFLUENCE_URL": settings.confluence_url,
        "PORTFOLIO_CONFLUENCE_SPACE": settings.confluence_space,
        "PORTFOLIO_CONFLUENCE_USER": settings.confluence_user,
        "PORTFOLIO_CONFLUENCE_TOKEN": settings.confluence_token.get_secret_value()
        if settings.confluence_token
        else None,
    }
    return [name for name, value in wanted.items() if not (value and value.strip())]


def _table(headers: list[str], rows: list[list[str]], empty: str) -> str:
    if not rows:
        return f"<p><em>{escape(empty)}</em></p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows[:MAX_ROWS]
    )
    more = f"<p>…and {len(rows) - MAX_ROWS} more in the dashboard.</p>" if len(rows) > MAX_ROWS else ""
    return f"<table><tbody><tr>{head}</tr>{body}</tbody></table>{more}"


def _signed(value: float, currency: str) -> str:
    return ("+" if value > 0 else "") + money(value, currency)


def storage_body(summary: MeetingSummary) -> str:
    """Confluence storage-format XHTML; every piece of data goes through ``html.escape``."""
    cur = summary.currency
    parts = [
        f"<p>{escape(summary.period)}. Computed status from schedule, budget and risk data, "
        "each date as it was known then.</p>",
        f"<h2>Computed status of {summary.projects} projects</h2>",
        _table(
            ["Status", "Projects"], [[rag_label(s), str(n)] for s, n in summary.status_counts], "No projects."
        ),
        f"<h2>New reds ({len(summary.new_reds)})</h2>",
        _table(
            ["Code", "Project", "Program", "Before", "Why now"],
            [
                [c.code, c.name, c.program, rag_label(c.before) if c.before else "not started", c.rule]
                for c in summary.new_reds
            ],
            "No project turned red.",
        ),
        f"<h2>Recoveries ({len(summary.recoveries)})</h2>",
        _table(
            ["Code", "Project", "Program", "Before"],
            [[c.code, c.name, c.program, rag_label(c.before)] for c in summary.recoveries],
            "No project recovered to green.",
        ),
        f"<h2>Milestones that slipped ({len(summary.slipped)})</h2>",
        _table(
            ["Project", "Milestone", "Expected before", "Expected now", "Days later"],
            [
                [s.project_code, s.milestone, day(s.expected_before), day(s.expected_now), str(s.days_later)]
                for s in summary.slipped
            ],
            "No milestone moved later.",
        ),
        f"<h2>Forecast cost (EAC) changes ({len(summary.eac_moves)})</h2>",
        f"<p>Net change: {escape(_signed(summary.net_eac_change, cur))}</p>" if summary.eac_moves else "",
        _table(
            ["Code", "Project", f"EAC before ({cur})", f"EAC now ({cur})", f"Change ({cur})"],
            [
                [m.code, m.name, money(m.before, cur), money(m.now, cur), _signed(m.change, cur)]
                for m in summary.eac_moves
            ],
            "No estimate at completion changed.",
        ),
    ]
    if summary.link:
        parts.append(
            f'<p><a href="{escape(summary.link)}">Open the dashboard: what changed since '
            f"{escape(day(summary.since))}</a></p>"
        )
    return "".join(parts)


def check_body(body: str) -> None:
    """Well-formed XHTML or nothing is sent (Confluence would reject it half-way)."""
    try:
        ET.fromstring(f"<root>{body}</root>")
    except ET.ParseError as exc:
        raise ShareFailed(
            f"The Confluence page was not sent: its XHTML is malformed ({exc}).",
            service=SERVICE,
            host="Confluence",
        ) from None


def page_payload(summary: MeetingSummary, space: str) -> dict[str, Any]:
    """The create payload; an update adds ``id`` and ``version``."""
    body = storage_body(summary)
    check_body(body)
    return {
        "type": "page",
        "title": summary.title,
        "space": {"key": space},
        "body": {"storage": {"value": body, "representation": "storage"}},
    }


def _page_url(answer: dict[str, Any], base: str) -> str | None:
    links = answer.get("_links")
    if isinstance(links, dict) and isinstance(links.get("webui"), str):
        return str(links.get("base") or base) + links["webui"]
    return None


def _lenient_json(answer: Answer) -> dict[str, Any]:
    """The answer to a create or update that succeeded (2xx): the page is published even if
    the answer is odd, so an odd answer only loses the link, it is not a failure."""
    try:
        parsed = json.loads(answer.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _existing_page(found: Any, host: str) -> tuple[str, int] | None:
    """(id, version) of the page the title search found, None when there is none."""
    results = found.get("results") if isinstance(found, dict) else None
    if not isinstance(results, list):
        raise ShareFailed(
            f"Confluence at {host} gave an unexpected answer to the page search.", service=SERVICE, host=host
        )
    if not results:
        return None
    try:
        return str(results[0]["id"]), int(results[0]["version"]["number"])
    except (KeyError, TypeError, ValueError):
        raise ShareFailed(
            f"Confluence at {host} did not give the existing page's id and version.",
            service=SERVICE,
            host=host,
        ) from None


def _basic_auth(settings: Settings) -> tuple[str, str]:
    """(token, header value): both are secrets to keep out of messages."""
    assert settings.confluence_token is not None
    token = settings.confluence_token.get_secret_value()
    credentials = base64.b64encode(f"{settings.confluence_user}:{token}".encode()).decode("ascii")
    return token, f"Basic {credentials}"


def publish_to_confluence(summary: MeetingSummary, settings: Settings) -> Published:
    """Create the page, or update the page of that title in the space. Raises ShareFailed."""
    if missing := missing_settings(settings):
        raise ShareFailed(
            "Confluence is not configured: set " + ", ".join(missing) + ".",
            service=SERVICE,
            host="Confluence",
        )
    assert settings.confluence_url and settings.confluence_space
    base, space = settings.confluence_url, settings.confluence_space.strip()
    payload = page_payload(summary, space)  # built and checked before anything is sent
    token, authorization = _basic_auth(settings)
    headers = {
        "Authorization": authorization,
        "Accept": "application/json",
        "Content-Type": "application/json; charset=utf-8",
        "X-Atlassian-Token": "no-check",
    }
    host = host_of(base)

    def call(method: str, url: str, data: dict[str, Any] | None = None) -> Answer:
        body = None if data is None else json.dumps(data, ensure_ascii=False).encode("utf-8")
        return send(
            method,
            url,
            service=SERVICE,
            timeout=settings.share_timeout_seconds,
            headers=headers,
            body=body,
            secrets=[token, authorization.removeprefix("Basic ")],
        )

    query = urlencode({"title": summary.title, "spaceKey": space, "expand": "version"})
    existing = _existing_page(call("GET", f"{base}/rest/api/content?{query}").json(SERVICE, host), host)
    if existing is None:
        answer = _lenient_json(call("POST", f"{base}/rest/api/content", payload))
        result = Published("created", str(answer.get("id", "")), 1, _page_url(answer, base))
    else:
        page_id, version = existing
        update = payload | {"id": page_id, "version": {"number": version + 1}}
        answer = _lenient_json(call("PUT", f"{base}/rest/api/content/{quote(page_id)}", update))
        result = Published("updated", page_id, version + 1, _page_url(answer, base))
    logger.info("Meeting summary %r %s on Confluence at %s", summary.title, result.action, host)
    return result
