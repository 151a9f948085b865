"""The shop's τ²-bench face: worlds whose shop behaves as τ²'s reference, and τ²'s generic tools.

For the τ² runners (conformance, `tau2` suite cases): they reach the shop's τ² semantics here
instead of in the shop's own modules.
"""

from __future__ import annotations

from pathlib import Path

import sandbox.shop as agents_shop
import sandbox.shop.reference as reference_shop
from sandbox.shop.errors import ShopError
from sandbox.shop.generic_tools import calculate, transfer_to_human_agents
from sandbox.world import SandboxWorld, VendorModule

__all__ = ["ShopError", "as_reference", "calculate", "shop_world", "transfer_to_human_agents"]


def as_reference(world: SandboxWorld) -> SandboxWorld:
    """The world's files, its shop served as τ²'s reference (the other vendors as they are)."""
    vendors: dict[str, VendorModule] = {name: world.module(name) for name in world.names}
    vendors["shop"] = reference_shop
    return SandboxWorld(world.root, vendors)


def shop_world(root: Path, *, quirk: bool = True) -> SandboxWorld:
    """A world of the shop alone under `root`: τ²'s reference (its multi-item modify quirk
    included) unless `quirk` is False, then the agents' shop."""
    shop: VendorModule = reference_shop if quirk else agents_shop
    return SandboxWorld(root, vendors={"shop": shop})
