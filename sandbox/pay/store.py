"""The pay vendor's SQLite file: schema, connections, deterministic ids, canonical JSON."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from contextlib import AbstractContextManager
from functools import partial
from pathlib import Path
from typing import Any

from sandbox.kit import kept

SCHEMA = """
CREATE TABLE counter (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
INSERT INTO counter (id, value) VALUES (1, 0);
CREATE TABLE intents (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    payment_method TEXT NOT NULL,
    customer TEXT NOT NULL,
    description TEXT,
    metadata TEXT NOT NULL,
    status TEXT NOT NULL,
    amount_capturable INTEGER NOT NULL,
    amount_received INTEGER NOT NULL,
    amount_refunded INTEGER NOT NULL,
    created INTEGER NOT NULL
);
CREATE INDEX intents_by_customer ON intents (customer, seq);
CREATE TABLE refunds (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    payment_intent TEXT NOT NULL REFERENCES intents (id),
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL,
    created INTEGER NOT NULL
);
CREATE INDEX refunds_by_intent ON refunds (payment_intent, seq);
CREATE TABLE idempotency (
    key TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    created INTEGER NOT NULL
);
"""

BUSY_TIMEOUT_S = 10.0


def init_db(path: Path) -> None:
    """Create pristine, empty pay state at `path`, replacing whatever was there."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A stale -wal beside a new file would be replayed into it, so the side files go too.
    for stale in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        stale.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # the owner's only
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(f"BEGIN; {SCHEMA} COMMIT;")
    finally:
        db.close()


def connect(path: Path) -> sqlite3.Connection:
    """Open the existing state file (never create an empty one by accident)."""
    db = sqlite3.connect(
        f"{Path(path).resolve().as_uri()}?mode=rw",
        uri=True,
        timeout=BUSY_TIMEOUT_S,
        isolation_level=None,
        check_same_thread=False,
    )
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA foreign_keys=ON")
    return db


def write_transaction(path: Path) -> AbstractContextManager[sqlite3.Connection]:
    """One write transaction that holds the write lock from its first statement (on a kept
    connection when the file's owner keeps them: `kit.kept`)."""
    return kept.write_transaction(kept.key(path), partial(connect, path))


def read_snapshot(path: Path) -> AbstractContextManager[sqlite3.Connection]:
    """A consistent read of the state file."""
    return kept.read_transaction(kept.key(path), partial(connect, path))


def next_id(db: sqlite3.Connection, prefix: str) -> str:
    """The next object id, `prefix_` + 24 hex chars derived from the file's counter."""
    row = db.execute("UPDATE counter SET value = value + 1 RETURNING value").fetchone()
    digest = hashlib.sha256(f"pay:{row[0]}".encode()).hexdigest()
    return f"{prefix}_{digest[:24]}"


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: equal values give equal text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
