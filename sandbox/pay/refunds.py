"""Refunds of captured money: partial or full, never more than was received and not refunded."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from sandbox.pay import intents, params
from sandbox.pay.errors import amount_too_large, resource_missing, unexpected_state
from sandbox.pay.lists import page
from sandbox.pay.store import next_id


def refund_object(row: sqlite3.Row) -> dict[str, Any]:
    """The API representation of one stored refund."""
    return {
        "id": row["id"],
        "object": "refund",
        "amount": row["amount"],
        "currency": row["currency"],
        "payment_intent": row["payment_intent"],
        "status": row["status"],
        "created": row["created"],
    }


def create(db: sqlite3.Connection, body: Mapping[str, Any], now: int) -> dict[str, Any]:
    """Refund `amount` (default: all that is still refundable) of a succeeded intent."""
    params.only(body, ("payment_intent", "amount"))
    intent_id = params.non_empty_str(body, "payment_intent")
    requested = params.positive_int(body, "amount", required=False)
    intent = intents.load(db, intent_id, param="payment_intent")
    if intent["status"] != "succeeded":
        raise unexpected_state(
            f"This PaymentIntent has a status of {intent['status']}; only a succeeded "
            f"PaymentIntent can be refunded."
        )
    refundable = intent["amount_received"] - intent["amount_refunded"]
    amount = refundable if requested is None else requested
    if amount > refundable or amount <= 0:
        raise amount_too_large(
            "amount",
            f"Refund amount ({amount}) is greater than the amount still refundable ({refundable}).",
        )
    refund_id = next_id(db, "re")
    db.execute(
        "INSERT INTO refunds (id, payment_intent, amount, currency, status, created)"
        " VALUES (?, ?, ?, ?, 'succeeded', ?)",
        (refund_id, intent_id, amount, intent["currency"], now),
    )
    db.execute(
        "UPDATE intents SET amount_refunded = amount_refunded + ? WHERE id = ?",
        (amount, intent_id),
    )
    return retrieve(db, refund_id)


def retrieve(db: sqlite3.Connection, refund_id: str) -> dict[str, Any]:
    row = db.execute("SELECT * FROM refunds WHERE id = ?", (refund_id,)).fetchone()
    if row is None:
        raise resource_missing("refund", refund_id)
    return refund_object(row)


def list_page(db: sqlite3.Connection, query: Mapping[str, str]) -> dict[str, Any]:
    """Refunds newest first, optionally only one intent's (which must exist)."""
    intent_id = query.get("payment_intent")
    if intent_id:
        intents.load(db, intent_id, param="payment_intent")
    return page(
        db,
        table="refunds",
        kind="refund",
        url="/v1/refunds",
        render=refund_object,
        filters={"payment_intent": intent_id} if intent_id else {},
        limit=params.limit(query),
        starting_after=query.get("starting_after"),
    )
