from __future__ import annotations

import uuid
from pathlib import Path

from agentcli.workflows.retail import PLACE_ORDER
from connectors.sandbox.world import SandboxWorld
from tests.temporal.harness import fill_cart, normalised, order_input, run_temporal, temporal_worker


async def test_place_order_runs_on_temporal(tmp_path: Path, temporal_address: str) -> None:
    world = SandboxWorld(tmp_path / "world")
    world.ensure()
    await fill_cart(world, 1)
    queue = f"q-{uuid.uuid4().hex[:8]}"
    async with temporal_worker(temporal_address, queue):
        ran = await run_temporal(tmp_path, world, temporal_address, queue, PLACE_ORDER,
                                 order_input())
    print(ran.result)
    for row in normalised(ran):
        print(row)
    print(ran.journal_steps())
    assert ran.result.status == "completed"
