"""Orders: placed by a completed checkout, read back, updated with events and adjustments.

An order update is checked against the UCP order schema (422 when it breaks it); of a valid
one the merchant takes only the fulfillment events and the adjustments, and keeps its own
line items and totals.
"""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import UTC, datetime
from typing import Any

from commerce_specs import problems, validator
from sandbox.kit.state import meta_counter
from sandbox.ucp.errors import UcpError, bad_request, not_found

Doc = dict[str, Any]
VERSION = "2026-01-11"


def _now() -> str:
    return datetime.fromtimestamp(time.time(), UTC).isoformat().replace("+00:00", "Z")


def place(conn: sqlite3.Connection, checkout: Doc, chosen: tuple[Doc, Doc, Doc], base: str) -> Doc:
    method, destination, option = chosen
    order_id = f"ord_{meta_counter(conn, 'order'):06d}"
    address = {k: v for k, v in destination.items() if k != "id"}
    order: Doc = {
        "ucp": {
            "version": VERSION,
            "capabilities": [{"name": "dev.ucp.shopping.order", "version": VERSION}],
        },
        "id": order_id,
        "checkout_id": checkout["id"],
        "permalink_url": f"{base}/orders/{order_id}",
        "line_items": [
            {
                "id": line["id"],
                "item": line["item"],
                "quantity": {"total": line["quantity"], "fulfilled": 0},
                "totals": line["totals"],
                "status": "processing",
            }
            for line in checkout["line_items"]
        ],
        "fulfillment": {
            "expectations": [
                {
                    "id": f"exp_{order_id}_1",
                    "line_items": [
                        {"id": line["id"], "quantity": line["quantity"]}
                        for line in checkout["line_items"]
                    ],
                    "method_type": method["type"],
                    "destination": address,
                    "description": option["title"],
                }
            ],
            "events": [],
        },
        "adjustments": [],
        "totals": checkout["totals"],
    }
    conn.execute(
        "INSERT INTO orders (id, checkout_id, doc) VALUES (?, ?, ?)",
        (order_id, checkout["id"], json.dumps(order)),
    )
    return order


def get(conn: sqlite3.Connection, order_id: str) -> Doc:
    row = conn.execute("SELECT doc FROM orders WHERE id = ?", (order_id,)).fetchone()
    if row is None:
        raise not_found("Order")
    return dict(json.loads(row[0]))


def _store(conn: sqlite3.Connection, order: Doc) -> None:
    conn.execute("UPDATE orders SET doc = ? WHERE id = ?", (json.dumps(order), order["id"]))


def update(conn: sqlite3.Connection, order_id: str, sent: Any) -> Doc:
    order = get(conn, order_id)
    if not isinstance(sent, dict):
        raise UcpError(422, "invalid_order", "the order must be a JSON object")
    found = problems(validator("ucp", VERSION, "schemas/shopping/order.json"), sent)
    if found:
        raise UcpError(422, "invalid_order", "the order breaks its schema: " + "; ".join(found))
    if sent.get("id") != order_id:
        raise bad_request("the body's id is not this order's", "id_mismatch")
    order["fulfillment"]["events"] = sent["fulfillment"].get("events", [])
    order["adjustments"] = sent.get("adjustments", [])
    _store(conn, order)
    return order


def ship(conn: sqlite3.Connection, order_id: str) -> Doc:
    """Every line shipped: a `shipped` event, the lines fulfilled."""
    order = get(conn, order_id)
    order["fulfillment"]["events"].append(
        {
            "id": f"evt_{order_id}_{len(order['fulfillment']['events']) + 1}",
            "occurred_at": _now(),
            "type": "shipped",
            "line_items": [
                {"id": line["id"], "quantity": line["quantity"]["total"]}
                for line in order["line_items"]
            ],
            "description": "Shipped by the sandbox merchant",
        }
    )
    for line in order["line_items"]:
        line["quantity"]["fulfilled"] = line["quantity"]["total"]
        line["status"] = "fulfilled"
    _store(conn, order)
    return order
