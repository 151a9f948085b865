"""Turns what happens in a run into hashed, redacted events; batches writes to the store."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from agentcli.trace.chain import GENESIS, canonical_json, event_hash
from agentcli.trace.events import EventKind, TraceEvent
from agentcli.trace.ids import new_span_id
from agentcli.trace.redact import redact
from agentcli.trace.store import Store

Listener = Callable[[TraceEvent], None]


class Recorder:
    """Appends events of one run. `flush()` must run before any side effect (write-ahead)."""

    def __init__(
        self,
        store: Store,
        run_id: str,
        *,
        clock: Callable[[], float] = time.time,
        batch_size: int = 256,
    ) -> None:
        self.store = store
        self.run_id = run_id
        self.clock = clock
        self.batch_size = batch_size
        self.listeners: list[Listener] = []
        self._buffer: list[dict[str, Any]] = []
        last = store.last_event(run_id)
        self._seq, self._prev = last if last else (0, GENESIS)

    def emit(
        self,
        kind: EventKind,
        payload: dict[str, Any] | None = None,
        *,
        span_id: str | None = None,
        parent_span_id: str | None = None,
    ) -> TraceEvent:
        self._seq += 1
        clean = redact(payload or {})
        payload_json = canonical_json(clean)
        ts = self.clock()
        span = span_id or new_span_id()
        digest = event_hash(
            self._prev, self.run_id, self._seq, kind.value, ts, span, parent_span_id, payload_json
        )
        row = {
            "run_id": self.run_id, "seq": self._seq, "kind": kind.value, "ts": ts,
            "span_id": span, "parent_span_id": parent_span_id, "payload": payload_json,
            "prev_hash": self._prev, "hash": digest,
        }
        self._prev = digest
        self._buffer.append(row)
        event = TraceEvent(**{**row, "payload": json.loads(payload_json)})
        for listener in self.listeners:
            listener(event)
        if len(self._buffer) >= self.batch_size:
            self.flush()
        return event

    def flush(self) -> None:
        if self._buffer:
            rows, self._buffer = self._buffer, []
            self.store.append_events(rows)

    @property
    def seq(self) -> int:
        return self._seq
