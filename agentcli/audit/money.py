"""The money audit: the vendors' books joined with the saga journal, every rule in one place.

Payments and claims are grouped by the payment a claim names (or the order a payment's
metadata names); in every group the money pay kept must equal what the live claims are owed.
The journal adds what only it knows: which saga made a payment and how that saga ended. The
shop's pristine orders (the τ² data, paid before any saga ran) are the only claims allowed
without a payment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from agentcli.audit.books import Books, Claim, Payment

RULES: dict[str, str] = {
    "double_charge": "a payment kept more than its live orders or bookings are owed, or "
    "captured more than it authorised",
    "double_capture": "one saga captured two payments",
    "order_without_payment": "a live order or booking is not paid in full",
    "charge_without_order": "money kept with no live order or booking behind it",
    "open_authorization": "an authorisation neither captured nor released",
    "refund_above_capture": "more refunded than was paid",
    "unfinished_saga": "a saga neither completed nor compensated",
    "journal_disagrees": "the journal's outcome of a saga is not what its payment shows",
}
"""Every rule the audit checks, with what a violation of it means."""

SETTLED = ("completed", "compensated")


@dataclass(frozen=True)
class Saga:
    """What the journal says about one saga."""

    id: str
    name: str
    status: str


@dataclass(frozen=True)
class Violation:
    rule: str
    vendor: str
    ids: tuple[str, ...]
    detail: str
    saga_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "vendor": self.vendor,
            "ids": list(self.ids),
            "saga_id": self.saga_id,
            "detail": self.detail,
        }

    def line(self) -> str:
        saga = f" (saga {self.saga_id})" if self.saga_id else ""
        return f"{self.rule}  {self.vendor}  {', '.join(self.ids)}: {self.detail}{saga}"


def _money(cents: int) -> str:
    return f"${cents / 100:,.2f}"


def _groups(books: Books) -> list[tuple[list[Payment], list[Claim]]]:
    """Payments and claims joined by the payment a claim names or a payment's `order_id`."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def join(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    for payment in books.payments:
        find(f"p:{payment.id}")
        if payment.order_id:
            join(f"p:{payment.id}", f"c:{payment.order_id}")
    for claim in books.claims:
        find(f"c:{claim.claim_id}")
        if claim.ref:
            join(f"c:{claim.claim_id}", f"p:{claim.ref}")
    payments: dict[str, list[Payment]] = defaultdict(list)
    claims: dict[str, list[Claim]] = defaultdict(list)
    for payment in books.payments:
        payments[find(f"p:{payment.id}")].append(payment)
    for claim in books.claims:
        claims[find(f"c:{claim.claim_id}")].append(claim)
    return [(payments[root], claims[root]) for root in sorted(set(payments) | set(claims))]


def _payment_rules(payment: Payment, sagas: Mapping[str, Saga]) -> Iterable[Violation]:
    ids, saga_id = (payment.id,), payment.saga_id
    if payment.status == "requires_capture":
        yield Violation(
            "open_authorization", "pay", ids, f"{_money(payment.amount)} still held", saga_id
        )
    if payment.received > payment.amount:
        yield Violation(
            "double_charge",
            "pay",
            ids,
            f"captured {_money(payment.received)} of {_money(payment.amount)} authorised",
            saga_id,
        )
    if payment.refunded > payment.received:
        yield Violation(
            "refund_above_capture",
            "pay",
            ids,
            f"refunded {_money(payment.refunded)} of {_money(payment.received)} captured",
            saga_id,
        )
    saga = sagas.get(saga_id or "")
    if saga is not None and saga.status == "compensated" and payment.kept > 0:
        yield Violation(
            "journal_disagrees",
            "pay",
            ids,
            f"{saga.name} is compensated but {_money(payment.kept)} is kept",
            saga_id,
        )
    if saga is not None and saga.status == "completed" and payment.received == 0:
        yield Violation(
            "journal_disagrees",
            "pay",
            ids,
            f"{saga.name} is completed but its payment is {payment.status}, nothing captured",
            saga_id,
        )


def _claim_rules(claim: Claim) -> Iterable[Violation]:
    if claim.paid_back > claim.paid_in:
        yield Violation(
            "refund_above_capture",
            claim.vendor,
            (claim.claim_id,),
            f"refunded {_money(claim.paid_back)} of {_money(claim.paid_in)} paid",
        )


def _group_rules(payments: list[Payment], claims: list[Claim]) -> Iterable[Violation]:
    claims = [c for c in claims if not (c.pristine and c.ref is None)]  # paid before any saga
    if not payments and not claims:
        return
    kept = sum(p.kept for p in payments)
    low, high = sum(c.low for c in claims), sum(c.high for c in claims)
    ids = tuple(p.id for p in payments) + tuple(c.claim_id for c in claims)
    vendor = "/".join(sorted({c.vendor for c in claims})) or "pay"
    saga_id = next((p.saga_id for p in payments if p.saga_id), None)
    what = ", ".join(f"{c.vendor} {c.claim_id}" for c in claims) or "nothing"
    if kept > high:
        rule = "double_charge" if any(c.live for c in claims) else "charge_without_order"
        yield Violation(
            rule, vendor, ids, f"{_money(kept)} kept for {what} (owed {_money(high)})", saga_id
        )
    elif kept < low:
        paid = f"paid {_money(kept)}" if payments else "no payment at pay"
        yield Violation(
            "order_without_payment", vendor, ids, f"{what} owed {_money(low)}, {paid}", saga_id
        )


def audit(books: Books, sagas: Iterable[Saga]) -> list[Violation]:
    """Every violation of the money rules in these books and this journal; [] when they agree."""
    by_id = {saga.id: saga for saga in sagas}
    found = [
        Violation(
            "unfinished_saga", "journal", (saga.id,), f"{saga.name} is {saga.status}", saga.id
        )
        for saga in by_id.values()
        if saga.status not in SETTLED
    ]
    captures: dict[str, list[str]] = defaultdict(list)
    for payment in books.payments:
        found += _payment_rules(payment, by_id)
        if payment.received > 0 and payment.saga_id:
            captures[payment.saga_id].append(payment.id)
    found += [
        Violation("double_capture", "pay", tuple(ids), f"{len(ids)} payments captured", saga_id)
        for saga_id, ids in captures.items()
        if len(ids) > 1
    ]
    for claim in books.claims:
        found += _claim_rules(claim)
    for payments, claims in _groups(books):
        found += _group_rules(payments, claims)
    return found
