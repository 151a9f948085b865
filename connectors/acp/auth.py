"""How an ACP request proves who sent it: a Bearer API key, and, when a key is shared, a signature.

The spec makes signing RECOMMENDED and leaves the algorithm to the merchant (published out of
band); we sign as its webhooks do: HMAC-SHA256 over `Timestamp + "." + body` (the canonical
JSON bytes sent), base64url without padding in `Signature`, the RFC 3339 `Timestamp` beside it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable, Generator
from datetime import UTC, datetime
from typing import Any

import httpx


def canonical_json(value: Any) -> bytes:
    """`value` as canonical JSON (keys sorted, no whitespace, UTF-8): the bytes that are signed."""
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The `Signature` header for a request body sent at `timestamp` (RFC 3339)."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def rfc3339_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class AcpAuth(httpx.Auth):
    """Bearer `api_key` on every request; `Timestamp` and `Signature` too when a signing
    secret is configured (the merchant verifies the bytes it received, whatever their order)."""

    def __init__(
        self,
        api_key: str,
        signing_secret: str | None = None,
        *,
        clock: Callable[[], str] = rfc3339_now,
    ) -> None:
        self._api_key = api_key
        self._signing_secret = signing_secret
        self._clock = clock

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._api_key}"
        if self._signing_secret is not None:
            timestamp = self._clock()
            request.headers["Timestamp"] = timestamp
            request.headers["Signature"] = signature(
                self._signing_secret, timestamp, request.read()
            )
        yield request

    def __repr__(self) -> str:  # never the key itself
        return f"AcpAuth(signing={'on' if self._signing_secret else 'off'})"
