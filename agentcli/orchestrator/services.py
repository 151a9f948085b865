"""The vendor connectors a run talks to, wired to the in-process sandbox or to live URLs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from agentcli.orchestrator.protocol_merchants import ProtocolMerchants
from agentcli.trace.redact import SECRETS
from connectors.base import ExchangeObserver
from connectors.bazaar import BazaarConnector
from connectors.client import VendorClient
from connectors.config import ConnectorsConfig, PaymentCredential
from connectors.harness import ClientSource, sandbox_clients
from connectors.merchant import Buyer, MerchantCheckout
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
    #: merchants that speak an open protocol (UCP), by the name the config gives them
    merchants: dict[str, MerchantCheckout] = field(default_factory=dict)
    #: the buyer the platform holds for its user, and their payment instruments
    buyer: Buyer | None = None
    payment: tuple[PaymentCredential, ...] = ()
    #: where the merchants and the buyer came from (a recording keeps it for replays)
    protocol_merchants: ProtocolMerchants | None = None
    #: native vendors the run has no address for (a config of protocol merchants only)
    absent: tuple[str, ...] = ()

    def add_merchants(
        self,
        setup: ProtocolMerchants,
        client_for: Callable[..., httpx.AsyncClient],
        **options: Any,
    ) -> None:
        """Connect the run's protocol merchants and take its buyer."""
        self.merchants, clients = setup.connect(client_for, **options)
        self.clients += clients.values()
        self.named.update(clients)
        self.buyer, self.payment = setup.buyer, setup.payment
        self.protocol_merchants = setup

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

    The bazaar and trips come along whenever the config names them; protocol merchants
    (`kind: ucp`) too. A config of protocol merchants only needs no shop or pay: a call to
    either fails with a message that says so.
    """
    setup = ProtocolMerchants.from_config(config)
    natives = [name for name, endpoint in config.vendors.items() if endpoint.kind == "native"]
    if setup.specs and not natives:
        vendors = ()
    config.require(vendors, where)
    for endpoint in config.vendors.values():  # masked wherever they show, echoes included
        SECRETS.add(endpoint.client_secret, user=endpoint.client_id)
        SECRETS.add(endpoint.api_key)
        SECRETS.add(endpoint.signing_secret)
    for credential in setup.payment:
        SECRETS.add(credential.token)
    vendors = (*vendors, *(v for v in OPTIONAL_VENDORS if v in config.vendors and v not in vendors))
    clients = {vendor: config.client(vendor) for vendor in vendors}
    absent = tuple(vendor for vendor in ("shop", "pay") if vendor not in clients)
    for vendor in absent:
        clients[vendor] = absent_client(vendor)
    limiters = {vendor: config.vendors[vendor].limiter() for vendor in vendors}
    services = services_over(
        clients, observer=observer, trace_id=trace_id, limiters=limiters, network=network
    )
    services.absent = absent
    services.add_merchants(
        setup,
        lambda spec: config.client(spec.name),
        observer=observer,
        trace_id=trace_id,
        network=network,
    )
    return services


def absent_client(vendor: str) -> httpx.AsyncClient:
    """A client for a vendor the run has no address for: every call fails, saying so."""

    def refuse(request: httpx.Request) -> httpx.Response:
        message = f"{vendor} is not in this run's connectors config"
        return httpx.Response(404, json={"error": {"message": message}})

    return VendorClient(transport=httpx.MockTransport(refuse), base_url=f"http://{vendor}.absent")
