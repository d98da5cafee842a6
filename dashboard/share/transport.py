"""One HTTP request, one attempt, a clear failure: the standard library's urllib only.

Why no retries: a retried POST can publish twice; the person clicking sees the failure
and decides. Why redirects are refused: following one would resend the credentials
(Authorization header, webhook body) to whatever host the redirect names.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)
_MAX_ANSWER = 1_000_000  # bytes read from an answer; ours are small JSON or "ok"
_DETAIL_CHARS = 200


class ShareFailed(RuntimeError):
    """Sending failed and nothing more was sent. The message names the service, the host
    and the HTTP status or network problem; it never contains a token or a webhook path."""

    def __init__(self, message: str, *, service: str, host: str, status: int | None = None) -> None:
        super().__init__(message)
        self.service, self.host, self.status = service, host, status


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes

    def json(self, service: str, host: str) -> Any:
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise ShareFailed(
                f"{service} at {host} gave an answer that is not JSON (HTTP {self.status}).",
                service=service,
                host=host,
                status=self.status,
            ) from None


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None  # urllib then raises the 3xx as an HTTPError


_OPENER = urllib.request.build_opener(_RefuseRedirects)


def host_of(url: str) -> str:
    """``host`` or ``host:port`` of a URL: what an error message may say about where."""
    parts = urlsplit(url)
    host = parts.hostname or "an unknown host"
    return f"{host}:{parts.port}" if parts.port else host


def scrub(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret (longest first) replaced by ``***``."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def _detail(body: bytes, secrets: Iterable[str]) -> str:
    """A short, secret-free excerpt of an error answer (Confluence explains its 4xx)."""
    text = body[:_MAX_ANSWER].decode("utf-8", errors="replace")
    try:
        parsed = json.loads(text)
        if isinstance(parsed, Mapping) and isinstance(parsed.get("message"), str):
            text = parsed["message"]
    except ValueError:
        pass
    text = " ".join(scrub(text, secrets).split())[:_DETAIL_CHARS]
    return f": {text}" if text else ""


def send(
    method: str,
    url: str,
    *,
    service: str,
    timeout: float,
    headers: Mapping[str, str] | None = None,
    body: bytes | None = None,
    secrets: Iterable[str] = (),
) -> Answer:
    """Make the request once; any HTTP error, refusal or timeout raises ShareFailed."""
    host = host_of(url)
    secrets = list(secrets)
    request = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))

    def failed(message: str, status: int | None = None) -> ShareFailed:
        message = scrub(message, secrets)
        logger.warning("%s", message)
        return ShareFailed(message, service=service, host=host, status=status)

    try:
        with _OPENER.open(request, timeout=timeout) as response:
            answer = Answer(response.status, response.read(_MAX_ANSWER))
    except urllib.error.HTTPError as exc:
        detail = _detail(exc.read(), secrets)
        redirect = " (redirects are not followed)" if 300 <= exc.code < 400 else ""
        raise failed(f"{service} at {host} answered HTTP {exc.code}{redirect}{detail}", exc.code) from None
    except TimeoutError:
        raise failed(f"{service} at {host} did not answer within {timeout:g} s") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise failed(f"{service} at {host} did not answer within {timeout:g} s") from None
        if isinstance(reason, ConnectionRefusedError):
            raise failed(f"{service} at {host} refused the connection (is the address right?)") from None
        raise failed(f"{service} at {host} could not be reached: {reason}") from None
    except OSError as exc:  # connection reset and the like
        raise failed(f"{service} at {host} could not be reached: {exc.strerror or exc}") from None
    logger.info("%s %s to %s: HTTP %s", service, method, host, answer.status)
    return answer
