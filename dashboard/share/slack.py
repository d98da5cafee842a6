"""The meeting summary as a Slack Block Kit message, posted to an incoming webhook.

The webhook URL is the credential (anyone holding it can post): it is a SecretStr in
settings and never appears in a message or log, only its host does.
"""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import urlsplit

from dashboard.formatting import day, money
from dashboard.rag_style import rag_label
from dashboard.settings import Settings
from dashboard.share.summary import MeetingSummary
from dashboard.share.transport import ShareFailed, host_of, send

logger = logging.getLogger(__name__)
SERVICE = "Slack"
MAX_LINES = 8  # per list; the link opens the rest
# Block Kit limits (api.slack.com/reference/block-kit/blocks)
MAX_BLOCKS, MAX_SECTION, MAX_HEADER, MAX_FIELD = 50, 3000, 150, 2000


def _webhook(settings: Settings) -> str:
    return settings.slack_webhook_url.get_secret_value().strip() if settings.slack_webhook_url else ""


def missing_settings(settings: Settings) -> list[str]:
    """The variables still to set (or fix) before posting; empty when ready."""
    missing = [] if settings.public_url else ["PORTFOLIO_PUBLIC_URL"]
    parts = urlsplit(_webhook(settings))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        missing.append("PORTFOLIO_SLACK_WEBHOOK_URL (an https URL)")
    return missing


def escape(text: str) -> str:
    """Slack mrkdwn control characters (also stops <!channel> style mentions)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _list(title: str, lines: list[str], empty: str) -> dict[str, Any]:
    shown = lines[:MAX_LINES]
    if len(lines) > MAX_LINES:
        shown.append(f"…and {len(lines) - MAX_LINES} more in the dashboard")
    body = "\n".join(f"• {line}" for line in shown) if lines else f"_{empty}_"
    return _section(f"*{escape(title)} ({len(lines)})*\n{body}")


def slack_payload(summary: MeetingSummary) -> dict[str, Any]:
    """Block Kit JSON, with a plain ``text`` for notifications and screen readers."""
    counts = ", ".join(f"{rag_label(status)} {count}" for status, count in summary.status_counts)
    net = summary.net_eac_change
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": summary.title[:MAX_HEADER]}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": escape(summary.period)}]},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": f"*Computed status of {summary.projects} projects*"},
            "fields": [
                {"type": "mrkdwn", "text": f"*{rag_label(status)}*\n{count}"}
                for status, count in summary.status_counts
            ],
        },
        {"type": "divider"},
        _list(
            "New reds",
            [f"`{escape(c.code)}` {escape(c.name)}: {escape(c.rule)}" for c in summary.new_reds],
            "No project turned red.",
        ),
        _list(
            "Recoveries",
            [
                f"`{escape(c.code)}` {escape(c.name)} ({escape(rag_label(c.before))} → green)"
                for c in summary.recoveries
            ],
            "No project recovered to green.",
        ),
        _list(
            "Milestones that slipped",
            [
                f"`{escape(s.project_code)}` {escape(s.milestone)}: {day(s.expected_before)} → "
                f"{day(s.expected_now)} (+{s.days_later} days)"
                for s in summary.slipped
            ],
            "No milestone moved later.",
        ),
        _list(
            f"Forecast cost (EAC) changes, net {_signed(net, summary.currency)}",
            [
                f"`{escape(m.code)}` {escape(m.name)}: {_signed(m.change, summary.currency)}"
                f" (now {money(m.now, summary.currency, compact=True)})"
                for m in summary.eac_moves
            ],
            "No estimate at completion changed.",
        ),
    ]
    if summary.link:
        blocks.append(
            _section(f"<{summary.link}|Open the dashboard: what changed since {day(summary.since)}>")
        )
    text = f"{summary.title}: {counts}. {len(summary.new_reds)} new red, {len(summary.recoveries)} recovered."
    return {"text": text, "blocks": blocks}


def _signed(value: float, currency: str) -> str:
    return ("+" if value > 0 else "") + money(value, currency, compact=True)


def check_payload(payload: dict[str, Any]) -> bytes:
    """The JSON to send, after checking Slack's size limits (so Slack never gets half a message)."""
    blocks = payload["blocks"]
    problems = [f"{len(blocks)} blocks (Slack allows {MAX_BLOCKS})"] if len(blocks) > MAX_BLOCKS else []
    for block in blocks:
        text = block.get("text", {}).get("text", "")
        limit = MAX_HEADER if block["type"] == "header" else MAX_SECTION
        if len(text) > limit:
            problems.append(f"a {block['type']} of {len(text)} characters (Slack allows {limit})")
        problems += [
            f"a field over {MAX_FIELD} characters"
            for f in block.get("fields", [])
            if len(f["text"]) > MAX_FIELD
        ]
    if problems:
        raise ShareFailed(
            "The Slack message was not sent: it has " + "; ".join(problems) + ".",
            service=SERVICE,
            host="Slack",
        )
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def post_to_slack(summary: MeetingSummary, settings: Settings) -> str:
    """Post once; returns the sentence to show. Raises ShareFailed (nothing posted)."""
    if missing := missing_settings(settings):
        raise ShareFailed(
            "Slack is not configured: set " + ", ".join(missing) + ".", service=SERVICE, host="Slack"
        )
    body = check_payload(slack_payload(summary))
    url = _webhook(settings)
    path = urlsplit(url).path
    secrets = [url, path, *(segment for segment in path.split("/") if len(segment) >= 8)]
    send(
        "POST",
        url,
        service=SERVICE,
        timeout=settings.share_timeout_seconds,
        body=body,
        headers={"Content-Type": "application/json; charset=utf-8"},
        secrets=secrets,
    )
    logger.info("Meeting summary %r posted to Slack at %s", summary.title, host_of(url))
    return f"Posted “{summary.title}” to Slack ({host_of(url)})."
