"""Live export: spans leave as they close, through a bounded queue that never makes a run wait.

The recorder's listener only builds spans and offers them to the queue; a thread sends them.
A full queue or a collector that is down loses spans, never time: what was lost is counted,
per run, and written into the run's metrics (`otel_spans_sent`, `otel_spans_dropped`).
"""

from __future__ import annotations

import contextlib
import queue
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from agentcli.telemetry.spans import Span
from agentcli.telemetry.tree import SpanTree
from agentcli.trace.events import TraceEvent
from agentcli.trace.store import Store

Send = Callable[[Sequence[tuple[str, Span]]], bool]
Item = tuple[str, str, Span]  # run id, trace id, span
_STOP = object()


class SpanQueue:
    """Hands spans to a sending thread without waiting; counts what was sent and dropped."""

    def __init__(self, send: Send, *, capacity: int = 2048, batch: int = 256) -> None:
        self._send = send
        self._batch = batch
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=capacity)
        self._lock = threading.Lock()
        self._failed = False
        self._closing = False
        self._closed = False
        self._in_flight: list[Item] = []
        self.sent: Counter[str] = Counter()
        self.dropped: Counter[str] = Counter()
        self._thread = threading.Thread(target=self._work, name="agentcli-otlp", daemon=True)
        self._thread.start()

    def offer(self, run_id: str, trace_id: str, spans: Sequence[Span]) -> None:
        """Queue spans for sending; those that do not fit are dropped and counted at once."""
        for span in spans:
            try:
                self._queue.put_nowait((run_id, trace_id, span))
            except queue.Full:
                with self._lock:
                    self.dropped[run_id] += 1

    def close(self, patience: float = 30.0) -> None:
        """Send what is queued, then stop the thread; what was not sent counts as dropped.

        Once a send has failed (the collector is down or slower than its timeout), what is
        still queued is not tried, so closing costs at most one send; `patience` caps the wait
        whatever the sender does.
        """
        self._closing = True
        deadline = time.monotonic() + patience
        with contextlib.suppress(queue.Full):
            self._queue.put(_STOP, timeout=patience)
        self._thread.join(max(deadline - time.monotonic(), 0.0))
        with self._lock:
            self._closed = True  # a send still under way is counted as lost, and only once
            for run_id, _, _ in self._in_flight:
                self.dropped[run_id] += 1
            self._in_flight = []
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is not _STOP:
                self._count([item], sent=False)

    def _count(self, items: Sequence[Item], *, sent: bool) -> None:
        with self._lock:
            for run_id, _, _ in items:
                (self.sent if sent else self.dropped)[run_id] += 1

    def _work(self) -> None:
        stopping = False
        while not stopping:
            item = self._queue.get()
            if item is _STOP:
                return
            batch: list[Item] = [item]
            while len(batch) < self._batch:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is _STOP:
                    stopping = True
                    break
                batch.append(more)
            if self._failed and self._closing:
                self._count(batch, sent=False)
                continue
            with self._lock:
                self._in_flight = batch
            try:
                ok = self._send([(trace_id, span) for _, trace_id, span in batch])
            except Exception:  # a collector's failure must never reach the run
                ok = False
            with self._lock:  # counted here, or by `close` once it gave up waiting: not both
                if self._closed:
                    return
                self._in_flight = []
                self._failed = self._failed or not ok
                for run_id, _, _ in batch:
                    (self.sent if ok else self.dropped)[run_id] += 1


class LiveRun:
    """Exports one run's spans while it is recorded: a recorder listener, then `finish`."""

    def __init__(self, spans: SpanQueue, *, include_content: bool = False) -> None:
        self.spans = spans
        self.include_content = include_content
        self.tree: SpanTree | None = None
        #: why span building stopped (a bug), reported after the run instead of breaking it
        self.broken: str | None = None

    def listener(self, run: dict[str, Any]) -> Callable[[TraceEvent], None]:
        self.tree = tree = SpanTree(run, include_content=self.include_content)

        def on_event(event: TraceEvent) -> None:
            if self.broken is None:
                try:
                    self.spans.offer(tree.run_id, tree.trace_id, tree.feed(event))
                except Exception as exc:
                    self.broken = f"{type(exc).__name__}: {exc}"

        return on_event

    def finish(self, store: Store, run_id: str) -> None:
        """Send the last spans, let the queue empty, and count them on the run."""
        tree = self.tree
        if tree is not None and self.broken is None:
            try:
                self.spans.offer(tree.run_id, tree.trace_id, tree.finish(store.get_run(run_id)))
            except Exception as exc:
                self.broken = f"{type(exc).__name__}: {exc}"
        self.spans.close()
        record_counts(store, run_id, self.spans.sent[run_id], self.spans.dropped[run_id])


def record_counts(store: Store, run_id: str, sent: int, dropped: int) -> None:
    """Write how many of the run's spans reached the collector into the run's metrics."""
    metrics = dict(store.get_run(run_id).get("metrics") or {})
    metrics.update(otel_spans_sent=sent, otel_spans_dropped=dropped)
    with contextlib.suppress(sqlite3.OperationalError):  # a locked database costs the counts
        store.update_run(run_id, metrics=metrics)


def send_stored(store: Store, run_ids: Sequence[str], spans: SpanQueue) -> None:
    """Send stored runs through the queue (a suite's cases, once stored) and count them."""
    from agentcli.telemetry.tree import run_spans

    for run_id in run_ids:
        built = run_spans(store.get_run(run_id), store.events(run_id))
        spans.offer(run_id, built.trace_id, built.spans)
    spans.close()
    for run_id in run_ids:
        record_counts(store, run_id, spans.sent[run_id], spans.dropped[run_id])
