"""Turns what happens in a run into hashed, redacted events; batches writes to the store."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from collections.abc import Callable
from typing import Any, NamedTuple

from agentcli.trace.chain import GENESIS, canonical_json
from agentcli.trace.events import AnyPayload, EventKind, TraceEvent
from agentcli.trace.ids import new_span_id
from agentcli.trace.redact import redact_json_text
from agentcli.trace.store import EVENT_COLUMNS, EventRow, Store

Listener = Callable[[TraceEvent], None]


class Emitted(NamedTuple):
    """What the caller of `emit` gets back: enough to link child events to this one."""

    seq: int
    span_id: str
    hash: str


class Recorder:
    """Appends events of one run. `flush()` must run before any side effect (write-ahead)."""

    def __init__(
        self,
        store: Store,
        run_id: str,
        *,
        clock: Callable[[], float] = time.time,
        span_ids: Callable[[], str] = new_span_id,
        batch_size: int = 256,
    ) -> None:
        self.store = store
        self.run_id = run_id
        self.clock = clock
        self.span_ids = span_ids
        self.batch_size = batch_size
        self.listeners: list[Listener] = []
        self._buffer: list[EventRow] = []
        self._link = store.chain_key.link
        last = store.last_event(run_id)
        self._seq, self._prev = last if last else (0, GENESIS)

    def record(
        self,
        payload: AnyPayload,
        *,
        span_id: str | None = None,
        parent_span_id: str | None = None,
    ) -> Emitted:
        """Append one typed event: how every producer writes to the trace."""
        return self.emit(
            payload.kind, payload.stored(), span_id=span_id, parent_span_id=parent_span_id
        )

    def emit(
        self,
        kind: EventKind,
        payload: dict[str, Any] | None = None,
        *,
        span_id: str | None = None,
        parent_span_id: str | None = None,
    ) -> Emitted:
        """The low-level write: a payload already in its stored form (`record` builds one)."""
        payload_json = redact_json_text(canonical_json(payload or {}))
        self._seq = seq = self._seq + 1  # only now: a payload refused above leaves no gap
        ts = self.clock()
        span = span_id or self.span_ids()
        prev, kind_name = self._prev, kind._value_  # what .value returns, without its descriptor
        self._prev = digest = self._link(
            prev, self.run_id, seq, kind_name, ts, span, parent_span_id, payload_json
        )
        # a row in the store's column order (EVENT_COLUMNS)
        row = (self.run_id, seq, kind_name, ts, span, parent_span_id, payload_json, prev, digest)
        self._buffer.append(row)
        if len(self._buffer) >= self.batch_size:
            with contextlib.suppress(sqlite3.OperationalError):  # kept; the next flush writes
                self.flush()
        if self.listeners:
            # listeners see the event as stored: payload redacted
            stored = dict(zip(EVENT_COLUMNS, row, strict=True))
            event = TraceEvent.model_construct(
                **{**stored, "kind": kind, "payload": json.loads(payload_json)}
            )
            for listener in self.listeners:
                listener(event)
        return Emitted(seq, span, digest)

    def flush(self) -> None:
        """Write the buffered events; when the store refuses (locked), they stay buffered."""
        if self._buffer:
            rows, self._buffer = self._buffer, []
            try:
                self.store.append_events(rows)
            except BaseException:
                self._buffer = rows + self._buffer
                raise

    @property
    def seq(self) -> int:
        return self._seq
