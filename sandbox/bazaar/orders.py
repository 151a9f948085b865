"""Orders: placed from a cart or explicit lines, cancelled whole or by line with a refund owed.

The bazaar never moves money itself: an order carries the buyer platform's `payment_ref`, and a
cancellation records a refund *owed* to that reference, computed from what the cancelled lines
were charged after their share of any discount.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sandbox.bazaar import carts, promotions
from sandbox.bazaar.errors import BazaarError
from sandbox.kit.state import canonical_json, meta_counter

Record = dict[str, Any]

CANCEL_REASONS = ("buyer_request", "checkout_failed", "payment_failed", "other")
ORDER_ID_STEP = 104_729  # prime, so ids cycle through every 6-digit value
ORDER_ID_START = 271_828


def iso(now: float) -> str:
    return datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def order_id_for(counter: int) -> str:
    return f"BZO-{(ORDER_ID_START + ORDER_ID_STEP * counter) % 1_000_000:06d}"


@dataclass(frozen=True)
class OrderRequest:
    buyer_id: str
    payment_ref: str
    lines: list[tuple[str, int]] | None
    from_cart: bool
    promo_code: str | None
    ship_to: Mapping[str, str] | None
    expected_total_minor: int | None


def load(conn: sqlite3.Connection, order_id: str) -> Record:
    row = conn.execute("SELECT doc FROM orders WHERE order_id = ?", (order_id,)).fetchone()
    if row is None:
        raise BazaarError("NOT_FOUND", f"no order {order_id}")
    order: Record = json.loads(row[0])
    return order


def _save(conn: sqlite3.Connection, order: Record) -> None:
    conn.execute(
        "UPDATE orders SET doc = ? WHERE order_id = ?", (canonical_json(order), order["order_id"])
    )


def _wanted(conn: sqlite3.Connection, request: OrderRequest) -> list[tuple[str, int]]:
    if request.lines:
        merged: Counter[str] = Counter()
        for sku, qty in request.lines:
            merged[sku] += qty
        return list(merged.items())
    if request.from_cart:
        return carts.cart_lines(conn, request.buyer_id)
    return []


def create(conn: sqlite3.Connection, request: OrderRequest, now: float) -> Record:
    """Place an order, checking everything before anything changes."""
    carts.check_buyer(request.buyer_id)
    wanted = _wanted(conn, request)
    if not wanted:
        raise BazaarError("CART_EMPTY", "there is nothing to order")
    lines, stock = carts.priced_lines(conn, wanted)
    short = sorted(line.sku for line in lines if stock[line.sku] < line.qty)
    if short:
        raise BazaarError(
            "INSUFFICIENT_STOCK",
            f"not enough stock for {', '.join(short)}",
            skus=short,
            stock={sku: stock[sku] for sku in short},
        )
    used = conn.execute(
        "SELECT order_id FROM payment_refs WHERE payment_ref = ?", (request.payment_ref,)
    ).fetchone()
    if used is not None:
        raise BazaarError(
            "PAYMENT_REF_ALREADY_USED",
            f"payment reference already paid for order {used[0]}",
            order_id=used[0],
        )
    code = request.promo_code
    if code is None and request.from_cart and not request.lines:
        code = carts.cart_code(conn, request.buyer_id)
    quote = promotions.quote(conn, request.buyer_id, lines, code, now, strict=True)
    expected = request.expected_total_minor
    if expected is not None and expected != quote.total_minor:
        raise BazaarError(
            "PRICE_CHANGED",
            f"the total is {quote.total_minor}, not the expected {expected}",
            expected_total_minor=expected,
            total_minor=quote.total_minor,
        )

    order_id = order_id_for(meta_counter(conn, "order_counter"))
    order_lines = [
        {**carts.line_view(line), "line_no": n, "status": "active"}
        for n, line in enumerate(quote.lines, 1)
    ]
    order: Record = {
        "order_id": order_id,
        "buyer_id": request.buyer_id,
        "status": "placed",
        "lines": order_lines,
        "promotions": quote.applied,
        "subtotal_minor": quote.subtotal_minor,
        "discount_minor": quote.discount_minor,
        "total_minor": quote.total_minor,
        "currency": "USD",
        "payment_ref": request.payment_ref,
        "ship_to": dict(request.ship_to) if request.ship_to else None,
        "refunds": [],
        "refunded_minor": 0,
        "created_at": iso(now),
    }
    conn.execute(
        "INSERT INTO orders (order_id, buyer_id, doc) VALUES (?, ?, ?)",
        (order_id, request.buyer_id, canonical_json(order)),
    )
    conn.execute(
        "INSERT INTO payment_refs (payment_ref, order_id) VALUES (?, ?)",
        (request.payment_ref, order_id),
    )
    for line in quote.lines:
        conn.execute("UPDATE listings SET stock = stock - ? WHERE sku = ?", (line.qty, line.sku))
    for applied in quote.applied:
        conn.execute(
            "INSERT INTO promo_uses (buyer_id, promotion_id, order_id) VALUES (?, ?, ?)",
            (request.buyer_id, applied["promotion_id"], order_id),
        )
    if request.from_cart:
        in_cart = dict(carts.cart_lines(conn, request.buyer_id))
        for sku, qty in wanted:
            carts.set_quantity(conn, request.buyer_id, sku, in_cart.get(sku, 0) - qty)
        if code is not None:
            conn.execute("DELETE FROM cart_promos WHERE buyer_id = ?", (request.buyer_id,))
    return order


def cancel(
    conn: sqlite3.Connection, order_id: str, reason: str, skus: list[str] | None, now: float
) -> Record:
    """Cancel the active lines named (all when None); stock comes back, a refund is owed."""
    order = load(conn, order_id)
    if reason not in CANCEL_REASONS:
        raise BazaarError("VALIDATION_FAILED", f"reason must be one of {', '.join(CANCEL_REASONS)}")
    if order["status"] == "shipped":
        raise BazaarError(
            "ORDER_NOT_CANCELLABLE", f"order {order_id} has shipped", status=order["status"]
        )
    active = [line for line in order["lines"] if line["status"] == "active"]
    if not active:
        raise BazaarError(
            "ORDER_NOT_CANCELLABLE",
            f"order {order_id} is already cancelled",
            status=order["status"],
        )
    chosen = active if skus is None else [line for line in active if line["sku"] in skus]
    missing = sorted(set(skus or ()) - {line["sku"] for line in active})
    if missing:
        raise BazaarError(
            "VALIDATION_FAILED", f"not an active line of {order_id}: {', '.join(missing)}"
        )
    for line in chosen:
        line["status"] = "cancelled"
        conn.execute(
            "UPDATE listings SET stock = stock + ? WHERE sku = ?", (line["qty"], line["sku"])
        )
    amount = sum(line["total_minor"] for line in chosen)
    refund = {
        "refund_id": f"{order_id}-R{len(order['refunds']) + 1}",
        "amount_minor": amount,
        "currency": order["currency"],
        "payment_ref": order["payment_ref"],
        "skus": [line["sku"] for line in chosen],
        "reason": reason,
        "status": "owed",
        "created_at": iso(now),
    }
    order["refunds"].append(refund)
    order["refunded_minor"] += amount
    whole = all(line["status"] == "cancelled" for line in order["lines"])
    order["status"] = "cancelled" if whole else "partially_cancelled"
    if whole:  # a promotion used on an order that never happened can be used again
        conn.execute("DELETE FROM promo_uses WHERE order_id = ?", (order_id,))
    _save(conn, order)
    return {**order, "refund": refund}


def ship(conn: sqlite3.Connection, order_id: str) -> Record:
    """Sandbox control: the seller ships, after which nothing can be cancelled."""
    order = load(conn, order_id)
    if order["status"] in ("placed", "partially_cancelled"):
        order["status"] = "shipped"
        _save(conn, order)
    return order


def page(conn: sqlite3.Connection, buyer_id: str, limit: int, after: str | None) -> Record:
    """A buyer's orders, newest first; `after` is the last order id of the previous page."""
    carts.check_buyer(buyer_id)
    start = None
    if after:
        row = conn.execute(
            "SELECT seq FROM orders WHERE order_id = ? AND buyer_id = ?", (after, buyer_id)
        ).fetchone()
        if row is None:
            raise BazaarError("BAD_REQUEST", "the cursor is not one this API issued")
        start = row[0]
    rows = conn.execute(
        "SELECT doc FROM orders WHERE buyer_id = ? AND (? IS NULL OR seq < ?) "
        "ORDER BY seq DESC LIMIT ?",
        (buyer_id, start, start, limit + 1),
    ).fetchall()
    data = [json.loads(doc) for (doc,) in rows[:limit]]
    more = len(rows) > limit
    return {
        "data": data,
        "page": {"next_cursor": data[-1]["order_id"] if more else None, "limit": limit},
    }
