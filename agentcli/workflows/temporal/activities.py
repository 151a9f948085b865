"""The step activity: runs one saga step or compensation against the vendors, in a worker.

It decides what `LocalSagaEngine._attempts` decides, with the same rules: the kill switch (as
the saga's policy names it, read in this worker) refuses every forward call; a forward step is
tried again after a transient or ambiguous failure, a compensation after any failure; a try
whose answer was lost leaves the outcome unknown until the vendor gives a verdict. Retries are
Temporal's (the activity's retry policy comes from the step's `RetryPolicy`), yet
the trace still needs every try: each failed try leaves its record in the heartbeat details,
which Temporal hands to the next try, so the final success or failure carries all of them.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import asdict
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

from temporalio import activity
from temporalio.exceptions import ApplicationError

from agentcli.orchestrator.services import Services, live_services, sandbox_services
from agentcli.policy.killswitch import KillSwitch
from agentcli.trace.chain import canonical_json
from agentcli.trace.events import HttpExchange as HttpExchangeEvent
from agentcli.trace.redact import redact_json_text
from agentcli.workflows.engine import VERDICTS, vendor_error
from agentcli.workflows.saga import (
    Step,
    StepContext,
    idempotency_key,
    is_ambiguous,
    refuse_if_stopped,
)
from agentcli.workflows.temporal import registry
from agentcli.workflows.temporal.messages import (
    CRASHED,
    STEP_ACTIVITY,
    Attempt,
    StepCall,
    StepReport,
    attempts_from,
)
from connectors.base import RETRYABLE, ExchangeObserver, HttpExchange
from connectors.config import ConnectorsConfig
from connectors.errors import ErrorCode, VendorError
from sandbox.faults import FaultPlan
from sandbox.world import SandboxWorld

"""Response headers left out of the trace, as `agentcli.runtime` leaves them out."""
KEEP_SERVICES = 32
"""Connector sets a worker keeps open (one per sandbox world or live config it has served)."""
LOST = {
    "code": "TIMEOUT",
    "message": "the worker running this try stopped answering; "
    "Temporal gave the step to another worker",
    "vendor": "temporal",
    "status": None,
    "recovery": "retry",
}

ServicesFactory = Callable[[dict[str, Any], ExchangeObserver], Any]
_exchanges: ContextVar[list[dict[str, Any]] | None] = ContextVar("agentcli_exchanges", default=None)


def connectors_services(
    spec: dict[str, Any], observer: ExchangeObserver, *, live: ConnectorsConfig | None = None
) -> Services:
    """The vendors a saga talks to: a sandbox world (with its fault plan) or live vendors.

    Live vendors are reached with this worker's own connectors config (its credentials never
    travel through Temporal); the saga names the base URLs it expects, and they must match.
    """
    mode = spec.get("mode")
    run_trace = spec.get("trace_id") if isinstance(spec.get("trace_id"), str) else None
    trace_id = (lambda: run_trace) if run_trace else None
    if mode == "sandbox":
        faults = FaultPlan.model_validate(spec["faults"]) if spec.get("faults") else None
        return sandbox_services(
            SandboxWorld(Path(spec["sandbox_dir"])),
            observer=observer,
            faults=faults,
            trace_id=trace_id,
        )
    if mode == "live":
        if live is None:
            raise ValueError(
                "this worker has no connectors config: start it with "
                "`agentcli worker --connectors-config FILE`"
            )
        ours = {name: str(v.base_url) for name, v in live.vendors.items()}
        wanted = spec.get("urls", {})
        if any(ours.get(name) != url for name, url in wanted.items()):
            raise ValueError(
                f"the saga expects vendors at {wanted}; this worker's connectors config has {ours}"
            )
        return live_services(
            live, observer=observer, trace_id=trace_id, where="worker connectors config"
        )
    raise ValueError(f"unknown connectors mode {mode!r}: expected sandbox or live")


def _capture(exchange: HttpExchange) -> None:
    """Keep the exchange for the trace, as the local runtime records it (secrets masked)."""
    sink = _exchanges.get()
    if sink is None:
        return
    data = HttpExchangeEvent.from_exchange(exchange).stored()
    sink.append({"at": time.time(), "data": json.loads(redact_json_text(canonical_json(data)))})


def _with_lost(prior: list[Attempt], attempt: int) -> list[Attempt]:
    """Earlier tries plus a record for each one whose worker vanished without a word."""
    seen = {a.attempt for a in prior}
    now = time.time()
    lost = [
        Attempt(n, now, now, error=dict(LOST), will_retry=True, outcome_unknown=True, lost=True)
        for n in range(1, attempt)
        if n not in seen
    ]
    return sorted(prior + lost, key=lambda a: a.attempt)


class SagaActivities:
    """The activities of one worker; vendor connectors are built once per connectors spec."""

    def __init__(
        self,
        services_factory: ServicesFactory | None = None,
        *,
        live: ConnectorsConfig | None = None,
    ) -> None:
        self._factory = services_factory or partial(connectors_services, live=live)
        self._services: OrderedDict[str, Any] = OrderedDict()
        self._closing: set[asyncio.Future[Any]] = set()

    def services(self, spec: dict[str, Any]) -> Any:
        """The connectors for `spec`, kept for the next step (the least recent few are closed)."""
        key = json.dumps(spec, sort_keys=True)
        if key in self._services:
            self._services.move_to_end(key)
        else:
            self._services[key] = self._factory(spec, _capture)
            while len(self._services) > KEEP_SERVICES:
                _, old = self._services.popitem(last=False)
                close = getattr(old, "aclose", None)
                if close is not None:
                    self._closing.add(task := asyncio.ensure_future(close()))
                    task.add_done_callback(self._closing.discard)
        return self._services[key]

    async def aclose(self) -> None:
        for services in self._services.values():
            close = getattr(services, "aclose", None)
            if close is not None:
                await close()
        self._services.clear()

    @activity.defn(name=STEP_ACTIVITY)
    async def run_step(self, call: StepCall) -> StepReport:
        info = activity.info()
        details = info.heartbeat_details[0] if info.heartbeat_details else None
        prior = _with_lost(attempts_from(details), info.attempt)
        this = Attempt(info.attempt, time.time(), 0.0)
        token = _exchanges.set(this.exchanges)
        beat = asyncio.create_task(_keep_alive(prior, call.heartbeat))
        try:
            try:
                step = registry.step(call.saga, call.step)
            except registry.UnknownSaga as exc:
                this.error, this.crashed = {"code": CRASHED, "message": str(exc)}, True
                raise await _give_up(prior, this, beat, CRASHED) from None
            ctx = StepContext(
                call.saga_id, call.input, call.outputs, call.idempotency_key, None, call.phase
            )
            try:
                ctx.services = self.services(call.connectors)
                result = await _perform(
                    step, ctx, prior, this, KillSwitch.from_dict(call.kill_switch)
                )
            except Exception as exc:
                raise await _failed(call, prior, this, vendor_error(exc), beat) from None
        finally:
            _exchanges.reset(token)
            beat.cancel()
        this.finished_at = time.time()
        forward = call.phase == "forward"
        builder = step.events if forward else step.undo_events
        events = builder(ctx, result) if builder and not result.get("nothing_to_undo") else []
        return StepReport(result, [[kind, payload] for kind, payload in events], [*prior, this])


async def _perform(
    step: Step, ctx: StepContext, prior: list[Attempt], this: Attempt, switch: KillSwitch
) -> dict[str, Any]:
    """The step, or its compensation after learning what the step did if its answer was lost."""
    if ctx.phase == "forward":
        refuse_if_stopped(switch.reason())
        return await step.run(ctx)
    assert step.compensate is not None, "the workflow compensates only compensable steps"
    if step.name not in ctx.outputs and not step.undo_without_result:
        known = next((a.learned for a in prior if a.learned is not None), None)
        if known is None:
            refuse_if_stopped(switch.reason())  # the replay is a forward call
            replay = StepContext(
                ctx.saga_id,
                ctx.input,
                dict(ctx.outputs),
                idempotency_key(ctx.saga_id, step.name, "forward"),
                ctx.services,
                "forward",
            )
            try:
                known = await step.run(replay)
            except VendorError as error:
                if error.code not in VERDICTS:
                    raise
                return {"nothing_to_undo": True, "vendor_said": error.to_dict()}
            this.learned = known
            events = step.events(replay, known) if step.events else []
            this.learned_events = [[kind, payload] for kind, payload in events]
            this.learned_at = len(this.exchanges)
        ctx.outputs[step.name] = known
    return await step.compensate(ctx)


async def _keep_alive(details: list[Attempt], interval: float) -> None:
    """Heartbeat while the step runs, so a dead worker's try is retried within `interval`."""
    payload = [asdict(a) for a in details]
    while True:
        await asyncio.sleep(interval / 3)
        activity.heartbeat(payload)


async def _failed(
    call: StepCall,
    prior: list[Attempt],
    this: Attempt,
    error: VendorError,
    beat: asyncio.Task[None],
) -> ApplicationError:
    """The try failed: decide as the local engine does whether to try again, and when."""
    forward = call.phase == "forward"
    tries = sum(1 for a in prior if not a.lost) + 1
    was_unknown = prior[-1].outcome_unknown if prior else False
    this.outcome_unknown = (was_unknown or is_ambiguous(error)) and error.code not in VERDICTS
    this.will_retry = (
        tries < call.retry.attempts
        and error.code is not ErrorCode.KILL_SWITCH
        and (not forward or error.code in RETRYABLE or is_ambiguous(error))
    )
    this.error = error.to_dict()
    delay = max(call.retry.delay(tries, error.retry_after), 0.001)
    return await _give_up(
        prior, this, beat, error.code.value, timedelta(seconds=delay) if this.will_retry else None
    )


async def _give_up(
    prior: list[Attempt],
    this: Attempt,
    beat: asyncio.Task[None],
    kind: str,
    retry_in: timedelta | None = None,
) -> ApplicationError:
    """Leave every try so far for the next try to pick up; the error Temporal records."""
    this.finished_at = time.time()
    beat.cancel()
    await asyncio.gather(beat, return_exceptions=True)
    attempts = [asdict(a) for a in [*prior, this]]
    activity.heartbeat(attempts)
    message = str((this.error or {}).get("message", kind))
    return ApplicationError(
        message, attempts, type=kind, non_retryable=retry_in is None, next_retry_delay=retry_in
    )
