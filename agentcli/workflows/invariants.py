"""The money invariants, checked against what the vendors really hold, not what we believe.

- no double charge: a saga keeps at most one net charge, and never more than its order's total
- no orphan authorisation: no hold is left uncaptured once its saga has ended
- no order without payment: every live order a saga created is paid in full, exactly once
- no lost compensation: every saga ended completed or compensated, and money taken for an
  order that is cancelled (or was never made) has been given back
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from agentcli.workflows.journal import Journal
from connectors.errors import VendorError
from connectors.pay import to_cents

RULES = ("double_charge", "orphan_authorization", "order_without_payment",
         "lost_compensation", "unfinished_saga")


@dataclass(frozen=True)
class Violation:
    rule: str
    saga_id: str | None
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "saga_id": self.saga_id, "detail": self.detail}


@dataclass
class VendorFacts:
    """Payment intents made by sagas, and the shop orders that point at an intent."""

    intents: list[dict[str, Any]]
    orders: list[dict[str, Any]]


async def collect(services: Any, customers: set[str]) -> VendorFacts:
    """Read every intent and order of these customers from the vendors."""
    intents: list[dict[str, Any]] = []
    orders: list[dict[str, Any]] = []
    for customer in sorted(customers):
        intents += [i for i in await services.pay.list_intents(customer)
                    if (i.get("metadata") or {}).get("saga_id")]
        try:
            user = await services.shop.get_user(customer)
        except VendorError:
            continue
        for order_id in user.get("orders", []):
            order = await services.shop.get_order(order_id)
            if order.get("payment_reference"):
                orders.append(order)
    return VendorFacts(intents, orders)


def _net(intent: dict[str, Any]) -> int:
    return int(intent["amount_received"]) - int(intent["amount_refunded"])


def _paid_cents(order: dict[str, Any]) -> int:
    paid = sum(p["amount"] for p in order["payment_history"] if p["transaction_type"] == "payment")
    return to_cents(round(paid, 2))


def check(sagas: list[dict[str, Any]], facts: VendorFacts) -> list[Violation]:
    """Every violation of the money invariants among these sagas and vendor facts."""
    found: list[Violation] = []
    for saga in sagas:
        if saga["status"] not in ("completed", "compensated"):
            found.append(Violation("unfinished_saga", saga["id"],
                                   f"{saga['name']} is {saga['status']}"))
    orders_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for order in facts.orders:
        orders_of[order["payment_reference"]].append(order)
    charges: dict[str, int] = defaultdict(int)
    for intent in facts.intents:
        saga_id = intent["metadata"]["saga_id"]
        live = [o for o in orders_of.get(intent["id"], []) if o["status"] != "cancelled"]
        if intent["status"] == "requires_capture":
            found.append(Violation("orphan_authorization", saga_id,
                                   f"{intent['id']} still holds {intent['amount']} cents"))
        net = _net(intent)
        if net > 0:
            charges[saga_id] += 1
            if not live:
                found.append(Violation("lost_compensation", saga_id,
                                       f"{intent['id']} keeps {net} cents but no live order "
                                       "is paid by it"))
        if len(live) > 1:
            found.append(Violation("double_charge", saga_id,
                                   f"{len(live)} live orders share {intent['id']}"))
        for order in live:
            if intent["status"] != "succeeded" or net != _paid_cents(order):
                found.append(Violation(
                    "order_without_payment", saga_id,
                    f"order {order['order_id']} ({_paid_cents(order)} cents) is paid "
                    f"{net if intent['status'] == 'succeeded' else 0} cents by {intent['id']} "
                    f"({intent['status']})"))
    for saga_id, count in charges.items():
        if count > 1:
            found.append(Violation("double_charge", saga_id, f"{count} captured payments"))
    known = {i["id"] for i in facts.intents}
    for order in facts.orders:
        if order["status"] != "cancelled" and order["payment_reference"] not in known:
            found.append(Violation("order_without_payment", None,
                                   f"order {order['order_id']} points at unknown payment "
                                   f"{order['payment_reference']}"))
    return found


async def check_journal(journal: Journal, services: Any) -> list[Violation]:
    """Check every saga in the journal against the vendors."""
    ids = [r[0] for r in journal.db.execute("SELECT id FROM sagas ORDER BY created_at")]
    sagas = [s for s in (journal.get(i) for i in ids) if s is not None]
    customers = {str(s["input"]["user_id"]) for s in sagas if s["input"].get("user_id")}
    return check(sagas, await collect(services, customers))
