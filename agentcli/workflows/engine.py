"""The local saga engine: runs steps in order, compensates in reverse, journals everything first.

The kill switch is read before every forward step (and before a compensation replays a step
to learn what it did): while it is on, a saga only compensates.

The journal is the state: a saga id seen before is never run twice. `run` on an unfinished
saga resumes it where its journal stops (a step that was started is sent again with the same
idempotency key, so the vendor replays its answer); on a finished one it returns the recorded
result. A step whose answer was lost (timeout, reset, 5xx) is retried with its key; if its
outcome stays unknown it is compensated too, after replaying the call to learn what it did.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from agentcli.policy.killswitch import KillSwitch
from agentcli.trace import events as ev
from agentcli.trace.ids import new_span_id
from agentcli.trace.recorder import Recorder
from agentcli.workflows import owners
from agentcli.workflows.crash import CrashSwitch
from agentcli.workflows.interrupt import Interruption
from agentcli.workflows.journal import TERMINAL, Journal
from agentcli.workflows.result import SagaResult, result_from_journal
from agentcli.workflows.saga import (
    SagaDefinition,
    Step,
    StepContext,
    StepFn,
    idempotency_key,
    is_ambiguous,
    refuse_if_stopped,
    undo_failed_message,
)
from connectors.base import RETRYABLE, RetryPolicy
from connectors.errors import ErrorCode, VendorError
from netpolicy import NetworkBlocked

__all__ = ["COMPENSATION_RETRY", "LocalSagaEngine", "SagaResult"]

COMPENSATION_RETRY = RetryPolicy(attempts=6, base_delay=0.2, max_delay=5.0)
VERDICTS = frozenset(
    {
        ErrorCode.NOT_FOUND,
        ErrorCode.INVALID_REQUEST,
        ErrorCode.INVALID_STATE,
        ErrorCode.OUT_OF_STOCK,
        ErrorCode.PAYMENT_DECLINED,
        ErrorCode.INSUFFICIENT_FUNDS,
    }
)
"""Answers in which the vendor judged this very request: it did not act, and never will."""
WAIT_POLL = 0.05


class StepFailed(Exception):
    """A step or compensation gave up; `unknown` when it may have acted anyway."""

    def __init__(self, error: VendorError, unknown: bool) -> None:
        super().__init__(error.message)
        self.error = error
        self.unknown = unknown


def vendor_error(exc: Exception) -> VendorError:
    """Any exception from a step as a VendorError (a bug counts as an unknown outcome)."""
    if isinstance(exc, VendorError):
        return exc
    if isinstance(exc, NetworkBlocked):  # refused before anything was sent: a definite no
        return VendorError(ErrorCode.BLOCKED, str(exc), vendor=exc.destination.name)
    return VendorError(ErrorCode.PROTOCOL, f"{type(exc).__name__}: {exc}"[:500], vendor="agentcli")


class LocalSagaEngine:
    def __init__(
        self,
        journal: Journal,
        recorder: Recorder,
        services: Any,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        compensation_retry: RetryPolicy = COMPENSATION_RETRY,
        crash: CrashSwitch | None = None,
        owner: str | None = None,
        wait_timeout: float = 120.0,
        kill_switch: KillSwitch | None = None,
        interruption: Interruption | None = None,
    ) -> None:
        self.journal = journal
        #: the operator's Ctrl-C, read before every forward step like the kill switch
        self.interruption = interruption or Interruption()
        #: read before every forward call: while it is on, nothing new is done
        self.kill_switch = kill_switch or KillSwitch()
        self.recorder = recorder
        self.services = services
        self.sleep = sleep
        self.compensation_retry = compensation_retry
        self.crash = crash if crash is not None else CrashSwitch.from_env()
        self.owner = owner or owners.new_owner()
        self.wait_timeout = wait_timeout
        self._inflight: dict[str, asyncio.Event] = {}

    # -- entry points ----------------------------------------------------------------------

    async def run(
        self, definition: SagaDefinition, saga_id: str, saga_input: dict[str, Any]
    ) -> SagaResult:
        """Run the saga to a terminal state; the same id twice acts once."""
        return await self._exclusive(definition, saga_id, saga_input, resume=False)

    async def resume(
        self, definition: SagaDefinition, saga_id: str, *, rollback: bool = False
    ) -> SagaResult:
        """Drive a journaled saga to its end, retrying what needed attention.

        `rollback` compensates a saga that was still going forward instead of finishing it.
        """
        return await self._exclusive(definition, saga_id, None, resume=True, rollback=rollback)

    async def _exclusive(
        self,
        definition: SagaDefinition,
        saga_id: str,
        saga_input: dict[str, Any] | None,
        *,
        resume: bool,
        rollback: bool = False,
    ) -> SagaResult:
        while saga_id in self._inflight:  # a duplicate in this process waits for the first
            await self._inflight[saga_id].wait()
        done = self._inflight[saga_id] = asyncio.Event()
        owners.running(self.owner, saga_id)  # alive before the journal can name us owner
        try:
            return await self._claim_and_drive(definition, saga_id, saga_input, resume, rollback)
        finally:
            owners.stopped(self.owner, saga_id)
            del self._inflight[saga_id]
            done.set()

    async def _claim_and_drive(
        self,
        definition: SagaDefinition,
        saga_id: str,
        saga_input: dict[str, Any] | None,
        resume: bool,
        rollback: bool,
    ) -> SagaResult:
        run_id = self.recorder.run_id
        if saga_input is not None:
            with self._transaction():  # the journal's new saga and its first event: one commit
                owned = self.journal.start(saga_id, run_id, definition.name, saga_input, self.owner)
                span = self._begin(definition, saga_id, saga_input) if owned else None
            if span is not None:
                self.crash.reached(definition.name, "-", "saga", "started")
                return await self._owned(definition, saga_id, span, rollback)
        deadline = time.monotonic() + self.wait_timeout
        while True:
            state = self.journal.get(saga_id)
            if state is None:
                raise KeyError(f"no saga {saga_id} in the journal")
            if state["status"] in TERMINAL and not (
                resume and state["status"] == "needs_attention"
            ):
                return self.result(definition, saga_id)
            if owners.owner_alive(state["owner"], saga_id) and state["owner"] != self.owner:
                if time.monotonic() > deadline:
                    return SagaResult(
                        saga_id,
                        "running",
                        state["outputs"],
                        saga=definition.name,
                        operator_message=f"still running in {state['owner']}",
                    )
                await asyncio.sleep(WAIT_POLL)
                continue
            if self.journal.claim(saga_id, self.owner, state["owner"], state["status"]):
                break
        span = self._resumed(definition, state)
        return await self._owned(definition, saga_id, span, rollback)

    async def _owned(
        self, definition: SagaDefinition, saga_id: str, span: str, rollback: bool
    ) -> SagaResult:
        state = self.journal.get(saga_id)
        assert state is not None
        if state["status"] == "needs_attention":  # an operator asked to try again
            stuck = (state["error"] or {}).get("stuck")
            self.journal.reopen(saga_id, "running" if stuck == "forward" else "compensating")
        elif (
            state["status"] == "running"
            and rollback
            and not self._past_no_return(definition, saga_id)
        ):
            self.journal.begin_compensation(
                saga_id,
                None,
                {
                    "code": "ROLLED_BACK",
                    "message": "rolled back after an interruption, as the operator asked",
                },
            )
        running = self.journal.status(saga_id) == "running"
        if running and await self._forward(definition, saga_id, span):
            return self._finish(definition, saga_id, "completed", span)
        return await self._settle(definition, saga_id, span)

    def _past_no_return(self, definition: SagaDefinition, saga_id: str) -> list[str]:
        """Irreversible steps that did (or may have) take effect: the saga can only go on."""
        rows = self.journal.step_rows(saga_id)
        return [
            s.name
            for i, s in enumerate(definition.steps)
            if s.irreversible
            and rows.get((i, "forward"), {}).get("status") in ("succeeded", "started", "unknown")
        ]

    def result(self, definition: SagaDefinition, saga_id: str) -> SagaResult:
        state = self.journal.get(saga_id)
        assert state is not None
        return result_from_journal(definition, state, self.journal.steps(saga_id))

    # -- forward ---------------------------------------------------------------------------

    async def _forward(self, definition: SagaDefinition, saga_id: str, span: str) -> bool:
        """Run the steps not yet done; False when one failed for good (the saga must settle)."""
        state = self.journal.get(saga_id)
        assert state is not None
        rows = self.journal.step_rows(saga_id)
        outputs = dict(state["outputs"])
        for idx, step in enumerate(definition.steps):
            if step.name in outputs:
                continue
            if self.interruption.pending() and self._interrupted(definition, saga_id, step.name):
                return False
            ctx = self._context(saga_id, state["input"], outputs, step.name, "forward")
            seen = rows.get((idx, "forward"))
            maybe_done = seen is not None and seen["status"] in ("started", "unknown")
            try:
                outputs[step.name] = await self._attempts(
                    definition, ctx, idx, step, step.run, step.retry, span, maybe_done
                )
            except StepFailed as failed:
                error = {**failed.error.to_dict(), "unknown": failed.unknown}
                self.journal.begin_compensation(saga_id, step.name, error)
                return False
        return True

    def _interrupted(self, definition: SagaDefinition, saga_id: str, step: str) -> bool:
        """Take the operator's interrupt: compensate before the point of no return, else go on."""
        done_for_good = self._past_no_return(definition, saga_id)
        if done_for_good:
            self.interruption.take(
                self.recorder,
                "saga",
                f"saga {definition.name} is past its point of no return "
                f"({', '.join(done_for_good)}), so it finishes",
                saga_id,
            )
            return False
        self.interruption.take(
            self.recorder,
            "saga",
            f"saga {definition.name} stopped before {step}; what it did is undone",
            saga_id,
        )
        self.recorder.flush()
        self.journal.begin_compensation(
            saga_id,
            step,
            {"code": "INTERRUPTED", "message": "the operator interrupted the turn"},
        )
        return True

    # -- one step, with retries ------------------------------------------------------------

    async def _attempts(
        self,
        definition: SagaDefinition,
        ctx: StepContext,
        idx: int,
        step: Step,
        fn: StepFn,
        retry: RetryPolicy,
        span: str,
        maybe_done: bool = False,
    ) -> dict[str, Any]:
        """Run `fn` until it succeeds or gives up; the intent is journaled before each try."""
        forward = ctx.phase == "forward"
        started, succeeded, failed = ev.PHASE_EVENTS[ctx.phase]
        where = (definition.name, step.name, ctx.phase)
        for attempt in range(1, retry.attempts + 1):
            with self._transaction():
                self.journal.step_intent(
                    ctx.saga_id, idx, step.name, ctx.phase, ctx.idempotency_key
                )
                step_span = self.recorder.record(
                    started(
                        saga_id=ctx.saga_id,
                        step=step.name,
                        attempt=attempt,
                        idempotency_key=ctx.idempotency_key,
                        irreversible=step.irreversible,
                    ),
                    parent_span_id=span,
                ).span_id
                self.recorder.flush()
            self.crash.reached(*where, "intent")
            try:
                if forward:
                    refuse_if_stopped(self.kill_switch.reason())
                result = await fn(ctx)
            except Exception as exc:
                error = vendor_error(exc)
                maybe_done = (maybe_done or is_ambiguous(error)) and error.code not in VERDICTS
                again = (
                    attempt < retry.attempts
                    and error.code is not ErrorCode.KILL_SWITCH
                    and (not forward or error.code in RETRYABLE or is_ambiguous(error))
                )
                self.journal.step_failed(
                    ctx.saga_id,
                    idx,
                    ctx.phase,
                    error.to_dict(),
                    "unknown" if maybe_done else "failed",
                )
                self.recorder.record(
                    failed(
                        saga_id=ctx.saga_id,
                        step=step.name,
                        attempt=attempt,
                        error=error.to_dict(),
                        will_retry=again,
                        outcome_unknown=maybe_done,
                    ),
                    span_id=step_span,
                    parent_span_id=span,
                )
                if not again:
                    raise StepFailed(error, maybe_done) from exc
                await self.sleep(retry.delay(attempt, error.retry_after))
                continue
            self.crash.reached(*where, "effect")
            builder = step.events if forward else step.undo_events
            events = builder(ctx, result) if builder and not result.get("nothing_to_undo") else []
            with self._transaction():
                ids = self.journal.step_done(
                    ctx.saga_id, self.recorder.run_id, idx, ctx.phase, step.name, result, events
                )
                self.recorder.record(
                    succeeded(
                        saga_id=ctx.saga_id,
                        step=step.name,
                        attempt=attempt,
                        result=result,
                    ),
                    span_id=step_span,
                    parent_span_id=span,
                )
                self._publish(ctx.saga_id, list(zip(ids, events, strict=True)), step_span)
            self.crash.reached(*where, "done")
            return result
        raise AssertionError("unreachable: the last attempt either returns or raises")

    # -- compensation ----------------------------------------------------------------------

    async def _settle(self, definition: SagaDefinition, saga_id: str, span: str) -> SagaResult:
        """Finish a saga that cannot complete: compensate, or stop past its point of no return."""
        state = self.journal.get(saga_id)
        assert state is not None
        done_for_good = self._past_no_return(definition, saga_id)
        if done_for_good:
            return self._stuck_forward(definition, saga_id, state, done_for_good, span)
        rows = self.journal.step_rows(saga_id)
        outputs = dict(state["outputs"])
        for idx in reversed(range(len(definition.steps))):
            step = definition.steps[idx]
            seen, undo = rows.get((idx, "forward")), rows.get((idx, "compensate"))
            if step.compensate is None or seen is None or seen["status"] == "failed":
                continue  # nothing to undo: never started, or the vendor refused it
            if undo is not None and undo["status"] == "succeeded":
                continue
            ctx = self._context(saga_id, state["input"], outputs, step.name, "compensate")
            retry = step.compensation_retry or self.compensation_retry
            try:
                await self._attempts(
                    definition, ctx, idx, step, self._undo(definition, idx, step), retry, span
                )
            except StepFailed as failed:
                message = undo_failed_message(
                    saga_id, definition.name, step.name, failed.error.to_dict()
                )
                self.journal.set_error(saga_id, {**(state["error"] or {}), "stuck": "compensate"})
                return self._finish(definition, saga_id, "needs_attention", span, message)
        return self._finish(definition, saga_id, "compensated", span)

    def _undo(self, definition: SagaDefinition, idx: int, step: Step) -> StepFn:
        """The step's compensation, first learning what the step did when its answer was lost."""
        assert step.compensate is not None
        compensate = step.compensate

        async def undo(ctx: StepContext) -> dict[str, Any]:
            if step.name not in ctx.outputs and not step.undo_without_result:
                refuse_if_stopped(self.kill_switch.reason())  # the replay is a forward call
                key = idempotency_key(ctx.saga_id, step.name, "forward")
                replay = replace(ctx, idempotency_key=key, phase="forward")
                try:
                    learned = await step.run(replay)
                except VendorError as error:
                    if error.code not in VERDICTS:
                        raise
                    return {"nothing_to_undo": True, "vendor_said": error.to_dict()}
                events = step.events(replay, learned) if step.events else []
                with self._transaction():
                    ids = self.journal.step_done(
                        ctx.saga_id,
                        self.recorder.run_id,
                        idx,
                        "forward",
                        step.name,
                        learned,
                        events,
                    )
                    self._publish(ctx.saga_id, list(zip(ids, events, strict=True)), None)
                ctx.outputs[step.name] = learned
            return await compensate(ctx)

        return undo

    def _stuck_forward(
        self,
        definition: SagaDefinition,
        saga_id: str,
        state: dict[str, Any],
        done_for_good: list[str],
        span: str,
    ) -> SagaResult:
        """Past the point of no return nothing is undone: the failed step waits for a retry."""
        error = state["error"] or {}
        message = (
            f"saga {saga_id} ({definition.name}): {', '.join(done_for_good)} cannot be "
            f"undone, and {state['failed_step']} failed: {error.get('message', '')}. "
            "Run `agentcli resume` to retry it, or finish it by hand."
        )
        self.journal.set_error(saga_id, {**error, "stuck": "forward"})
        return self._finish(definition, saga_id, "needs_attention", span, message)

    # -- bookkeeping -----------------------------------------------------------------------

    def _begin(self, definition: SagaDefinition, saga_id: str, saga_input: dict[str, Any]) -> str:
        span = self.recorder.record(
            ev.SagaStarted(
                saga_id=saga_id,
                saga=definition.name,
                input=saga_input,
                steps=[s.name for s in definition.steps],
            )
        ).span_id
        self.recorder.flush()
        return span

    def _resumed(self, definition: SagaDefinition, state: dict[str, Any]) -> str:
        span = self._saga_span(state["id"])
        self.recorder.record(
            ev.SagaResumed(
                saga_id=state["id"],
                saga=definition.name,
                status=state["status"],
                previous_owner=state["owner"],
                owner=self.owner,
            ),
            parent_span_id=span,
        )
        self.recorder.flush()
        return span

    def _saga_span(self, saga_id: str) -> str:
        row = self.journal.db.execute(
            "SELECT span_id FROM events WHERE run_id = ? AND kind = 'saga_started' AND "
            "json_extract(payload, '$.saga_id') = ? LIMIT 1",
            [self.recorder.run_id, saga_id],
        ).fetchone()
        return str(row[0]) if row else new_span_id()

    def _finish(
        self,
        definition: SagaDefinition,
        saga_id: str,
        status: str,
        span: str,
        operator_message: str | None = None,
    ) -> SagaResult:
        with self._transaction():  # the journal's verdict and the event saying it: one commit
            self.journal.finish(saga_id, status, operator_message)
            result = self.result(definition, saga_id)
            self.recorder.record(result.finished_event(), parent_span_id=span)
            self.recorder.flush()
        return result

    def _publish(
        self,
        saga_id: str,
        rows: list[tuple[int, tuple[str, dict[str, Any]]]],
        parent: str | None,
    ) -> None:
        """Emit outbox rows as domain events; the caller's transaction marks them published."""
        for outbox_id, (event_type, payload) in rows:
            self.recorder.record(
                ev.DomainEvent(
                    type=event_type,
                    payload=payload,
                    saga_id=saga_id,
                    outbox_id=outbox_id,
                ),
                parent_span_id=parent,
            )
        if rows:
            self.recorder.flush()
            self.journal.mark_published([outbox_id for outbox_id, _ in rows])

    def publish_pending(self) -> int:
        """Publish outbox rows of this run that a crash left unpublished; how many."""
        rows = self.journal.unpublished(self.recorder.run_id)
        with self._transaction():
            for row in rows:
                self._publish(row["saga_id"], [(row["id"], (row["type"], row["payload"]))], None)
        return len(rows)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self.journal.db.atomic():
            yield

    def _context(
        self,
        saga_id: str,
        saga_input: dict[str, Any],
        outputs: dict[str, Any],
        step: str,
        phase: str,
    ) -> StepContext:
        key = idempotency_key(saga_id, step, phase)
        return StepContext(saga_id, saga_input, dict(outputs), key, self.services, phase)
