"""The books of a sandbox world, read straight from its vendors' SQLite files.

Reading the files (never the vendors' HTTP APIs) keeps the audit out of any run's trace and
costs a fraction of a request. Only the shop orders whose stored text is no longer the
pristine one are parsed: an untouched pristine order is the τ² data, paid before any saga.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from agentcli.audit.books import Books, BooksUnreadable, books_from
from agentcli.audit.journal import audit_with_journal
from agentcli.audit.money import Violation
from agentcli.trace.store import Store
from connectors.sandbox.kit.state import StateFile
from connectors.sandbox.pay import state as pay_state
from connectors.sandbox.pay.store import read_snapshot
from connectors.sandbox.shop.pristine import pristine_orders
from connectors.sandbox.shop.store import ShopStore
from connectors.sandbox.world import SandboxWorld

REQUIRED = ("pay", "shop")
OPTIONAL = ("bazaar", "trips")

_SHOP_ORDERS = (
    "SELECT o.order_id, o.doc, r.order_id IS NOT NULL, r.payment_reference FROM orders o "
    "LEFT JOIN order_payment_refs r ON r.order_id = o.order_id"
)


def _shop_orders(path: Path) -> list[tuple[dict[str, Any], bool]]:
    """Every shop order not as pristine data left it, with whether it is a pristine order."""
    pristine = pristine_orders()
    changed = []
    with ShopStore(path).read() as tx:
        for order_id, text, created, reference in tx.conn.execute(_SHOP_ORDERS):
            if pristine.get(order_id) == text and not created:
                continue
            order = json.loads(text)
            if created:  # what the shop's API shows for orders it created itself
                order["payment_reference"] = reference
            changed.append((order, order_id in pristine))
    return changed


def _docs(path: Path, sql: str) -> list[dict[str, Any]]:
    with StateFile(path).read() as conn:
        return [json.loads(doc) for (doc,) in conn.execute(sql)]


def read_world_books(world: SandboxWorld) -> Books:
    """The books of every vendor of the world that has a state file (pay and shop must)."""
    missing = [v for v in REQUIRED if not world.path_of(v).is_file()]
    if missing:
        raise BooksUnreadable(f"no sandbox world at {world.root} (no {missing[0]} state file "
                              f"{world.path_of(missing[0]).name})")
    present = [v for v in OPTIONAL if v in world.names and world.path_of(v).is_file()]
    try:
        with read_snapshot(world.path_of("pay")) as db:
            pay = pay_state.state_document(db)
        shop = _shop_orders(world.path_of("shop"))
        bazaar = _docs(world.path_of("bazaar"), "SELECT doc FROM orders ORDER BY seq") \
            if "bazaar" in present else []
        trips = _docs(world.path_of("trips"), "SELECT doc FROM bookings ORDER BY seq") \
            if "trips" in present else []
        return books_from(pay, shop, bazaar, trips, ("pay", "shop", *present))
    except (sqlite3.DatabaseError, ValueError, KeyError, TypeError) as exc:
        raise BooksUnreadable(f"the sandbox world at {world.root} cannot be read: "
                              f"{type(exc).__name__}: {exc}") from None


def audit_world(world: SandboxWorld, store: Store | None, run_id: str | None = None
                ) -> list[Violation]:
    """`agentcli audit money --sandbox`: the world's books with the journal's sagas (those of
    one run when `run_id` is given)."""
    return audit_with_journal(read_world_books(world), store, run_id)
