"""The vendor connectors a run talks to, wired to the in-process sandbox or to live URLs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from agentcli.trace.redact import SECRETS
from connectors.base import ExchangeObserver
from connectors.bazaar import BazaarConnector
from connectors.config import ConnectorsConfig
from connectors.harness import ClientSource, sandbox_clients
from connectors.pay import PayConnector
from connectors.ratelimit import TokenBucket
from connectors.shop import ShopConnector
from connectors.trips import TripsConnector
from netpolicy import OPEN, NetworkPolicy
from sandbox.faults import FaultPlan
from sandbox.world import SandboxWorld

TraceId = Callable[[], str | None]
OPTIONAL_VENDORS = ("bazaar", "trips")


@dataclass
class Services:
    shop: ShopConnector
    pay: PayConnector
    clients: list[httpx.AsyncClient]
    #: the second marketplace and the travel vendor; None when a live config leaves them out
    bazaar: BazaarConnector | None = None
    trips: TripsConnector | None = None
    #: the clients by the vendor name they were made for (recordings name vendors by it)
    named: dict[str, httpx.AsyncClient] = field(default_factory=dict)

    def vendor_clients(self) -> dict[str, httpx.AsyncClient]:
        """Every client by vendor name (one nobody named, by its host's first label)."""
        connectors = (self.shop, self.pay, self.bazaar, self.trips)
        found = {**{c.vendor: c.client for c in connectors if c is not None}, **self.named}
        for client in self.clients:
            if not any(client is known for known in found.values()):
                found.setdefault((client.base_url.host or "http").split(".")[0], client)
        return found

    async def aclose(self) -> None:
        for client in self.clients:
            await client.aclose()


def services_over(
    clients: dict[str, httpx.AsyncClient],
    *,
    observer: ExchangeObserver | None = None,
    trace_id: TraceId | None = None,
    limiters: dict[str, TokenBucket] | None = None,
    network: NetworkPolicy = OPEN,
) -> Services:
    """One connector per vendor over the given clients (in-process or over sockets)."""
    limits = limiters or {}

    def options(vendor: str) -> dict[str, Any]:
        return {
            "observer": observer,
            "trace_id": trace_id,
            "limiter": limits.get(vendor),
            "network": network,
        }

    return Services(
        shop=ShopConnector(clients["shop"], **options("shop")),
        pay=PayConnector(clients["pay"], **options("pay")),
        clients=list(clients.values()),
        named=dict(clients),
        bazaar=BazaarConnector(clients["bazaar"], **options("bazaar"))
        if "bazaar" in clients
        else None,
        trips=TripsConnector(clients["trips"], **options("trips")) if "trips" in clients else None,
    )


def sandbox_services(
    world: SandboxWorld,
    *,
    observer: ExchangeObserver | None = None,
    trace_id: TraceId | None = None,
    faults: FaultPlan | None = None,
    timeout: float = 10.0,
    network: NetworkPolicy = OPEN,
    clients: ClientSource = sandbox_clients,
) -> Services:
    """Connectors over the in-process transport to the world's vendor apps (no sockets).

    `clients` makes the httpx clients; a suite worker passes its `KeptClients`.
    """
    made = clients(world, faults=faults, timeout=timeout)
    return services_over(made, observer=observer, trace_id=trace_id, network=network)


def live_services(
    config: ConnectorsConfig,
    *,
    observer: ExchangeObserver | None = None,
    trace_id: TraceId | None = None,
    vendors: tuple[str, ...] = ("shop", "pay"),
    where: str = "connectors config",
    network: NetworkPolicy = OPEN,
) -> Services:
    """Connectors over real sockets to the base URLs of a connectors config.

    The bazaar and trips come along whenever the config names them.
    """
    config.require(vendors, where)
    for endpoint in config.vendors.values():  # masked wherever they show, echoes included
        SECRETS.add(endpoint.client_secret, user=endpoint.client_id)
        SECRETS.add(endpoint.api_key)
        SECRETS.add(endpoint.signing_secret)
    vendors = (*vendors, *(v for v in OPTIONAL_VENDORS if v in config.vendors and v not in vendors))
    clients = {vendor: config.client(vendor) for vendor in vendors}
    limiters = {vendor: config.vendors[vendor].limiter() for vendor in vendors}
    return services_over(
        clients, observer=observer, trace_id=trace_id, limiters=limiters, network=network
    )
