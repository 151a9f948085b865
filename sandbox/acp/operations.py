"""The five checkout operations on the merchant's state; each runs inside one transaction.

The state machine: a session is `not_ready_for_payment` or `ready_for_payment` while open
(its messages say what is missing), `complete_in_progress` while pay is being called, then
`completed` or `canceled` for good. Completing is allowed only from `ready_for_payment`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import Any

from sandbox.acp import session, store
from sandbox.acp.bodies import parse
from sandbox.acp.catalog import Catalogue, Offer
from sandbox.acp.errors import AcpError
from sandbox.acp.idempotency import IN_FLIGHT_STALE, RETRY_AFTER
from sandbox.acp.payment import Charge
from sandbox.acp.session import SITE, Cart
from sandbox.acp.store import Stored, invalid_state

KEPT_FIELDS = ("locale", "timezone", "metadata")
CHARGEABLE_3DS = ("authenticated", "attempt_acknowledged", "informational", "not_supported")
"""3-D Secure outcomes the card may still be charged after (the others decline it)."""
Answer = tuple[int, dict[str, Any]]


def _offers(catalogue: Catalogue, items: tuple[tuple[str, int], ...]) -> dict[str, Offer]:
    """The shop's offers for every item, or the spec's 400 for the first id it does not sell."""
    offers = catalogue.offers(item_id for item_id, _ in items)
    for index, (item_id, _) in enumerate(items):
        if item_id not in offers:
            raise AcpError(
                400,
                "invalid_item_id",
                f"The item ID {item_id[:60]!r} does not exist.",
                param=f"$.line_items[{index}].id",
            )
    return offers


def _in_progress(stored: Stored) -> AcpError:
    return AcpError(
        409,
        "checkout_in_progress",
        f"Checkout session {stored.session_id} is being completed; retry shortly",
        headers={"Retry-After": RETRY_AFTER},
    )


def _open(conn: sqlite3.Connection, session_id: str, doing: str, now: float) -> Stored:
    """The session, if it may still change; a completion abandoned by a crash is taken over."""
    stored = store.load(conn, session_id)
    if stored.status == "complete_in_progress" and now - stored.since < IN_FLIGHT_STALE:
        raise _in_progress(stored)
    if stored.status in ("completed", "canceled"):
        raise invalid_state(stored, doing)
    return stored


def create(conn: sqlite3.Connection, catalogue: Catalogue, raw: bytes, version: str) -> Answer:
    body = parse(raw, version, "CheckoutSessionCreateRequest")
    cart = Cart(
        items=session.items_of(body["line_items"]),
        currency=body["currency"],
        buyer=body.get("buyer"),
        fulfillment_details=body.get("fulfillment_details"),
        extra={name: body[name] for name in KEPT_FIELDS if name in body},
    )
    offers = _offers(catalogue, cart.items)
    session_id = store.new_session_id(conn)
    view = session.render(session_id, cart, offers)
    store.save(conn, Stored(session_id, view["status"], cart, view))
    return 201, view


def update(
    conn: sqlite3.Connection,
    catalogue: Catalogue,
    session_id: str,
    raw: bytes,
    version: str,
    now: float,
) -> Answer:
    stored = _open(conn, session_id, "update", now)
    body = parse(raw, version, "CheckoutSessionUpdateRequest")
    cart = session.updated(stored.cart, body)
    view = session.render(session_id, cart, _offers(catalogue, cart.items))
    store.save(conn, replace(stored, status=view["status"], cart=cart, view=view))
    return 200, view


def cancel(
    conn: sqlite3.Connection, session_id: str, raw: bytes, version: str, now: float
) -> Answer:
    stored = store.load(conn, session_id)
    if stored.status in ("completed", "canceled"):
        raise AcpError(
            405, "not_cancelable", f"Checkout session {session_id} is already {stored.status}"
        )
    if stored.status == "complete_in_progress" and now - stored.since < IN_FLIGHT_STALE:
        raise _in_progress(stored)
    parse(raw, version, "CancelSessionRequest", required=False)
    view = session.closed(stored.view, "canceled")
    store.save(conn, replace(stored, status="canceled", view=view))
    return 200, view


def begin_completion(
    conn: sqlite3.Connection, session_id: str, raw: bytes, version: str, now: float
) -> Charge:
    """Check the request and the session, and mark it `complete_in_progress` (committed before
    pay is called, so a second completion waits instead of charging again)."""
    stored = _open(conn, session_id, "complete", now)
    body = parse(raw, version, "CheckoutSessionCompleteRequest")
    payment = body["payment_data"]
    if "handler_id" not in payment:
        raise AcpError(
            400,
            "unsupported",
            "Purchase orders are not accepted; pay by card",
            param="$.payment_data",
        )
    if payment["handler_id"] != session.HANDLER["id"]:
        raise AcpError(
            400,
            "invalid",
            f"Unknown payment handler {payment['handler_id'][:60]!r}",
            param="$.payment_data.handler_id",
        )
    if stored.status == "not_ready_for_payment":
        reasons = " ".join(m["content"] for m in stored.view["messages"])
        raise AcpError(
            400,
            "invalid_state",
            f"Checkout session {session_id} is not ready for payment: {reasons}",
        )
    outcome = body.get("authentication_result", {}).get("outcome", "not_supported")
    if outcome not in CHARGEABLE_3DS:
        raise AcpError(
            402,
            "payment_declined",
            f"The card's 3-D Secure authentication ended {outcome}; nothing was charged",
            param="$.authentication_result.outcome",
        )
    cart = replace(stored.cart, buyer=body.get("buyer", stored.cart.buyer))
    contact = cart.buyer or cart.fulfillment_details or {}
    view = {**stored.view, "status": "complete_in_progress"}
    if cart.buyer is not None:
        view["buyer"] = cart.buyer
    store.save(
        conn, replace(stored, status="complete_in_progress", cart=cart, view=view, since=now)
    )
    return Charge(
        session_id=session_id,
        attempt=stored.attempt,
        amount=session.total_of(stored.view),
        currency=session.CURRENCY,
        token=payment["instrument"]["credential"]["token"],
        customer=str(contact.get("email") or "guest"),
    )


def completed(conn: sqlite3.Connection, charge: Charge, intent: str) -> Answer:
    """Pay captured the money: the order exists and the session is `completed`."""
    stored = store.load(conn, charge.session_id)
    order_id = store.new_order_id(conn)
    order = {
        "id": order_id,
        "checkout_session_id": charge.session_id,
        "order_number": order_id.removeprefix("ord_"),
        "permalink_url": f"{SITE}/orders/{order_id}",
        "status": "confirmed",
    }
    metadata = {**stored.view.get("metadata", {}), "order_id": order_id}
    view = session.closed(stored.view, "completed", metadata=metadata)
    store.add_order(conn, order, intent, charge.amount, charge.currency)
    store.save(conn, replace(stored, status="completed", view=view))
    return 200, {**view, "order": order}


def not_completed(
    conn: sqlite3.Connection, catalogue: Catalogue, charge: Charge, failure: AcpError
) -> None:
    """Pay did not take the money: the session is open again. After a decline or refusal the
    next completion is a new attempt at pay; after no answer it repeats this one's keys, so
    pay replays whatever it did and nothing is authorised twice."""
    stored = store.load(conn, charge.session_id)
    cart = replace(stored.cart, declined=failure.code == "payment_declined")
    try:
        view = session.render(charge.session_id, cart, _offers(catalogue, cart.items))
    except AcpError:  # the shop stopped selling an item meanwhile: the last view stays
        view = {**stored.view, "status": "ready_for_payment"}
    attempt = stored.attempt + (0 if failure.status >= 500 else 1)
    store.save(conn, replace(stored, status=view["status"], cart=cart, view=view, attempt=attempt))
