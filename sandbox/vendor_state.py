"""Reads the sandbox vendors' state straight from their SQLite files, for checks and audits.

Going to the files (through the vendors' own store code) rather than their HTTP APIs keeps
the reads out of any run's trace and costs a fraction of a request each.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sandbox.kit.state import StateFile
from sandbox.pay import state as pay_state
from sandbox.pay.store import read_snapshot
from sandbox.shop import service
from sandbox.shop.errors import ShopError
from sandbox.shop.pristine import pristine_orders
from sandbox.shop.store import ShopStore
from sandbox.world import SandboxWorld

_SHOP_ORDERS = (
    "SELECT o.order_id, o.doc, r.order_id IS NOT NULL, r.payment_reference FROM orders o "
    "LEFT JOIN order_payment_refs r ON r.order_id = o.order_id"
)
_WRITTEN_SHOP_ORDERS = (
    f"{_SHOP_ORDERS} WHERE o.order_id IN "
    "(SELECT order_id FROM changed_orders UNION SELECT order_id FROM order_payment_refs) "
    "ORDER BY o.seq"
)
"""The orders written since the pristine data, in a shop file that logs them (see
`sandbox.shop.pristine.CHANGE_LOG`); in file order, as a scan of every order gives them."""
_LOGS_CHANGES = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'changed_orders'"


class VendorFiles:
    """The shop's users and orders and the pay vendor's intents, as the vendors hold them."""

    def __init__(self, world: SandboxWorld) -> None:
        self.world = world
        self.shop = ShopStore(world.path_of("shop"))
        self.pay_path = world.path_of("pay")

    def pay_document(self) -> dict[str, Any]:
        """`{"payment_intents": {id: intent}, "refunds": {id: refund}}`."""
        return pay_document(self.pay_path)

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


def pay_document(path: Path) -> dict[str, Any]:
    """The pay vendor's intents and refunds in the state file at `path`."""
    with read_snapshot(path) as db:
        return pay_state.state_document(db)


def pristine_shop_orders() -> dict[str, str]:
    """The shop's orders as its pristine data holds them: order id → stored text."""
    return pristine_orders()


def changed_shop_orders(path: Path) -> list[tuple[dict[str, Any], bool]]:
    """Every shop order not as pristine data left it, with whether it is a pristine order.

    An untouched pristine order is the τ² data, paid before any saga, so it is left out. Only
    the orders the file's change log names are read when it has one (a file made before the
    log existed has every order compared); a written order whose text is pristine again is
    left out either way.
    """
    pristine = pristine_orders()
    changed = []
    with ShopStore(path).read() as tx:
        logged = tx.conn.execute(_LOGS_CHANGES).fetchone() is not None
        rows = tx.conn.execute(_WRITTEN_SHOP_ORDERS if logged else _SHOP_ORDERS)
        for order_id, text, created, reference in rows:
            if pristine.get(order_id) == text and not created:
                continue
            order = json.loads(text)
            if created:  # what the shop's API shows for orders it created itself
                order["payment_reference"] = reference
            changed.append((order, order_id in pristine))
    return changed


def bazaar_orders(path: Path) -> list[dict[str, Any]]:
    """The bazaar's orders in the state file at `path`, oldest first."""
    return _docs(path, "SELECT doc FROM orders ORDER BY seq")


def trips_bookings(path: Path) -> list[dict[str, Any]]:
    """The travel vendor's bookings in the state file at `path`, oldest first."""
    return _docs(path, "SELECT doc FROM bookings ORDER BY seq")


def acp_orders(path: Path) -> list[dict[str, Any]]:
    """The ACP merchant's orders in the state file at `path`, oldest first: each with the pay
    intent that paid it and the amount charged (integer cents)."""
    with StateFile(path).read() as conn:
        rows = conn.execute("SELECT doc, payment_intent, amount FROM orders ORDER BY seq")
        return [
            {**json.loads(doc), "payment_intent": intent, "amount_minor": amount}
            for doc, intent, amount in rows
        ]


def _docs(path: Path, sql: str) -> list[dict[str, Any]]:
    with StateFile(path).read() as conn:
        return [json.loads(doc) for (doc,) in conn.execute(sql)]
