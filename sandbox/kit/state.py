"""A vendor's SQLite state file: pristine images, short transactions, canonical JSON."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from sandbox.kit import kept

BUSY_TIMEOUT_MS = 10_000


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces: equal values give equal text (and equal hashes)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def install_image(path: Path, image: bytes) -> None:
    """Write a serialised SQLite image to `path` atomically, replacing any old state."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".init")
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(image)
        conn = sqlite3.connect(tmp_name)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.close()
        # a stale -wal beside the new file would be replayed into it
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def build_image(schema: str, rows: dict[str, list[tuple[Any, ...]]]) -> bytes:
    """An in-memory database with `schema` and `rows` (table → tuples), serialised."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(schema)
        for table, values in rows.items():
            if values:
                marks = ", ".join("?" for _ in values[0])
                conn.executemany(f"INSERT INTO {table} VALUES ({marks})", values)
        conn.commit()
        return conn.serialize()
    finally:
        conn.close()


class StateFile:
    """One connection per transaction, so a reset file is always picked up; connections are
    reused only for a file whose owner resets it itself (`sandbox.kit.kept`)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._key = kept.key(self.path)

    def _connect(self) -> sqlite3.Connection:
        if not self.path.is_file():
            raise FileNotFoundError(f"no vendor state at {self.path}: run init_db first")
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA synchronous = NORMAL")
        return conn

    def read(self) -> AbstractContextManager[sqlite3.Connection]:
        """A consistent snapshot; nothing is written."""
        return kept.read_transaction(self._key, self._connect)

    def write(self) -> AbstractContextManager[sqlite3.Connection]:
        """One transaction holding the write lock: committed at the end, rolled back on error."""
        return kept.write_transaction(self._key, self._connect)


@contextmanager
def savepoint(conn: sqlite3.Connection) -> Iterator[None]:
    """Undo everything done in the block if it raises."""
    conn.execute("SAVEPOINT operation")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK TO operation")
        conn.execute("RELEASE operation")
        raise
    conn.execute("RELEASE operation")


def meta_counter(conn: sqlite3.Connection, name: str) -> int:
    """Advance and return the named counter in the `meta` table (ids stay deterministic)."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (name,)).fetchone()
    value = int(row[0]) + 1 if row else 1
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (name, str(value)),
    )
    return value
