"""Idempotency-Key records: the first response to a key is stored and replayed.

A response is stored once the operation has been tried, refusals included, so a retry sees the
same answer; the same key with a different request is a conflict the vendor reports its own way.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

MAX_KEY_LENGTH = 255

SCHEMA = """
CREATE TABLE idempotency (
    key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Stored:
    fingerprint: str
    status: int
    body: Any


def fingerprint(method: str, path: str, query: list[tuple[str, str]], body: Any) -> str:
    """What "the same request" means: method, path, sorted query and the parsed body."""
    request = {"method": method.upper(), "path": path, "query": sorted(query), "body": body}
    return hashlib.sha256(json.dumps(request, sort_keys=True).encode("utf-8")).hexdigest()


def clean_key(raw: str | None) -> str | None:
    """The header value stripped; blank counts as absent; None when too long is the caller's."""
    if raw is None or not raw.strip():
        return None
    return raw.strip()


def lookup(conn: sqlite3.Connection, key: str) -> Stored | None:
    row = conn.execute(
        "SELECT fingerprint, status, body FROM idempotency WHERE key = ?", (key,)
    ).fetchone()
    return None if row is None else Stored(row[0], row[1], json.loads(row[2]))


def save(
    conn: sqlite3.Connection, key: str, request_fingerprint: str, status: int, body: Any
) -> None:
    conn.execute(
        "INSERT INTO idempotency (key, fingerprint, status, body) VALUES (?, ?, ?, ?)",
        (key, request_fingerprint, status, json.dumps(body)),
    )
