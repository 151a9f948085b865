"""Reading the bazaar and trips vendors' state after a CLI session (e2e tests)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from connectors.bazaar import BazaarConnector
from connectors.harness import sandbox_clients
from connectors.pay import PayConnector
from connectors.shop import ShopConnector
from connectors.trips import TripsConnector
from sandbox.world import SandboxWorld


class Vendors:
    def __init__(self, clients: dict[str, Any]) -> None:
        self.shop = ShopConnector(clients["shop"])
        self.pay = PayConnector(clients["pay"])
        self.bazaar = BazaarConnector(clients["bazaar"])
        self.trips = TripsConnector(clients["trips"])


def read(home: Path, fn: Callable[[Vendors], Awaitable[Any]]) -> Any:
    """Run `fn` against the world's vendors under `home` and return what it returns."""

    async def go() -> Any:
        clients = sandbox_clients(SandboxWorld(home / "sandbox"))
        try:
            return await fn(Vendors(clients))
        finally:
            for client in clients.values():
                await client.aclose()

    return asyncio.run(go())


def saga_outputs(run: dict[str, Any], saga: str) -> dict[str, Any]:
    """The step results of the run's (only) saga called `saga`."""
    outputs: dict[str, Any] = {}
    started = {
        e["payload"]["saga_id"]
        for e in run["events"]
        if e["kind"] == "saga_started" and e["payload"]["saga"] == saga
    }
    for event in run["events"]:
        payload = event["payload"]
        if event["kind"] == "step_succeeded" and payload.get("saga_id") in started:
            outputs[payload["step"]] = payload["result"]
    return outputs
