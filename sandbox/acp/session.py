"""A checkout session's authoritative view: line items, fulfillment, totals, messages, status.

The merchant keeps what the agent asked for (`Cart`) and renders the session from it and the
shop's current prices; the view is stored with every write and is what every read returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sandbox.acp.catalog import Offer
from sandbox.acp.errors import AcpError

CURRENCY = "usd"
TAX_RATE = Decimal("0.08")
SITE = "https://merchant.sandbox.invalid"
FREE_SHIPPING_FROM = 10_000
SHIPPING = (
    ("ship_standard", "Standard", "Arrives in 5-7 business days", 500),
    ("ship_express", "Express", "Arrives in 1-2 business days", 1500),
)
"""Fulfillment options: id, title, description, cost in cents (standard is free from $100)."""
HANDLER: dict[str, Any] = {
    "id": "card_tokenized",
    "name": "dev.acp.tokenized.card",
    "version": "2026-01-22",
    "spec": "https://acp.dev/handlers/tokenized.card",
    "requires_delegate_payment": True,
    "requires_pci_compliance": False,
    "psp": "sandbox-pay",
    "config_schema": "https://acp.dev/schemas/handlers/tokenized.card/config.json",
    "instrument_schemas": ["https://acp.dev/schemas/handlers/tokenized.card/instrument.json"],
    "config": {
        "merchant_id": "acct_sandbox_acp",
        "psp": "sandbox-pay",
        "accepted_brands": ["visa", "mastercard", "amex", "discover"],
        "accepted_funding_types": ["credit", "debit"],
        "supports_3ds": False,
        "environment": "sandbox",
    },
}
"""The one payment handler: a delegated (tokenised) card, charged through the `pay` vendor."""
LINKS = [
    {"type": "terms_of_use", "url": f"{SITE}/legal/terms-of-use"},
    {"type": "privacy_policy", "url": f"{SITE}/legal/privacy"},
    {"type": "return_policy", "url": f"{SITE}/legal/returns"},
]
OPEN = ("not_ready_for_payment", "ready_for_payment")


@dataclass(frozen=True)
class Cart:
    """What the agent has asked for so far (the stored input of a session)."""

    items: tuple[tuple[str, int], ...]
    currency: str = CURRENCY
    buyer: dict[str, Any] | None = None
    fulfillment_details: dict[str, Any] | None = None
    option_id: str = SHIPPING[0][0]
    declined: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    """Accepted fields the merchant only keeps (locale, timezone, metadata...)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "items": [list(line) for line in self.items],
            "currency": self.currency,
            "buyer": self.buyer,
            "fulfillment_details": self.fulfillment_details,
            "option_id": self.option_id,
            "declined": self.declined,
            "extra": self.extra,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Cart:
        items = tuple((str(item_id), int(quantity)) for item_id, quantity in data["items"])
        return cls(**{**data, "items": items})


def items_of(line_items: list[dict[str, Any]]) -> tuple[tuple[str, int], ...]:
    """The request's `line_items` as (item id, quantity): each entry is one unit."""
    counts: dict[str, int] = {}
    for entry in line_items:
        counts[entry["id"]] = counts.get(entry["id"], 0) + 1
    return tuple(counts.items())


def updated(cart: Cart, body: dict[str, Any]) -> Cart:
    """The cart after an update request (absent fields are left as they were)."""
    changes: dict[str, Any] = {"declined": False}
    if "line_items" in body:
        changes["items"] = items_of(body["line_items"])
    for name in ("buyer", "fulfillment_details"):
        if name in body:
            changes[name] = body[name]
    for index, chosen in enumerate(body.get("selected_fulfillment_options", [])[:1]):
        where = f"$.selected_fulfillment_options[{index}]"
        if chosen["type"] != "shipping":
            raise AcpError(400, "invalid", "Only shipping is offered", param=f"{where}.type")
        if chosen["option_id"] not in {option[0] for option in SHIPPING}:
            raise AcpError(
                400,
                "invalid",
                f"No fulfillment option {chosen['option_id'][:60]!r}",
                param=f"{where}.option_id",
            )
        changes["option_id"] = chosen["option_id"]
    return replace(cart, **changes)


def _half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _total(kind: str, text: str, amount: int) -> dict[str, Any]:
    return {"type": kind, "display_text": text, "amount": amount}


def _error(code: str, param: str, content: str) -> dict[str, Any]:
    return {
        "type": "error",
        "code": code,
        "param": param,
        "content_type": "plain",
        "content": content,
    }


def _line(offer: Offer, quantity: int) -> dict[str, Any]:
    base = offer.unit_amount * quantity
    tax = _half_up(Decimal(base) * TAX_RATE)
    line: dict[str, Any] = {
        "id": f"li_{offer.item_id}",
        "item": {"id": offer.item_id},
        "quantity": quantity,
        "name": offer.name,
        "unit_amount": offer.unit_amount,
        "product_id": offer.product_id,
        "availability_status": "in_stock" if offer.available else "out_of_stock",
        "totals": [
            _total("items_base_amount", "Base Amount", base),
            _total("discount", "Discount", 0),
            _total("subtotal", "Subtotal", base),
            _total("tax", "Tax", tax),
            _total("total", "Total", base + tax),
        ],
    }
    if offer.options:
        line["custom_attributes"] = [
            {"display_name": name, "value": value} for name, value in offer.options
        ]
    return line


def _options(subtotal: int) -> list[dict[str, Any]]:
    options = []
    for option_id, title, description, cost in SHIPPING:
        if option_id == SHIPPING[0][0] and subtotal >= FREE_SHIPPING_FROM:
            cost = 0
        options.append(
            {
                "type": "shipping",
                "id": option_id,
                "title": title,
                "description": description,
                "carrier": "USPS",
                "totals": [_total("total", title, cost)],
            }
        )
    return options


def render(session_id: str, cart: Cart, offers: dict[str, Offer]) -> dict[str, Any]:
    """The open session as ACP shows it, priced from the shop's catalogue now."""
    lines = [_line(offers[item_id], quantity) for item_id, quantity in cart.items]
    subtotal = sum(line["totals"][2]["amount"] for line in lines)
    tax = sum(line["totals"][3]["amount"] for line in lines)
    options = _options(subtotal)
    chosen = next(option for option in options if option["id"] == cart.option_id)
    shipping = chosen["totals"][0]["amount"]
    messages = []
    if not cart.items:
        messages.append(_error("missing", "$.line_items", "The checkout has no items."))
    for index, (item_id, _) in enumerate(cart.items):
        if not offers[item_id].available:
            messages.append(
                _error(
                    "out_of_stock",
                    f"$.line_items[{index}]",
                    f"{offers[item_id].name} ({item_id}) is out of stock.",
                )
            )
    if cart.currency.lower() != CURRENCY:
        messages.append(_error("unsupported", "$.currency", "This merchant sells in usd only."))
    address = (cart.fulfillment_details or {}).get("address")
    if address is None:
        messages.append(
            _error(
                "missing",
                "$.fulfillment_details.address",
                "A shipping address is required.",
            )
        )
    if cart.declined:
        messages.append(
            {
                "type": "error",
                "code": "payment_declined",
                "content_type": "plain",
                "content": "The payment was declined. Please try a different payment method.",
            }
        )
    blocking = [m for m in messages if m["code"] != "payment_declined"]
    status = "not_ready_for_payment" if blocking else "ready_for_payment"
    view: dict[str, Any] = {
        "id": session_id,
        "capabilities": {
            "payment": {"handlers": [HANDLER]},
            "interventions": {"supported": [], "required": [], "enforcement": "conditional"},
        },
        "status": status,
        "currency": CURRENCY,
        "line_items": lines,
        "fulfillment_options": options,
        "selected_fulfillment_options": [
            {"type": "shipping", "option_id": cart.option_id, "item_ids": list(dict(cart.items))}
        ],
        "totals": [
            _total("items_base_amount", "Item(s) total", subtotal),
            _total("subtotal", "Subtotal", subtotal),
            _total("fulfillment", chosen["title"] + " shipping", shipping),
            _total("tax", "Tax", tax),
            _total("total", "Total", subtotal + shipping + tax),
        ],
        "messages": messages,
        "links": LINKS,
    }
    if cart.buyer is not None:
        view["buyer"] = cart.buyer
    if cart.fulfillment_details is not None:
        view["fulfillment_details"] = cart.fulfillment_details
    return {**view, **cart.extra}


def closed(view: dict[str, Any], status: str, **fields: Any) -> dict[str, Any]:
    """The view of a session that has ended (`completed`, `canceled`): its last prices kept."""
    if status == "canceled":
        note = "Checkout session has been canceled."
        messages = [{"type": "info", "content_type": "plain", "content": note}]
    else:
        messages = []
    return {**view, **fields, "status": status, "messages": messages}


def total_of(view: dict[str, Any]) -> int:
    return int(next(t["amount"] for t in view["totals"] if t["type"] == "total"))
