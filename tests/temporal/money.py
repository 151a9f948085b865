"""Money invariants read straight from the sandbox vendors' state files."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from typing import Any

from connectors.sandbox.world import SandboxWorld


def _rows(path: Any, sql: str) -> list[sqlite3.Row]:
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def money_problems(world: SandboxWorld, results: dict[str, str]) -> list[str]:
    """Every broken invariant for sagas `results` (saga id → final status); [] when sound."""
    intents = _rows(world.path_of("pay"), "SELECT * FROM intents")
    orders = _rows(world.path_of("shop"),
                   "SELECT r.order_id, r.payment_reference, o.doc FROM order_payment_refs r "
                   "JOIN orders o ON o.order_id = r.order_id")
    problems: list[str] = []
    by_saga = Counter(json.loads(i["metadata"]).get("saga_id") for i in intents)
    problems += [f"saga {s} authorised {n} times" for s, n in by_saga.items() if n > 1]
    problems += [f"orphan authorisation {i['id']}" for i in intents
                 if i["status"] == "requires_capture"]
    captured = {i["id"] for i in intents if i["amount_received"] > i["amount_refunded"]}
    problems += [f"intent {i['id']} charged more than held" for i in intents
                 if i["amount_received"] > i["amount"]]
    intent_of = {json.loads(i["metadata"]).get("saga_id"): i["id"] for i in intents}
    live_orders = Counter(o["payment_reference"] for o in orders
                          if json.loads(o["doc"])["status"] != "cancelled")
    for saga_id, status in results.items():
        intent = intent_of.get(saga_id)
        if status == "completed":
            if intent not in captured:
                problems.append(f"completed saga {saga_id} charged nothing")
            if live_orders.get(intent, 0) != 1:
                problems.append(f"completed saga {saga_id} has {live_orders.get(intent, 0)} "
                                "orders")
        elif status == "compensated":
            if intent in captured:
                problems.append(f"compensated saga {saga_id} still charges {intent}")
            if intent is not None and live_orders.get(intent, 0):
                problems.append(f"compensated saga {saga_id} left an order")
        else:
            problems.append(f"saga {saga_id} ended {status}")
    problems += [f"order paid by {ref} without a charge" for ref in live_orders
                 if ref not in captured]
    return problems
