"""Money invariants, checked over the vendors' real state after a case (not over the trace)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from agentcli.suites.assertions import Failure
from agentcli.suites.vendor_state import VendorState
from agentcli.trace.store import Store

Intent = dict[str, Any]
Order = dict[str, Any]


class Ledger:
    """The pay vendor's intents and refunds, the shop orders tied to them, and the run's sagas."""

    def __init__(self, intents: dict[str, Intent], refunds: dict[str, dict[str, Any]],
                 orders: dict[str, Order], sagas: list[dict[str, Any]]) -> None:
        self.intents = intents
        self.refunds = refunds
        self.orders = orders
        self.sagas = sagas

    def orders_paid_by(self, intent_id: str) -> list[Order]:
        return [o for o in self.orders.values() if o.get("payment_reference") == intent_id]


def read_ledger(vendors: VendorState, store: Store, run_id: str,
                order_ids: Iterable[str]) -> Ledger:
    """Everything the invariants look at: pay's whole state, and every order in play."""
    state = vendors.pay_document()
    intents: dict[str, Intent] = state.get("payment_intents", {})
    refunds: dict[str, dict[str, Any]] = state.get("refunds", {})
    sagas = [
        {**dict(row), "input": json.loads(row["input"]), "outputs": json.loads(row["outputs"])}
        for row in store.db.query(
            "SELECT id, name, status, input, outputs FROM sagas WHERE run_id = ? "
            "ORDER BY created_at", [run_id])
    ]
    wanted = set(order_ids)
    for saga in sagas:
        for source in (saga["input"], saga["outputs"].get("create_order") or {}):
            if isinstance(source.get("order_id"), str):
                wanted.add(source["order_id"])
    for customer in {i.get("customer") for i in intents.values() if i.get("customer")}:
        user = vendors.user(str(customer))
        wanted.update(user.get("orders", []) if user else [])
    orders: dict[str, Order] = {}
    for order_id in sorted(wanted):
        order = vendors.order(order_id)
        if order is not None:
            orders[order["order_id"]] = order
    return Ledger(intents, refunds, orders, sagas)


def check_invariants(names: Iterable[str], ledger: Ledger) -> list[Failure]:
    failures = []
    for name in names:
        for problem in CHECKS[name](ledger):
            failures.append(Failure(f"invariant {name}", "holds", problem))
    return failures


def no_duplicate_charge(ledger: Ledger) -> Iterable[str]:
    captured_by_saga: dict[str, list[str]] = defaultdict(list)
    for intent in ledger.intents.values():
        if intent.get("amount_received", 0) > 0:
            saga_id = (intent.get("metadata") or {}).get("saga_id") or intent["id"]
            captured_by_saga[saga_id].append(intent["id"])
        if intent.get("amount_received", 0) > intent.get("amount", 0):
            yield f"{intent['id']} captured {intent['amount_received']} of {intent['amount']}"
    for saga, ids in captured_by_saga.items():
        if len(ids) > 1:
            yield f"saga {saga} charged {len(ids)} times: {', '.join(sorted(ids))}"
    for intent_id in ledger.intents:
        orders = ledger.orders_paid_by(intent_id)
        if len(orders) > 1:
            names = ", ".join(o["order_id"] for o in orders)
            yield f"one payment {intent_id} backs {len(orders)} orders: {names}"


def all_compensated_on_abort(ledger: Ledger) -> Iterable[str]:
    for saga in ledger.sagas:
        if saga["status"] not in ("completed", "compensated"):
            yield f"saga {saga['id']} ({saga['name']}) ended {saga['status']}"
    aborted = {s["id"] for s in ledger.sagas if s["status"] != "completed"}
    completed = {s["id"] for s in ledger.sagas if s["status"] == "completed"}
    for intent in ledger.intents.values():
        status = intent.get("status")
        saga_id = (intent.get("metadata") or {}).get("saga_id")
        kept = intent.get("amount_received", 0) - intent.get("amount_refunded", 0)
        live = [o for o in ledger.orders_paid_by(intent["id"]) if o.get("status") != "cancelled"]
        if status == "requires_capture":
            yield f"authorisation {intent['id']} left open (neither captured nor voided)"
        elif saga_id in aborted and kept > 0:
            yield f"aborted saga {saga_id} kept {kept} cents of {intent['id']}"
        elif kept > 0 and not live and saga_id not in completed:
            yield f"{intent['id']} kept {kept} cents with no order behind it"
        if status == "canceled" and live:
            yield f"order {live[0]['order_id']} is {live[0]['status']} but its payment was voided"


def refund_not_above_capture(ledger: Ledger) -> Iterable[str]:
    refunded: dict[str, int] = defaultdict(int)
    for refund in ledger.refunds.values():
        refunded[str(refund.get("payment_intent"))] += int(refund.get("amount", 0))
    for intent in ledger.intents.values():
        received = intent.get("amount_received", 0)
        total = max(refunded[intent["id"]], intent.get("amount_refunded", 0))
        if total > received:
            yield f"{intent['id']} refunded {total} cents of {received} captured"
    for order in ledger.orders.values():
        history = order.get("payment_history") or []
        paid = sum(p["amount"] for p in history if p.get("transaction_type") == "payment")
        back = sum(p["amount"] for p in history if p.get("transaction_type") == "refund")
        if back > paid + 0.005:
            yield f"order {order['order_id']} refunded {back:.2f} of {paid:.2f} paid"


CHECKS = {
    "no_duplicate_charge": no_duplicate_charge,
    "all_compensated_on_abort": all_compensated_on_abort,
    "refund_not_above_capture": refund_not_above_capture,
}
