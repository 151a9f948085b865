"""The vendor connectors a run talks to, wired to the in-process sandbox or to live URLs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx

from connectors.base import ExchangeObserver
from connectors.pay import PayConnector
from connectors.sandbox.world import SandboxWorld
from connectors.shop import ShopConnector


@dataclass
class Services:
    shop: ShopConnector
    pay: PayConnector
    clients: list[httpx.AsyncClient]

    async def aclose(self) -> None:
        for client in self.clients:
            await client.aclose()


def sandbox_services(
    world: SandboxWorld,
    *,
    observer: ExchangeObserver | None = None,
    trace_id: Callable[[], str | None] | None = None,
) -> Services:
    """Connectors over httpx's ASGI transport to the world's vendor apps (no sockets)."""
    clients = world.clients(timeout=10.0)
    return Services(
        shop=ShopConnector(clients["shop"], observer=observer, trace_id=trace_id),
        pay=PayConnector(clients["pay"], observer=observer, trace_id=trace_id),
        clients=list(clients.values()),
    )
