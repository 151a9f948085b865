"""What the agent says after an order change or a catalog read, from the vendors' answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agentcli.conversation import Observation
from agentcli.conversation.wording import describe_options, money

Memory = dict[str, Any]


def _outputs(obs: Observation) -> dict[str, Any]:
    outputs: dict[str, Any] = obs.data.get("outputs", {}) if isinstance(obs.data, dict) else {}
    return outputs


def _address(address: dict[str, Any]) -> str:
    parts = [
        address["address1"],
        address.get("address2") or "",
        address["city"],
        f"{address['state']} {address['zip']}",
    ]
    return ", ".join(p for p in parts if p)


def returned(obs: Observation, memory: Memory) -> str:
    done = _outputs(obs)["request_return"]
    last = memory.pop("last_change", {})
    names = ", ".join(last.get("items", [])) or ", ".join(done.get("return_items") or [])
    refund = f"{money(last['refund'])} " if "refund" in last else ""
    return (
        f"Done: the return of {names} from order {done['order_id']} is requested (status "
        f"'{done['status']}'). The refund of {refund}goes to "
        f"{done['return_payment_method_id']} once the shop receives the items."
    )


def exchanged(obs: Observation, memory: Memory) -> str:
    done = _outputs(obs)["request_exchange"]
    memory.pop("last_change", None)
    difference = done.get("exchange_price_difference") or 0.0
    settle = (
        "no price difference"
        if not difference
        else f"a price difference of {money(difference)} to pay"
        if difference > 0
        else f"{money(-difference)} to get back"
    )
    return (
        f"Done: the exchange in order {done['order_id']} is requested (status "
        f"'{done['status']}'), with {settle} when it is processed."
    )


def items_modified(obs: Observation, memory: Memory) -> str:
    outputs = _outputs(obs)
    done = outputs["modify_items"]
    last = memory.pop("last_change", {})
    what = (
        f"{last['item']} is now {describe_options(last['options'])}"
        if "item" in last
        else "the items are changed"
    )
    history = done.get("payment_history") or []
    settled = history[-1] if len(history) > 1 else None
    money_line = ""
    if settled:
        verb = "charged to" if settled["transaction_type"] == "payment" else "refunded to"
        money_line = f" {money(settled['amount'])} was {verb} {settled['payment_method_id']}."
    return (
        f"Done: in order {done['order_id']} {what}; the order is now '{done['status']}'."
        f"{money_line}"
    )


def order_address(obs: Observation, memory: Memory) -> str:
    done = _outputs(obs)["change_address"]
    return f"Done: order {done['order_id']} will be shipped to {_address(done['address'])}."


def user_address(obs: Observation, memory: Memory) -> str:
    done = _outputs(obs)["change_address"]
    return (
        f"Done: your default address is now {_address(done['address'])}. Orders already "
        "placed keep their shipping address."
    )


def payment_changed(obs: Observation, memory: Memory) -> str:
    done = _outputs(obs)["switch_payment"]
    history = done["payment_history"]
    new, old = history[-2], history[-1]
    return (
        f"Done: order {done['order_id']} is now paid with {new['payment_method_id']}: "
        f"{money(new['amount'])} charged there and {money(old['amount'])} refunded to "
        f"{old['payment_method_id']}."
    )


def item(obs: Observation, memory: Memory) -> str:
    variant = obs.data
    stock = "in stock" if variant.get("available") else "out of stock"
    return (
        f"Item {variant['item_id']}: {describe_options(variant['options'])}, "
        f"{money(variant['price'])}, {stock}."
    )


def product_types(obs: Observation, memory: Memory) -> str:
    names = sorted(obs.data)
    return (
        f"The shop sells {len(names)} kinds of products: {', '.join(names)}. Ask me to find "
        'one, e.g. "find a water bottle under 30".'
    )


REPLIES: dict[str, Callable[[Observation, Memory], str]] = {
    "return_items": returned,
    "exchange_items": exchanged,
    "modify_order_items": items_modified,
    "modify_order_address": order_address,
    "modify_user_address": user_address,
    "modify_order_payment": payment_changed,
    "get_item": item,
    "list_product_types": product_types,
}
"""Action name → the reply after it succeeded."""
