"""The ACP merchant's pristine state: no checkout sessions, no orders, no idempotency records."""

from __future__ import annotations

import functools
from pathlib import Path

from sandbox.kit.state import build_image, install_image

SCHEMA = """
CREATE TABLE sessions (
    seq INTEGER PRIMARY KEY, session_id TEXT NOT NULL UNIQUE, status TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE TABLE orders (
    seq INTEGER PRIMARY KEY, order_id TEXT NOT NULL UNIQUE, session_id TEXT NOT NULL UNIQUE,
    payment_intent TEXT NOT NULL, amount INTEGER NOT NULL, currency TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE TABLE idempotency (
    scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL, body TEXT NOT NULL, created_at REAL NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
"""`idempotency.status` 0 marks a request still in flight (its response not yet known)."""


@functools.lru_cache(maxsize=1)
def pristine_image() -> bytes:
    return build_image(SCHEMA, {"meta": [("schema_version", "1")]})


def init_db(path: Path) -> None:
    """Create (or overwrite) the ACP merchant's pristine state at `path`."""
    install_image(Path(path), pristine_image())
