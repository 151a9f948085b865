"""SIGKILL a worker mid-saga: another worker finishes every saga; no money goes wrong.

The kill must land while a step is running: a worker killed between steps loses only workflow
tasks, which Temporal hands on without a trace of a lost try. So the worker is killed while
the server says a step is started, and the kill counts only once the server times that try
out; a step that finished in the moment before the kill sends the test to the next worker.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import time
import uuid
from pathlib import Path

from temporalio.api.enums.v1 import PendingActivityState
from temporalio.client import Client
from temporalio.service import RPCError

from agentcli.audit.world import audit_world
from agentcli.trace import Recorder, Store
from agentcli.workflows.journal import Journal
from agentcli.workflows.retail import PLACE_ORDER
from agentcli.workflows.temporal.config import StepTimeouts, TemporalSettings
from agentcli.workflows.temporal.engine import TemporalSagaEngine, connect, workflow_id
from sandbox.faults import FaultPlan, FaultRule
from sandbox.world import SandboxWorld
from tests.patience import PATIENCE
from tests.temporal.harness import fill_cart, order_input, spec
from tests.temporal.workers import start_worker, stop_worker

SAGAS = 8
# a dead worker's step is retried elsewhere after 2 s without a heartbeat, its workflow task
# after 3 s (the sticky queue of `agentcli worker` gives up after 2 s)
QUICK_FAILOVER = StepTimeouts(start_to_close=20.0, heartbeat=2.0, workflow_task=3.0)
KILLS = 5


def authorised(world: SandboxWorld) -> int:
    db = sqlite3.connect(world.path_of("pay"))
    try:
        return int(db.execute("SELECT COUNT(*) FROM intents").fetchone()[0])
    finally:
        db.close()


async def started_tries(client: Client, sagas: list[str]) -> dict[tuple[str, str], int]:
    """(saga, activity) -> attempt of every step try a worker has started and not finished."""
    started = {}
    for saga_id in sagas:
        try:
            described = await client.get_workflow_handle(workflow_id(saga_id)).describe()
        except RPCError:
            continue  # not started yet
        for pending in described.raw_description.pending_activities:
            if pending.state == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED:
                started[(saga_id, pending.activity_id)] = pending.attempt
    return started


async def try_was_lost(client: Client, sagas: list[str], tries: dict[tuple[str, str], int]) -> bool:
    """With no worker running: True once the server has timed out one of the tries (a later
    attempt is pending), False when all of them had finished before the kill."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        pending = {}
        for saga_id in {saga for saga, _ in tries}:
            described = await client.get_workflow_handle(workflow_id(saga_id)).describe()
            for info in described.raw_description.pending_activities:
                pending[(saga_id, info.activity_id)] = info.attempt
        if any(pending.get(key, 0) > attempt for key, attempt in tries.items()):
            return True
        if not any(key in pending for key in tries):
            return False  # every one finished: the kill came between steps
        await asyncio.sleep(0.1)
    raise AssertionError(f"no try of {tries} was timed out or finished")


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
    workers = [start_worker(temporal_address, queue, tmp_path / "worker-1.log")]
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
        for _kill in range(KILLS):
            tries = await started_tries(client, ids)
            while not tries:
                assert time.monotonic() < deadline, "no step was ever seen running"
                await asyncio.sleep(0.02)
                tries = await started_tries(client, ids)
            os.kill(workers[-1].pid, signal.SIGKILL)
            workers[-1].wait()
            lost_one = await try_was_lost(client, ids, tries)
            log = tmp_path / f"worker-{len(workers) + 1}.log"
            workers.append(start_worker(temporal_address, queue, log))
            if lost_one:
                break
        else:
            raise AssertionError(f"{KILLS} kills in a row all came between steps")
        results = await asyncio.wait_for(asyncio.gather(*runs), timeout=PATIENCE)
    finally:
        for killed in workers[:-1]:
            stop_worker(killed)
        stopped = stop_worker(workers[-1])
    assert stopped == 0, (tmp_path / f"worker-{len(workers)}.log").read_text()[-3000:]
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
