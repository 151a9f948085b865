"""`Idempotency-Key` as the ACP RFC says: scoped to the endpoint, equal bodies replay, no 5xx kept.

"The same body" is semantic JSON equality (key order and `1.0` versus `1` do not matter, array
order and `null` versus absent do), so the fingerprint hashes a canonical form of the parsed
body. A record with status 0 marks a request still in flight; one left behind by a crash is
taken over once it is older than `IN_FLIGHT_STALE` seconds.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from sandbox.acp.errors import AcpError

MAX_KEY_LENGTH = 255
RETENTION = 24 * 3600.0
"""Seconds a key's answer is kept (the RFC's minimum); a later reuse is a new request."""
IN_FLIGHT_STALE = 30.0
RETRY_AFTER = "1"


@dataclass(frozen=True)
class Stored:
    """The first answer to a key."""

    status: int
    body: Any


def _normal(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value


def fingerprint(raw: bytes) -> str:
    """The request body's identity: its canonical JSON, or its bytes when it is not JSON."""
    try:
        text = json.dumps(_normal(json.loads(raw)), sort_keys=True, separators=(",", ":"))
    except (ValueError, RecursionError):
        return "raw:" + hashlib.sha256(raw).hexdigest()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def checked_key(raw: str | None) -> str:
    """The header's key, or the RFC's 400 when it is missing or too long."""
    if raw is None or not raw.strip():
        raise AcpError(
            400,
            "idempotency_key_required",
            "Idempotency-Key header is required on all POST requests",
        )
    if len(raw) > MAX_KEY_LENGTH:
        raise AcpError(
            400,
            "invalid",
            f"Idempotency-Key is longer than {MAX_KEY_LENGTH} characters",
            param="Idempotency-Key",
        )
    return raw


def claim(conn: sqlite3.Connection, scope: str, key: str, print_: str, now: float) -> Stored | None:
    """The stored answer to replay, or None after marking the request in flight.

    Raises the RFC's 422 for the same key with a different body, 409 while the first is running.
    """
    row = conn.execute(
        "SELECT fingerprint, status, body, created_at FROM idempotency WHERE scope = ? AND key = ?",
        (scope, key),
    ).fetchone()
    if row is not None and now - row[3] < (RETENTION if row[1] else IN_FLIGHT_STALE):
        if row[0] != print_:
            raise AcpError(
                422,
                "idempotency_conflict",
                "Idempotency-Key has already been used with a different request body",
            )
        if row[1] == 0:
            raise AcpError(
                409,
                "idempotency_in_flight",
                "A request with this Idempotency-Key is currently being processed",
                headers={"Retry-After": RETRY_AFTER},
            )
        return Stored(row[1], json.loads(row[2]))
    conn.execute(
        "INSERT OR REPLACE INTO idempotency (scope, key, fingerprint, status, body, created_at)"
        " VALUES (?, ?, ?, 0, 'null', ?)",
        (scope, key, print_, now),
    )
    return None


def settle(conn: sqlite3.Connection, scope: str, key: str, status: int, body: Any) -> None:
    """Keep the answer for replays; a 5xx or a 409 (busy, retry) is forgotten, so a retry with
    the key runs afresh."""
    if status >= 500 or status == 409:
        conn.execute("DELETE FROM idempotency WHERE scope = ? AND key = ?", (scope, key))
        return
    conn.execute(
        "UPDATE idempotency SET status = ?, body = ? WHERE scope = ? AND key = ?",
        (status, json.dumps(body), scope, key),
    )
