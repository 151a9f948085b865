"""τ²-bench retail tools as pure functions over plain dict records (docs/tau2-retail.md §3).

Every write tool validates everything before it mutates anything, so a raised `ShopError`
means the records passed in are exactly as they were. Money is float arithmetic in the
order the reference uses; `round2` is Python's `round(x, 2)`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sandbox.shop.errors import ShopError

Record = dict[str, Any]

ADDRESS_FIELDS = ("address1", "address2", "city", "country", "state", "zip")
CANCEL_REASONS = ("no longer needed", "ordered by mistake")
OPTIONAL_ORDER_FIELDS = (
    "cancel_reason",
    "exchange_items",
    "exchange_new_items",
    "exchange_payment_method_id",
    "exchange_price_difference",
    "return_items",
    "return_payment_method_id",
)


def round2(value: float) -> float:
    """The reference's money rounding: Python `round(x, 2)` on a double."""
    return float(round(value, 2))


def canonical_order(order: Record) -> Record:
    """The order with all 14 keys, unset optional ones as None."""
    return {**order, **{key: order.get(key) for key in OPTIONAL_ORDER_FIELDS}}


def new_address(address: Mapping[str, str]) -> dict[str, str]:
    """The six address fields, in the data's key order."""
    return {name: address[name] for name in ADDRESS_FIELDS}


# -- READ tools ------------------------------------------------------------------------------


def find_user_id_by_email(users: Iterable[Record], email: str) -> str:
    wanted = email.lower()
    for user in users:
        if user["email"].lower() == wanted:
            return str(user["user_id"])
    raise ShopError("not_found", "User not found")


def find_user_id_by_name_zip(
    users: Iterable[Record], first_name: str, last_name: str, zip: str
) -> str:
    for user in users:
        name = user["name"]
        if (
            name["first_name"].lower() == first_name.lower()
            and name["last_name"].lower() == last_name.lower()
            and user["address"]["zip"] == zip
        ):
            return str(user["user_id"])
    raise ShopError("not_found", "User not found")


def find_variant(products: Iterable[Record], item_id: str) -> Record:
    """The variant with that item id, searching every product in order."""
    for product in products:
        if item_id in product["variants"]:
            return dict(product["variants"][item_id])
    raise ShopError("not_found", f"Item {item_id} not found")


def product_types(products: Iterable[Record]) -> dict[str, str]:
    """Product name → product id, keys sorted."""
    by_name = {product["name"]: product["product_id"] for product in products}
    return dict(sorted(by_name.items()))


# -- shared checks ---------------------------------------------------------------------------


def payment_method(owner: Record, method_id: str) -> Record:
    """One of the owner's payment methods (the live dict, so balances can change)."""
    method = owner["payment_methods"].get(method_id)
    if method is None:
        raise ShopError("not_found", f"Payment method {method_id} not found")
    return method


def is_gift_card(method: Record) -> bool:
    return method["source"] == "gift_card"


def _require_items_in_order(order: Record, item_ids: Sequence[str]) -> None:
    current = [item["item_id"] for item in order["items"]]
    for item_id in item_ids:
        if item_ids.count(item_id) > current.count(item_id):
            raise ShopError("not_found", f"Item {item_id} not found in order (or too many)")


def _replacement_variants(
    order: Record,
    products: Mapping[str, Record],
    item_ids: Sequence[str],
    new_item_ids: Sequence[str],
    allow_same: bool,
) -> tuple[float, list[Record]]:
    """Walk the (old, new) pairs: the unrounded price difference and each new variant."""
    if len(item_ids) != len(new_item_ids):
        raise ShopError("invalid_request", "item_ids and new_item_ids must have the same length")
    diff: float = 0
    variants: list[Record] = []
    for old_id, new_id in zip(item_ids, new_item_ids, strict=True):
        if old_id == new_id and not allow_same:
            raise ShopError("invalid_request", "The new item id should differ from the old one")
        old_item = next(item for item in order["items"] if item["item_id"] == old_id)
        product = products.get(old_item["product_id"])
        if product is None:
            raise ShopError("not_found", f"Product {old_item['product_id']} not found")
        variant = product["variants"].get(new_id)
        if variant is None:
            raise ShopError("not_found", f"Item {new_id} is not a variant of {product['name']}")
        if not variant["available"]:
            raise ShopError("out_of_stock", f"Item {new_id} is not available")
        diff += variant["price"] - old_item["price"]
        variants.append(variant)
    return diff, variants


def _require_balance(method: Record, amount: float) -> None:
    if is_gift_card(method) and method["balance"] < amount:
        raise ShopError("insufficient_funds", "Insufficient gift card balance")


# -- WRITE tools -----------------------------------------------------------------------------


def cancel_pending_order(order: Record, owner: Record, reason: str) -> Record:
    if order["status"] != "pending":
        raise ShopError("invalid_state", "Non-pending order cannot be cancelled")
    if reason not in CANCEL_REASONS:
        raise ShopError("invalid_request", f"Invalid reason; use one of {list(CANCEL_REASONS)}")
    payments = list(order["payment_history"])
    methods = [payment_method(owner, payment["payment_method_id"]) for payment in payments]
    for payment, method in zip(payments, methods, strict=True):
        if is_gift_card(method):
            method["balance"] = round2(method["balance"] + payment["amount"])
    order["status"] = "cancelled"
    order["cancel_reason"] = reason
    order["payment_history"].extend(
        {
            "transaction_type": "refund",
            "amount": p["amount"],
            "payment_method_id": p["payment_method_id"],
        }
        for p in payments
    )
    return order


def modify_pending_order_address(order: Record, address: Mapping[str, str]) -> Record:
    if "pending" not in order["status"]:
        raise ShopError("invalid_state", "Non-pending order cannot be modified")
    order["address"] = new_address(address)
    return order


def modify_pending_order_payment(order: Record, owner: Record, payment_method_id: str) -> Record:
    if "pending" not in order["status"]:
        raise ShopError("invalid_state", "Non-pending order cannot be modified")
    new_method = payment_method(owner, payment_method_id)
    history = order["payment_history"]
    if len(history) != 1 or history[0]["transaction_type"] != "payment":
        raise ShopError("invalid_state", "There should be exactly one payment for a pending order")
    old_id = history[0]["payment_method_id"]
    if old_id == payment_method_id:
        raise ShopError("invalid_request", "The new payment method should differ from the current")
    amount = history[0]["amount"]
    _require_balance(new_method, amount)
    old_method = payment_method(owner, old_id)
    history.append(
        {"transaction_type": "payment", "amount": amount, "payment_method_id": payment_method_id}
    )
    history.append({"transaction_type": "refund", "amount": amount, "payment_method_id": old_id})
    if is_gift_card(new_method):
        new_method["balance"] = round2(new_method["balance"] - amount)
    if is_gift_card(old_method):
        old_method["balance"] = round2(old_method["balance"] + amount)
    return order


def modify_pending_order_items(
    order: Record,
    owner: Record,
    products: Mapping[str, Record],
    item_ids: Sequence[str],
    new_item_ids: Sequence[str],
    payment_method_id: str,
    *,
    reproduce_quirk: bool = True,
) -> Record:
    """Swap items for variants of the same product and settle the price difference.

    With `reproduce_quirk` every rewritten item gets the price and options of the *last* new
    variant, as the reference does (reported in tau2-bench's issues 317 and 318); without it,
    its own.
    """
    if order["status"] != "pending":
        raise ShopError("invalid_state", "Non-pending order cannot be modified")
    _require_items_in_order(order, item_ids)
    diff, variants = _replacement_variants(order, products, item_ids, new_item_ids, False)
    method = payment_method(owner, payment_method_id)
    _require_balance(method, diff)
    order["payment_history"].append(
        {
            "transaction_type": "payment" if diff > 0 else "refund",
            "amount": float(abs(diff)),
            "payment_method_id": payment_method_id,
        }
    )
    if is_gift_card(method):
        method["balance"] = round2(method["balance"] - diff)
    for old_id, new_id, own_variant in zip(item_ids, new_item_ids, variants, strict=True):
        variant = variants[-1] if reproduce_quirk else own_variant
        item = next(item for item in order["items"] if item["item_id"] == old_id)
        item["item_id"] = new_id
        item["price"] = variant["price"]
        item["options"] = dict(variant["options"])
    order["status"] = "pending (item modified)"
    return order


def exchange_delivered_order_items(
    order: Record,
    owner: Record,
    products: Mapping[str, Record],
    item_ids: Sequence[str],
    new_item_ids: Sequence[str],
    payment_method_id: str,
) -> Record:
    if order["status"] != "delivered":
        raise ShopError("invalid_state", "Non-delivered order cannot be exchanged")
    _require_items_in_order(order, item_ids)
    diff, _ = _replacement_variants(order, products, item_ids, new_item_ids, True)
    diff = round2(diff)
    method = payment_method(owner, payment_method_id)
    _require_balance(method, diff)
    order["status"] = "exchange requested"
    order["exchange_items"] = sorted(item_ids)
    order["exchange_new_items"] = sorted(new_item_ids)
    order["exchange_payment_method_id"] = payment_method_id
    order["exchange_price_difference"] = diff
    return order


def return_delivered_order_items(
    order: Record, owner: Record, item_ids: Sequence[str], payment_method_id: str
) -> Record:
    if order["status"] != "delivered":
        raise ShopError("invalid_state", "Non-delivered order cannot be returned")
    method = payment_method(owner, payment_method_id)
    original_id = order["payment_history"][0]["payment_method_id"]
    if not is_gift_card(method) and payment_method_id != original_id:
        raise ShopError(
            "invalid_request", "Refunds go to the original payment method or a gift card"
        )
    _require_items_in_order(order, item_ids)
    order["status"] = "return requested"
    order["return_items"] = sorted(item_ids)
    order["return_payment_method_id"] = payment_method_id
    return order


def modify_user_address(user: Record, address: Mapping[str, str]) -> Record:
    user["address"] = new_address(address)
    return user
