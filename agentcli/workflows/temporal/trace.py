"""Writes a finished saga workflow into the trace: the events and journal rows of a local run.

The local engine emits as it goes; here the workflow's outcome carries every try of every
step back, and they are written in the very order the local engine would have written them.
Events take the recorder's clock (when the client learned of them), as a replay expects; the
worker-side times of each try stay in the workflow's history.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agentcli.trace import events as ev
from agentcli.trace.recorder import Recorder
from agentcli.workflows.journal import Journal
from agentcli.workflows.result import SagaResult, result_from_journal
from agentcli.workflows.saga import SagaDefinition
from agentcli.workflows.temporal.messages import Attempt, SagaOutcome, SagaRequest, StepRecord


class OutcomeWriter:
    """Writes one workflow outcome through the run's recorder and journal."""

    def __init__(
        self,
        recorder: Recorder,
        journal: Journal,
        on_exchange: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.recorder = recorder
        self.journal = journal
        self.on_exchange = on_exchange

    def record(self, payload: ev.AnyPayload, **spans: Any) -> str:
        """Through the recorder's own clock and ids, so a recorded run replays as a local one."""
        return self.recorder.record(payload, **spans).span_id

    def write(
        self, definition: SagaDefinition, request: SagaRequest, outcome: SagaOutcome, saga_span: str
    ) -> SagaResult | None:
        """Journal rows and events for every try, then the end; None for a crashed saga."""
        saga_id = request.saga_id
        with self.journal.db.atomic():
            for record in outcome.records:
                self._record(saga_id, record, saga_span)
                if (
                    record.phase == "forward"
                    and record.attempts
                    and record.attempts[-1].error is not None
                    and outcome.status != "crashed"
                ):
                    last = record.attempts[-1]
                    self.journal.begin_compensation(
                        saga_id,
                        record.step,
                        {**(last.error or {}), "unknown": last.outcome_unknown},
                    )
            self.recorder.flush()
            self._release(saga_id)
            if outcome.status == "crashed":
                return None  # as locally: the journal keeps the saga running for `resume`
            if outcome.stuck:
                state = self.journal.get(saga_id)
                error = (state or {}).get("error") or {}
                self.journal.set_error(saga_id, {**error, "stuck": outcome.stuck})
            self.journal.finish(saga_id, outcome.status, outcome.operator_message)
            state = self.journal.get(saga_id)
            assert state is not None
            result = result_from_journal(definition, state, self.journal.steps(saga_id))
            self.record(result.finished_event(), parent_span_id=saga_span)
            self.recorder.flush()
        return result

    def _release(self, saga_id: str) -> None:
        """The workflow is over: no one drives the saga now, so `agentcli resume` may take it.

        (A Temporal owner never looks dead to the local liveness check; the engine set it.)
        """
        self.journal.db.execute(
            "UPDATE sagas SET owner = NULL WHERE id = ? AND owner LIKE 'temporal:%'", [saga_id]
        )

    def _record(self, saga_id: str, record: StepRecord, saga_span: str) -> None:
        started, succeeded, failed = ev.PHASE_EVENTS[record.phase]
        learned = False
        for attempt in record.attempts:
            self.journal.step_intent(
                saga_id, record.idx, record.step, record.phase, record.idempotency_key
            )
            span = self.record(
                started(
                    saga_id=saga_id,
                    step=record.step,
                    attempt=attempt.attempt,
                    idempotency_key=record.idempotency_key,
                    irreversible=record.irreversible,
                ),
                parent_span_id=saga_span,
            )
            self.recorder.flush()
            self._exchanges(attempt.exchanges[: attempt.learned_at])
            if attempt.learned is not None and not learned:
                learned = True
                self._learned(saga_id, record, attempt)
            self._exchanges(attempt.exchanges[attempt.learned_at :])
            if attempt.crashed:
                return
            if attempt.error is not None:
                self.journal.step_failed(
                    saga_id,
                    record.idx,
                    record.phase,
                    attempt.error,
                    "unknown" if attempt.outcome_unknown else "failed",
                )
                self.record(
                    failed(
                        saga_id=saga_id,
                        step=record.step,
                        attempt=attempt.attempt,
                        error=attempt.error,
                        will_retry=attempt.will_retry,
                        outcome_unknown=attempt.outcome_unknown,
                    ),
                    span_id=span,
                    parent_span_id=saga_span,
                )
                continue
            result = record.result or {}
            events = [(str(kind), payload) for kind, payload in record.events]
            ids = self.journal.step_done(
                saga_id, self.recorder.run_id, record.idx, record.phase, record.step, result, events
            )
            self.record(
                succeeded(
                    saga_id=saga_id, step=record.step, attempt=attempt.attempt, result=result
                ),
                span_id=span,
                parent_span_id=saga_span,
            )
            self._publish(saga_id, ids, events, span)

    def _exchanges(self, exchanges: list[dict[str, Any]]) -> None:
        for exchange in exchanges:
            # built by HttpExchange.from_exchange in the worker; read leniently (an older
            # worker may send other fields): the outcome must be written whatever it holds
            self.record(ev.read_payload(ev.EventKind.HTTP_EXCHANGE, exchange["data"]))
            if self.on_exchange is not None:
                self.on_exchange(exchange["data"])

    def _learned(self, saga_id: str, record: StepRecord, attempt: Attempt) -> None:
        """A compensation learned what its step did: journal it as the local `_undo` does."""
        events = [(str(kind), payload) for kind, payload in attempt.learned_events]
        ids = self.journal.step_done(
            saga_id,
            self.recorder.run_id,
            record.idx,
            "forward",
            record.step,
            attempt.learned or {},
            events,
        )
        self._publish(saga_id, ids, events, None)

    def _publish(
        self,
        saga_id: str,
        ids: list[int],
        events: list[tuple[str, dict[str, Any]]],
        parent: str | None,
    ) -> None:
        for outbox_id, (event_type, payload) in zip(ids, events, strict=True):
            self.record(
                ev.DomainEvent(
                    type=event_type, payload=payload, saga_id=saga_id, outbox_id=outbox_id
                ),
                parent_span_id=parent,
            )
        if ids:
            self.recorder.flush()
            self.journal.mark_published(ids)
