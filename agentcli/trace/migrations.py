"""Append-only schema migrations: add a new function at the end, never edit a shipped one."""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]
MIGRATIONS: list[tuple[str, Migration]] = []
MIGRATIONS_TABLE = "_agentcli_migrations"
CHAIN_HEAD_MIGRATION = "m005_chain_head"


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append((fn.__name__, fn))
    return fn


@migration
def m001_runs_and_events(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE runs (
            id TEXT PRIMARY KEY,
            started_at REAL NOT NULL,
            finished_at REAL,
            status TEXT NOT NULL,
            command TEXT NOT NULL,
            planner TEXT,
            model TEXT,
            prompt_version TEXT,
            prompt_hash TEXT,
            config_hash TEXT,
            connectors_mode TEXT,
            cassette TEXT,
            parent_run TEXT,
            user_id TEXT,
            outcome TEXT,
            metrics TEXT NOT NULL DEFAULT '{}'
        )
        """
    )
    db.execute(
        """
        CREATE TABLE events (
            run_id TEXT NOT NULL REFERENCES runs(id),
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            ts REAL NOT NULL,
            span_id TEXT NOT NULL,
            parent_span_id TEXT,
            payload TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            PRIMARY KEY (run_id, seq)
        )
        """
    )
    db.execute("CREATE INDEX events_kind ON events(run_id, kind)")


@migration
def m002_saga_journal(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE sagas (
            id TEXT PRIMARY KEY,
            run_id TEXT NOT NULL,
            name TEXT NOT NULL,
            status TEXT NOT NULL,
            input TEXT NOT NULL,
            outputs TEXT NOT NULL DEFAULT '{}',
            error TEXT,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE saga_steps (
            saga_id TEXT NOT NULL REFERENCES sagas(id),
            idx INTEGER NOT NULL,
            name TEXT NOT NULL,
            phase TEXT NOT NULL,
            status TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            result TEXT,
            error TEXT,
            updated_at REAL NOT NULL,
            PRIMARY KEY (saga_id, idx, phase)
        )
        """
    )
    db.execute("CREATE INDEX sagas_status ON sagas(status)")
    db.execute(
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            saga_id TEXT NOT NULL,
            run_id TEXT NOT NULL,
            type TEXT NOT NULL,
            payload TEXT NOT NULL,
            created_at REAL NOT NULL,
            published_at REAL
        )
        """
    )


@migration
def m003_saga_recovery(db: sqlite_utils.Database) -> None:
    """Who runs a saga, where it failed, what an operator must do; unpublished outbox rows."""
    db.execute("ALTER TABLE sagas ADD COLUMN owner TEXT")
    db.execute("ALTER TABLE sagas ADD COLUMN failed_step TEXT")
    db.execute("ALTER TABLE sagas ADD COLUMN operator_message TEXT")
    db.execute("CREATE INDEX sagas_run ON sagas(run_id)")
    db.execute("CREATE INDEX outbox_unpublished ON outbox(run_id) WHERE published_at IS NULL")


@migration
def m004_suite_results(db: sqlite_utils.Database) -> None:
    """One row per suite case run by `agentcli test`: its verdict and expected actions."""
    db.execute(
        """
        CREATE TABLE suite_results (
            id INTEGER PRIMARY KEY,
            run_id TEXT,
            case_id TEXT NOT NULL,
            suite TEXT NOT NULL,
            path TEXT NOT NULL,
            status TEXT NOT NULL,
            failures TEXT NOT NULL DEFAULT '[]',
            expected_actions TEXT,
            actual_actions TEXT NOT NULL DEFAULT '[]',
            duration REAL NOT NULL,
            created_at REAL NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX suite_results_run ON suite_results(run_id)")
    db.execute("CREATE INDEX suite_results_created ON suite_results(created_at)")


@migration
def m005_chain_head(db: sqlite_utils.Database) -> None:
    """The run row keeps its audit chain's head, event count, sealing key id and seal."""
    db.execute("ALTER TABLE runs ADD COLUMN chain_count INTEGER")
    db.execute("ALTER TABLE runs ADD COLUMN chain_head TEXT")
    db.execute("ALTER TABLE runs ADD COLUMN chain_key TEXT")
    db.execute("ALTER TABLE runs ADD COLUMN chain_seal TEXT")


@migration
def m006_run_variant(db: sqlite_utils.Database) -> None:
    """The experiment variant a run was recorded under (`agentcli experiment`), for selectors."""
    db.execute("ALTER TABLE runs ADD COLUMN variant TEXT")
    db.execute("CREATE INDEX runs_variant ON runs(variant) WHERE variant IS NOT NULL")


def apply(db: sqlite_utils.Database) -> list[str]:
    """Apply every migration not yet recorded; return the names applied.

    Two processes may open a new trace database at once (a chat and `runs show` in another
    terminal): each migration runs under the write lock and only if it is still not recorded
    once the lock is held, so the second process never applies it twice.
    """
    db.execute(
        f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (name TEXT PRIMARY KEY, applied_at REAL)"
    )
    if _recorded(db) >= {name for name, _ in MIGRATIONS}:
        return []  # the usual case: nothing to do, no write lock taken
    applied = []
    for name, fn in MIGRATIONS:
        with db.atomic():  # BEGIN IMMEDIATE: one process at a time from here
            if name in _recorded(db):
                continue
            fn(db)
            db.execute(
                f"INSERT INTO {MIGRATIONS_TABLE} (name, applied_at) VALUES (?, julianday('now'))",
                [name],
            )
        applied.append(name)
    return applied


def _recorded(db: sqlite_utils.Database) -> set[str]:
    return {row[0] for row in db.execute(f"SELECT name FROM {MIGRATIONS_TABLE}").fetchall()}
