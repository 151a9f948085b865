"""Reads the sandbox vendors' state straight from their SQLite files, for checks after a case.

Going to the files (through the vendors' own store code) rather than their HTTP APIs keeps
the checks out of the run's trace and costs a fraction of a request each.
"""

from __future__ import annotations

from typing import Any

from agentcli.audit.books import Books
from agentcli.audit.world import read_world_books
from connectors.sandbox.pay import state as pay_state
from connectors.sandbox.pay.store import read_snapshot
from connectors.sandbox.shop import service
from connectors.sandbox.shop.errors import ShopError
from connectors.sandbox.shop.store import ShopStore
from connectors.sandbox.world import SandboxWorld


class VendorState:
    """The shop's users and orders and the pay vendor's intents, as the vendors hold them."""

    def __init__(self, world: SandboxWorld) -> None:
        self.world = world
        self.shop = ShopStore(world.path_of("shop"))
        self.pay_path = world.path_of("pay")

    def books(self) -> Books:
        """What `agentcli audit money` reads: every vendor's books."""
        return read_world_books(self.world)

    def pay_document(self) -> dict[str, Any]:
        """`{"payment_intents": {id: intent}, "refunds": {id: refund}}`."""
        with read_snapshot(self.pay_path) as db:
            return pay_state.state_document(db)

    def pay_hash(self) -> str:
        with read_snapshot(self.pay_path) as db:
            return pay_state.state_hash(db)

    def order(self, order_id: str) -> dict[str, Any] | None:
        try:
            with self.shop.read() as tx:
                return service.get_order(tx, order_id)
        except ShopError:
            return None

    def user(self, user_id: str) -> dict[str, Any] | None:
        try:
            with self.shop.read() as tx:
                return service.get_user(tx, user_id)
        except ShopError:
            return None

    def shop_hash(self) -> str:
        with self.shop.read() as tx:
            return str(service.state_hash(tx)["hash"])
