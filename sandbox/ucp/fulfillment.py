"""Shipping for a checkout: destinations (the buyer's saved addresses, new ones saved),
the selected destination, and the options its country gets.

One shipping method covers every line item, in one group. A destination sent without an id
is matched to the buyer's saved addresses, else saved for them under a new id.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sandbox.kit.state import meta_counter
from sandbox.ucp import pricing
from sandbox.ucp.errors import bad_request

Doc = dict[str, Any]
ADDRESS_FIELDS = ("street_address", "address_locality", "address_region", "postal_code")
COLUMNS = {  # destination field → addresses column
    "street_address": "street_address",
    "address_locality": "city",
    "address_region": "state",
    "postal_code": "postal_code",
    "address_country": "country",
}


def customer_id(conn: sqlite3.Connection, buyer: Doc | None, *, create: bool) -> str | None:
    """The merchant's customer with the buyer's email (made when `create` and unknown)."""
    email = buyer.get("email") if isinstance(buyer, dict) else None
    if not isinstance(email, str) or not email.strip():
        return None
    email = email.strip().lower()
    row = conn.execute("SELECT id FROM customers WHERE email = ?", (email,)).fetchone()
    if row is not None:
        return str(row[0])
    if not create:
        return None
    new_id = f"cust_new_{meta_counter(conn, 'customer'):06d}"
    name = buyer.get("full_name") or buyer.get("fullName") or email if buyer else email
    conn.execute("INSERT INTO customers VALUES (?, ?, ?)", (new_id, str(name), email))
    return new_id


def saved_addresses(conn: sqlite3.Connection, customer: str | None) -> list[Doc]:
    if customer is None:
        return []
    rows = conn.execute(
        "SELECT id, street_address, city, state, postal_code, country FROM addresses "
        "WHERE customer_id = ? ORDER BY rowid",
        (customer,),
    ).fetchall()
    return [
        {k: v for k, v in zip(("id", *COLUMNS), row, strict=True) if v not in (None, "")}
        for row in rows
    ]


def _same_place(a: Doc, b: Doc) -> bool:
    return all((a.get(k) or "") == (b.get(k) or "") for k in COLUMNS)


def _destination(conn: sqlite3.Connection, sent: Any, buyer: Doc | None) -> Doc:
    if not isinstance(sent, dict):
        raise bad_request("a fulfillment destination must be an object", "invalid_fulfillment")
    destination = {k: v for k, v in sent.items() if v is not None}
    if not isinstance(destination.get("address_country"), str):
        raise bad_request("a shipping destination needs address_country", "invalid_fulfillment")
    if destination.get("id"):
        return destination
    customer = customer_id(conn, buyer, create=True)
    for saved in saved_addresses(conn, customer):
        if _same_place(saved, destination):
            return {**destination, "id": saved["id"]}
    destination["id"] = f"addr_new_{meta_counter(conn, 'address'):06d}"
    if customer is not None:
        values = [destination.get(field) for field in COLUMNS]
        conn.execute(
            "INSERT INTO addresses VALUES (?, ?, ?, ?, ?, ?, ?)",
            (destination["id"], customer, *values),
        )
    return destination


def methods(
    conn: sqlite3.Connection, sent: Any, previous: Doc | None, buyer: Doc | None, lines: list[Doc]
) -> Doc:
    """The checkout's `fulfillment` from what the platform sent (and what it had before)."""
    if not isinstance(sent, dict) or not isinstance(sent.get("methods"), list):
        raise bad_request("fulfillment.methods must be a list", "invalid_fulfillment")
    if len(sent["methods"]) > 1:
        raise bad_request("this merchant ships every item with one method", "invalid_fulfillment")
    before = (previous or {}).get("methods") or [{}]
    shown = []
    for method, old in zip(sent["methods"], before, strict=False):
        shown.append(_method(conn, method, old, buyer, lines))
    return {"methods": shown}


def _method(
    conn: sqlite3.Connection, sent: Any, old: Doc, buyer: Doc | None, lines: list[Doc]
) -> Doc:
    if not isinstance(sent, dict) or sent.get("type", "shipping") != "shipping":
        raise bad_request("this merchant only ships (type: shipping)", "unsupported_fulfillment")
    line_ids = [line["id"] for line in lines]
    method: Doc = {"id": sent.get("id") or old.get("id") or "shipping_1", "type": "shipping"}
    method["line_item_ids"] = line_ids
    if sent.get("destinations"):
        if not isinstance(sent["destinations"], list):
            raise bad_request("destinations must be a list", "invalid_fulfillment")
        destinations = [_destination(conn, d, buyer) for d in sent["destinations"]]
    elif old.get("destinations"):
        destinations = old["destinations"]
    else:
        destinations = saved_addresses(conn, customer_id(conn, buyer, create=False))
    if destinations:
        method["destinations"] = destinations
    chosen_id = sent.get("selected_destination_id")  # chosen explicitly, never guessed
    chosen = next((d for d in destinations if d["id"] == chosen_id), None)
    if chosen_id is not None and chosen is None:
        raise bad_request(f"no destination {chosen_id!r} in this method", "invalid_fulfillment")
    group: Doc = {"id": "group_1", "line_item_ids": line_ids}
    if chosen is not None:
        method["selected_destination_id"] = chosen["id"]
        group["options"] = pricing.shipping_options(conn, chosen["address_country"], lines)
        wanted = _selected_option(sent)
        if wanted is not None:
            if not any(option["id"] == wanted for option in group["options"]):
                raise bad_request(
                    f"shipping option {wanted!r} is not offered for this destination",
                    "invalid_fulfillment",
                )
            group["selected_option_id"] = wanted
    method["groups"] = [group]
    return method


def _selected_option(sent: Doc) -> str | None:
    groups = sent.get("groups")
    if not isinstance(groups, list):
        return None
    for group in groups:
        if isinstance(group, dict) and isinstance(group.get("selected_option_id"), str):
            return str(group["selected_option_id"])
    return None


def selection(fulfillment: Doc | None) -> tuple[Doc, Doc, Doc] | None:
    """(method, destination, option) when a destination and an option are selected."""
    for method in (fulfillment or {}).get("methods") or []:
        destination = next(
            (
                d
                for d in method.get("destinations") or []
                if d["id"] == method.get("selected_destination_id")
            ),
            None,
        )
        for group in method.get("groups") or []:
            option = next(
                (
                    o
                    for o in group.get("options") or []
                    if o["id"] == group.get("selected_option_id")
                ),
                None,
            )
            if destination is not None and option is not None:
                return method, destination, option
    return None


def reprice(conn: sqlite3.Connection, fulfillment: Doc | None, lines: list[Doc]) -> Doc | None:
    """The same choices re-offered after the line items changed (prices, free shipping)."""
    if not fulfillment:
        return fulfillment
    again = []
    for method in fulfillment.get("methods") or []:
        sent = {**method, "destinations": None}
        again.append(_method(conn, sent, method, None, lines))
    return {"methods": again}
