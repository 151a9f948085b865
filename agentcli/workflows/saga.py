"""Saga definitions: ordered steps, each with an optional compensation and a retry policy.

A definition is pure data plus async functions of a `StepContext`, so any engine can run it:
the local engine here, or a Temporal workflow whose activities call the same functions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from connectors.base import RetryPolicy
from connectors.errors import ErrorCode, VendorError

AMBIGUOUS = frozenset({ErrorCode.TIMEOUT, ErrorCode.UNAVAILABLE, ErrorCode.PROTOCOL})
"""Failures after which the vendor may or may not have acted (the answer was lost)."""


def is_ambiguous(error: VendorError) -> bool:
    """True when the call may have taken effect even though it failed."""
    return error.code in AMBIGUOUS


@dataclass
class StepContext:
    """What a step sees: the saga's input, the results of earlier steps, its idempotency key."""

    saga_id: str
    input: dict[str, Any]
    outputs: dict[str, Any]
    idempotency_key: str
    services: Any
    phase: str = "forward"

    def key(self, part: str) -> str:
        """A deterministic key for one more call inside this step (a refund next to a void)."""
        return derived_key(self.idempotency_key, part)


StepFn = Callable[[StepContext], Awaitable[dict[str, Any]]]
EventsFn = Callable[[StepContext, dict[str, Any]], list[tuple[str, dict[str, Any]]]]
NoteFn = Callable[[dict[str, Any]], str]


@dataclass(frozen=True)
class Step:
    """One step: `run` does it, `compensate` undoes it (and tolerates "already undone")."""

    name: str
    run: StepFn
    compensate: StepFn | None = None
    retry: RetryPolicy = field(default_factory=lambda: RetryPolicy(attempts=3))
    #: None means the engine's default for compensations
    compensation_retry: RetryPolicy | None = None
    #: a step whose effect cannot be undone is marked so the ledger shows it
    irreversible: bool = False
    #: domain events this step's success publishes, built from its result
    events: EventsFn | None = None
    #: domain events its compensation publishes, built from the compensation's result
    undo_events: EventsFn | None = None
    #: what the step does, for messages: "authorise the payment"
    title: str = ""
    #: what its compensation did, for the customer: "released the hold on your card"
    undo_note: NoteFn | None = None
    #: its success takes the customer's money for good (a capture)
    charges: bool = False
    #: its compensation copes without the step's result, so an unknown outcome is not replayed
    undo_without_result: bool = False


@dataclass(frozen=True)
class SagaDefinition:
    name: str
    steps: tuple[Step, ...]
    #: what the saga does, for messages: "place the order"
    title: str = ""

    def step(self, name: str) -> Step:
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(f"saga {self.name} has no step {name!r}")


def refuse_if_stopped(reason: str | None) -> None:
    """Raise the kill switch's refusal (a call that was never made) when `reason` says so."""
    if reason is not None:
        raise VendorError(ErrorCode.KILL_SWITCH, reason, vendor="agentcli")


def undo_failed_message(saga_id: str, saga: str, step: str, error: dict[str, Any]) -> str:
    """What the operator is told when a compensation gave up (both engines say the same)."""
    if error.get("code") == ErrorCode.KILL_SWITCH:
        when = "once the kill switch is off"
    else:
        when = f"once {error.get('vendor', '')} answers again"
    return (
        f"saga {saga_id} ({saga}) could not undo {step}: {error.get('message', '')}. Run "
        f"`agentcli resume` {when}, or finish it by hand; the journal has the keys."
    )


def idempotency_key(saga_id: str, step: str, phase: str = "forward") -> str:
    """Deterministic per (saga, step, phase): a retry or a resume sends the very same key."""
    digest = hashlib.sha256(f"{saga_id}|{step}|{phase}".encode()).hexdigest()[:32]
    return f"agentcli-{digest}"


def derived_key(key: str, part: str) -> str:
    """A second deterministic key under `key`, for another call made by the same step."""
    return f"{key}-{hashlib.sha256(part.encode()).hexdigest()[:12]}"


def journal_points(definition: SagaDefinition) -> list[str]:
    """Every point where the engine commits to the journal, as `AGENTCLI_CRASH_AT` names them."""
    points = [f"{definition.name}:-:saga:started"]
    for step in definition.steps:
        phases = ("forward", "compensate") if step.compensate else ("forward",)
        for phase in phases:
            points += [
                f"{definition.name}:{step.name}:{phase}:{p}" for p in ("intent", "effect", "done")
            ]
    return points
