"""What ACP asks of every request before the merchant reads it: the Bearer API key, a supported
`API-Version`, and, when the client signs, a valid `Signature` over a fresh `Timestamp`.

Signing, which the spec leaves to be agreed out of band, is here: `Signature` is the unpadded
base64url HMAC-SHA256, keyed with the signing secret, of `{Timestamp}.{body}`, the body as sent
or as canonical JSON (sorted keys, no spaces, UTF-8); `Timestamp` is RFC 3339 and at most
`SKEW` seconds off.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from datetime import datetime

from sandbox.acp.contract import status_for
from sandbox.acp.errors import AcpError, error_body
from sandbox.asgi import ASGIApp, Receive, Scope, Send, header, read_body, replay, send_json

VERSIONS = ("2026-01-30", "2026-04-17")
"""The `API-Version`s this merchant answers, each per that version's documents."""
SKEW = 300.0


def negotiated(value: str | None) -> str:
    """The request's `API-Version`, or the RFC's 400 naming the supported ones."""
    supported = ", ".join(VERSIONS)
    if value is None or not value.strip():
        raise AcpError(
            400, "missing_api_version", f"API-Version header is required (supported: {supported})"
        )
    if value.strip() not in VERSIONS:
        raise AcpError(
            400,
            "unsupported_api_version",
            f"API-Version {value.strip()[:40]!r} is not supported (supported: {supported})",
        )
    return value.strip()


def canonical(body: bytes) -> bytes:
    """The canonical JSON of a request body (the body itself when it is not JSON)."""
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        return body
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signature(key: str, timestamp: str, body: bytes, *, raw: bool = False) -> str:
    """The `Signature` a client sends for `body` at `timestamp`: over the body's canonical
    JSON, or (`raw`) over the bytes as sent; the merchant accepts either."""
    signed = body if raw else canonical(body)
    digest = hmac.new(key.encode(), timestamp.encode() + b"." + signed, hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")


def check_signature(key: str, signed: str, timestamp: str | None, body: bytes, now: float) -> None:
    """Refuse a signature that does not match, or one whose timestamp is missing or stale."""
    if timestamp is None:
        raise AcpError(400, "invalid_signature", "A signed request needs a Timestamp header")
    try:
        moment = datetime.fromisoformat(timestamp.strip().replace("Z", "+00:00"))
    except ValueError:
        raise AcpError(400, "invalid_signature", "Timestamp is not an RFC 3339 time") from None
    if moment.tzinfo is None or abs(moment.timestamp() - now) > SKEW:
        raise AcpError(
            400, "invalid_signature", f"Timestamp is more than {SKEW:.0f} s from the server's clock"
        )
    expected = {signature(key, timestamp, body, raw=True), signature(key, timestamp, body)}
    if not any(hmac.compare_digest(signed.strip(), one) for one in expected):
        raise AcpError(400, "invalid_signature", "Signature does not match the request body")


class ApiKeyAuth:
    """ASGI middleware: the merchant's Bearer API key, and request signatures where sent (POSTs:
    the signature covers the body)."""

    def __init__(
        self,
        app: ASGIApp,
        key: str,
        *,
        signing_secret: str,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.app = app
        self.key = key
        self.signing_secret = signing_secret
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = header(scope, b"authorization") or ""
        scheme, _, token = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            token.strip().encode(), self.key.encode()
        ):
            status = status_for(scope["method"], scope["path"], 401)
            body = error_body(401, "unauthorized", "A valid Bearer API key is required")
            challenge = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
            await send_json(send, status, body, challenge)
            return
        signed = header(scope, b"signature")
        if signed is not None and scope["method"] == "POST":
            raw = await read_body(receive)
            try:
                stamp = header(scope, b"timestamp")
                check_signature(self.signing_secret, signed, stamp, raw, self.clock())
            except AcpError as error:
                await send_json(send, error.status, error.body())
                return
            receive = replay(raw, receive)
        await self.app(scope, receive, send)
