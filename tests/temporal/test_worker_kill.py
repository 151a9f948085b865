"""SIGKILL a worker mid-saga: another worker finishes every saga; no money goes wrong."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import time
import uuid
from pathlib import Path

from agentcli.audit.world import audit_world
from agentcli.trace import Recorder, Store
from agentcli.workflows.journal import Journal
from agentcli.workflows.retail import PLACE_ORDER
from agentcli.workflows.temporal.config import StepTimeouts, TemporalSettings
from agentcli.workflows.temporal.engine import TemporalSagaEngine, connect
from sandbox.faults import FaultPlan, FaultRule
from sandbox.world import SandboxWorld
from tests.patience import PATIENCE
from tests.temporal.harness import fill_cart, order_input, spec
from tests.temporal.workers import start_worker, stop_worker

SAGAS = 8
# a dead worker's step is retried elsewhere after 2 s without a heartbeat, its workflow task
# after 3 s (the sticky queue of `agentcli worker` gives up after 2 s)
QUICK_FAILOVER = StepTimeouts(start_to_close=20.0, heartbeat=2.0, workflow_task=3.0)


def authorised(world: SandboxWorld) -> int:
    db = sqlite3.connect(world.path_of("pay"))
    try:
        return int(db.execute("SELECT COUNT(*) FROM intents").fetchone()[0])
    finally:
        db.close()


async def test_killing_a_worker_mid_saga_loses_nothing_and_charges_nothing_twice(
    tmp_path: Path, temporal_address: str
) -> None:
    world = SandboxWorld(tmp_path / "world")
    world.ensure()
    await fill_cart(world, SAGAS)
    slow = FaultPlan(
        rules=(
            FaultRule(
                vendor="pay",
                endpoint="POST /v1/payment_intents/*/capture",
                fault="latency",
                latency=0.6,
            ),
            FaultRule(vendor="shop", endpoint="POST /orders", fault="latency", latency=0.3),
        )
    )
    queue = f"kill-{uuid.uuid4().hex[:8]}"
    first = start_worker(temporal_address, queue, tmp_path / "first.log")
    second = None
    store = Store.open(tmp_path / "traces.sqlite")
    store.create_run("RUN", command="test")
    recorder = Recorder(store, "RUN")
    client = await connect(TemporalSettings(address=temporal_address, task_queue=queue))
    engine = TemporalSagaEngine(
        Journal(store),
        recorder,
        client,
        task_queue=queue,
        connectors=spec(world, slow),
        timeouts=QUICK_FAILOVER,
    )
    try:
        ids = [f"kill-{uuid.uuid4().hex[:8]}" for _ in range(SAGAS)]
        runs = [
            asyncio.create_task(engine.run(PLACE_ORDER, saga_id, order_input())) for saga_id in ids
        ]
        deadline = time.monotonic() + PATIENCE
        while authorised(world) < SAGAS // 2:  # mid-saga: holds taken, orders and captures due
            assert time.monotonic() < deadline, "the sagas never started"
            await asyncio.sleep(0.02)
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        second = start_worker(temporal_address, queue, tmp_path / "second.log")
        results = await asyncio.wait_for(asyncio.gather(*runs), timeout=PATIENCE)
    finally:
        stop_worker(first)
        stopped = stop_worker(second)
        assert stopped == 0, (tmp_path / "second.log").read_text()[-3000:]  # a graceful stop
    statuses = {r.saga_id: r.status for r in results}
    assert set(statuses.values()) <= {"completed", "compensated"}, statuses
    assert audit_world(world, store, "RUN") == []
    assert list(statuses.values()).count("completed") >= 1
    lost = [
        e
        for e in store.events("RUN")
        if e.kind.value in ("step_failed", "compensation_failed")
        and e.payload["error"]["vendor"] == "temporal"
    ]
    assert lost and all(e.payload["will_retry"] for e in lost)  # the killed tries, in the trace
    recorded = Journal(store)
    assert {recorded.get(s)["status"] for s in ids} == set(statuses.values())  # type: ignore[index]
