"""Which destinations a run may reach over the network, checked where each call is made.

A `NetworkPolicy` travels with a run (its options) to every outbound point: the vendor
connectors, the model client, the Temporal client, exporters. Each asks `check` just before it
would send; a refused call raises `NetworkBlocked`, naming the destination, and sends nothing.
A transport that answers inside this process (the sandbox apps, a cassette) is not an outbound
point: it says so with `in_process = True`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import httpx

from errortree import AgentcliError

DestinationKind = Literal["vendor", "model", "engine", "exporter"]
KINDS: tuple[DestinationKind, ...] = ("vendor", "model", "engine", "exporter")


@dataclass(frozen=True)
class Destination:
    """Where one call would go: a vendor, a model endpoint, a Temporal cluster or an exporter."""

    kind: DestinationKind
    name: str
    address: str

    def __str__(self) -> str:
        return f"{self.kind} {self.name} at {self.address}"


class NetworkBlocked(AgentcliError):
    """A call the run's network policy refused before anything was sent."""

    def __init__(self, destination: Destination, reason: str) -> None:
        super().__init__(
            f"the network policy refused the {destination} ({reason}); nothing was sent"
        )
        self.destination = destination
        self.reason = reason


@dataclass(frozen=True)
class NetworkPolicy:
    """The destination kinds a run may reach; `reason` says why the others are refused."""

    allowed: frozenset[DestinationKind] = frozenset(KINDS)
    reason: str = "this run may reach the network"

    @classmethod
    def sealed(cls, reason: str = "a sealed run reaches nothing") -> NetworkPolicy:
        """Nothing leaves the process, loopback included."""
        return cls(frozenset(), reason)

    @classmethod
    def only(cls, *kinds: DestinationKind, reason: str) -> NetworkPolicy:
        return cls(frozenset(kinds), reason)

    @property
    def is_sealed(self) -> bool:
        return not self.allowed

    def permits(self, kind: DestinationKind) -> bool:
        return kind in self.allowed

    def check(self, destination: Destination) -> None:
        """Return when `destination` may be reached; raise NetworkBlocked otherwise."""
        if destination.kind not in self.allowed:
            raise NetworkBlocked(destination, self.reason)

    def describe(self) -> str:
        if self.is_sealed:
            return "sealed: nothing leaves the process"
        if self.allowed == frozenset(KINDS):
            return "open"
        return "only " + ", ".join(kind for kind in KINDS if kind in self.allowed)


OPEN = NetworkPolicy()
"""Every destination kind allowed: a run the user pointed at live endpoints."""


def in_process(transport: Any) -> bool:
    """True when `transport` answers inside this process (a wrapper asks what it wraps)."""
    return bool(getattr(transport, "in_process", False))


def leaves_process(client: httpx.AsyncClient | httpx.Client) -> bool:
    """True when a request of `client` would go over a socket."""
    # httpx has no public getter for a built client's transport
    return not in_process(client._transport)
