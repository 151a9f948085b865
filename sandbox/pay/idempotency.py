"""Idempotency-Key records: the first response to a key is stored and replayed, like Stripe.

A response is stored once the endpoint has started to act, so a decline or a wrong-state error
is replayed too; a request refused as malformed (`parameter_invalid`) stores nothing.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from typing import Any

from sandbox.pay.errors import idempotency_key_reused
from sandbox.pay.store import canonical_json


@dataclass(frozen=True)
class StoredResponse:
    status: int
    body: str


def fingerprint(method: str, path: str, body: Any) -> str:
    """What makes two requests the same: method, path and the canonical JSON body."""
    return hashlib.sha256(canonical_json([method.upper(), path, body]).encode()).hexdigest()


def lookup(db: sqlite3.Connection, key: str, request_fingerprint: str) -> StoredResponse | None:
    """The stored response for `key`, None if the key is new; a different request is refused."""
    row = db.execute(
        "SELECT fingerprint, status, body FROM idempotency WHERE key = ?", (key,)
    ).fetchone()
    if row is None:
        return None
    if row["fingerprint"] != request_fingerprint:
        raise idempotency_key_reused(key)
    return StoredResponse(row["status"], row["body"])


def save(
    db: sqlite3.Connection,
    key: str,
    request_fingerprint: str,
    response: StoredResponse,
    now: int,
) -> None:
    db.execute(
        "INSERT INTO idempotency (key, fingerprint, status, body, created) VALUES (?, ?, ?, ?, ?)",
        (key, request_fingerprint, response.status, response.body, now),
    )
