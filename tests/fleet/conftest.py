"""Every connector test runs twice: vendors in-process, and vendors served on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from connectors.config import ConnectorsConfig
from connectors.harness import served_config
from sandbox.faults import FaultPlan
from sandbox.serve import SandboxServer
from sandbox.world import SandboxWorld
from tests.fleet.env import Vendors, vendors_for

MODES = ("in_process", "served")


@pytest.fixture(scope="session")
def served_world(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[SandboxWorld, ConnectorsConfig]]:
    """One set of uvicorn servers for the session; each test resets their state and faults."""
    world = SandboxWorld(tmp_path_factory.mktemp("served-world"))
    server = SandboxServer(world, port_base=0)
    with server.in_thread():
        yield world, served_config(server)


@pytest.fixture(params=MODES)
async def vendors(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Vendors]:
    if request.param == "served":
        world, config = request.getfixturevalue("served_world")
        world.reset()
        for injector in world.injectors.values():
            injector.use(FaultPlan())
    else:
        world, config = SandboxWorld(tmp_path / "world"), None
    async with vendors_for(request.param, world, config) as env:
        yield env
