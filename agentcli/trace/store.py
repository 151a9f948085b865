"""The one class that owns the trace database: runs, events, saga journal, outbox."""

from __future__ import annotations

import contextlib
import functools
import json
import sqlite3
import time
from collections.abc import Generator, Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.utils import dedupe_keys

from agentcli import paths
from agentcli.trace import migrations
from agentcli.trace.chain import GENESIS, ChainHead, ChainKey
from agentcli.trace.events import TraceEvent
from errortree import AgentcliError, UserError

RUN_FIELDS = (
    "command",
    "planner",
    "model",
    "prompt_version",
    "prompt_hash",
    "config_hash",
    "connectors_mode",
    "cassette",
    "parent_run",
    "user_id",
)
UPDATABLE = frozenset({"status", "outcome", "metrics", "started_at", "finished_at"})
"""Columns a run gets after it is created, besides RUN_FIELDS."""


EVENT_COLUMNS = (
    "run_id",
    "seq",
    "kind",
    "ts",
    "span_id",
    "parent_span_id",
    "payload",
    "prev_hash",
    "hash",
)
_INSERT_EVENT = (
    f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(EVENT_COLUMNS))})"
)
EventRow = tuple[str, int, str, float, str, str | None, str, str, str]
"""An event as the recorder hands it to the store: the values of EVENT_COLUMNS, in order."""
_SET_HEAD = f"UPDATE runs SET {' = ?, '.join(ChainHead.COLUMNS)} = ? WHERE id = ?"
"""Moves a run's sealed head: the values of `ChainHead.COLUMNS`, then the run's id."""
_ROWS_PER_INSERT = 100
"""Events per multi-row INSERT: 900 parameters, under SQLite's oldest limit (999)."""


@functools.cache
def _insert_rows(count: int) -> str:
    row = f"({', '.join('?' * len(EVENT_COLUMNS))})"
    return f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES {', '.join([row] * count)}"


_NESTED = "agentcli_nested"
"""The name of every savepoint `_Database.atomic` opens inside a transaction."""


class _Database(sqlite_utils.Database):
    """sqlite-utils whose transactions take the write lock up front (`BEGIN IMMEDIATE`).

    A deferred transaction that reads and then writes fails at once with "database is locked"
    when another process committed in between (WAL cannot upgrade a stale snapshot); taking
    the lock first makes it wait its turn instead, so several agentcli processes (chats, a
    resume, suite workers) can share one trace database.

    A block inside an open transaction is a savepoint, always of the same name (SQLite
    releases or rolls back the innermost one of a name): sqlite-utils names each one afresh,
    new SQL text that SQLite compiles every time.
    """

    @contextlib.contextmanager
    def atomic(self) -> Generator[sqlite_utils.Database, None, None]:
        conn = self.conn
        if conn.in_transaction:
            conn.execute(f"SAVEPOINT {_NESTED}")
            try:
                yield self
            except BaseException:
                # an error that ended the whole transaction took the savepoint with it
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO {_NESTED}")
                    conn.execute(f"RELEASE {_NESTED}")
                raise
            conn.execute(f"RELEASE {_NESTED}")
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise

    def query(
        self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None
    ) -> Generator[dict[str, Any], None, None]:
        """sqlite-utils' `query`; a plain SELECT runs as it is, without the savepoint that
        sqlite-utils puts around every statement in case it does not return rows (a SELECT
        always does): two statements and a parse of the SQL text fewer per read."""
        if self._tracer or sql[:6].upper() != "SELECT":
            return super().query(sql, params)
        cursor = self.conn.execute(sql, () if params is None else params)
        keys = dedupe_keys(d[0] for d in cursor.description)
        return (dict(zip(keys, row, strict=True)) for row in cursor)


def write_one(
    db: sqlite_utils.Database, sql: str, params: Sequence[Any] | dict[str, Any] = ()
) -> sqlite3.Cursor:
    """One statement: a transaction of its own, or, inside one already open, run as it is.

    A statement is atomic by itself (SQLite undoes a failed one), so the savepoint `atomic`
    would open around it inside a transaction (a suite case runs in one) adds two statements
    and changes nothing.
    """
    if db.conn.in_transaction:
        return db.execute(sql, params)
    with db.atomic():
        return db.execute(sql, params)


def like_literal(text: str) -> str:
    """`text` as a literal inside a LIKE pattern with `ESCAPE '\\'` (`%` and `_` match only
    themselves)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class StoreError(UserError):
    """The trace database cannot be used: missing, corrupt, foreign or too new."""


class RunNotFound(AgentcliError):
    """No run matches the id or prefix given."""


class Store:
    """SQLite through sqlite-utils, in WAL mode, migrated on open.

    Runs are sealed with `chain_key`: by default the local secret key, read when first needed.
    """

    def __init__(
        self, db: sqlite_utils.Database, path: Path | None, chain_key: ChainKey | None = None
    ) -> None:
        self.db = db
        self.path = path
        self._chain_key = chain_key

    @property
    def chain_key(self) -> ChainKey:
        if self._chain_key is None:
            from agentcli.replay.secretkey import load_key

            self._chain_key = ChainKey(load_key())
        return self._chain_key

    @classmethod
    def open(
        cls,
        path: Path | str | None,
        *,
        chain_key: ChainKey | None = None,
        timeout: float | None = None,
    ) -> Store:
        """Open (creating when absent) the store at `path`; None means in memory.

        A write waits up to `timeout` seconds (default $AGENTCLI_DB_TIMEOUT, 30) for another
        process's write lock, then fails with sqlite3.OperationalError ("database is locked").
        """
        if path is None:
            db = sqlite_utils.Database(memory=True)
            migrations.apply(db)
            return cls(db, None, chain_key)
        path = Path(path)
        if path.is_dir():
            raise StoreError(f"{path} is a directory, not a trace database file")
        try:
            paths.make_private_dir(path.parent)
            paths.create_private_file(path)  # SQLite gives its -wal and -shm the same mode
        except OSError as exc:
            raise StoreError(f"cannot create {path}: {exc.strerror}") from exc
        try:
            conn = sqlite3.connect(
                str(path), timeout=paths.db_timeout() if timeout is None else timeout
            )
            db = _Database(conn)
            _check_is_ours(db, path)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            migrations.apply(db)
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{path} is not a usable agentcli trace database ({exc}); "
                "point --db at another file or move this one away"
            ) from exc
        return cls(db, path, chain_key)

    def close(self) -> None:
        self.db.close()

    # -- runs -------------------------------------------------------------------------------

    def create_run(self, run_id: str, **fields: Any) -> None:
        unknown = set(fields) - set(RUN_FIELDS)
        if unknown:
            raise ValueError(f"unknown run fields: {sorted(unknown)}")
        # an empty chain, sealed: a run with its head removed cannot pass for an old one
        head = self.chain_key.head(run_id, 0, GENESIS)
        row = {
            "id": run_id,
            "started_at": time.time(),
            "status": "running",
            **fields,
            **head.columns(),
        }
        # plain SQL: sqlite-utils' insert inspects the table first, which costs more than a
        # whole short suite case spends in the store
        sql = f"INSERT INTO runs ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})"
        write_one(self.db, sql, list(row.values()))

    def update_run(self, run_id: str, **fields: Any) -> None:
        unknown = set(fields) - set(RUN_FIELDS) - UPDATABLE
        if unknown:
            raise ValueError(f"unknown run fields: {sorted(unknown)}")
        if "metrics" in fields and not isinstance(fields["metrics"], str):
            fields["metrics"] = json.dumps(fields["metrics"], sort_keys=True)
        if not fields:
            return
        assignments = ", ".join(f"{name} = ?" for name in fields)
        write_one(
            self.db, f"UPDATE runs SET {assignments} WHERE id = ?", [*fields.values(), run_id]
        )

    def finish_run(self, run_id: str, *, status: str, outcome: str, metrics: dict) -> None:
        self.update_run(
            run_id, status=status, outcome=outcome, metrics=metrics, finished_at=time.time()
        )

    def resolve_run(self, id_or_prefix: str) -> str:
        """The full run id for an id or a unique prefix of one (`latest` means the newest)."""
        if id_or_prefix == "latest":
            row = self.db.execute("SELECT id FROM runs ORDER BY id DESC LIMIT 1").fetchone()
            if row is None:
                raise RunNotFound("there are no runs yet")
            return str(row[0])
        rows = self.db.execute(
            "SELECT id FROM runs WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 2",
            [like_literal(id_or_prefix.upper()) + "%"],
        ).fetchall()
        if not rows:
            raise RunNotFound(f"no run matches {id_or_prefix!r}")
        if len(rows) > 1:
            raise RunNotFound(f"{id_or_prefix!r} matches several runs; give more of the id")
        return str(rows[0][0])

    def get_run(self, run_id: str) -> dict[str, Any]:
        rows = list(self.db.query("SELECT * FROM runs WHERE id = ?", [run_id]))
        if not rows:
            raise RunNotFound(f"no run {run_id}")
        return _decode_run(rows[0])

    def list_runs(
        self, limit: int = 50, where: str = "1", params: Iterable[Any] = ()
    ) -> list[dict[str, Any]]:
        """The newest runs; `where` a condition over `runs` (a run selector's SQL)."""
        sql = f"""
            SELECT runs.*, (SELECT COUNT(*) FROM events WHERE events.run_id = runs.id) AS events
            FROM runs WHERE {where} ORDER BY id DESC LIMIT ?
        """
        return [_decode_run(row) for row in self.db.query(sql, [*params, limit])]

    # -- events -----------------------------------------------------------------------------

    def append_events(self, rows: list[EventRow]) -> None:
        """Insert the next linked events of one run and move its sealed head, in one transaction.

        Rows are already JSON-ready text, and many go in one INSERT statement: no per-value
        type inspection as in sqlite-utils, no per-row statement as in executemany.
        """
        if not rows:
            return
        run_id, seq, *_, digest = rows[-1]
        key = self.chain_key
        # the head's columns as `ChainHead.columns()` orders them, without the object: a
        # recorder moves the head at every flush
        head = [seq, digest, key.key_id, key.seal(run_id, seq, digest), run_id]
        with self.db.atomic():
            for start in range(0, len(rows), _ROWS_PER_INSERT):
                chunk = rows[start : start + _ROWS_PER_INSERT]
                self.db.conn.execute(_insert_rows(len(chunk)), list(chain.from_iterable(chunk)))
            self.db.execute(_SET_HEAD, head)

    def import_events(
        self, run_id: str, rows: Iterable[dict[str, Any]], head: ChainHead | None
    ) -> None:
        """Insert events linked elsewhere, with the head their run row had there (if any)."""
        values = [tuple(row[c] for c in EVENT_COLUMNS) for row in rows]
        with self.db.atomic():
            self.db.conn.executemany(_INSERT_EVENT, values)
            self._set_head(run_id, head)

    def _set_head(self, run_id: str, head: ChainHead | None) -> None:
        self.db.execute(_SET_HEAD, [*(head.columns().values() if head else (None,) * 4), run_id])

    def chain_heads_since(self) -> float | None:
        """When (epoch seconds) this database began sealing chain heads."""
        row = self.db.execute(
            f"SELECT applied_at FROM {migrations.MIGRATIONS_TABLE} WHERE name = ?",
            [migrations.CHAIN_HEAD_MIGRATION],
        ).fetchone()
        return (float(row[0]) - 2440587.5) * 86400.0 if row and row[0] is not None else None

    def events(self, run_id: str, kinds: Iterable[str] | None = None) -> Iterator[TraceEvent]:
        sql = "SELECT * FROM events WHERE run_id = ?"
        params: list[Any] = [run_id]
        if kinds:
            kinds = list(kinds)
            sql += f" AND kind IN ({','.join('?' * len(kinds))})"
            params += kinds
        for row in self.db.query(sql + " ORDER BY seq", params):
            yield TraceEvent(**{**row, "payload": json.loads(row["payload"])})

    def raw_events(self, run_id: str) -> Iterator[dict[str, Any]]:
        """Rows as stored (payload still JSON text), for verifying the audit chain."""
        yield from self.db.query("SELECT * FROM events WHERE run_id = ? ORDER BY seq", [run_id])

    def chain_of(self, run_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The run row and its raw events read in one snapshot (a recorder may be appending)."""
        conn = self.db.conn
        own = not conn.in_transaction
        if own:
            conn.execute("BEGIN")
        try:
            return self.get_run(run_id), list(self.raw_events(run_id))
        finally:
            if own:
                conn.execute("ROLLBACK")

    def last_event(self, run_id: str) -> tuple[int, str] | None:
        row = self.db.execute(
            "SELECT seq, hash FROM events WHERE run_id = ? ORDER BY seq DESC LIMIT 1", [run_id]
        ).fetchone()
        return (int(row[0]), str(row[1])) if row else None

    def run_ids(self) -> list[str]:
        return [str(r[0]) for r in self.db.execute("SELECT id FROM runs ORDER BY id").fetchall()]

    def run_ids_since(self, started_at: float) -> list[str]:
        """The runs started at or after `started_at` (epoch seconds), oldest first."""
        rows = self.db.execute(
            "SELECT id FROM runs WHERE started_at >= ? ORDER BY id", [started_at]
        ).fetchall()
        return [str(r[0]) for r in rows]


def _decode_run(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    try:
        out["metrics"] = json.loads(out.get("metrics") or "{}")
    except ValueError:
        out["metrics"] = {}
    return out


def _check_is_ours(db: sqlite_utils.Database, path: Path) -> None:
    tables = set(db.table_names())
    if not tables:
        return
    if migrations.MIGRATIONS_TABLE not in tables:
        raise StoreError(
            f"{path} is a SQLite database of something else (tables: "
            f"{', '.join(sorted(tables)[:5])}), not an agentcli trace store"
        )
    known = {name for name, _ in migrations.MIGRATIONS}
    applied = {
        r[0] for r in db.execute(f"SELECT name FROM {migrations.MIGRATIONS_TABLE}").fetchall()
    }
    if applied - known:
        raise StoreError(f"{path} was written by a newer agentcli; upgrade to read it")
