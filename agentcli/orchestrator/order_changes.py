"""The desk of order changes: returns, exchanges, item, address, payment changes.

A preview checks, from the vendors' own facts, everything the shop would refuse (status, items
of the order, variants of the same product in stock, the customer's payment methods, gift card
balances) and states exactly what will change. Only the signed-in customer's orders qualify.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from agentcli.actions import ActionBase
from agentcli.actions.retail import (
    ExchangeItems,
    GetItem,
    ListProductTypes,
    ModifyOrderAddress,
    ModifyOrderItems,
    ModifyOrderPayment,
    ModifyUserAddress,
    ReturnItems,
)
from agentcli.conversation import Conversation
from agentcli.conversation.wording import describe_method, describe_options, money, shown
from agentcli.orchestrator.desk import ActionRefused, Desk, DeskContext, Preview, customer
from agentcli.orchestrator.orders import intent_for, own_order
from agentcli.workflows.retail_changes import (
    EXCHANGE_ITEMS,
    MODIFY_ORDER_ADDRESS,
    MODIFY_ORDER_ITEMS,
    MODIFY_ORDER_PAYMENT,
    MODIFY_USER_ADDRESS,
    RETURN_ITEMS,
)
from agentcli.workflows.saga import SagaDefinition

Record = dict[str, Any]
WRITES = (
    ReturnItems,
    ExchangeItems,
    ModifyOrderItems,
    ModifyOrderAddress,
    ModifyOrderPayment,
    ModifyUserAddress,
)
READS = (GetItem, ListProductTypes)
ADDRESS_FIELDS = ("address1", "address2", "city", "state", "country", "zip")
SAGAS: dict[str, SagaDefinition] = {
    "return_items": RETURN_ITEMS,
    "exchange_items": EXCHANGE_ITEMS,
    "modify_order_items": MODIFY_ORDER_ITEMS,
    "modify_order_address": MODIFY_ORDER_ADDRESS,
    "modify_order_payment": MODIFY_ORDER_PAYMENT,
    "modify_user_address": MODIFY_USER_ADDRESS,
}


def _refuse(code: str, message: str) -> ActionRefused:
    return ActionRefused(code, message)


def _preview(
    summary: str,
    amount: float | None = None,
    region: str | None = None,
    evidence: list[Record] | None = None,
    saga_input: Record | None = None,
    country: str | None = None,
) -> Preview:
    return Preview(summary, amount, region, evidence or [], saga_input or {}, country=country)


class OrderChangeDesk(Desk):
    """Returns, exchanges, item, address and payment changes, and the item lookups they need."""

    async def preview(self, action: ActionBase, conv: Conversation) -> Preview:
        if isinstance(action, WRITES):
            return await preview(self.context, action, conv)
        return await super().preview(action, conv)

    async def execute(
        self, action: ActionBase, conv: Conversation, saga_id: str, preview_: Preview | None
    ) -> Any:
        """A read's answer, or the result of the change's saga (previewed again if need be)."""
        if isinstance(action, READS):
            return await read(self.context, action)
        if isinstance(action, WRITES):
            chosen = preview_ or await preview(self.context, action, conv)
            return await self.engine.run(SAGAS[action.name], saga_id, chosen.saga_input)
        return await super().execute(action, conv, saga_id, preview_)


# -- reads ----------------------------------------------------------------------------------


async def read(context: DeskContext, action: ActionBase) -> Any:
    shop = context.services.shop
    if isinstance(action, GetItem):
        return await shop.get_item(action.item_id)
    return await shop.list_product_types()


# -- previews -------------------------------------------------------------------------------


async def preview(context: DeskContext, action: ActionBase, conv: Conversation) -> Preview:
    """State exactly what the change will do; refuse what the shop would refuse."""
    user = await context.services.shop.get_user(customer(conv))
    conv.user = user
    if isinstance(action, ModifyUserAddress):
        return _user_address(action, user)
    assert isinstance(
        action,
        ReturnItems | ExchangeItems | ModifyOrderItems | ModifyOrderAddress | ModifyOrderPayment,
    )
    order = await own_order(context.services, action.order_id, conv)
    if isinstance(action, ModifyOrderAddress):
        return _order_address(action, order)
    method = _method(user, action.payment_method_id)
    if isinstance(action, ModifyOrderPayment):
        return _payment(context, action, order, user, method)
    items = _items_of(order, action.item_ids)
    if isinstance(action, ReturnItems):
        return _return(action, order, items, user, method)
    return await _item_change(context, action, order, items, user, method)


def _method(user: Record, method_id: str) -> Record:
    method: Record | None = user["payment_methods"].get(method_id)
    if method is None:
        raise _refuse("NOT_FOUND", f"{method_id} is not one of your payment methods")
    return method


def _items_of(order: Record, item_ids: list[str]) -> list[Record]:
    """The order's items named by `item_ids` (each id as often as the order has it)."""
    have = Counter(item["item_id"] for item in order["items"])
    for item_id, wanted in Counter(item_ids).items():
        if have[item_id] < wanted:
            many = f"only {have[item_id]} of" if have[item_id] else "no"
            raise _refuse("NOT_FOUND", f"order {order['order_id']} has {many} item {item_id}")
    return [next(i for i in order["items"] if i["item_id"] == item_id) for item_id in item_ids]


def _status(order: Record, allowed: str, change: str, exact: bool = True) -> None:
    """Refuse unless the order's status is `allowed` (or, not `exact`, contains it)."""
    status = order["status"]
    if (status != allowed) if exact else (allowed not in status):
        raise _refuse(
            "INVALID_STATE",
            f"order {order['order_id']} is {status}; {change} only for {allowed} orders",
        )


def _line(item: Record) -> str:
    return f"{shown(item['name'])} ({describe_options(item['options'])}) {money(item['price'])}"


def _address_text(address: Record) -> str:
    parts = [
        address["address1"],
        address.get("address2") or "",
        address["city"],
        f"{address['state']} {address['zip']}",
        address.get("country") or "",
    ]
    return shown(", ".join(p for p in parts if p))


def _user_address(action: ModifyUserAddress, user: Record) -> Preview:
    new = {field: getattr(action, field) for field in ADDRESS_FIELDS}
    summary = (
        f"change your default address from {_address_text(user['address'])} to "
        f"{_address_text(new)}; existing orders keep their addresses."
    )
    return _preview(
        summary,
        None,
        action.state,
        [{"address": new}],
        {"user_id": user["user_id"], "address": new},
        action.country,
    )


def _order_address(action: ModifyOrderAddress, order: Record) -> Preview:
    _status(order, "pending", "the address can be changed", exact=False)
    new = {field: getattr(action, field) for field in ADDRESS_FIELDS}
    summary = (
        f"change the shipping address of order {order['order_id']} from "
        f"{_address_text(order['address'])} to {_address_text(new)}."
    )
    return _preview(
        summary,
        None,
        action.state,
        [{"order_id": order["order_id"], "address": new}],
        {"order_id": order["order_id"], "address": new},
        action.country,
    )


def _payment(
    context: DeskContext, action: ModifyOrderPayment, order: Record, user: Record, method: Record
) -> Preview:
    _status(order, "pending", "the payment method can be changed", exact=False)
    history = order["payment_history"]
    if len(history) != 1 or history[0]["transaction_type"] != "payment":
        raise _refuse(
            "INVALID_STATE",
            f"order {order['order_id']} has had its payment changed "
            "before; it can be changed only once",
        )
    paid = history[0]
    if paid["payment_method_id"] == action.payment_method_id:
        raise _refuse(
            "INVALID_REQUEST",
            f"order {order['order_id']} is already paid with {describe_method(method)}",
        )
    amount = paid["amount"]
    _balance(method, amount)
    old = user["payment_methods"].get(
        paid["payment_method_id"], {"source": "unknown", "id": paid["payment_method_id"]}
    )
    summary = (
        f"pay order {order['order_id']} ({money(amount)}) with {describe_method(method)} "
        f"instead of {describe_method(old)}: {money(amount)} is charged to the new "
        f"method and {money(amount)} refunded to the old one."
    )
    intent = order.get("payment_reference") or intent_for(context.journal, order["order_id"])
    return _preview(
        summary,
        amount,
        None,
        [
            {
                "order_id": order["order_id"],
                "amount": amount,
                "payment_method": describe_method(method),
            }
        ],
        {
            "order_id": order["order_id"],
            "user_id": user["user_id"],
            "payment_method_id": action.payment_method_id,
            "amount": amount,
            "currency": "usd",
            "previous_intent_id": intent,
        },
    )


def _balance(method: Record, amount: float) -> None:
    if method["source"] == "gift_card" and method["balance"] < amount:
        raise _refuse(
            "INSUFFICIENT_FUNDS",
            f"your gift card has {money(method['balance'])}, less than {money(amount)}",
        )


def _return(
    action: ReturnItems, order: Record, items: list[Record], user: Record, method: Record
) -> Preview:
    _status(order, "delivered", "items can be returned")
    original = order["payment_history"][0]["payment_method_id"]
    if method["source"] != "gift_card" and action.payment_method_id != original:
        first = describe_method(user["payment_methods"].get(original, {"id": original}))
        raise _refuse(
            "INVALID_REQUEST",
            f"a refund goes back to the original payment method ({first}) or to a gift card",
        )
    total = round(sum(item["price"] for item in items), 2)
    lines = "\n".join(f"  - {_line(item)}" for item in items)
    summary = (
        f"request a return from order {order['order_id']}:\n{lines}\n"
        f"{money(total)} will be refunded to {describe_method(method)} once the shop "
        "receives the items; the order becomes 'return requested'."
    )
    evidence = [
        {
            "order_id": order["order_id"],
            "item": item["name"],
            "item_id": item["item_id"],
            "price": item["price"],
        }
        for item in items
    ]
    return _preview(
        summary,
        None,
        None,
        evidence,
        {
            "order_id": order["order_id"],
            "item_ids": list(action.item_ids),
            "payment_method_id": action.payment_method_id,
            "refund": total,
        },
    )


async def _item_change(
    context: DeskContext,
    action: ExchangeItems | ModifyOrderItems,
    order: Record,
    items: list[Record],
    user: Record,
    method: Record,
) -> Preview:
    exchange = isinstance(action, ExchangeItems)
    if exchange:
        _status(order, "delivered", "items can be exchanged")
    else:
        _status(order, "pending", "items can be changed (once)")
    pairs, difference = [], 0.0
    for item, new_id in zip(items, action.new_item_ids, strict=True):
        if new_id == item["item_id"] and not exchange:
            raise _refuse("INVALID_REQUEST", f"{item['name']} would be swapped for itself")
        product = await context.services.shop.get_product(item["product_id"])
        variant = product["variants"].get(new_id)
        if variant is None:
            raise _refuse("NOT_FOUND", f"{new_id} is not a variant of {item['name']}")
        if not variant["available"]:
            options = describe_options(variant["options"])
            raise _refuse("OUT_OF_STOCK", f"{item['name']} ({options}) is not available")
        pairs.append((item, variant))
        difference += variant["price"] - item["price"]
    if exchange:
        difference = round(difference, 2)
    _balance(method, difference)
    intent = (
        None
        if exchange
        else (order.get("payment_reference") or intent_for(context.journal, order["order_id"]))
    )
    original = order["payment_history"][0]["payment_method_id"]
    if intent and difference < 0 and action.payment_method_id != original:
        first = describe_method(user["payment_methods"].get(original, {"id": original}))
        raise _refuse(
            "INVALID_REQUEST",
            f"this order was paid through pay, so a refund of the difference goes back to {first}",
        )
    lines = "\n".join(
        f"  - {shown(item['name'])}: {describe_options(item['options'])} "
        f"{money(item['price'])} -> {describe_options(v['options'])} "
        f"{money(v['price'])}"
        for item, v in pairs
    )
    settle = (
        f"{money(difference)} is charged to"
        if difference > 0
        else f"{money(-difference)} is refunded to"
        if difference < 0
        else None
    )
    settlement = (
        f"The price difference: {settle} {describe_method(method)}"
        if settle
        else "There is no price difference"
    )
    if exchange:
        summary = (
            f"request an exchange in order {order['order_id']}:\n{lines}\n{settlement} "
            "when the exchange is processed; the order becomes 'exchange requested'."
        )
    else:
        summary = (
            f"change items of pending order {order['order_id']}:\n{lines}\n{settlement}. "
            "The order becomes 'pending (item modified)' and cannot be changed or "
            "cancelled after that."
        )
    evidence = [
        {
            "order_id": order["order_id"],
            "item": item["name"],
            "from": item["item_id"],
            "to": v["item_id"],
            "price": v["price"],
        }
        for item, v in pairs
    ]
    saga_input = {
        "order_id": order["order_id"],
        "user_id": user["user_id"],
        "item_ids": list(action.item_ids),
        "new_item_ids": list(action.new_item_ids),
        "payment_method_id": action.payment_method_id,
        "difference": difference,
        "intent_id": intent,
        "currency": "usd",
    }
    return _preview(summary, difference if difference > 0 else None, None, evidence, saga_input)
