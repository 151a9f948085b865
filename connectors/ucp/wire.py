"""UCP's wire shapes: the bodies agentcli sends, and the checked answers read as port types.

Answers reach here already checked against their schema and without nulls
(`connectors.ucp.shapes`), so a missing required member cannot occur; what the schemas leave
open (which total is the grand total, a fulfilment option's price) is checked here.
"""

from __future__ import annotations

from typing import Any

from connectors.config import PaymentCredential
from connectors.merchant import (
    BasketLine,
    Buyer,
    CheckoutSession,
    MerchantOrder,
    MerchantProduct,
    OrderLine,
    SessionLine,
    SessionStatus,
    SessionTotal,
)
from connectors.ucp.shapes import protocol_error

Record = dict[str, Any]
STATUSES: dict[str, SessionStatus] = {
    "ready_for_complete": "ready",
    "completed": "completed",
    "canceled": "canceled",
}
"""UCP session statuses the port names; the others (incomplete, requires_escalation,
complete_in_progress) are `open`."""
LABELS = {
    "items_discount": "Item discounts",
    "subtotal": "Subtotal",
    "discount": "Discount",
    "fulfillment": "Shipping",
    "tax": "Tax",
    "fee": "Fees",
    "total": "Total",
}
OLDEST = "2026-01-11"
UPDATE_STEPS = ("address", "destination", "option", "discounts")
"""The updates a checkout session may need after its creation, in order."""
INSTRUMENT_ID = "instrument_1"


def _buyer(version: str, buyer: Buyer) -> Record:
    shown: Record = {
        "first_name": buyer.first_name,
        "last_name": buyer.last_name,
        "email": buyer.email,
    }
    if version == OLDEST:
        shown["full_name"] = buyer.full_name
    if buyer.phone:
        shown["phone_number"] = buyer.phone
    return shown


def _address(buyer: Buyer) -> Record:
    shown = {
        "street_address": buyer.street_address,
        "address_locality": buyer.city,
        "postal_code": buyer.postal_code,
        "address_country": buyer.country,
    }
    if buyer.region:
        shown["address_region"] = buyer.region
    if buyer.extended_address:
        shown["extended_address"] = buyer.extended_address
    return shown


def create_body(version: str, lines: list[BasketLine], buyer: Buyer, currency: str) -> Record:
    body: Record = {
        "line_items": [
            {"item": {"id": line.product_id, "title": line.title}, "quantity": line.quantity}
            for line in lines
        ],
        "buyer": _buyer(version, buyer),
    }
    if version == OLDEST:  # later versions let the merchant choose the currency
        body |= {"currency": currency, "payment": {"instruments": []}}
    return body


def session_update(
    version: str, session: Record, buyer: Buyer, step: str, codes: tuple[str, ...] = ()
) -> Record | None:
    """The update for one step (the address, its selection, the fulfilment option, the
    discount codes), or None when the session already has what that step would set."""
    methods = session.get("fulfillment", {}).get("methods", [])
    method: Record = methods[0] if methods else {}
    wanted = _address(buyer)
    ours = next(
        (
            d
            for d in method.get("destinations", [])
            if d.get("street_address") == wanted["street_address"]
            and d.get("postal_code") == wanted["postal_code"]
        ),
        None,
    )
    change: Record = {"type": method.get("type", "shipping")}
    if "id" in method:
        change["id"] = method["id"]
    if step == "address":
        if ours is not None:
            return None
        change["destinations"] = [wanted]
    elif step == "discounts":
        if not codes or tuple(session.get("discounts", {}).get("codes", [])) == codes:
            return None
    elif step == "destination":
        if ours is None or method.get("selected_destination_id") == ours.get("id"):
            return None
        change["selected_destination_id"] = ours["id"]
    else:
        groups = method.get("groups", [])
        if not groups or groups[0].get("selected_option_id") or not groups[0].get("options"):
            return None
        cheapest = min(groups[0]["options"], key=lambda o: _total_of(o.get("totals", [])))
        change["selected_destination_id"] = method.get("selected_destination_id")
        change["groups"] = [{"id": groups[0]["id"], "selected_option_id": cheapest["id"]}]
    body: Record = {
        "line_items": [
            {
                "id": line["id"],
                "item": {"id": line["item"]["id"], "title": line["item"].get("title", "")},
                "quantity": line["quantity"],
            }
            for line in session["line_items"]
        ],
        "buyer": _buyer(version, buyer),
        "fulfillment": {"methods": [change]},
    }
    if step == "discounts":
        del body["fulfillment"]  # the fulfilment chosen stays as it is
    if codes:
        body["discounts"] = {"codes": list(codes)}
    if version == OLDEST:
        body |= {"id": session["id"], "currency": session["currency"]}
        body["payment"] = {"instruments": []}
    return body


def complete_body(version: str, payment: PaymentCredential) -> Record:
    credential = {"type": "token", "token": payment.token}
    if version == OLDEST:
        data = {
            "id": INSTRUMENT_ID,
            "handler_id": payment.handler,
            "handler_name": payment.handler,
            "type": "card",
            "brand": payment.brand,
            "last_digits": payment.last_digits,
            "credential": credential,
        }
        return {"payment_data": data, "risk_signals": {}}
    instrument = {
        "id": INSTRUMENT_ID,
        "handler_id": payment.handler,
        "type": "card",
        "selected": True,
        "display": {"brand": payment.brand, "last_digits": payment.last_digits},
        "credential": credential,
    }
    return {"payment": {"instruments": [instrument]}}


def _total_of(totals: list[Record]) -> int:
    for entry in totals:
        if entry.get("type") == "total":
            return int(entry["amount"])
    return sum(int(e["amount"]) for e in totals if e.get("type") == "subtotal")


def read_session(vendor: str, session: Record) -> CheckoutSession:
    totals = tuple(
        SessionTotal(
            t["type"], t.get("display_text") or LABELS.get(t["type"], t["type"]), t["amount"]
        )
        for t in session["totals"]
    )
    grand = [t.amount_minor for t in totals if t.kind == "total"]
    if len(grand) != 1:
        raise protocol_error(
            vendor, f"checkout {session['id']} states {len(grand)} grand totals", session
        )
    lines = tuple(
        SessionLine(
            line["item"]["id"],
            line["item"].get("title", line["item"]["id"]),
            line["quantity"],
            line["item"]["price"],
            _total_of(line.get("totals", [])),
        )
        for line in session["line_items"]
    )
    messages = tuple(
        str(m.get("content") or m.get("code") or "") for m in session.get("messages", [])
    )
    return CheckoutSession(
        vendor,
        session["id"],
        STATUSES.get(session["status"], "open"),
        session["currency"],
        lines,
        totals,
        grand[0],
        _chosen_option(session),
        session.get("order", {}).get("id"),
        messages,
        tuple(session.get("discounts", {}).get("codes", [])),
        tuple(
            str(d["code"]) for d in session.get("discounts", {}).get("applied", []) if "code" in d
        ),
    )


def _chosen_option(session: Record) -> str | None:
    for method in session.get("fulfillment", {}).get("methods", []):
        for group in method.get("groups", []):
            chosen = group.get("selected_option_id")
            if chosen is None:
                continue
            titles = [o.get("title") for o in group.get("options", []) if o.get("id") == chosen]
            return str(titles[0] if titles and titles[0] else chosen)
    return None


def read_products(vendor: str, found: Record) -> list[MerchantProduct]:
    """One product per variant (a checkout line names a variant)."""
    products = []
    for product in found["products"]:
        for variant in product["variants"]:
            title = product["title"]
            if variant.get("title") and variant["title"] != title:
                title = f"{title} ({variant['title']})"
            price = variant["price"]
            products.append(
                MerchantProduct(vendor, variant["id"], title, price["amount"], price["currency"])
            )
    return products


def read_order(vendor: str, order: Record) -> MerchantOrder:
    lines = tuple(
        OrderLine(
            line["item"]["id"],
            line["item"].get("title", line["item"]["id"]),
            line["quantity"]["total"],
            _total_of(line.get("totals", [])),
        )
        for line in order["line_items"]
    )
    statuses = sorted({str(line.get("status", "")) for line in order["line_items"]} - {""})
    return MerchantOrder(
        vendor,
        order["id"],
        order.get("checkout_id"),
        lines,
        _total_of(order.get("totals", [])),
        order.get("currency", "USD"),
        ", ".join(statuses) or "placed",
    )


def error_detail(body: Any) -> tuple[str | None, str | None]:
    """(the merchant's error code, its message) from the error bodies UCP merchants send."""
    if not isinstance(body, dict):
        return None, None
    for message in body.get("messages") or []:
        if isinstance(message, dict) and message.get("type") == "error":
            return _text(message.get("code")), _text(message.get("content"))
    detail = body.get("detail")
    if isinstance(detail, str):
        return _text(body.get("code")), detail[:500]
    if isinstance(detail, dict):
        errors = detail.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            return _text(errors[0].get("code")), _text(errors[0].get("message"))
    if isinstance(detail, list):
        said = [str(d.get("msg")) for d in detail if isinstance(d, dict) and d.get("msg")]
        return None, "; ".join(said)[:500] or None
    return _text(body.get("code")), _text(body.get("message"))


def _text(value: Any) -> str | None:
    return value[:500] if isinstance(value, str) else None
