"""The scripted vendor and sagas of the engine tests, run on a Temporal worker in this process."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from agentcli.trace import Recorder, Store
from agentcli.workflows.journal import Journal
from agentcli.workflows.temporal.activities import SagaActivities
from agentcli.workflows.temporal.config import TemporalSettings
from agentcli.workflows.temporal.engine import TemporalSagaEngine, connect
from agentcli.workflows.temporal.worker import build_worker
from connectors.base import RetryPolicy
from tests.temporal.harness import STEADY
from tests.workflows.scripted import ScriptedVendor


@asynccontextmanager
async def scripted_engine(
    address: str,
    store: Store,
    vendor: ScriptedVendor,
    run_id: str = "RUN",
) -> AsyncIterator[TemporalSagaEngine]:
    """A Temporal engine whose worker's steps talk to `vendor`, like the local test helper."""
    if store.db.execute("SELECT 1 FROM runs WHERE id = ?", [run_id]).fetchone() is None:
        store.create_run(run_id, command="test")
    queue = f"scripted-{uuid.uuid4().hex[:8]}"
    client = await connect(TemporalSettings(address=address, task_queue=queue))

    def services(spec: dict[str, Any], observer: Any) -> ScriptedVendor:
        return vendor

    async with build_worker(client, queue, SagaActivities(services), sticky_timeout=1.0):
        yield TemporalSagaEngine(
            Journal(store),
            Recorder(store, run_id),
            client,
            task_queue=queue,
            connectors={"mode": "scripted"},
            timeouts=STEADY,
            compensation_retry=RetryPolicy(attempts=3, base_delay=0),
            kill_switch=vendor.kill_switch(),
        )
