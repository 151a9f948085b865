"""Carts and checkout: the shop's own features on top of the τ² records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sandbox.shop.errors import ShopError
from sandbox.shop.store import ShopTx
from sandbox.shop.tau2 import (
    OPTIONAL_ORDER_FIELDS,
    Record,
    is_gift_card,
    new_address,
    payment_method,
    round2,
)

ORDER_ID_SPACE = 10_000_000
ORDER_ID_STEP = 3_141_593  # coprime with ORDER_ID_SPACE, so ids cycle through every value
ORDER_ID_START = 2_718_281


def order_id_for(counter: int) -> str:
    """The counter-th candidate order id: `#W` + 7 digits, scattered but deterministic."""
    return f"#W{(ORDER_ID_START + ORDER_ID_STEP * counter) % ORDER_ID_SPACE:07d}"


def next_order_id(tx: ShopTx) -> str:
    """The next candidate id that no order has; advances the counter in meta."""
    counter = int(tx.meta("order_counter") or 0)
    while True:
        counter += 1
        candidate = order_id_for(counter)
        if not tx.has_order(candidate):
            tx.set_meta("order_counter", str(counter))
            return candidate


def _variant(tx: ShopTx, item_id: str) -> tuple[Record, Record]:
    product = tx.product_of_item(item_id)
    return product, product["variants"][item_id]


def cart_view(tx: ShopTx, user_id: str) -> Record:
    """The user's cart with current names, options and prices."""
    tx.user(user_id)
    items: list[Record] = []
    for item_id, quantity in tx.cart_lines(user_id):
        product, variant = _variant(tx, item_id)
        items.append(
            {
                "item_id": item_id,
                "product_id": product["product_id"],
                "name": product["name"],
                "options": variant["options"],
                "price": variant["price"],
                "quantity": quantity,
            }
        )
    total = round2(sum(item["price"] * item["quantity"] for item in items))
    return {"user_id": user_id, "items": items, "total": total}


def add_to_cart(tx: ShopTx, user_id: str, item_id: str, quantity: int) -> Record:
    tx.user(user_id)
    _, variant = _variant(tx, item_id)
    if not variant["available"]:
        raise ShopError("out_of_stock", f"Item {item_id} is not available")
    in_cart = dict(tx.cart_lines(user_id)).get(item_id, 0)
    tx.set_cart_quantity(user_id, item_id, in_cart + quantity)
    return cart_view(tx, user_id)


def remove_from_cart(tx: ShopTx, user_id: str, item_id: str, quantity: int | None) -> Record:
    """Take `quantity` units (all when None) of an item out of the cart."""
    tx.user(user_id)
    in_cart = dict(tx.cart_lines(user_id)).get(item_id, 0)
    if in_cart == 0:
        raise ShopError("not_found", f"Item {item_id} is not in the cart")
    tx.set_cart_quantity(user_id, item_id, 0 if quantity is None else in_cart - quantity)
    return cart_view(tx, user_id)


@dataclass(frozen=True)
class OrderRequest:
    """A checkout; empty `lines` with `from_cart` orders the whole cart."""

    user_id: str
    lines: Sequence[tuple[str, int]]
    payment_method_id: str
    payment_reference: str | None = None
    from_cart: bool = False
    address: Mapping[str, str] | None = None


def _order_items(tx: ShopTx, lines: Sequence[tuple[str, int]]) -> list[Record]:
    """One order item per unit; every variant must exist and be available."""
    items: list[Record] = []
    for item_id, quantity in lines:
        product, variant = _variant(tx, item_id)
        if not variant["available"]:
            raise ShopError("out_of_stock", f"Item {item_id} is not available")
        unit = {
            "name": product["name"],
            "product_id": product["product_id"],
            "item_id": item_id,
            "price": variant["price"],
        }
        items.extend({**unit, "options": dict(variant["options"])} for _ in range(quantity))
    return items


def create_order(tx: ShopTx, request: OrderRequest) -> Record:
    """Place a pending order, validating everything before anything changes."""
    user = tx.user(request.user_id)
    cart = dict(tx.cart_lines(request.user_id))
    lines = list(request.lines)
    if request.from_cart and not lines:
        lines = list(cart.items())
    if not lines:
        raise ShopError("invalid_request", "The order has no items")
    items = _order_items(tx, lines)
    method = payment_method(user, request.payment_method_id)
    wanted: Counter[str] = Counter()
    for item_id, quantity in lines:
        wanted[item_id] += quantity
    if request.from_cart:
        for item_id, quantity in wanted.items():
            if cart.get(item_id, 0) < quantity:
                raise ShopError(
                    "invalid_request", f"The cart has fewer than {quantity} of {item_id}"
                )
    amount = round2(sum(item["price"] for item in items))
    if is_gift_card(method) and method["balance"] < amount:
        raise ShopError("insufficient_funds", "Insufficient gift card balance")

    order_id = next_order_id(tx)
    order: Record = {
        "order_id": order_id,
        "user_id": request.user_id,
        "address": new_address(request.address or user["address"]),
        "items": items,
        "status": "pending",
        "fulfillments": [],
        "payment_history": [
            {
                "transaction_type": "payment",
                "amount": amount,
                "payment_method_id": request.payment_method_id,
            }
        ],
        **{key: None for key in OPTIONAL_ORDER_FIELDS},
    }
    if is_gift_card(method):
        method["balance"] = round2(method["balance"] - amount)
    user["orders"].append(order_id)
    tx.put_user(user)
    tx.add_order(order, request.payment_reference)
    if request.from_cart:
        for item_id, quantity in wanted.items():
            tx.set_cart_quantity(request.user_id, item_id, cart[item_id] - quantity)
    return order
