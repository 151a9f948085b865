"""Checkout sessions: made, replaced field by field, cancelled, completed into an order.

A session is kept as the document the merchant answers with; every write re-prices it from
the catalogue, so totals are the merchant's, never the platform's.
"""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import UTC, datetime
from typing import Any

from sandbox.kit.state import meta_counter
from sandbox.ucp import fulfillment, orders, payment, pricing
from sandbox.ucp.errors import UcpError, bad_request, not_found

Doc = dict[str, Any]
VERSION = "2026-01-11"
CURRENCY = "USD"
SESSION_TTL = 6 * 3600
CAPABILITIES = (
    "dev.ucp.shopping.checkout",
    "dev.ucp.shopping.fulfillment",
    "dev.ucp.shopping.discount",
    "dev.ucp.shopping.buyer_consent",
)
TERMINAL = ("completed", "canceled")
NOT_READY = "Fulfillment address and option must be selected before completion."


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).isoformat().replace("+00:00", "Z")


def load(conn: sqlite3.Connection, session_id: str) -> Doc:
    row = conn.execute("SELECT doc FROM checkouts WHERE id = ?", (session_id,)).fetchone()
    if row is None:
        raise not_found("Checkout session")
    return dict(json.loads(row[0]))


def _save(conn: sqlite3.Connection, doc: Doc) -> None:
    conn.execute("UPDATE checkouts SET doc = ? WHERE id = ?", (json.dumps(doc), doc["id"]))


def _instruments(sent: Any) -> Doc:
    """What the session keeps of the platform's `payment`: instruments (no credentials)."""
    if not isinstance(sent, dict):
        return {}
    kept: Doc = {}
    listed = sent.get("instruments")
    if isinstance(listed, list):
        kept["instruments"] = [
            {k: v for k, v in i.items() if k != "credential"}
            for i in listed
            if isinstance(i, dict) and all(isinstance(i.get(k), str) for k in ("id", "handler_id"))
        ]
    if isinstance(sent.get("selected_instrument_id"), str):
        kept["selected_instrument_id"] = sent["selected_instrument_id"]
    return kept


def _build(conn: sqlite3.Connection, doc: Doc, sent: Doc, docs_url: str) -> Doc:
    """`doc` with the fields `sent` carries replaced, re-priced, its status worked out."""
    currency = sent.get("currency", doc.get("currency", CURRENCY))
    if currency != CURRENCY:
        raise bad_request(f"this merchant sells in {CURRENCY} only", "unsupported_currency")
    if "buyer" in sent:
        if not isinstance(sent["buyer"], dict):
            raise bad_request("buyer must be an object", "invalid_buyer")
        doc["buyer"] = sent["buyer"]
    lines = pricing.price_lines(conn, sent.get("line_items", doc.get("line_items", [])))
    shipped: Doc | None
    if "fulfillment" in sent and sent["fulfillment"] is not None:
        shipped = fulfillment.methods(
            conn, sent["fulfillment"], doc.get("fulfillment"), doc.get("buyer"), lines
        )
    else:
        shipped = fulfillment.reprice(conn, doc.get("fulfillment"), lines)
    codes = (doc.get("discounts") or {}).get("codes", [])
    if "discounts" in sent:
        asked = (
            (sent["discounts"] or {}).get("codes", [])
            if isinstance(sent["discounts"], dict)
            else None
        )
        if not isinstance(asked, list) or not all(isinstance(c, str) for c in asked):
            raise bad_request("discounts.codes must be a list of codes", "invalid_discount")
        codes = asked
    subtotal = pricing.items_subtotal(lines)
    applied = pricing.apply_discounts(conn, codes, subtotal)
    chosen = fulfillment.selection(shipped)
    shipping = chosen[2]["totals"][-1]["amount"] if chosen else None
    paid = {**_instruments(doc.get("payment")), **_instruments(sent.get("payment"))}
    doc.update(
        {
            "ucp": {
                "version": VERSION,
                "capabilities": [{"name": name, "version": VERSION} for name in CAPABILITIES],
            },
            "currency": currency,
            "line_items": lines,
            "totals": pricing.totals(subtotal, shipping, sum(d["amount"] for d in applied)),
            "payment": {"handlers": payment.handlers(docs_url), **paid},
            "discounts": {"codes": codes, "applied": applied},
        }
    )
    if shipped:
        doc["fulfillment"] = shipped
    doc["status"] = "ready_for_complete" if chosen else "incomplete"
    doc["messages"] = [] if chosen else [_missing_fulfillment()]
    return doc


def _missing_fulfillment() -> Doc:
    return {
        "type": "error",
        "code": "missing",
        "path": "$.fulfillment",
        "content": NOT_READY,
        "severity": "recoverable",
    }


def create(
    conn: sqlite3.Connection, sent: Doc, base_url: str, docs_url: str, webhook_url: str | None
) -> Doc:
    session_id = f"chk_{meta_counter(conn, 'checkout'):06d}"
    now = time.time()
    doc: Doc = {
        "id": session_id,
        "links": [
            {"type": "terms_of_service", "url": f"{docs_url}/terms.html"},
            {"type": "privacy_policy", "url": f"{docs_url}/privacy.html"},
        ],
        "expires_at": _iso(now + SESSION_TTL),
    }
    doc = _build(conn, doc, sent, docs_url)
    conn.execute(
        "INSERT INTO checkouts (id, doc, webhook_url) VALUES (?, ?, ?)",
        (session_id, json.dumps(doc), webhook_url),
    )
    return doc


def _open(conn: sqlite3.Connection, session_id: str, action: str) -> Doc:
    doc = load(conn, session_id)
    if doc["status"] in TERMINAL:
        raise UcpError(
            409, "checkout_not_modifiable", f"Cannot {action} checkout in state '{doc['status']}'"
        )
    return doc


def update(conn: sqlite3.Connection, session_id: str, sent: Doc, docs_url: str) -> Doc:
    if sent.get("id") not in (None, session_id):
        raise bad_request("the body's id is not this checkout session's", "id_mismatch")
    doc = _build(conn, _open(conn, session_id, "update"), sent, docs_url)
    _save(conn, doc)
    return doc


def cancel(conn: sqlite3.Connection, session_id: str) -> Doc:
    doc = _open(conn, session_id, "cancel")
    doc["status"] = "canceled"
    doc["messages"] = []
    _save(conn, doc)
    return doc


def complete(
    conn: sqlite3.Connection, session_id: str, sent: Doc, base_url: str
) -> tuple[Doc, Doc]:
    """Charge, take the stock, place the order; the session and the order."""
    doc = _open(conn, session_id, "complete")
    chosen = fulfillment.selection(doc.get("fulfillment"))
    if chosen is None:
        raise bad_request(NOT_READY, "fulfillment_required")
    for line in doc["line_items"]:
        taken = conn.execute(
            "UPDATE inventory SET quantity = quantity - ? WHERE product_id = ? AND quantity >= ?",
            (line["quantity"], line["item"]["id"], line["quantity"]),
        )
        if taken.rowcount != 1:
            raise UcpError(409, "out_of_stock", f"Insufficient stock for item {line['item']['id']}")
    instrument = payment.charge(sent)
    order = orders.place(conn, doc, chosen, base_url)
    doc["status"] = "completed"
    doc["messages"] = []
    doc["order"] = {"id": order["id"], "permalink_url": order["permalink_url"]}
    doc["payment"]["selected_instrument_id"] = instrument.get("id", "")
    _save(conn, doc)
    return doc, order


def webhook_of(conn: sqlite3.Connection, session_id: str) -> str | None:
    row = conn.execute("SELECT webhook_url FROM checkouts WHERE id = ?", (session_id,)).fetchone()
    return None if row is None else row[0]
