"""Payment intents: authorise, capture (full or partial), cancel (void), read and list."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from sandbox.pay import params
from sandbox.pay.errors import (
    amount_too_large,
    card_declined,
    resource_missing,
    unexpected_state,
)
from sandbox.pay.lists import page
from sandbox.pay.store import canonical_json, next_id

DECLINE_ABOVE_CENTS = 5_000_000
"""Every payment method's limit: an authorisation above 50,000.00 is declined."""

AUTHORIZE_PARAMS = ("amount", "currency", "payment_method", "customer", "description", "metadata")


def intent_object(row: sqlite3.Row) -> dict[str, Any]:
    """The API representation of one stored intent."""
    return {
        "id": row["id"],
        "object": "payment_intent",
        "amount": row["amount"],
        "currency": row["currency"],
        "payment_method": row["payment_method"],
        "customer": row["customer"],
        "description": row["description"],
        "metadata": json.loads(row["metadata"]),
        "status": row["status"],
        "amount_capturable": row["amount_capturable"],
        "amount_received": row["amount_received"],
        "amount_refunded": row["amount_refunded"],
        "created": row["created"],
    }


def load(db: sqlite3.Connection, intent_id: str, *, param: str = "id") -> sqlite3.Row:
    row = db.execute("SELECT * FROM intents WHERE id = ?", (intent_id,)).fetchone()
    if row is None:
        raise resource_missing("payment_intent", intent_id, param=param)
    return row


def authorize(db: sqlite3.Connection, body: Mapping[str, Any], now: int) -> dict[str, Any]:
    """Place a hold for `amount` on the payment method; the intent awaits capture."""
    params.only(body, AUTHORIZE_PARAMS)
    amount = params.positive_int(body, "amount", required=True)
    assert amount is not None
    currency = params.currency(body)
    payment_method = params.non_empty_str(body, "payment_method")
    customer = params.non_empty_str(body, "customer")
    description = params.optional_str(body, "description")
    metadata = params.metadata(body)
    if amount > DECLINE_ABOVE_CENTS:
        raise card_declined("Your card was declined: the amount is above the card's limit.")
    intent_id = next_id(db, "pi")
    db.execute(
        "INSERT INTO intents (id, amount, currency, payment_method, customer, description,"
        " metadata, status, amount_capturable, amount_received, amount_refunded, created)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 'requires_capture', ?, 0, 0, ?)",
        (
            intent_id,
            amount,
            currency,
            payment_method,
            customer,
            description,
            canonical_json(metadata),
            amount,
            now,
        ),
    )
    return intent_object(load(db, intent_id))


def capture(db: sqlite3.Connection, intent_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
    """Take the held money, all of it or `amount_to_capture`; the rest of the hold is released."""
    params.only(body, ("amount_to_capture",))
    requested = params.positive_int(body, "amount_to_capture", required=False)
    row = load(db, intent_id)
    if row["status"] != "requires_capture":
        raise unexpected_state(
            f"This PaymentIntent could not be captured because it has a status of "
            f"{row['status']}. Only a PaymentIntent with status requires_capture can be captured."
        )
    amount = row["amount_capturable"] if requested is None else requested
    if amount > row["amount_capturable"]:
        raise amount_too_large(
            "amount_to_capture",
            f"amount_to_capture ({amount}) is above amount_capturable "
            f"({row['amount_capturable']}).",
        )
    db.execute(
        "UPDATE intents SET status = 'succeeded', amount_capturable = 0, amount_received = ?"
        " WHERE id = ?",
        (amount, intent_id),
    )
    return intent_object(load(db, intent_id))


def cancel(db: sqlite3.Connection, intent_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
    """Void an authorisation that has not been captured."""
    params.only(body, ())
    row = load(db, intent_id)
    if row["status"] != "requires_capture":
        raise unexpected_state(
            f"You cannot cancel this PaymentIntent because it has a status of {row['status']}. "
            f"Only a PaymentIntent with status requires_capture can be canceled."
        )
    db.execute(
        "UPDATE intents SET status = 'canceled', amount_capturable = 0 WHERE id = ?",
        (intent_id,),
    )
    return intent_object(load(db, intent_id))


def retrieve(db: sqlite3.Connection, intent_id: str) -> dict[str, Any]:
    return intent_object(load(db, intent_id))


def list_page(db: sqlite3.Connection, query: Mapping[str, str]) -> dict[str, Any]:
    """Intents newest first, optionally only one customer's."""
    customer = query.get("customer")
    return page(
        db,
        table="intents",
        kind="payment_intent",
        url="/v1/payment_intents",
        render=intent_object,
        filters={"customer": customer} if customer else {},
        limit=params.limit(query),
        starting_after=query.get("starting_after"),
    )
