"""The previews of a checkout: the shop's own, and one that spans the shop and the bazaar.

Prices, stock, the payment method and the address are read from the vendors just before the
customer is asked; a cart is ordered all-or-nothing unless the policy allows partial
fulfilment.
"""

from __future__ import annotations

from typing import Any

from agentcli.actions.retail import PlaceOrder
from agentcli.catalog.model import vendor_data
from agentcli.conversation import Conversation
from agentcli.conversation.wording import describe_address, describe_method, money, shown
from agentcli.orchestrator.desk import (
    ActionRefused,
    DeskContext,
    Preview,
    customer,
    options_text,
    price_checks,
)
from agentcli.orchestrator.figures import Figures, ItemFigures, cents
from agentcli.workflows.marketplace import CROSS_MARKETPLACE_ORDER
from connectors.pay import to_cents

Record = dict[str, Any]


async def shop_checkout(context: DeskContext, action: PlaceOrder, conv: Conversation) -> Preview:
    """The shop's own checkout of the shop cart: items in stock, total, payment, address."""
    user = await context.services.shop.get_user(customer(conv))
    conv.user = user
    method = user["payment_methods"].get(action.payment_method_id)
    if method is None:
        raise ActionRefused("NOT_FOUND", "that payment method is not on your account")
    cart = await context.services.shop.get_cart(customer(conv))
    items = cart["items"]
    if not items:
        raise ActionRefused("INVALID_STATE", "your cart is empty, so there is nothing to order")
    items, left_out = await _in_stock(context, items)
    with vendor_data("shop", "a cart"):
        figures = Figures.of(
            ItemFigures.of(i["name"], i["quantity"], i["price"], "shop", options_text(i["options"]))
            for i in items
        )
    total = figures.total
    if method["source"] == "gift_card" and method["balance"] < total:
        raise ActionRefused(
            "INSUFFICIENT_FUNDS",
            f"your gift card has {money(method['balance'])}, less than the total {money(total)}",
        )
    lines = [line.shown() for line in figures.items]
    address = user["address"]
    lines += [
        f"  ({shown(i['name'])} ({shown(options_text(i['options']))}) is out of stock and "
        "stays in your cart: the policy allows partial fulfilment)"
        for i in left_out
    ]
    checks = price_checks("total", action.expected_total, total)
    summary = "\n".join(
        [
            "place an order with shop for:",
            *lines,
            f"{figures.total_shown()}, paid with {describe_method(method)}, shipped to "
            f"{describe_address(address)}.",
            *[c["note"] for c in checks],
        ]
    )
    evidence = [
        {
            "item": i["name"],
            "item_id": i["item_id"],
            "options": i["options"],
            "quantity": i["quantity"],
            "price": i["price"],
            "seller": "shop",
            "payment_method": describe_method(method),
        }
        for i in items
    ]
    saga_input = {
        "user_id": conv.user_id,
        "payment_method_id": action.payment_method_id,
        "amount": total,
        "currency": "usd",
        "items": [
            {
                "item_id": i["item_id"],
                "quantity": i["quantity"],
                "price": i["price"],
                "name": i["name"],
            }
            for i in items
        ],
    }
    return Preview(
        summary,
        total,
        address.get("state"),
        evidence,
        saga_input,
        checks,
        figures,
        country=address.get("country"),
    )


async def _in_stock(
    context: DeskContext, items: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(cart lines in stock now, lines left out); a cart is all-or-nothing by default."""
    gone = []
    for line in items:
        if not (await context.services.shop.get_item(line["item_id"])).get("available", False):
            gone.append(line)
    if not gone:
        return items, []
    names = " and ".join(f"{i['name']} ({options_text(i['options'])})" for i in gone)
    if len(gone) == len(items):
        raise ActionRefused(
            "OUT_OF_STOCK", f"{names} is out of stock, so there is nothing to order"
        )
    if not context.allow_partial:
        raise ActionRefused(
            "OUT_OF_STOCK",
            f"{names} is out of stock; a cart is ordered "
            "all-or-nothing, so remove it to order the rest (or set "
            "[fulfilment] allow_partial in the policy)",
        )
    return [i for i in items if i not in gone], gone


def cross_marketplace_checkout(
    user: Record, method: Record, method_id: str, shop_cart: Record, bazaar_cart: Record
) -> Preview:
    """The confirmation text, evidence and saga input of a checkout across both marketplaces."""
    shop_items = shop_cart["items"]
    shop_lines = [
        ItemFigures.of(
            i["name"],
            i["quantity"],
            i["price"],
            "shop",
            ", ".join(f"{k}: {v}" for k, v in i["options"].items()),
        )
        for i in shop_items
    ]
    bazaar_lines = [
        ItemFigures.of(
            line["title"],
            line["qty"],
            cents(line["unit_price_minor"]) / 100,
            f"bazaar:{line['seller_id']}",
            f"SKU {line['sku']}",
        )
        for line in bazaar_cart["lines"]
    ]
    shop_minor = sum(to_cents(i.unit_price) * i.quantity for i in shop_lines)
    bazaar_minor = cents(bazaar_cart["total_minor"], "total")
    total_minor = shop_minor + bazaar_minor
    discounts = [
        (str(p["label"]), cents(p["amount_minor"], "discount") / 100)
        for p in bazaar_cart["promotions"]
    ]
    figures = Figures.of([*shop_lines, *bazaar_lines], total=total_minor / 100, discounts=discounts)
    lines = [
        "place an order with shop and one with bazaar, paid in one payment:"
        if shop_items
        else "place an order with bazaar:"
    ]
    if shop_items:
        lines.append("  shop:")
        lines += [line.shown("    ") for line in shop_lines]
    lines.append("  bazaar:")
    lines += [line.shown("    ") for line in bazaar_lines]
    lines += [f"    - {shown(label)}: -{money(off)}" for label, off in discounts]
    address = user["address"]
    parts = (
        f" ({money(shop_minor / 100)} at shop + {money(bazaar_minor / 100)} at bazaar)"
        if shop_items
        else ""
    )
    lines.append(
        f"{figures.total_shown()}{parts}, paid with "
        f"{describe_method(method)}, shipped to {describe_address(address)}."
    )
    evidence = [
        {
            "item": i["name"],
            "item_id": i["item_id"],
            "options": i["options"],
            "quantity": i["quantity"],
            "price": i["price"],
            "seller": "shop",
            "payment_method": describe_method(method),
        }
        for i in shop_items
    ]
    evidence += [
        {
            "item": line["title"],
            "sku": line["sku"],
            "quantity": line["qty"],
            "price": line["unit_price_minor"] / 100,
            "seller": f"bazaar:{line['seller_id']}",
            "payment_method": describe_method(method),
        }
        for line in bazaar_cart["lines"]
    ]
    name = user["name"]
    saga_input = {
        "saga": CROSS_MARKETPLACE_ORDER.name,
        "user_id": user["user_id"],
        "payment_method_id": method_id,
        "amount": total_minor / 100,
        "amount_minor": total_minor,
        "currency": "usd",
        "shop": {
            "items": [
                {
                    "item_id": i["item_id"],
                    "quantity": i["quantity"],
                    "price": i["price"],
                    "name": i["name"],
                }
                for i in shop_items
            ],
            "amount_minor": shop_minor,
        }
        if shop_items
        else None,
        "bazaar": {
            "lines": [{"sku": line["sku"], "qty": line["qty"]} for line in bazaar_cart["lines"]],
            "total_minor": bazaar_minor,
        },
        "ship_to": {
            "name": f"{name['first_name']} {name['last_name']}",
            "line1": address["address1"],
            "line2": address.get("address2") or None,
            "city": address["city"],
            "region": address["state"],
            "postal_code": address["zip"],
            "country": address["country"],
        },
    }
    saga_input["ship_to"] = {k: v for k, v in saga_input["ship_to"].items() if v}
    return Preview(
        "\n".join(lines),
        total_minor / 100,
        address.get("state"),
        evidence,
        saga_input,
        figures=figures,
        country=address.get("country"),
    )
