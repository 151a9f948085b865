"""The bazaar's canonical state document (everything that changes) and its hash."""

from __future__ import annotations

import json
import sqlite3
from typing import Any


def document(conn: sqlite3.Connection) -> dict[str, Any]:
    """Stock per SKU, carts, cart codes, orders, promotion uses and payment references."""
    carts: dict[str, dict[str, int]] = {}
    for buyer, sku, qty in conn.execute("SELECT buyer_id, sku, qty FROM cart_lines"):
        carts.setdefault(buyer, {})[sku] = qty
    return {
        "stock": dict(conn.execute("SELECT sku, stock FROM listings").fetchall()),
        "carts": carts,
        "cart_promos": dict(conn.execute("SELECT buyer_id, code FROM cart_promos").fetchall()),
        "orders": {
            oid: json.loads(doc) for oid, doc in conn.execute("SELECT order_id, doc FROM orders")
        },
        "promo_uses": sorted(
            list(r) for r in conn.execute("SELECT buyer_id, promotion_id, order_id FROM promo_uses")
        ),
        "payment_refs": dict(
            conn.execute("SELECT payment_ref, order_id FROM payment_refs").fetchall()
        ),
    }
