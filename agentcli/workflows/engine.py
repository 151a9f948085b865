"""The local saga engine: runs steps in order, compensates in reverse, journals everything."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from agentcli.trace.events import EventKind
from agentcli.trace.recorder import Recorder
from agentcli.workflows.journal import Journal
from agentcli.workflows.saga import SagaDefinition, Step, StepContext, StepFn, idempotency_key
from connectors.base import RETRYABLE, RetryPolicy
from connectors.errors import VendorError

COMPENSATION_RETRY = RetryPolicy(attempts=5, base_delay=0.05, max_delay=1.0)


@dataclass(frozen=True)
class SagaResult:
    """How a saga ended: `completed`, `compensated`, or `needs_attention` (an operator must act)."""

    saga_id: str
    status: str
    outputs: dict[str, Any]
    failed_step: str | None = None
    error: VendorError | None = None
    compensated: tuple[str, ...] = ()
    compensation_failed: tuple[str, ...] = ()
    operator_message: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == "completed"


class LocalSagaEngine:
    def __init__(
        self,
        journal: Journal,
        recorder: Recorder,
        services: Any,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.journal = journal
        self.recorder = recorder
        self.services = services
        self.sleep = sleep

    async def run(
        self, definition: SagaDefinition, saga_id: str, saga_input: dict[str, Any]
    ) -> SagaResult:
        run_id = self.recorder.run_id
        self.journal.start(saga_id, run_id, definition.name, saga_input)
        saga_span = self.recorder.emit(
            EventKind.SAGA_STARTED,
            {"saga_id": saga_id, "saga": definition.name, "input": saga_input,
             "steps": [s.name for s in definition.steps]},
        ).span_id
        outputs: dict[str, Any] = {}
        done: list[tuple[int, Step]] = []
        for idx, step in enumerate(definition.steps):
            ctx = self._context(saga_id, saga_input, outputs, step.name, "forward")
            try:
                result = await self._perform(ctx, idx, step, step.run, "forward", step.retry,
                                             saga_span)
            except VendorError as error:
                return await self._abort(definition, saga_id, saga_input, outputs, done, step,
                                         error, saga_span)
            outputs[step.name] = result
            done.append((idx, step))
        self.journal.finish(saga_id, "completed")
        self.recorder.emit(
            EventKind.SAGA_FINISHED,
            {"saga_id": saga_id, "saga": definition.name, "status": "completed",
             "outputs": outputs},
            parent_span_id=saga_span,
        )
        return SagaResult(saga_id, "completed", outputs)

    def _context(
        self, saga_id: str, saga_input: dict[str, Any], outputs: dict[str, Any], step: str,
        phase: str,
    ) -> StepContext:
        key = idempotency_key(saga_id, step, phase)
        return StepContext(saga_id, saga_input, dict(outputs), key, self.services)

    async def _perform(
        self, ctx: StepContext, idx: int, step: Step, fn: StepFn, phase: str,
        retry: RetryPolicy, saga_span: str,
    ) -> dict[str, Any]:
        """Run one step or compensation with retries; the intent is journaled before each try."""
        started, succeeded, failed = (
            (EventKind.STEP_STARTED, EventKind.STEP_SUCCEEDED, EventKind.STEP_FAILED)
            if phase == "forward"
            else (EventKind.COMPENSATION_STARTED, EventKind.COMPENSATION_SUCCEEDED,
                  EventKind.COMPENSATION_FAILED)
        )
        for attempt in range(1, retry.attempts + 1):
            self.journal.step_intent(ctx.saga_id, idx, step.name, phase, ctx.idempotency_key)
            span = self.recorder.emit(
                started,
                {"saga_id": ctx.saga_id, "step": step.name, "attempt": attempt,
                 "idempotency_key": ctx.idempotency_key, "irreversible": step.irreversible},
                parent_span_id=saga_span,
            ).span_id
            self.recorder.flush()
            try:
                result = await fn(ctx)
            except VendorError as error:
                self.journal.step_failed(ctx.saga_id, idx, phase, error.to_dict())
                retrying = error.code in RETRYABLE and attempt < retry.attempts
                self.recorder.emit(
                    failed,
                    {"saga_id": ctx.saga_id, "step": step.name, "attempt": attempt,
                     "error": error.to_dict(), "will_retry": retrying},
                    span_id=span, parent_span_id=saga_span,
                )
                if not retrying:
                    raise
                await self.sleep(retry.delay(attempt, error.retry_after))
                continue
            events = step.events(ctx, result) if (step.events and phase == "forward") else []
            self.journal.step_done(
                ctx.saga_id, self.recorder.run_id, idx, phase, step.name, result, events
            )
            self.recorder.emit(
                succeeded,
                {"saga_id": ctx.saga_id, "step": step.name, "attempt": attempt,
                 "result": result},
                span_id=span, parent_span_id=saga_span,
            )
            for event_type, payload in events:
                self.recorder.emit(
                    EventKind.DOMAIN_EVENT, {"type": event_type, "payload": payload},
                    parent_span_id=span,
                )
            return result
        raise AssertionError("unreachable: the last attempt either returns or raises")

    async def _abort(
        self, definition: SagaDefinition, saga_id: str, saga_input: dict[str, Any],
        outputs: dict[str, Any], done: list[tuple[int, Step]], failed: Step,
        error: VendorError, saga_span: str,
    ) -> SagaResult:
        compensated: list[str] = []
        stuck: list[str] = []
        for idx, step in reversed(done):
            if step.compensate is None:
                continue
            ctx = self._context(saga_id, saga_input, outputs, step.name, "compensate")
            try:
                await self._perform(ctx, idx, step, step.compensate, "compensate",
                                    COMPENSATION_RETRY, saga_span)
                compensated.append(step.name)
            except VendorError:
                stuck.append(step.name)
        status = "needs_attention" if stuck else "compensated"
        message = None
        if stuck:
            message = (
                f"saga {saga_id} ({definition.name}) could not undo: {', '.join(stuck)}. "
                "An operator must finish these by hand; the journal has the keys and results."
            )
        self.journal.finish(saga_id, status, error.to_dict())
        self.recorder.emit(
            EventKind.SAGA_FINISHED,
            {"saga_id": saga_id, "saga": definition.name, "status": status,
             "failed_step": failed.name, "error": error.to_dict(), "compensated": compensated,
             "compensation_failed": stuck, "operator_message": message},
            parent_span_id=saga_span,
        )
        return SagaResult(
            saga_id, status, outputs, failed.name, error, tuple(compensated), tuple(stuck), message
        )
