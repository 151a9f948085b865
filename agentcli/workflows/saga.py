"""Saga definitions: ordered steps, each with an optional compensation and a retry policy."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from connectors.base import RetryPolicy


@dataclass
class StepContext:
    """What a step sees: the saga's input, the results of earlier steps, its idempotency key."""

    saga_id: str
    input: dict[str, Any]
    outputs: dict[str, Any]
    idempotency_key: str
    services: Any


StepFn = Callable[[StepContext], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class Step:
    name: str
    run: StepFn
    compensate: StepFn | None = None
    retry: RetryPolicy = field(default_factory=lambda: RetryPolicy(attempts=3))
    #: a step whose effect cannot be undone is marked so the ledger shows it
    irreversible: bool = False
    #: domain events this step's success publishes, built from its result
    events: Callable[[StepContext, dict[str, Any]], list[tuple[str, dict[str, Any]]]] | None = (
        None
    )


@dataclass(frozen=True)
class SagaDefinition:
    name: str
    steps: tuple[Step, ...]


def idempotency_key(saga_id: str, step: str, phase: str = "forward") -> str:
    """Deterministic per (saga, step, phase): a retry or a resume sends the very same key."""
    digest = hashlib.sha256(f"{saga_id}|{step}|{phase}".encode()).hexdigest()[:32]
    return f"agentcli-{digest}"
