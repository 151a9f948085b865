"""Read-only queries over the trace database for the inspector: paged, indexed, thread-safe.

The inspector never loads a whole run: it asks for pages of events by seq and for the next
event matching a predicate, so a run of any length opens as fast as a short one. Every string
it hands the screens has passed `agentcli.safe_text`, so no recorded text can drive the terminal.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from agentcli.safe_text import terminal_line, terminal_value
from agentcli.trace.store import like_literal
from agentcli.tui.rows import EventRow, RunSummary

Jump = Literal["failure", "compensation", "write"]

FAILURE_SQL = """(
    kind IN ('action_invalid', 'step_failed', 'compensation_failed', 'error')
    OR (kind = 'http_exchange' AND (json_extract(payload, '$.error') IS NOT NULL
                                    OR json_extract(payload, '$.status') >= 400))
    OR (kind = 'action_result' AND json_extract(payload, '$.ok') = 0)
    OR (kind = 'saga_finished' AND json_extract(payload, '$.status') != 'completed')
    OR (kind = 'policy_decision' AND json_extract(payload, '$.outcome') = 'block')
    OR (kind = 'approval_resolved' AND json_extract(payload, '$.approved') = 0)
)"""
JUMP_SQL: dict[str, str] = {
    "failure": FAILURE_SQL,
    "compensation": "(kind = 'compensation_started')",
    "write": "(kind = 'action_proposed' AND json_extract(payload, '$.effect') = 'write')",
}
TEXT_SQL = "(kind LIKE ? ESCAPE '\\' OR payload LIKE ? ESCAPE '\\')"
"""Events containing a text (`%` and `_` in it are literal)."""
_EVENT_COLUMNS = "seq, kind, ts, span_id, parent_span_id, payload"
_RUN_COLUMNS = (
    "id, started_at, finished_at, status, command, planner, model, prompt_version, parent_run, "
    "outcome, metrics, (SELECT MAX(seq) FROM events WHERE events.run_id = runs.id) AS events"
)


class TraceReader:
    """One read-only connection shared by the inspector's worker threads, behind a lock."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path | str) -> TraceReader:
        uri = f"{Path(path).resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=30.0)
        return cls(conn)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    # -- runs -------------------------------------------------------------------------------

    def runs(self, limit: int = 500) -> list[RunSummary]:
        rows = self._rows(
            f"SELECT {_RUN_COLUMNS}, {self._variant()} FROM runs ORDER BY id DESC LIMIT ?", [limit]
        )
        return [_summary(row) for row in rows]

    def run(self, run_id: str) -> RunSummary | None:
        rows = self._rows(
            f"SELECT {_RUN_COLUMNS}, {self._variant()} FROM runs WHERE id = ?", [run_id]
        )
        return _summary(rows[0]) if rows else None

    def _variant(self) -> str:
        """The experiment variant column, or NULL in a database from before it (read-only:
        the inspector never migrates)."""
        columns = {str(row[1]) for row in self._rows("PRAGMA table_info(runs)")}
        return "variant" if "variant" in columns else "NULL"

    def cassette(self, run_id: str) -> str | None:
        """Where the run's cassette was written (None: it was not recorded)."""
        rows = self._rows("SELECT cassette FROM runs WHERE id = ?", [run_id])
        return str(rows[0][0]) if rows and rows[0][0] else None

    def latest_run(self) -> str | None:
        rows = self._rows("SELECT id FROM runs ORDER BY id DESC LIMIT 1")
        return str(rows[0][0]) if rows else None

    # -- events -----------------------------------------------------------------------------

    def last_seq(self, run_id: str) -> int:
        rows = self._rows("SELECT MAX(seq) FROM events WHERE run_id = ?", [run_id])
        return int(rows[0][0] or 0)

    def page(self, run_id: str, first_seq: int, count: int) -> list[EventRow]:
        """Events first_seq .. first_seq + count - 1, in order (a primary-key range scan)."""
        rows = self._rows(
            f"SELECT {_EVENT_COLUMNS} FROM events WHERE run_id = ? AND seq >= ? AND seq < ? "
            "ORDER BY seq",
            [run_id, first_seq, first_seq + count],
        )
        return [_event(row) for row in rows]

    def event(self, run_id: str, seq: int) -> EventRow | None:
        page = self.page(run_id, seq, 1)
        return page[0] if page else None

    def all_events(self, run_id: str) -> list[EventRow]:
        rows = self._rows(
            f"SELECT {_EVENT_COLUMNS} FROM events WHERE run_id = ? ORDER BY seq", [run_id]
        )
        return [_event(row) for row in rows]

    def next_match(
        self,
        run_id: str,
        after_seq: int,
        jump: Jump | None = None,
        text: str | None = None,
        *,
        backwards: bool = False,
    ) -> int | None:
        """The seq of the nearest event after (or before) `after_seq` that is a `jump` or
        contains `text`; None when there is none."""
        where = JUMP_SQL[jump] if jump else TEXT_SQL
        params: list[Any] = [run_id, after_seq]
        if not jump:
            literal = like_literal(text or "")
            params += [f"%{literal}%", f"%{literal}%"]
        compare, order = ("<", "DESC") if backwards else (">", "ASC")
        rows = self._rows(
            f"SELECT seq FROM events WHERE run_id = ? AND seq {compare} ? AND {where} "
            f"ORDER BY seq {order} LIMIT 1",
            params,
        )
        return int(rows[0][0]) if rows else None

    def last_before(self, run_id: str, seq: int, kind: str, window: int = 5000) -> EventRow | None:
        """The nearest event of `kind` at or before `seq` (looking back at most `window`)."""
        rows = self._rows(
            f"SELECT {_EVENT_COLUMNS} FROM events WHERE run_id = ? AND seq <= ? AND seq > ? "
            "AND kind = ? ORDER BY seq DESC LIMIT 1",
            [run_id, seq, seq - window, kind],
        )
        return _event(rows[0]) if rows else None

    def saga_events(self, run_id: str, saga_id: str, from_seq: int, to_seq: int) -> list[EventRow]:
        """The ledger events of one saga between two seqs (inclusive)."""
        rows = self._rows(
            f"SELECT {_EVENT_COLUMNS} FROM events WHERE run_id = ? AND seq >= ? AND seq <= ? "
            "AND (kind LIKE 'saga\\_%' ESCAPE '\\' OR kind LIKE 'step\\_%' ESCAPE '\\' "
            "OR kind LIKE 'compensation\\_%' ESCAPE '\\') "
            "AND json_extract(payload, '$.saga_id') = ? ORDER BY seq",
            [run_id, from_seq, to_seq, saga_id],
        )
        return [_event(row) for row in rows]


def _event(row: tuple[Any, ...]) -> EventRow:
    seq, kind, ts, span, parent, payload = row
    try:
        decoded = json.loads(payload)
    except ValueError:
        decoded = {"_undecodable": payload}
    return EventRow(
        int(seq),
        terminal_line(kind),
        float(ts),
        terminal_line(span),
        None if parent is None else terminal_line(parent),
        terminal_value(decoded),
    )


def _summary(row: tuple[Any, ...]) -> RunSummary:
    (
        run_id,
        started,
        finished,
        status,
        command,
        planner,
        model,
        prompt_version,
        parent,
        outcome,
        metrics,
        events,
        variant,
    ) = row
    try:
        figures = json.loads(metrics or "{}")
    except ValueError:
        figures = {}
    return RunSummary(
        terminal_line(run_id),
        float(started),
        finished,
        terminal_line(status),
        terminal_line(command),
        _line(planner),
        _line(model),
        _line(prompt_version),
        _line(parent),
        _line(outcome),
        terminal_value(figures),
        int(events or 0),
        _line(variant),
    )


def _line(value: Any) -> str | None:
    return None if value is None else terminal_line(value)
