"""Holds: an offer's capacity set aside for a few minutes at a locked price."""

from __future__ import annotations

import sqlite3
from typing import Any

from sandbox.kit.state import meta_counter
from sandbox.trips import offers
from sandbox.trips.errors import TripsError
from sandbox.trips.money import iso, money
from sandbox.trips.offers import Offer

Record = dict[str, Any]
CLAIMING = "(h.status = 'booked' OR (h.status = 'active' AND h.expires_at > ?))"


def scrambled(prefix: str, counter: int, start: int, step: int) -> str:
    """`prefix` + 6 digits that cycle through every value (step is coprime with 10^6)."""
    return f"{prefix}{(start + step * counter) % 1_000_000:06d}"


def used(conn: sqlite3.Connection, unit: str, now: float) -> int:
    row = conn.execute(
        f"SELECT COALESCE(SUM(c.need), 0) FROM claims c JOIN holds h USING (hold_id) "
        f"WHERE c.unit = ? AND {CLAIMING}",
        (unit, now),
    ).fetchone()
    return int(row[0])


def available(conn: sqlite3.Connection, offer: Offer, now: float) -> int:
    """How many more of this offer (rooms, or seats) could be held right now."""
    return min(offer.capacity - used(conn, unit, now) for unit in offer.units)


def status_of(row: sqlite3.Row, now: float) -> str:
    if row["status"] == "active" and row["expires_at"] <= now:
        return "expired"
    return str(row["status"])


def view(row: sqlite3.Row, now: float) -> Record:
    return {
        "hold_id": row["hold_id"],
        "offer_id": row["offer_id"],
        "kind": row["kind"],
        "travellers": row["travellers"],
        "status": status_of(row, now),
        "price": money(row["price_minor"]),
        "created_at": iso(row["created_at"]),
        "expires_at": iso(row["expires_at"]),
        "booking_id": row["booking_id"],
    }


def load(conn: sqlite3.Connection, hold_id: str) -> sqlite3.Row:
    row = conn.execute("SELECT * FROM holds WHERE hold_id = ?", (hold_id,)).fetchone()
    if row is None:
        raise TripsError("not-found", f"no hold {hold_id}")
    return row


def create(
    conn: sqlite3.Connection, offer_id: str, travellers: int, now: float, ttl_seconds: float
) -> Record:
    """Set the offer's capacity aside for `ttl_seconds`; refused if it is sold out or past."""
    offer = offers.offer(offer_id, travellers)
    if offer.starts_at <= now:
        raise TripsError("invalid-request", f"{offer.description} is in the past", param="offer_id")
    left = available(conn, offer, now)
    if left < offer.need:
        raise TripsError(
            "sold-out",
            f"{offer.description} is sold out ({max(left, 0)} left, {offer.need} needed)",
            available=max(left, 0),
        )
    hold_id = scrambled("HLD-", meta_counter(conn, "hold_counter"), 413_517, 7_919)
    conn.execute(
        "INSERT INTO holds (hold_id, offer_id, kind, travellers, price_minor, status, "
        "created_at, expires_at) VALUES (?, ?, ?, ?, ?, 'active', ?, ?)",
        (hold_id, offer_id, offer.kind, travellers, offer.price_minor, now, now + ttl_seconds),
    )
    conn.executemany(
        "INSERT INTO claims (hold_id, unit, need) VALUES (?, ?, ?)",
        [(hold_id, unit, offer.need) for unit in offer.units],
    )
    return {**view(load(conn, hold_id), now), "offer": offer.view()}


def release(conn: sqlite3.Connection, hold_id: str, now: float) -> Record:
    """Give the capacity back; a hold that is no longer active is left as it is.

    Only a hold that a live booking uses cannot be released (cancel the booking instead).
    """
    row = load(conn, hold_id)
    if row["status"] == "booked":
        raise TripsError(
            "hold-not-active",
            f"hold {hold_id} is part of booking {row['booking_id']}; cancel that",
            booking_id=row["booking_id"],
        )
    if status_of(row, now) == "active":
        conn.execute("UPDATE holds SET status = 'released' WHERE hold_id = ?", (hold_id,))
    return view(load(conn, hold_id), now)


def usable(conn: sqlite3.Connection, hold_id: str, now: float) -> sqlite3.Row:
    """The hold, if a booking may use it now."""
    row = load(conn, hold_id)
    status = status_of(row, now)
    if status == "expired":
        raise TripsError(
            "hold-expired", f"hold {hold_id} expired at {iso(row['expires_at'])}", hold_id=hold_id
        )
    if status != "active":
        raise TripsError("hold-not-active", f"hold {hold_id} is {status}", hold_id=hold_id)
    return row
