"""A sandbox world whose vendors are a cassette: no vendor app, no state on disk, no network."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpx

from agentcli.replay.transport import CassettePlayer
from connectors.client import VendorClient
from sandbox.world import VENDORS, SandboxWorld


class CassetteWorld(SandboxWorld):
    """Every vendor client is served by `player`; nothing is created, started or reached."""

    def __init__(self, player: CassettePlayer, names: Iterable[str] | None = None) -> None:
        super().__init__(Path("cassette-world"))
        self.player = player
        self.names = tuple(names) if names is not None else tuple(VENDORS)

    def ensure(self) -> None:
        """Nothing to create: the vendors are a recording."""

    def reset(self, vendors: Iterable[str] | None = None) -> None:
        raise RuntimeError("a cassette world has no state to reset")

    def clients(self, **client_kwargs: Any) -> dict[str, httpx.AsyncClient]:
        """One client per vendor, at its sandbox address, answered from the cassette."""
        client_kwargs.pop("faults", None)
        return {
            vendor: VendorClient(
                transport=self.player.transport(vendor),
                base_url=f"http://{vendor}.sandbox",
                **client_kwargs,
            )
            for vendor in self.names
        }


def cassette_clients(world: SandboxWorld, **client_kwargs: Any) -> dict[str, httpx.AsyncClient]:
    """The `RunOptions.clients` of a run over a `CassetteWorld`: the cassette answers."""
    if not isinstance(world, CassetteWorld):
        raise TypeError("cassette clients need a CassetteWorld")
    return world.clients(**client_kwargs)
