"""The vendors' books as the money audit sees them: payments at pay, and what vendors claim.

A payment is a pay intent. A claim is something a vendor holds the customer liable for — a
shop order, a bazaar order, a trip booking — with the payment reference it names and what is
owed on it (`low`..`high` cents: a cancelled booking may keep its fee, nothing more). Both are
built from the vendors' own state documents, the same whether they come from a sandbox world's
files or a served vendor's `GET /_state`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from connectors.pay import to_cents
from errortree import UserError

Record = Mapping[str, Any]


class BooksUnreadable(UserError):
    """A vendor's books could not be read (no state file, a corrupt one, a vendor that does not
    answer): the audit cannot say anything."""


@dataclass(frozen=True)
class Payment:
    """A pay intent: what was authorised, captured and refunded, and the saga that made it."""

    id: str
    customer: str
    saga_id: str | None
    order_id: str | None
    status: str
    amount: int
    received: int
    refunded: int

    @property
    def kept(self) -> int:
        """What the customer is out of pocket on this payment now."""
        return self.received - self.refunded


@dataclass(frozen=True)
class Claim:
    """What one vendor holds the customer liable for, and the ledger behind it."""

    vendor: str
    claim_id: str
    ref: str | None
    low: int
    high: int
    live: bool
    pristine: bool = False
    paid_in: int = 0
    paid_back: int = 0


@dataclass(frozen=True)
class Books:
    payments: tuple[Payment, ...] = ()
    claims: tuple[Claim, ...] = ()
    vendors: tuple[str, ...] = field(default=())


def payments_from(pay_document: Record) -> list[Payment]:
    """Every intent of pay's state document (`payment_intents`, `refunds`)."""
    refunded: dict[str, int] = {}
    for refund in (pay_document.get("refunds") or {}).values():
        if refund.get("status", "succeeded") != "failed":
            intent = str(refund["payment_intent"])
            refunded[intent] = refunded.get(intent, 0) + int(refund["amount"])
    payments = []
    for intent in (pay_document.get("payment_intents") or {}).values():
        metadata = intent.get("metadata") or {}
        payments.append(
            Payment(
                id=str(intent["id"]),
                customer=str(intent.get("customer") or ""),
                saga_id=metadata.get("saga_id"),
                order_id=metadata.get("order_id"),
                status=str(intent["status"]),
                amount=int(intent["amount"]),
                received=int(intent["amount_received"]),
                refunded=max(int(intent["amount_refunded"]), refunded.get(str(intent["id"]), 0)),
            )
        )
    return payments


def shop_claim(order: Record, pristine: bool) -> Claim:
    """A shop order: owed what its payment history says (payments less refunds)."""
    history = order.get("payment_history") or []
    paid_in = sum(to_cents(p["amount"]) for p in history if p["transaction_type"] == "payment")
    paid_back = sum(to_cents(p["amount"]) for p in history if p["transaction_type"] == "refund")
    owed = paid_in - paid_back
    return Claim(
        "shop",
        str(order["order_id"]),
        order.get("payment_reference"),
        owed,
        owed,
        order["status"] != "cancelled",
        pristine,
        paid_in,
        paid_back,
    )


def bazaar_claim(order: Record) -> Claim:
    total, back = int(order["total_minor"]), int(order.get("refunded_minor") or 0)
    return Claim(
        "bazaar",
        str(order["order_id"]),
        order.get("payment_ref"),
        total - back,
        total - back,
        order["status"] != "cancelled",
        False,
        total,
        back,
    )


def acp_claim(order: Record) -> Claim:
    """An ACP merchant's order: the amount its payment intent was charged (never refunded);
    its state export calls it `amount`, `sandbox.vendor_state` `amount_minor`."""
    amount = int(order["amount_minor"] if "amount_minor" in order else order["amount"])
    return Claim(
        "acp", str(order["id"]), order.get("payment_intent"), amount, amount, True, False, amount, 0
    )


def trips_claim(booking: Record) -> Claim:
    """A booking: its total while confirmed; once cancelled, at most the fee it kept."""
    total = int(booking["total_minor"])
    if booking["status"] == "cancelled":
        terms = booking.get("cancellation") or {}
        fee, refund = int(terms.get("fee_minor") or 0), int(terms.get("refund_minor") or 0)
        return Claim(
            "trips",
            str(booking["booking_id"]),
            booking.get("payment_reference"),
            0,
            fee,
            False,
            False,
            total,
            refund,
        )
    return Claim(
        "trips",
        str(booking["booking_id"]),
        booking.get("payment_reference"),
        total,
        total,
        True,
        False,
        total,
        0,
    )


def books_from(
    pay_document: Record,
    shop_orders: Iterable[tuple[Record, bool]],
    bazaar_orders: Iterable[Record] = (),
    trips_bookings: Iterable[Record] = (),
    vendors: tuple[str, ...] = ("pay", "shop"),
    acp_orders: Iterable[Record] = (),
) -> Books:
    """The books of these documents; each shop order comes with whether it is pristine data."""
    claims = [shop_claim(order, pristine) for order, pristine in shop_orders]
    claims += [bazaar_claim(order) for order in bazaar_orders]
    claims += [trips_claim(booking) for booking in trips_bookings]
    claims += [acp_claim(order) for order in acp_orders]
    return Books(tuple(payments_from(pay_document)), tuple(claims), vendors)
