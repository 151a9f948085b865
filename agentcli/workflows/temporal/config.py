"""Where the Temporal cluster is and which task queue the sagas use; no SDK import here."""

from __future__ import annotations

import os
from dataclasses import dataclass

from errortree import AgentcliError, UserError

DEFAULT_ADDRESS = "127.0.0.1:7233"
DEFAULT_NAMESPACE = "default"
DEFAULT_TASK_QUEUE = "agentcli-sagas"
ADDRESS_ENV = "AGENTCLI_TEMPORAL_ADDRESS"
NAMESPACE_ENV = "AGENTCLI_TEMPORAL_NAMESPACE"
TASK_QUEUE_ENV = "AGENTCLI_TASK_QUEUE"
ENGINE_ENV = "AGENTCLI_ENGINE"


class TemporalUnavailable(AgentcliError):
    """The cluster cannot be reached, or the Temporal SDK is not installed."""


@dataclass(frozen=True)
class TemporalSettings:
    """A cluster address (`HOST:PORT`), its namespace, and the task queue of saga workers."""

    address: str = DEFAULT_ADDRESS
    namespace: str = DEFAULT_NAMESPACE
    task_queue: str = DEFAULT_TASK_QUEUE


def settings_from_env(*, always: bool = False) -> TemporalSettings | None:
    """`AGENTCLI_ENGINE=temporal` (with the address, namespace and queue variables): every run
    that does not choose an engine itself, `agentcli test` included, runs its sagas there.

    `always`: the cluster those variables name even when the engine is local (for `resume`).
    """
    engine = os.environ.get(ENGINE_ENV, "local").strip().lower()
    if engine in ("", "local") and not always:
        return None
    if engine not in ("", "local", "temporal"):
        raise UserError(f"{ENGINE_ENV}={engine!r}: expected local or temporal")
    return TemporalSettings(
        os.environ.get(ADDRESS_ENV) or DEFAULT_ADDRESS,
        os.environ.get(NAMESPACE_ENV) or DEFAULT_NAMESPACE,
        os.environ.get(TASK_QUEUE_ENV) or DEFAULT_TASK_QUEUE,
    )


@dataclass(frozen=True)
class StepTimeouts:
    """How long one attempt may run, and how soon a silent (dead) worker's attempt is retried."""

    start_to_close: float = 60.0
    heartbeat: float = 5.0
    #: the workflow task timeout: how soon a workflow task held by a dead worker moves on
    workflow_task: float = 10.0


def require_sdk() -> None:
    """Refuse clearly when the optional `temporalio` package is missing."""
    try:
        import temporalio  # noqa: F401
    except ImportError as exc:
        raise TemporalUnavailable(
            "the Temporal engine needs the temporalio package: pip install 'agentcli[temporal]'"
        ) from exc
