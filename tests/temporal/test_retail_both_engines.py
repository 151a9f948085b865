"""The retail sagas against the real sandbox vendors: the same story on both engines."""

from __future__ import annotations

import uuid
from pathlib import Path

from agentcli.audit.world import audit_world
from agentcli.workflows.retail import PLACE_ORDER
from sandbox.faults import FaultPlan, FaultRule
from sandbox.world import SandboxWorld
from tests.temporal.harness import (
    fill_cart,
    normalised,
    order_input,
    run_local,
    run_temporal,
    temporal_worker,
)

# the shop answers 503 to three order calls (the connector's own tries: the step's first try
# fails, its second succeeds), and the capture is made but its answer lost once
FLAKY = FaultPlan(
    rules=(
        FaultRule(vendor="shop", endpoint="POST /orders", fault="status", status=503, count=3),
        FaultRule(
            vendor="pay",
            endpoint="POST /v1/payment_intents/*/capture",
            fault="status",
            status=503,
            when="after",
            count=1,
        ),
    )
)


async def _world(root: Path) -> SandboxWorld:
    world = SandboxWorld(root)
    world.ensure()
    await fill_cart(world, 1)
    return world


async def test_place_order_with_faults_tells_the_same_story_on_both_engines(
    tmp_path: Path, temporal_address: str
) -> None:
    local_world = await _world(tmp_path / "local-world")
    local = await run_local(tmp_path / "local", local_world, PLACE_ORDER, order_input(), FLAKY)

    remote_world = await _world(tmp_path / "remote-world")
    queue = f"q-{uuid.uuid4().hex[:8]}"
    async with temporal_worker(temporal_address, queue):
        remote = await run_temporal(
            tmp_path / "remote",
            remote_world,
            temporal_address,
            queue,
            PLACE_ORDER,
            order_input(),
            FLAKY,
        )

    assert local.result.status == remote.result.status == "completed"
    story = normalised(remote)
    assert story == normalised(local)
    assert ("step_failed", "create_order", 1, "UNAVAILABLE", True) in story
    assert [s for s in story if s[0] == "http_exchange"]  # the worker's calls are in the trace
    assert remote.journal_steps() == local.journal_steps()
    assert audit_world(remote_world, remote.store, remote.run_id) == []
