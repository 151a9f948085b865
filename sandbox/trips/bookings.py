"""Bookings: holds turned into a confirmed trip, and cancelled under the fare rules.

Cancelling is free within the void window (minutes after booking) or until each item's
free-cancellation deadline; after it, that item's fee is kept and the rest is refunded. Once a
trip has started it cannot be cancelled. The vendor records the refund owed; the money moves
through the payment provider named by `payment_reference`.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from sandbox.kit.state import canonical_json, meta_counter
from sandbox.trips import holds, offers
from sandbox.trips.errors import TripsError
from sandbox.trips.money import iso, money

Record = dict[str, Any]


def load(conn: sqlite3.Connection, booking_id: str) -> Record:
    row = conn.execute("SELECT doc FROM bookings WHERE booking_id = ?", (booking_id,)).fetchone()
    if row is None:
        raise TripsError("not-found", f"no booking {booking_id}")
    booking: Record = json.loads(row[0])
    return booking


def _item(n: int, booking_id: str, hold: Any) -> Record:
    offer = offers.offer(hold["offer_id"], hold["travellers"])
    return {
        "item_id": f"{booking_id}-{n}",
        "kind": offer.kind,
        "offer_id": offer.offer_id,
        "hold_id": hold["hold_id"],
        "description": offer.description,
        "travellers": hold["travellers"],
        "price": money(hold["price_minor"]),
        "price_minor": hold["price_minor"],
        "starts_at": iso(offer.starts_at),
        "starts_epoch": offer.starts_at,
        "status": "confirmed",
        "cancellation": {
            "free_until": iso(offer.free_until),
            "free_until_epoch": offer.free_until,
            "fee": money(offer.fee_minor),
            "fee_minor": offer.fee_minor,
        },
    }


def create(
    conn: sqlite3.Connection,
    hold_ids: list[str],
    customer: str,
    payment_reference: str,
    traveller_names: list[str] | None,
    now: float,
    void_seconds: float,
) -> Record:
    """Confirm every hold in one booking, or none of them."""
    if len(set(hold_ids)) != len(hold_ids):
        raise TripsError("invalid-request", "a hold is named twice", param="hold_ids")
    rows = [holds.usable(conn, hold_id, now) for hold_id in hold_ids]
    used = conn.execute(
        "SELECT booking_id FROM payment_refs WHERE payment_reference = ?", (payment_reference,)
    ).fetchone()
    if used is not None:
        raise TripsError(
            "payment-reference-used",
            f"payment reference already pays for booking {used[0]}",
            booking_id=used[0],
        )
    booking_id = holds.scrambled("BK", meta_counter(conn, "booking_counter"), 482_913, 6_007)
    items = [_item(n, booking_id, row) for n, row in enumerate(rows, 1)]
    total = sum(item["price_minor"] for item in items)
    booking = {
        "booking_id": booking_id,
        "customer": customer,
        "status": "confirmed",
        "items": items,
        "total": money(total),
        "total_minor": total,
        "traveller_names": traveller_names or [],
        "payment_reference": payment_reference,
        "created_at": iso(now),
        "void_until": iso(now + void_seconds),
        "void_until_epoch": now + void_seconds,
        "cancellation": None,
    }
    conn.execute(
        "INSERT INTO bookings (booking_id, customer, doc) VALUES (?, ?, ?)",
        (booking_id, customer, canonical_json(booking)),
    )
    conn.execute(
        "INSERT INTO payment_refs (payment_reference, booking_id) VALUES (?, ?)",
        (payment_reference, booking_id),
    )
    conn.executemany(
        "UPDATE holds SET status = 'booked', booking_id = ? WHERE hold_id = ?",
        [(booking_id, hold_id) for hold_id in hold_ids],
    )
    return booking


def quote(booking: Record, now: float) -> Record:
    """What cancelling now would cost: `cancellable`, the fee kept, the refund owed."""
    base = {"booking_id": booking["booking_id"], "total": booking["total"]}
    if booking["status"] == "cancelled":
        return {**base, "cancellable": False, "reason": "already cancelled"}
    if any(now >= item["starts_epoch"] for item in booking["items"]):
        return {**base, "cancellable": False, "reason": "the trip has started"}
    in_void = now < booking["void_until_epoch"]
    fees = []
    for item in booking["items"]:
        free = in_void or now <= item["cancellation"]["free_until_epoch"]
        fees.append(
            {
                "item_id": item["item_id"],
                "kind": item["kind"],
                "fee": money(0 if free else item["cancellation"]["fee_minor"]),
                "fee_minor": 0 if free else item["cancellation"]["fee_minor"],
            }
        )
    fee = sum(f["fee_minor"] for f in fees)
    return {
        **base,
        "cancellable": True,
        "fee": money(fee),
        "fee_minor": fee,
        "refund": money(booking["total_minor"] - fee),
        "refund_minor": booking["total_minor"] - fee,
        "items": fees,
        "free_reason": "void window" if in_void else None,
    }


def cancel(conn: sqlite3.Connection, booking_id: str, reason: str | None, now: float) -> Record:
    """Cancel the whole booking under the fare rules; its capacity comes back."""
    booking = load(conn, booking_id)
    terms = quote(booking, now)
    if not terms["cancellable"]:
        kind = "already-cancelled" if booking["status"] == "cancelled" else "trip-started"
        raise TripsError(kind, f"booking {booking_id} cannot be cancelled: {terms['reason']}")
    for item in booking["items"]:
        item["status"] = "cancelled"
        conn.execute("UPDATE holds SET status = 'cancelled' WHERE hold_id = ?", (item["hold_id"],))
    booking["status"] = "cancelled"
    booking["cancellation"] = {
        "cancelled_at": iso(now),
        "reason": reason,
        "fee": terms["fee"],
        "fee_minor": terms["fee_minor"],
        "refund": terms["refund"],
        "refund_minor": terms["refund_minor"],
        "items": terms["items"],
    }
    conn.execute(
        "UPDATE bookings SET doc = ? WHERE booking_id = ?", (canonical_json(booking), booking_id)
    )
    return booking


def of_customer(conn: sqlite3.Connection, customer: str) -> list[Record]:
    rows = conn.execute(
        "SELECT doc FROM bookings WHERE customer = ? ORDER BY seq DESC", (customer,)
    )
    return [json.loads(doc) for (doc,) in rows]
