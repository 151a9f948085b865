"""Copies the runs that workers recorded in their own trace files into the main trace database."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import sqlite_utils

from agentcli.trace import migrations
from agentcli.trace.store import Store

SKIPPED = {migrations.MIGRATIONS_TABLE, "sqlite_sequence"}


def merge_traces(db_path: Path, sources: Iterable[Path]) -> int:
    """Append every row of every table of `sources` to `db_path`; return the runs copied.

    Both sides come from the same migrations. Tables are copied generically (so tables other
    parts add later come along); an INTEGER PRIMARY KEY column is left out and renumbered.
    """
    store = Store.open(db_path)
    copied = 0
    try:
        db = store.db
        tables = [t for t in db.table_names() if t not in SKIPPED and not t.startswith("sqlite_")]
        for source in sources:
            db.execute("ATTACH DATABASE ? AS worker", [str(source)])
            try:
                theirs = {
                    r[0]
                    for r in db.execute(
                        "SELECT name FROM worker.sqlite_master WHERE type = 'table'"
                    ).fetchall()
                }
                with db.atomic():
                    for table in (t for t in _parents_first(tables) if t in theirs):
                        columns = _copied_columns(db, table)
                        names = ", ".join(f'"{c}"' for c in columns)
                        db.execute(
                            f'INSERT INTO main."{table}" ({names}) '
                            f'SELECT {names} FROM worker."{table}"'
                        )
                copied += db.execute("SELECT COUNT(*) FROM worker.runs").fetchone()[0]
            finally:
                db.execute("DETACH DATABASE worker")
    finally:
        store.close()
    return copied


def _parents_first(tables: list[str]) -> list[str]:
    """runs before events, sagas before saga steps: foreign keys are on."""
    order = {"runs": 0, "sagas": 1}
    return sorted(tables, key=lambda t: (order.get(t, 2), t))


def _copied_columns(db: sqlite_utils.Database, table: str) -> list[str]:
    rows = db.execute(f'PRAGMA main.table_info("{table}")').fetchall()
    # (cid, name, type, notnull, default, pk): a lone INTEGER primary key is a rowid alias
    int_pk = [r for r in rows if r[5] and str(r[2]).upper() == "INTEGER"]
    skip = {int_pk[0][1]} if len(int_pk) == 1 and sum(1 for r in rows if r[5]) == 1 else set()
    return [r[1] for r in rows if r[1] not in skip]
