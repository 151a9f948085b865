"""A Temporal worker for the sagas: polls a task queue, runs the workflow and the step activity.

Any number of workers may poll one queue, on one machine or many; Temporal hands each workflow
task and each step to one of them, and a step whose worker dies is retried on another.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Callable
from datetime import timedelta

from temporalio.client import Client
from temporalio.worker import Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from agentcli.workflows.temporal import registry
from agentcli.workflows.temporal.activities import SagaActivities
from agentcli.workflows.temporal.config import TemporalSettings
from agentcli.workflows.temporal.engine import connect
from agentcli.workflows.temporal.workflow import SagaWorkflow
from connectors.config import ConnectorsConfig
from netpolicy import OPEN

#: our modules are deterministic data and pure functions from the workflow's point of view
_RUNNER = SandboxedWorkflowRunner(
    restrictions=SandboxRestrictions.default.with_passthrough_modules(
        "agentcli", "connectors", "sandbox", "netpolicy", "safeyaml"
    )
)


def default_identity() -> str:
    return f"agentcli-worker-{os.getpid()}@{socket.gethostname()}"


def build_worker(
    client: Client,
    task_queue: str,
    activities: SagaActivities,
    *,
    concurrency: int = 50,
    identity: str | None = None,
    sticky_timeout: float = 2.0,
) -> Worker:
    """A worker for `task_queue`; `sticky_timeout` bounds how long a dead worker's cache stalls."""
    return Worker(
        client,
        task_queue=task_queue,
        workflows=[SagaWorkflow],
        activities=[activities.run_step],
        workflow_runner=_RUNNER,
        max_concurrent_activities=concurrency,
        max_concurrent_workflow_tasks=concurrency,
        identity=identity or default_identity(),
        sticky_queue_schedule_to_start_timeout=timedelta(seconds=sticky_timeout),
        graceful_shutdown_timeout=timedelta(seconds=5),
    )


async def run_worker(
    settings: TemporalSettings,
    stop: asyncio.Event,
    *,
    concurrency: int = 50,
    identity: str | None = None,
    on_ready: Callable[[str], None] | None = None,
    live: ConnectorsConfig | None = None,
) -> None:
    """Poll `settings.task_queue` until `stop` is set, then finish in-flight steps and leave."""
    client = await connect(settings, network=OPEN)  # a worker is told where to connect
    registry.sagas()  # import every saga module now, not inside the first activity
    activities = SagaActivities(live=live)
    worker = build_worker(
        client, settings.task_queue, activities, concurrency=concurrency, identity=identity
    )
    try:
        async with worker:
            if on_ready is not None:
                on_ready(worker.config().get("identity") or "")
            await stop.wait()
    finally:
        await activities.aclose()
