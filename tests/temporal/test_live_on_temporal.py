"""A saga of a `--connectors live` run: the worker reaches the vendors over 127.0.0.1 sockets
with its own connectors config; nothing secret travels through Temporal."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from agentcli.audit.world import audit_world
from agentcli.trace import Recorder, Store
from agentcli.workflows.journal import Journal
from agentcli.workflows.retail import PLACE_ORDER
from agentcli.workflows.temporal.activities import SagaActivities, connectors_services
from agentcli.workflows.temporal.config import TemporalSettings
from agentcli.workflows.temporal.engine import TemporalSagaEngine, connect, connectors_spec
from agentcli.workflows.temporal.worker import build_worker
from connectors.harness import served_config
from sandbox.serve import SandboxServer
from sandbox.world import SandboxWorld
from tests.temporal.harness import STEADY, fill_cart, order_input


async def test_a_live_saga_runs_on_a_worker_with_its_own_credentials(
    tmp_path: Path, temporal_address: str
) -> None:
    world = SandboxWorld(tmp_path / "world")
    world.ensure()
    await fill_cart(world, 1)
    server = SandboxServer(world, port_base=0)
    with server.in_thread():
        config = served_config(server)
        spec = connectors_spec(world.root, live=config)
        assert "client_secret" not in json.dumps(spec) and spec["mode"] == "live"
        queue = f"live-{uuid.uuid4().hex[:8]}"
        client = await connect(TemporalSettings(address=temporal_address, task_queue=queue))
        store = Store.open(tmp_path / "traces.sqlite")
        store.create_run("RUN", command="test")
        engine = TemporalSagaEngine(
            Journal(store),
            Recorder(store, "RUN"),
            client,
            task_queue=queue,
            connectors=spec,
            timeouts=STEADY,
        )
        activities = SagaActivities(live=config)
        try:
            async with build_worker(client, queue, activities, sticky_timeout=1.0):
                result = await engine.run(
                    PLACE_ORDER, f"live-{uuid.uuid4().hex[:8]}", order_input()
                )
        finally:
            await activities.aclose()
    assert result.status == "completed", result
    assert audit_world(world, store, "RUN") == []
    urls = [e.payload["url"] for e in store.events("RUN") if e.kind.value == "http_exchange"]
    assert urls and all(u.startswith("http://127.0.0.1:") for u in urls)  # over sockets


def test_a_worker_without_a_live_config_refuses_live_steps() -> None:
    spec = {"mode": "live", "urls": {"shop": "http://127.0.0.1:9/", "pay": "http://127.0.0.1:9/"}}
    with pytest.raises(ValueError, match="agentcli worker --connectors-config FILE"):
        connectors_services(spec, lambda exchange: None)
