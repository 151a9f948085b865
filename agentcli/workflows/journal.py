"""The saga journal in the trace database; every intent is committed before its side effect."""

from __future__ import annotations

import json
import time
from typing import Any

from agentcli.trace.store import Store


class Journal:
    def __init__(self, store: Store) -> None:
        self.db = store.db

    def start(self, saga_id: str, run_id: str, name: str, saga_input: dict[str, Any]) -> None:
        now = time.time()
        with self.db.atomic():
            self.db.table("sagas").insert(
                {
                    "id": saga_id, "run_id": run_id, "name": name, "status": "running",
                    "input": json.dumps(saga_input, sort_keys=True), "outputs": "{}",
                    "created_at": now, "updated_at": now,
                },
                replace=False,
                ignore=True,
            )

    def get(self, saga_id: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM sagas WHERE id = ?", [saga_id]))
        if not rows:
            return None
        row = dict(rows[0])
        row["input"] = json.loads(row["input"])
        row["outputs"] = json.loads(row["outputs"])
        return row

    def steps(self, saga_id: str) -> list[dict[str, Any]]:
        return [
            dict(r)
            for r in self.db.query(
                "SELECT * FROM saga_steps WHERE saga_id = ? ORDER BY idx, phase", [saga_id]
            )
        ]

    def step_intent(
        self, saga_id: str, idx: int, name: str, phase: str, key: str
    ) -> None:
        """Record that the step is about to run (or run again); committed on return."""
        now = time.time()
        with self.db.atomic():
            self.db.execute(
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
    ) -> None:
        """Mark the step succeeded, keep its result and publish its domain events, atomically."""
        now = time.time()
        with self.db.atomic():
            self.db.execute(
                "UPDATE saga_steps SET status = 'succeeded', result = ?, error = NULL, "
                "updated_at = ? WHERE saga_id = ? AND idx = ? AND phase = ?",
                [json.dumps(result, sort_keys=True), now, saga_id, idx, phase],
            )
            if phase == "forward":
                outputs = json.loads(
                    self.db.execute("SELECT outputs FROM sagas WHERE id = ?", [saga_id])
                    .fetchone()[0]
                )
                outputs[name] = result
                self.db.execute(
                    "UPDATE sagas SET outputs = ?, updated_at = ? WHERE id = ?",
                    [json.dumps(outputs, sort_keys=True), now, saga_id],
                )
            for event_type, payload in events:
                self.db.table("outbox").insert(
                    {
                        "saga_id": saga_id, "run_id": run_id, "type": event_type,
                        "payload": json.dumps(payload, sort_keys=True), "created_at": now,
                    }
                )

    def step_failed(self, saga_id: str, idx: int, phase: str, error: dict[str, Any]) -> None:
        with self.db.atomic():
            self.db.execute(
                "UPDATE saga_steps SET status = 'failed', error = ?, updated_at = ? "
                "WHERE saga_id = ? AND idx = ? AND phase = ?",
                [json.dumps(error, sort_keys=True), time.time(), saga_id, idx, phase],
            )

    def finish(self, saga_id: str, status: str, error: dict[str, Any] | None = None) -> None:
        with self.db.atomic():
            self.db.execute(
                "UPDATE sagas SET status = ?, error = ?, updated_at = ? WHERE id = ?",
                [status, json.dumps(error) if error else None, time.time(), saga_id],
            )

    def find_output(self, name: str, step: str, key: str, value: str) -> dict[str, Any] | None:
        """The outputs of the newest saga `name` whose `step` result has `key` == `value`."""
        row = self.db.execute(
            f"SELECT outputs FROM sagas WHERE name = ? AND "
            f"json_extract(outputs, '$.{step}.{key}') = ? ORDER BY created_at DESC LIMIT 1",
            [name, value],
        ).fetchone()
        return json.loads(row[0]) if row else None
