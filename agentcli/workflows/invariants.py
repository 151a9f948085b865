"""The money invariants, checked against what the vendors really hold, not what we believe.

Payments (pay intents made by sagas) and claims (what a vendor says the customer owes: a shop
order, a bazaar order, a trip booking) are linked by the vendor's payment reference or the
intent's `order_id` metadata. For every linked group, the money the customer has paid must
equal what the live claims are owed:

- no double charge: never more than owed, and at most one charge per saga
- no orphan authorisation: no hold is left uncaptured once its saga has ended
- no order without payment: every live claim is paid in full
- no lost compensation: every saga ended completed or compensated, and money kept for
  something cancelled (or never made) has been given back
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from agentcli.workflows.journal import Journal
from connectors.errors import VendorError
from connectors.pay import to_cents
from connectors.trips import amount_minor

RULES = ("double_charge", "orphan_authorization", "order_without_payment",
         "lost_compensation", "unfinished_saga")


@dataclass(frozen=True)
class Violation:
    rule: str
    saga_id: str | None
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "saga_id": self.saga_id, "detail": self.detail}


@dataclass(frozen=True)
class Claim:
    """Something a vendor holds the customer liable for: `low`..`high` cents, paid by `ref`."""

    vendor: str
    claim_id: str
    ref: str
    low: int
    high: int
    live: bool


@dataclass
class VendorFacts:
    intents: list[dict[str, Any]] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


def _shop_claim(order: dict[str, Any]) -> Claim:
    history = order["payment_history"]
    owed = sum(p["amount"] if p["transaction_type"] == "payment" else -p["amount"]
               for p in history)
    cents = to_cents(round(owed, 2))
    return Claim("shop", order["order_id"], order["payment_reference"], cents, cents,
                 order["status"] != "cancelled")


def _bazaar_claim(order: dict[str, Any]) -> Claim:
    owed = int(order["total_minor"]) - int(order.get("refunded_minor") or 0)
    return Claim("bazaar", order["order_id"], order["payment_ref"], owed, owed,
                 order["status"] != "cancelled")


def _trips_claim(booking: dict[str, Any]) -> Claim:
    if booking["status"] == "cancelled":  # the fee may be kept, nothing more
        terms = booking.get("cancellation") or {}
        fee = amount_minor(terms["fee"]) if terms.get("fee") else 0
        return Claim("trips", booking["booking_id"], booking["payment_reference"], 0, fee,
                     False)
    total = amount_minor(booking["total"])
    return Claim("trips", booking["booking_id"], booking["payment_reference"], total, total,
                 True)


async def collect(services: Any, customers: set[str]) -> VendorFacts:
    """Read every saga-made intent and every paid claim of these customers from the vendors."""
    facts = VendorFacts()
    for customer in sorted(customers):
        facts.intents += [i for i in await services.pay.list_intents(customer)
                          if (i.get("metadata") or {}).get("saga_id")]
        try:
            user = await services.shop.get_user(customer)
        except VendorError:
            user = {"orders": []}
        for order_id in user.get("orders", []):
            order = await services.shop.get_order(order_id)
            if order.get("payment_reference"):
                facts.claims.append(_shop_claim(order))
        if getattr(services, "bazaar", None) is not None:
            facts.claims += [_bazaar_claim(o) for o in await services.bazaar.list_orders(customer)
                             if o.get("payment_ref")]
        if getattr(services, "trips", None) is not None:
            facts.claims += [_trips_claim(b) for b in await services.trips.list_bookings(customer)
                             if b.get("payment_reference")]
    return facts


def _net(intent: dict[str, Any]) -> int:
    return int(intent["amount_received"]) - int(intent["amount_refunded"])


def _groups(facts: VendorFacts) -> list[tuple[list[dict[str, Any]], list[Claim]]]:
    """Intents and claims joined by payment reference or an intent's `order_id` metadata."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    def join(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    for intent in facts.intents:
        find(f"i:{intent['id']}")
        order_id = (intent.get("metadata") or {}).get("order_id")
        if order_id:
            join(f"i:{intent['id']}", f"c:{order_id}")
    for claim in facts.claims:
        join(f"c:{claim.claim_id}", f"i:{claim.ref}")
    intents: dict[str, list[dict[str, Any]]] = defaultdict(list)
    claims: dict[str, list[Claim]] = defaultdict(list)
    for intent in facts.intents:
        intents[find(f"i:{intent['id']}")].append(intent)
    for claim in facts.claims:
        claims[find(f"c:{claim.claim_id}")].append(claim)
    return [(intents[root], claims[root]) for root in set(intents) | set(claims)]


def check(sagas: list[dict[str, Any]], facts: VendorFacts) -> list[Violation]:
    """Every violation of the money invariants among these sagas and vendor facts."""
    found = [Violation("unfinished_saga", s["id"], f"{s['name']} is {s['status']}")
             for s in sagas if s["status"] not in ("completed", "compensated")]
    charges: dict[str, int] = defaultdict(int)
    known = {i["id"] for i in facts.intents}
    for intents, claims in _groups(facts):
        saga_id = intents[0]["metadata"]["saga_id"] if intents else None
        for intent in intents:
            if intent["status"] == "requires_capture":
                found.append(Violation("orphan_authorization", intent["metadata"]["saga_id"],
                                       f"{intent['id']} still holds {intent['amount']} cents"))
            if _net(intent) > 0:
                charges[intent["metadata"]["saga_id"]] += 1
        paid = sum(_net(i) for i in intents)
        low, high = sum(c.low for c in claims), sum(c.high for c in claims)
        what = ", ".join(f"{c.vendor} {c.claim_id}" for c in claims) or "nothing"
        if not intents and any(c.ref not in known for c in claims if c.live):
            continue  # paid outside the sagas (data that predates them)
        if paid > high:
            rule = "double_charge" if any(c.live for c in claims) else "lost_compensation"
            found.append(Violation(rule, saga_id, f"{paid} cents kept for {what} "
                                                  f"(owed {high})"))
        elif paid < low:
            found.append(Violation("order_without_payment", saga_id,
                                   f"{what} owed {low} cents, paid {paid}"))
    found += [Violation("double_charge", saga_id, f"{count} captured payments")
              for saga_id, count in charges.items() if count > 1]
    return found


def customers_of(sagas: list[dict[str, Any]]) -> set[str]:
    return {str(s["input"]["user_id"]) for s in sagas if s["input"].get("user_id")}


async def check_journal(journal: Journal, services: Any) -> list[Violation]:
    """Check every saga in the journal against the vendors."""
    ids = [r[0] for r in journal.db.execute("SELECT id FROM sagas ORDER BY created_at")]
    sagas = [s for s in (journal.get(i) for i in ids) if s is not None]
    return check(sagas, await collect(services, customers_of(sagas)))
