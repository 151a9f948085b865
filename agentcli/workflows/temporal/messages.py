"""What travels through Temporal: the saga request, one step call, its attempts, the outcome.

Plain dataclasses, so the SDK's default JSON converter carries them and a workflow's history
stays readable in Temporal's own tools.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from connectors.base import RetryPolicy

STEP_ACTIVITY = "agentcli.saga.step"
WORKFLOW_NAME = "agentcli.saga"
CRASHED = "UnknownSaga"
"""The failure type when a worker does not have the saga's code: the saga stops, untouched."""


@dataclass
class StepPlan:
    """One step as the workflow needs it: its name, retries, and whether it can be undone."""

    name: str
    retry: RetryPolicy
    has_compensation: bool
    irreversible: bool
    #: None: the request's `compensation_retry`
    compensation_retry: RetryPolicy | None = None


@dataclass
class SagaRequest:
    """Start one saga: which definition, its id and input, and the vendors the steps talk to."""

    saga: str
    saga_id: str
    input: dict[str, Any]
    steps: list[StepPlan]
    connectors: dict[str, Any]
    compensation_retry: RetryPolicy
    start_to_close: float = 60.0
    heartbeat: float = 5.0
    #: where each worker reads the kill switch (`KillSwitch.to_dict`; empty: the default)
    kill_switch: dict[str, str] = field(default_factory=dict)


@dataclass
class StepCall:
    """One activity: run `step` of `saga` in `phase` (forward or compensate) with its key."""

    saga: str
    saga_id: str
    step: str
    phase: str
    idempotency_key: str
    input: dict[str, Any]
    outputs: dict[str, Any]
    retry: RetryPolicy
    connectors: dict[str, Any]
    heartbeat: float = 5.0
    kill_switch: dict[str, str] = field(default_factory=dict)


@dataclass
class Attempt:
    """One try of a step: its vendor calls, and its error (None when it succeeded)."""

    attempt: int
    started_at: float
    finished_at: float
    exchanges: list[dict[str, Any]] = field(default_factory=list)
    error: dict[str, Any] | None = None
    will_retry: bool = False
    #: the vendor may have acted although the try failed (its answer was lost)
    outcome_unknown: bool = False
    #: the worker has no code for the saga (it runs another version): the saga stops there
    crashed: bool = False
    #: the worker running this try stopped answering (killed, cut off); another one retried
    lost: bool = False
    #: a compensation first replayed its step to learn what it did: that result and events
    learned: dict[str, Any] | None = None
    learned_events: list[list[Any]] = field(default_factory=list)
    #: how many of `exchanges` the replay made
    learned_at: int = 0


@dataclass
class StepReport:
    """A step that succeeded: its result, its domain events, and every attempt it took."""

    result: dict[str, Any]
    events: list[list[Any]]
    attempts: list[Attempt]


@dataclass
class StepRecord:
    """One step or compensation as it ran inside the workflow, in order."""

    idx: int
    step: str
    phase: str
    idempotency_key: str
    irreversible: bool
    attempts: list[Attempt]
    result: dict[str, Any] | None = None
    events: list[list[Any]] = field(default_factory=list)


@dataclass
class SagaOutcome:
    """How the workflow ended, with everything the trace needs to show how it got there.

    `status`: completed, compensated, needs_attention (`stuck` says forward or compensate),
    or crashed (a worker lacked the saga's code; the journal keeps the saga running).
    """

    status: str
    outputs: dict[str, Any]
    records: list[StepRecord]
    failed_step: str | None = None
    error: dict[str, Any] | None = None
    stuck: str | None = None
    operator_message: str | None = None


def attempts_from(details: Any) -> list[Attempt]:
    """Attempts carried as plain dicts (failure details, heartbeat details) back as objects."""
    if not details:
        return []
    return [a if isinstance(a, Attempt) else Attempt(**a) for a in details]
