"""The bridge from the clients to a sandbox world: clients for its apps, a config for its ports.

The simulated vendors (`sandbox`) know nothing of the clients; this module brings the two
together: in-process httpx clients over a world's apps with the credentials the world issued,
the connectors config that points `--connectors live` at `sandbox serve`, and fault plans read
from YAML files with errors that name the line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from connectors.acp.auth import AcpAuth
from connectors.auth import ClientCredentials, TokenAuth
from connectors.client import VendorClient
from connectors.config import ConnectorsConfig, VendorEndpoint
from connectors.yamlfile import parse, read_text
from sandbox.auth import IssuedCredentials
from sandbox.faults import FaultPlan
from sandbox.transport import SandboxTransport
from sandbox.world import SandboxWorld

if TYPE_CHECKING:  # uvicorn comes with it, which in-process runs never need
    from sandbox.serve import SandboxServer


def client_credentials(issued: IssuedCredentials) -> ClientCredentials:
    """The client's copy of the credentials a sandbox vendor issued."""
    return ClientCredentials(issued.client_id, issued.client_secret)


def token_auths(world: SandboxWorld) -> dict[str, httpx.Auth]:
    """One auth per vendor of the world: a Bearer token from the credentials it issued, or an
    ACP merchant's API key and request signatures; a UCP merchant takes none."""
    auths: dict[str, httpx.Auth] = {}
    for vendor, issued in world.credentials().items():
        protocol = world.protocol(vendor)
        if protocol == "acp":
            auths[vendor] = AcpAuth(world.api_key(vendor), world.signing_secret(vendor))
        elif protocol is None:
            auths[vendor] = TokenAuth(client_credentials(issued))
    return auths


def sandbox_clients(
    world: SandboxWorld, *, faults: FaultPlan | None = None, **client_kwargs: Any
) -> dict[str, httpx.AsyncClient]:
    """One in-process client per vendor, at `http://{vendor}.sandbox`, with credentials
    (none for an open-protocol merchant)."""
    auths = token_auths(world)
    return {
        vendor: VendorClient(
            transport=SandboxTransport(app),
            base_url=f"http://{vendor}.sandbox",
            auth=auths.get(vendor),
            **client_kwargs,
        )
        for vendor, app in world.apps(faults).items()
    }


ClientSource = Callable[..., dict[str, httpx.AsyncClient]]
"""`sandbox_clients` or a `KeptClients`: (world, *, faults, **client options) → clients."""


class KeptClients:
    """Clients kept across the runs of one world whose apps stay (a suite worker's world).

    Each call swaps the run's fault plan into the world's apps and hands back the same
    clients (and their Bearer tokens); `aclose` closes them for good at the end.
    """

    def __init__(self) -> None:
        self._auths: dict[str, httpx.Auth] = {}
        self._clients: dict[tuple[str, tuple[tuple[str, Any], ...]], _KeptClient] = {}

    def __call__(
        self, world: SandboxWorld, *, faults: FaultPlan | None = None, **client_kwargs: Any
    ) -> dict[str, httpx.AsyncClient]:
        apps = world.apps(faults)
        if not self._auths:
            self._auths = token_auths(world)
        options = tuple(sorted(client_kwargs.items()))
        clients: dict[str, httpx.AsyncClient] = {}
        for vendor, app in apps.items():
            key = (vendor, options)
            if key not in self._clients:
                self._clients[key] = _KeptClient(
                    transport=SandboxTransport(app),
                    base_url=f"http://{vendor}.sandbox",
                    auth=self._auths.get(vendor),
                    **client_kwargs,
                )
            clients[vendor] = self._clients[key]
        return clients

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.close_for_good()
        self._clients.clear()


class _KeptClient(VendorClient):
    """A client a run may "close": it stays open for the next case (the transport is in
    process, so there is no connection to give back)."""

    async def aclose(self) -> None:
        return None

    async def close_for_good(self) -> None:
        await super().aclose()


def served_config(server: SandboxServer, timeout: float = 10.0) -> ConnectorsConfig:
    """The config that points `--connectors live` at the vendors `server` serves: client
    credentials for the native vendors; a protocol merchant with its `kind`, and for the ACP
    one its API key and signing secret."""
    world = server.world
    credentials = world.credentials()
    endpoints = {}
    for served in server.vendors:
        protocol = world.protocol(served.name)
        if protocol == "acp":
            endpoints[served.name] = VendorEndpoint(
                kind="acp",
                base_url=served.url,
                api_key=world.api_key(served.name),
                signing_secret=world.signing_secret(served.name),
            )
        elif protocol is not None:
            endpoints[served.name] = VendorEndpoint.model_validate(
                {"kind": protocol, "base_url": served.url}
            )
        else:
            endpoints[served.name] = VendorEndpoint(
                base_url=served.url,
                client_id=credentials[served.name].client_id,
                client_secret=credentials[served.name].client_secret,
            )
    return ConnectorsConfig(timeout=timeout, vendors=endpoints)


def load_fault_plan(path: Path) -> FaultPlan:
    """The plan in the YAML file at `path`; a bad one raises ConfigFileError (line, reason)."""
    return parse_fault_plan(read_text(path, "fault plan"), str(path))


def parse_fault_plan(text: str, where: str = "<fault plan>") -> FaultPlan:
    return parse(text, FaultPlan, where)
