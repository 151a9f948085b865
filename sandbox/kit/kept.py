"""Vendor state connections kept open between transactions, for files whose owner says so.

By default every transaction opens its own connection and closes it, so a state file that
someone replaces or resets is always picked up. Opening one costs more than most sandbox
requests (the connect, the WAL-index mapping, the schema parse), so a process that resets its
files itself — the pristine worlds of `agentcli test` — calls `keep(path)`: connections to that
file then go back to an idle list instead of closing. It must call `drop(path)` before it
touches the file (that closes every idle connection; one in use closes when given back), and
`forget(path)` when it is done with it.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

_idle: dict[str, list[sqlite3.Connection]] = {}
"""Idle connections by file, for the files being kept; a drop replaces the list."""
_lock = threading.Lock()


def key(path: Path | str) -> str:
    """The name a file is kept under (absolute, without touching the file system)."""
    return os.path.abspath(path)


def keep(path: Path | str) -> None:
    """Keep connections to `path` open between transactions from now on."""
    with _lock:
        _idle.setdefault(key(path), [])


def kept(path: Path | str) -> bool:
    return key(path) in _idle


def drop(path: Path | str) -> None:
    """Close every idle connection to `path` (still kept): call it before changing the file."""
    with _lock:
        stale = _idle.get(key(path))
        if stale is None:
            return
        _idle[key(path)] = []
    for conn in stale:
        conn.close()


def forget(path: Path | str) -> None:
    """Stop keeping connections to `path`, closing the idle ones."""
    drop(path)
    with _lock:
        _idle.pop(key(path), None)


def forget_under(directory: Path | str) -> None:
    """`forget` every kept file in `directory` (for an owner that was never closed)."""
    prefix = key(directory) + os.sep
    for name in [name for name in list(_idle) if name.startswith(prefix)]:
        forget(name)


_inherited: list[sqlite3.Connection] = []
"""Connections a forked child got from its parent: never used, and never closed (a close
could act on a file the parent still uses)."""


def _after_fork_in_child() -> None:
    global _lock
    _lock = threading.Lock()
    for idle in _idle.values():
        _inherited.extend(idle)
    _idle.clear()


os.register_at_fork(after_in_child=_after_fork_in_child)


@contextmanager
def connection(
    name: str, open_connection: Callable[[], sqlite3.Connection]
) -> Iterator[sqlite3.Connection]:
    """A connection to the file kept as `name` (see `key`), idle or new; given back (or closed
    when the file is not kept, was dropped meanwhile, or a transaction is left open) after."""
    idle = _idle.get(name)
    conn: sqlite3.Connection | None = None
    if idle:
        try:
            conn = idle.pop()
        except IndexError:  # another thread took the last one
            conn = None
    if conn is None:
        conn = open_connection()
    try:
        yield conn
    finally:
        if idle is None or conn.in_transaction or not _give_back(name, idle, conn):
            conn.close()


def _give_back(name: str, idle: list[sqlite3.Connection], conn: sqlite3.Connection) -> bool:
    with _lock:
        if _idle.get(name) is not idle:
            return False  # dropped while in use
        idle.append(conn)
        return True


@contextmanager
def read_transaction(
    name: str, open_connection: Callable[[], sqlite3.Connection]
) -> Iterator[sqlite3.Connection]:
    """A consistent snapshot on a (kept or new) connection; nothing is written."""
    with connection(name, open_connection) as conn:
        try:
            conn.execute("BEGIN")
            yield conn
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")


@contextmanager
def write_transaction(
    name: str, open_connection: Callable[[], sqlite3.Connection]
) -> Iterator[sqlite3.Connection]:
    """One transaction holding the write lock: committed at the end, rolled back on error."""
    with connection(name, open_connection) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
