"""The vendors a connector test talks to, in-process or over 127.0.0.1 sockets, with faults."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from connectors.auth import TokenAuth
from connectors.base import HttpExchange, RetryPolicy
from connectors.config import ConnectorsConfig
from connectors.harness import parse_fault_plan
from connectors.pay import PayConnector
from connectors.ratelimit import TokenBucket
from connectors.shop import ShopConnector
from sandbox.faults import FaultPlan, Injected
from sandbox.transport import SandboxTransport
from sandbox.world import SandboxWorld

NO_WAIT = RetryPolicy(attempts=3, base_delay=0.0)
TIMEOUT = 5.0


@dataclass
class Vendors:
    """shop and pay behind connectors; `faults` swaps the vendors' fault plan."""

    mode: str
    world: SandboxWorld
    config: ConnectorsConfig | None = None
    exchanges: list[HttpExchange] = field(default_factory=list)
    _clients: list[httpx.AsyncClient] = field(default_factory=list)
    shop: ShopConnector = field(init=False)
    pay: PayConnector = field(init=False)

    def __post_init__(self) -> None:
        self._apps = self.world.apps() if self.config is None else {}
        self.shop, self.pay = self.connectors()

    def faults(self, plan: FaultPlan | str) -> None:
        chosen = parse_fault_plan(plan) if isinstance(plan, str) else plan
        for injector in self.world.injectors.values():
            injector.use(chosen)

    def injected(self, vendor: str) -> list[Injected]:
        return self.world.injectors[vendor].injected

    def client(self, vendor: str, timeout: float = TIMEOUT, **kwargs: Any) -> httpx.AsyncClient:
        """A new client for one vendor in this mode (credentials included unless overridden)."""
        if self.config is not None:
            endpoint = self.config.vendors[vendor]
            credentials = endpoint.credentials()
            assert credentials is not None
            base_url, transport = endpoint.base_url, None
        else:
            credentials = self.world.credentials()[vendor]
            base_url = f"http://{vendor}.sandbox"
            transport = SandboxTransport(self._apps[vendor])
        kwargs.setdefault("auth", TokenAuth(credentials))
        client = httpx.AsyncClient(
            base_url=base_url, transport=transport, timeout=timeout, **kwargs
        )
        self._clients.append(client)
        return client

    def connectors(
        self,
        timeout: float = TIMEOUT,
        retry: RetryPolicy = NO_WAIT,
        limiter: TokenBucket | None = None,
    ) -> tuple[ShopConnector, PayConnector]:
        observe = self.exchanges.append
        shop = ShopConnector(
            self.client("shop", timeout), retry=retry, observer=observe, limiter=limiter
        )
        pay = PayConnector(self.client("pay", timeout), retry=retry, observer=observe)
        return shop, pay

    async def aclose(self) -> None:
        for client in self._clients:
            await client.aclose()


@asynccontextmanager
async def vendors_for(
    mode: str, world: SandboxWorld, config: ConnectorsConfig | None
) -> AsyncIterator[Vendors]:
    env = Vendors(mode, world, config)
    try:
        yield env
    finally:
        await env.aclose()
