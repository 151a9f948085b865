"""One generic workflow that runs any registered saga: steps forward, compensations in reverse.

It mirrors `LocalSagaEngine`: the same step order and idempotency keys
(`idempotency_key(saga_id, step, phase)`); each step's retry policy forward and its
compensation policy (or `COMPENSATION_RETRY`) backward; a failed saga past an irreversible step
stops as `needs_attention` (stuck forward) instead of compensating; otherwise every step that
succeeded, or may have, is compensated in reverse, and a compensation that gives up leaves the
saga `needs_attention` (stuck compensating). The operator messages are the local engine's.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from temporalio import workflow
from temporalio.common import RetryPolicy as TemporalRetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from agentcli.workflows.saga import idempotency_key, undo_failed_message
    from agentcli.workflows.temporal.messages import (
        CRASHED,
        STEP_ACTIVITY,
        WORKFLOW_NAME,
        Attempt,
        SagaOutcome,
        SagaRequest,
        StepCall,
        StepPlan,
        StepRecord,
        StepReport,
        attempts_from,
    )
    from connectors.base import RetryPolicy

LOST_TRIES_ALLOWED = 3
"""Tries a step may lose with dead workers on top of its own retry budget (keys make it safe)."""


def temporal_retry(retry: RetryPolicy) -> TemporalRetryPolicy:
    """The step's retry policy as Temporal's: same first delay, doubling, cap and budget."""
    first = timedelta(seconds=max(retry.base_delay, 0.001))  # zero would mean Temporal's 1 s
    return TemporalRetryPolicy(
        initial_interval=first,
        backoff_coefficient=2.0,
        maximum_interval=max(timedelta(seconds=retry.max_delay), first),
        maximum_attempts=retry.attempts + LOST_TRIES_ALLOWED,
    )


@workflow.defn(name=WORKFLOW_NAME)
class SagaWorkflow:
    @workflow.run
    async def run(self, request: SagaRequest) -> SagaOutcome:
        outputs: dict[str, Any] = {}
        records: list[StepRecord] = []
        outcomes: dict[int, str] = {}  # forward status per step: succeeded | failed | unknown
        for idx, step in enumerate(request.steps):
            record = await self._perform(request, idx, step, "forward", outputs, step.retry)
            records.append(record)
            failure = _failure(record)
            if failure is None:
                outputs[step.name] = record.result
                outcomes[idx] = "succeeded"
                continue
            if failure.crashed:
                return SagaOutcome("crashed", outputs, records, step.name, failure.error)
            outcomes[idx] = "unknown" if failure.outcome_unknown else "failed"
            return await self._settle(request, outputs, records, outcomes, step, failure)
        return SagaOutcome("completed", outputs, records)

    async def _settle(
        self,
        request: SagaRequest,
        outputs: dict[str, Any],
        records: list[StepRecord],
        outcomes: dict[int, str],
        failed: StepPlan,
        failure: Attempt,
    ) -> SagaOutcome:
        error = failure.error or {}
        done_for_good = [
            s.name
            for i, s in enumerate(request.steps)
            if s.irreversible and outcomes.get(i) in ("succeeded", "unknown")
        ]
        if done_for_good:
            message = (
                f"saga {request.saga_id} ({request.saga}): {', '.join(done_for_good)} "
                f"cannot be undone, and {failed.name} failed: {error.get('message', '')}."
                " Run `agentcli resume` to retry it, or finish it by hand."
            )
            return SagaOutcome(
                "needs_attention", outputs, records, failed.name, error, "forward", message
            )
        for idx in reversed(range(len(request.steps))):
            step = request.steps[idx]
            if not step.has_compensation or outcomes.get(idx, "failed") == "failed":
                continue  # nothing to undo: never started, or the vendor refused it
            retry = step.compensation_retry or request.compensation_retry
            record = await self._perform(request, idx, step, "compensate", outputs, retry)
            records.append(record)
            undo_failure = _failure(record)
            if undo_failure is not None and undo_failure.crashed:
                return SagaOutcome("crashed", outputs, records, failed.name, error)
            if undo_failure is not None:
                message = undo_failed_message(
                    request.saga_id, request.saga, step.name, undo_failure.error or {}
                )
                return SagaOutcome(
                    "needs_attention", outputs, records, failed.name, error, "compensate", message
                )
        return SagaOutcome("compensated", outputs, records, failed.name, error)

    async def _perform(
        self,
        request: SagaRequest,
        idx: int,
        step: StepPlan,
        phase: str,
        outputs: dict[str, Any],
        retry: RetryPolicy,
    ) -> StepRecord:
        key = idempotency_key(request.saga_id, step.name, phase)
        call = StepCall(
            request.saga,
            request.saga_id,
            step.name,
            phase,
            key,
            request.input,
            dict(outputs),
            retry,
            request.connectors,
            request.heartbeat,
            request.kill_switch,
        )
        record = StepRecord(idx, step.name, phase, key, step.irreversible, [])
        try:
            report = await workflow.execute_activity(
                STEP_ACTIVITY,
                call,
                result_type=StepReport,
                start_to_close_timeout=timedelta(seconds=request.start_to_close),
                heartbeat_timeout=timedelta(seconds=request.heartbeat),
                retry_policy=temporal_retry(retry),
            )
        except ActivityError as error:
            record.attempts = _attempts_of(error, retry)
            return record
        record.attempts, record.result, record.events = (
            report.attempts,
            report.result,
            report.events,
        )
        return record


def _failure(record: StepRecord) -> Attempt | None:
    last = record.attempts[-1] if record.attempts else None
    return last if last is not None and last.error is not None else None


def _attempts_of(error: ActivityError, retry: RetryPolicy) -> list[Attempt]:
    """Every try of a step that failed for good, from its final failure's details."""
    cause = error.cause
    if isinstance(cause, ApplicationError) and cause.details:
        attempts = attempts_from(cause.details[0])
        if attempts:
            return attempts
    # no try reported back (every worker lost, or timed out): one record says so
    crashed = isinstance(cause, ApplicationError) and cause.type == CRASHED
    now = workflow.now().timestamp()
    return [
        Attempt(
            retry.attempts + LOST_TRIES_ALLOWED,
            now,
            now,
            error={
                "code": CRASHED if crashed else "TIMEOUT",
                "message": f"no worker finished this step: {cause or error}",
                "vendor": "temporal",
                "status": None,
                "recovery": "retry",
            },
            outcome_unknown=not crashed,
            crashed=crashed,
            lost=not crashed,
        )
    ]
