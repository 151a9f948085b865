"""The saga journal in the trace database; every intent is committed before its side effect.

sagas       one row per saga: status running → completed | compensating → compensated |
            needs_attention; its input, the outputs of its finished steps, its owner
saga_steps  one row per (saga, step, phase): started → succeeded | failed (the vendor refused,
            nothing happened) | unknown (the answer was lost: it may have happened)
outbox      domain events, written in the transaction that journals the step causing them
"""

from __future__ import annotations

import json
import time
from typing import Any

from agentcli.trace.store import Store, write_one

OPEN = ("running", "compensating")
TERMINAL = ("completed", "compensated", "needs_attention")


def _loads(text: str | None) -> Any:
    return json.loads(text) if text else None


class Journal:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    # -- sagas -------------------------------------------------------------------------------

    def start(
        self, saga_id: str, run_id: str, name: str, saga_input: dict[str, Any], owner: str
    ) -> bool:
        """Record a new running saga owned by `owner`; False when the id exists already."""
        now = time.time()
        cursor = write_one(
            self.db,
            "INSERT OR IGNORE INTO sagas (id, run_id, name, status, input, outputs, owner,"
            " created_at, updated_at) VALUES (?, ?, ?, 'running', ?, '{}', ?, ?, ?)",
            [saga_id, run_id, name, json.dumps(saga_input, sort_keys=True), owner, now, now],
        )
        return bool(cursor.rowcount)

    def get(self, saga_id: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM sagas WHERE id = ?", [saga_id]))
        if not rows:
            return None
        row = dict(rows[0])
        row["input"] = json.loads(row["input"])
        row["outputs"] = json.loads(row["outputs"])
        row["error"] = _loads(row["error"])
        return row

    def claim(
        self, saga_id: str, owner: str, seen_owner: str | None, seen_status: str | None = None
    ) -> bool:
        """Take the saga over from `seen_owner` (compare-and-swap); False if someone was faster.

        With `seen_status`, also False when the status has moved on since it was read: an
        owner that finished and stopped in that moment leaves a finished saga, not one to take.
        """
        query = "UPDATE sagas SET owner = ?, updated_at = ? WHERE id = ? AND owner IS ?"
        args: list[Any] = [owner, time.time(), saga_id, seen_owner]
        if seen_status is not None:
            query += " AND status = ?"
            args.append(seen_status)
        cursor = write_one(self.db, query, args)
        return bool(cursor.rowcount)

    def begin_compensation(
        self, saga_id: str, failed_step: str | None, error: dict[str, Any]
    ) -> None:
        write_one(
            self.db,
            "UPDATE sagas SET status = 'compensating', failed_step = ?, error = ?,"
            " updated_at = ? WHERE id = ?",
            [failed_step, json.dumps(error, sort_keys=True), time.time(), saga_id],
        )

    def finish(self, saga_id: str, status: str, operator_message: str | None = None) -> None:
        write_one(
            self.db,
            "UPDATE sagas SET status = ?, operator_message = ?, updated_at = ? WHERE id = ?",
            [status, operator_message, time.time(), saga_id],
        )

    def reopen(self, saga_id: str, status: str) -> None:
        """Put a saga that needed attention back to `running` or `compensating`."""
        write_one(
            self.db,
            "UPDATE sagas SET status = ?, operator_message = NULL, updated_at = ? WHERE id = ?",
            [status, time.time(), saga_id],
        )

    def set_error(self, saga_id: str, error: dict[str, Any]) -> None:
        write_one(
            self.db,
            "UPDATE sagas SET error = ?, updated_at = ? WHERE id = ?",
            [json.dumps(error, sort_keys=True), time.time(), saga_id],
        )

    def status(self, saga_id: str) -> str | None:
        row = self.db.execute("SELECT status FROM sagas WHERE id = ?", [saga_id]).fetchone()
        return str(row[0]) if row else None

    def open_sagas(self, *, with_attention: bool = True) -> list[dict[str, Any]]:
        """Sagas a crash or a failed compensation left unfinished, oldest first."""
        statuses = OPEN + (("needs_attention",) if with_attention else ())
        marks = ",".join("?" * len(statuses))
        ids = [
            r[0]
            for r in self.db.execute(
                f"SELECT id FROM sagas WHERE status IN ({marks}) ORDER BY created_at, id",
                list(statuses),
            ).fetchall()
        ]
        return [row for row in (self.get(saga_id) for saga_id in ids) if row is not None]

    def sagas_of_run(self, run_id: str) -> list[dict[str, Any]]:
        ids = [
            r[0]
            for r in self.db.execute(
                "SELECT id FROM sagas WHERE run_id = ? ORDER BY created_at, id", [run_id]
            ).fetchall()
        ]
        return [row for row in (self.get(saga_id) for saga_id in ids) if row is not None]

    def status_counts(self, run_ids: list[str]) -> dict[str, dict[str, int]]:
        """Per run: how many of its sagas are in each status."""
        counts: dict[str, dict[str, int]] = {run_id: {} for run_id in run_ids}
        if not run_ids:
            return counts
        marks = ",".join("?" * len(run_ids))
        for run_id, status, n in self.db.execute(
            f"SELECT run_id, status, COUNT(*) FROM sagas WHERE run_id IN ({marks}) "
            "GROUP BY run_id, status",
            run_ids,
        ).fetchall():
            counts[run_id][status] = n
        return counts

    # -- steps -------------------------------------------------------------------------------

    def steps(self, saga_id: str) -> list[dict[str, Any]]:
        rows = self.db.query(
            "SELECT * FROM saga_steps WHERE saga_id = ? ORDER BY idx, phase", [saga_id]
        )
        return [{**r, "result": _loads(r["result"]), "error": _loads(r["error"])} for r in rows]

    def step_rows(self, saga_id: str) -> dict[tuple[int, str], dict[str, Any]]:
        return {(r["idx"], r["phase"]): r for r in self.steps(saga_id)}

    def step_intent(self, saga_id: str, idx: int, name: str, phase: str, key: str) -> None:
        """Record that the step is about to run (or run again); committed on return."""
        now = time.time()
        write_one(
            self.db,
            """
            INSERT INTO saga_steps (saga_id, idx, name, phase, status, idempotency_key,
                                    attempts, updated_at)
            VALUES (?, ?, ?, ?, 'started', ?, 1, ?)
            ON CONFLICT (saga_id, idx, phase)
            DO UPDATE SET status = 'started', attempts = attempts + 1, updated_at = ?
            """,
            [saga_id, idx, name, phase, key, now, now],
        )

    def step_done(
        self,
        saga_id: str,
        run_id: str,
        idx: int,
        phase: str,
        name: str,
        result: dict[str, Any],
        events: list[tuple[str, dict[str, Any]]],
    ) -> list[int]:
        """Mark the step succeeded, keep its result and queue its domain events, atomically.

        Returns the outbox ids of the events, for publication.
        """
        now = time.time()
        ids: list[int] = []
        with self.db.atomic():
            self.db.execute(
                "UPDATE saga_steps SET status = 'succeeded', result = ?, error = NULL, "
                "updated_at = ? WHERE saga_id = ? AND idx = ? AND phase = ?",
                [json.dumps(result, sort_keys=True), now, saga_id, idx, phase],
            )
            if phase == "forward":
                self._set_output(saga_id, name, result, now)
            for event_type, payload in events:
                cursor = self.db.execute(
                    "INSERT INTO outbox (saga_id, run_id, type, payload, created_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [saga_id, run_id, event_type, json.dumps(payload, sort_keys=True), now],
                )
                ids.append(int(cursor.lastrowid or 0))
        return ids

    def _set_output(self, saga_id: str, name: str, result: dict[str, Any], now: float) -> None:
        outputs = json.loads(
            self.db.execute("SELECT outputs FROM sagas WHERE id = ?", [saga_id]).fetchone()[0]
        )
        outputs[name] = result
        self.db.execute(
            "UPDATE sagas SET outputs = ?, updated_at = ? WHERE id = ?",
            [json.dumps(outputs, sort_keys=True), now, saga_id],
        )

    def step_failed(
        self, saga_id: str, idx: int, phase: str, error: dict[str, Any], status: str = "failed"
    ) -> None:
        """Record a failed attempt; `status` is `failed` (nothing happened) or `unknown`."""
        write_one(
            self.db,
            "UPDATE saga_steps SET status = ?, error = ?, updated_at = ? "
            "WHERE saga_id = ? AND idx = ? AND phase = ?",
            [status, json.dumps(error, sort_keys=True), time.time(), saga_id, idx, phase],
        )

    # -- outbox ------------------------------------------------------------------------------

    def unpublished(self, run_id: str) -> list[dict[str, Any]]:
        rows = self.db.query(
            "SELECT * FROM outbox WHERE run_id = ? AND published_at IS NULL ORDER BY id",
            [run_id],
        )
        return [{**r, "payload": json.loads(r["payload"])} for r in rows]

    def mark_published(self, ids: list[int]) -> None:
        if not ids:
            return
        marks = ",".join("?" * len(ids))
        write_one(
            self.db,
            f"UPDATE outbox SET published_at = ? WHERE id IN ({marks})",
            [time.time(), *ids],
        )

    # -- lookups -----------------------------------------------------------------------------

    def find_output(self, name: str, step: str, key: str, value: str) -> dict[str, Any] | None:
        """The outputs of the newest saga `name` whose `step` result has `key` == `value`."""
        row = self.db.execute(
            f"SELECT outputs FROM sagas WHERE name = ? AND "
            f"json_extract(outputs, '$.{step}.{key}') = ? ORDER BY created_at DESC LIMIT 1",
            [name, value],
        ).fetchone()
        return json.loads(row[0]) if row else None
