"""Composes the customer-facing sentences from vendor results, never from the planner's guess."""

from __future__ import annotations

from typing import Any

from agentcli.conversation import Observation
from agentcli.conversation.explain import failure_message
from agentcli.conversation.wording import describe_method, describe_options, money

HELP = (
    "I can help you shop: tell me who you are (your email, or your name and zip code), then "
    'ask me to find products ("find a mechanical keyboard under 300"), show one ("show me the '
    'second one"), add it to your cart ("add 2 of the blue one"), show your cart, check out '
    '("checkout with my gift card"), look up an order ("where is order #W5918442") or cancel '
    'a pending one ("cancel order #W5918442, I ordered it by mistake"). Searches cover the '
    'shop and the bazaar, and one checkout pays for both. I can also book travel: "find a '
    'hotel in Paris from 2030-12-10 to 2030-12-12", "find a flight from NYC to Paris on '
    '2030-12-10", "book the first hotel and the second flight for 2 travellers", "cancel '
    'booking BK488920". And I can change orders: "return the keyboard from order #W…", '
    '"exchange the keyboard in order #W… for the blue one", "change the address of order '
    '#W… to 12 Oak St, Austin, TX 78701", "pay order #W… with my gift card instead", '
    '"change my address to …".'
)


#: what is said when a line needs the account and nobody has signed in yet
SIGN_IN_FIRST = "I need to know who you are first: what is your email, or your name and zip code?"


def variant_line(n: int | None, v: dict[str, Any], name: str | None = None) -> str:
    stock = "in stock" if v.get("available", True) else "out of stock"
    prefix = f"{n}. " if n is not None else ""
    title = name or v.get("name") or f"item {v.get('item_id', '?')}"
    if "price" not in v:  # known only by the id the customer gave: the shop has not shown it
        return f"{prefix}{title}"
    return f"{prefix}{title} ({describe_options(v['options'])}) - {money(v['price'])}, {stock}"


def cheaper_of_two(first: float, second: float, names: tuple[str, str]) -> str:
    """Which of two prices is lower and by how much, worded for 'the earbuds' and 'the e-reader'
    alike (no 'is' or 'are' to agree with the name)."""
    gap = round(abs(first - second), 2)
    if not gap:
        return "They cost the same."
    return f"Cheaper by {money(gap)}: {names[0] if first < second else names[1]}."


def search_reply(obs: Observation) -> str:
    results = obs.data.get("results", [])
    if not results:
        return "I found nothing matching that. Try other words, or a wider price range."
    total = obs.data.get("total", len(results))
    head = f"I found {total} matching item{'s' if total != 1 else ''}"
    if total > len(results):
        head += f"; here are the first {len(results)}"
    lines = [variant_line(i, v) for i, v in enumerate(results, 1)]
    hint = 'Say "show me the second one" or "add the first one".'
    return head + ":\n" + "\n".join(lines) + "\n" + hint


def product_reply(product: dict[str, Any], focus_item: str | None) -> str:
    variants = list(product["variants"].values())
    available = sum(1 for v in variants if v["available"])
    lines = [
        f"{product['name']} (product {product['product_id']}): {len(variants)} variants, "
        f"{available} in stock."
    ]
    focus = product["variants"].get(focus_item) if focus_item else None
    if focus:
        lines.append(
            "You picked: "
            + variant_line(None, focus, product["name"])
            + f" [item {focus['item_id']}]"
        )
    lines.append("Variants:")
    lines += [variant_line(i, v, product["name"]) for i, v in enumerate(variants, 1)]
    lines.append('Say "add it" or "add 2 of the <option> one".')
    return "\n".join(lines)


def cart_reply(cart: dict[str, Any], prefix: str = "") -> str:
    items = cart.get("items", [])
    if not items:
        return prefix + "Your cart is empty."
    lines = [
        f"{i['quantity']} x {i['name']} ({describe_options(i['options'])}) at {money(i['price'])}"
        for i in items
    ]
    return (
        prefix
        + "Your cart:\n"
        + "\n".join(f"  - {line}" for line in lines)
        + f"\nTotal {money(cart.get('total', 0.0))}."
    )


def user_reply(user: dict[str, Any]) -> str:
    name = f"{user['name']['first_name']} {user['name']['last_name']}"
    methods = "; ".join(describe_method(m) for m in user["payment_methods"].values())
    n = len(user.get("orders", []))
    return (
        f"Thanks, {name}, you're signed in. You have {n} order{'s' if n != 1 else ''} "
        f"on file and these payment methods: {methods}."
    )


def orders_reply(user: dict[str, Any]) -> str:
    orders = user.get("orders", [])
    if not orders:
        return "You have no orders yet."
    return (
        "Your orders: " + ", ".join(orders) + '. Ask "where is order #W…" for the details of one.'
    )


def order_reply(order: dict[str, Any]) -> str:
    items = "; ".join(
        f"{i['name']} ({describe_options(i['options'])}) {money(i['price'])}"
        for i in order["items"]
    )
    paid = sum(p["amount"] for p in order["payment_history"] if p["transaction_type"] == "payment")
    refunded = sum(
        p["amount"] for p in order["payment_history"] if p["transaction_type"] == "refund"
    )
    text = f"Order {order['order_id']} is {order['status']}. Items: {items}. Paid {money(paid)}"
    if refunded:
        text += f", refunded {money(refunded)}"
    text += "."
    tracking = [t for f in order.get("fulfillments", []) for t in f.get("tracking_id", [])]
    if tracking:
        text += f" Tracking: {', '.join(tracking)}."
    a = order["address"]
    text += f" Ship to {a['address1']}, {a['city']}, {a['state']} {a['zip']}."
    return text


def order_placed_reply(obs: Observation) -> str:
    outputs = obs.data["outputs"]
    order = outputs["create_order"]
    return (
        f"Done: order {order['order_id']} is placed ({order['status']}), and "
        f'{money(order["amount"])} was charged. You can ask "where is order '
        f'{order["order_id"]}" any time.'
    )


def cancelled_reply(obs: Observation) -> str:
    cancel = obs.data["outputs"]["cancel_order"]
    refunds = "; ".join(
        f"{money(r['amount'])} to {r['payment_method_id']}" for r in cancel.get("refunds", [])
    )
    return f"Order {cancel['order_id']} is cancelled. Refunded: {refunds or 'nothing'}."


def failure_reply(obs: Observation) -> str:
    """One plain sentence for a failed action, saying what was undone for a failed write."""
    error = obs.error or {}
    message = error.get("message") or "something went wrong"
    code = error.get("code")
    if code == "NOT_AUTHENTICATED":
        return message[0].upper() + message[1:] + "."
    if obs.action == "find_user":
        return (
            "I could not find a customer with those details. Please check them, or try "
            "your email address."
        )
    if error.get("saga_status") in ("compensated", "needs_attention"):
        return failure_message(error, error.get("saga_id"))
    if code in ("UNAVAILABLE", "TIMEOUT", "RATE_LIMITED"):
        return f"The store is not answering right now ({message}); please try again shortly."
    return f"I could not do that: {message}."


WHAT_KIND = (
    "Happy to help you find something. What kind of thing is it (for example headphones, a "
    "backpack, a gift for someone), and is there a budget?"
)
UNCLEAR = (
    "Sorry, I didn't get that. Are you looking for a product, your cart, an order, or a "
    'person to talk to? (Say "help" for examples.)'
)
