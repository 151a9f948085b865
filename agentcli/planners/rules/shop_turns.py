"""Shop turns that span questions or several reads: cancelling with a thread, order lists with
status and total, comparing two results, and an honest answer when a price bound finds nothing.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from agentcli.conversation import Observation
from agentcli.conversation.wording import describe_options, money
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules import (
    dialogue,
    order_questions,
    order_states,
    replies,
    shown_by_price,
    write_guard,
)
from agentcli.planners.rules.outputs import ask, do, say
from agentcli.planners.rules.phrases import Intent
from agentcli.planners.rules.replies import variant_line

Memory = dict[str, Any]
REASON_QUESTION = (
    "Why do you want to cancel {order}: 1. it is no longer needed, or 2. it was ordered by mistake?"
)


# -- cancel: which order, which reason, then the preview -------------------------------------


def cancel(ctx: PlanningContext, intent: Intent) -> PlannerOutput:
    """The next step of a cancellation: ask for the order, then the reason, then propose it."""
    memory, p = ctx.conversation.memory, intent.params
    pending = memory.pop("cancel_pending", {})
    if intent.kind == "cancel_which" and p.get("state"):
        return _by_state(ctx, p["state"], p.get("reason"))
    focus = memory.get("focus_order")
    if intent.kind == "cancel_which" and p.get("it") and focus and not p.get("pick"):
        return _with_reason(memory, focus, p.get("reason"))  # 'cancel it' after its lookup
    if intent.kind == "cancel_which" and p.get("pick") and memory.get("last_list") == "order_ids":
        return cancel(ctx, Intent("cancel", {**p, "order_id": None}))  # 'cancel the first one'
    if intent.kind == "cancel_which" and len(order_ids(ctx)) == 1:
        return _with_reason(memory, order_ids(ctx)[0], p.get("reason"))  # the only order
    if intent.kind == "cancel_which":
        orders = p.get("candidates") or order_ids(ctx)  # those holding the item, when several do
        dialogue.ask_pick(memory, "cancel_order_id", "order_ids", orders)
        memory["cancel_pending"] = {"reason": p.get("reason")}
        listed = order_states.listing(memory, orders)
        hint = " Say the number or the id." if orders else " Give its id, like #W5918442."
        return ask(f"Which order should I cancel?{listed}{hint}", "order id missing")
    if intent.kind == "cancel_reason":
        order_id = memory.pop("cancel_order", None)
        state = memory.pop("cancel_state", None)
        if order_id is None and state is not None:
            return _by_state(ctx, state, p["reason"])
        if order_id is None:
            return ask("Which order should I cancel?", "no order in focus")
        return _cancel_action(order_id, p["reason"])
    order_id = p.get("order_id")
    reason = p.get("reason") or pending.get("reason")
    if order_id is None and p.get("pick") is None and p.get("state"):
        return _by_state(ctx, p["state"], reason)
    if order_id is None and p.get("pick") is not None:
        orders = memory.get("order_ids") or order_ids(ctx)
        if not orders:  # 'the last one', and no order was ever listed or is on file
            return _no_orders(ctx)
        n = p["pick"]
        order_id = dialogue.nth(orders, n)
        if order_id is None:
            dialogue.ask_pick(memory, "cancel_order_id", "order_ids", orders)
            memory["cancel_pending"] = pending
            listed = order_states.listing(memory, orders)
            return ask(f"There is no order number {n}. Which order?{listed}", "no such order")
    if order_id is None:  # 'the one with the lamp', and no single order holds one
        return cancel(ctx, Intent("cancel_which", {"reason": reason}))
    return _with_reason(memory, order_id, reason)


def _no_orders(ctx: PlanningContext) -> PlannerOutput:
    """An order picked by its place when there is no list to pick from: whose orders they are
    is asked first; a signed-in account with none is told so."""
    if ctx.conversation.user is None:
        return ask(replies.SIGN_IN_FIRST, "not signed in")
    return say("There are no orders on your account, so there is nothing to cancel.", "no orders")


def _with_reason(memory: Memory, order_id: str, reason: str | None) -> PlannerOutput:
    """The cancellation, or the question why; an order not read yet is read before the
    question, since a clerk asks why only of an order that can still be cancelled."""
    state = memory.get("order_states", {}).get(order_id)
    if reason is None and state is None and order_id.startswith("#W"):
        memory["cancel_read"] = order_id
        return do({"action": "get_order", "order_id": order_id}, "can it still be cancelled?")
    if reason is None and state not in (None, "pending"):
        told = write_guard.refusal("cancel_order", {"order_id": order_id, "status": state})
        return say(told, "the order can no longer be cancelled")
    if reason is None:
        memory["awaiting"] = "cancel_reason"
        memory["cancel_order"] = order_id
        return ask(REASON_QUESTION.format(order=order_id), "reason missing")
    return _cancel_action(order_id, reason)


def _by_state(ctx: PlanningContext, state: str, reason: str | None) -> PlannerOutput:
    """'the pending one': the order in that state, from the states read so far; the reason is
    asked before any read, and the orders not read yet are read once it is known."""
    memory = ctx.conversation.memory
    orders = order_ids(ctx)
    unread = order_states.unknown(memory, orders)
    if unread and reason is None:
        memory["awaiting"] = "cancel_reason"
        memory["cancel_state"] = state
        return ask(REASON_QUESTION.format(order=f"your {state} order"), "reason missing")
    if unread:
        memory["state_lookup"] = {"state": state, "reason": reason, "queue": unread}
        return do({"action": "get_order", "order_id": unread[0]}, f"find the {state} order")
    matching = order_states.in_state(memory, orders, state)
    if len(matching) == 1:
        return _with_reason(memory, matching[0], reason)
    offered = matching or orders
    dialogue.ask_pick(memory, "cancel_order_id", "order_ids", offered)
    memory["cancel_pending"] = {"reason": reason}
    lead = f"Several of your orders are {state}." if matching else order_states.none_in(state)
    listed = order_states.listing(memory, offered)
    return ask(f"{lead} Which order should I cancel?{listed}", f"no single {state} order")


def _cancel_action(order_id: str, reason: str) -> PlannerOutput:
    return do(
        {"action": "cancel_order", "order_id": order_id, "reason": reason},
        "customer asks to cancel",
    )


def order_ids(ctx: PlanningContext) -> list[str]:
    user = ctx.conversation.user or {}
    return [o for o in user.get("orders", []) if isinstance(o, str)]


# -- compare two items of the list the customer saw last -------------------------------------


def compare(memory: Memory, positions: list[int], words: list[str]) -> PlannerOutput:
    """Two items of the last list side by side: price and the options that differ."""
    pool = _last_list(memory)
    if len(positions) < 2 and len(pool) == 2:
        positions = [1, 2]
    positions = [len(pool) if n == -1 else n for n in positions[:2]]  # 'the last': its number
    picked = [item for item in (dialogue.nth(pool, n) for n in positions) if item is not None]
    if len(picked) != 2 or picked[0] is picked[1]:
        return ask(
            'Which two should I compare? Say for example "compare the first and the third".',
            "two items needed",
        )
    return say("\n".join(_side_by_side(positions, *picked)), "compare two items")


def _side_by_side(positions: list[int], a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Two items' lines, which is cheaper by how much, and the options they differ in."""
    lines = [variant_line(positions[0], a), variant_line(positions[1], b)]
    diff = round(abs(a["price"] - b["price"]), 2)
    cheaper = "first" if a["price"] < b["price"] else "second"
    lines.append(
        "They cost the same." if not diff else f"The {cheaper} of these is {money(diff)} cheaper."
    )
    keys = [k for k in a["options"] if str(a["options"].get(k)) != str(b["options"].get(k))]
    if keys:
        lines.append(
            "They differ in "
            + "; ".join(f"{k}: {a['options'].get(k)} vs {b['options'].get(k, '-')}" for k in keys)
            + "."
        )
    return lines


def compare_by_price(memory: Memory, end: str, many: int) -> PlannerOutput:
    """The two cheapest (or dearest) items of the last list side by side ('compare the
    cheapest two'); more than two asked for are listed by price, then the first two compared."""
    pool = _last_list(memory)
    places = shown_by_price.places(pool, end, many)
    if len(places) < 2:
        return compare(memory, places, [])
    which = "cheapest" if end == "cheapest" else "most expensive"
    named = ", ".join(f"#{n}" for n in places[:-1]) + f" and #{places[-1]}"
    count = {2: "two", 3: "three", 4: "four", 5: "five"}.get(len(places), str(len(places)))
    lead = f"The {count} {which} shown are {named}."
    lines = _side_by_side(places[:2], pool[places[0] - 1], pool[places[1] - 1])
    return say("\n".join([lead, *lines]), "compare the cheapest or dearest shown")


def _last_list(memory: Memory) -> list[dict[str, Any]]:
    kind = memory.get("last_list")
    if kind == "product" and memory.get("product"):
        return list(memory["product"]["variants"])
    if kind == "cart_items":
        return list(memory.get("cart_items", []))
    return list(memory.get("results", []))


# -- after a read ------------------------------------------------------------------------------


def after(ctx: PlanningContext, obs: Observation) -> PlannerOutput | None:
    """The next read of an order list or a price probe, or its reply; None: not ours."""
    memory = ctx.conversation.memory
    if obs.action == "get_order" and obs.arguments.get("order_id") == memory.get("cancel_read"):
        order_id = memory.pop("cancel_read")  # read before asking why it is cancelled
        return _with_reason(memory, order_id, None) if obs.ok else None
    lookup = memory.get("state_lookup")
    if obs.action == "get_order" and lookup and obs.arguments.get("order_id") == lookup["queue"][0]:
        lookup["queue"].pop(0)
        if not obs.ok or not lookup["queue"]:
            memory.pop("state_lookup")
        if not obs.ok:
            return None
        if lookup["queue"]:
            return do({"action": "get_order", "order_id": lookup["queue"][0]}, "read its state")
        return _by_state(ctx, lookup["state"], lookup["reason"])
    if obs.action == "get_user" and "listing_orders" in memory and obs.ok:
        orders = [o for o in obs.data.get("orders", []) if isinstance(o, str)]
        memory["order_queue"] = orders[:READ_AT_ONCE]
        memory["order_ids"] = orders
        if not memory["order_queue"]:
            return _listed(memory, {})
        return PlannerOutput(  # read at once: one step, however many orders
            [{"action": "get_order", "order_id": o} for o in memory["order_queue"]],
            rationale="read each order for the list",
        )
    queue = memory.get("order_queue")
    if obs.action == "get_order" and queue and obs.arguments.get("order_id") == queue[-1]:
        read = {o.arguments.get("order_id"): o for o in ctx.observations}
        for seen in read.values():
            order_states.remember(memory, seen)
        return _listed(memory, read)
    if obs.action == "search_products" and obs.ok:
        return _probe(memory, obs)
    if obs.action == "view_cart" and obs.ok and memory.pop("emptying", None):
        return empty_cart(memory)
    return None


def empty_cart(memory: Memory) -> PlannerOutput:
    """Every line of the cart taken out, the cart read first when it is not known."""
    cart = memory.get("cart_items")
    if cart is None:
        memory["emptying"] = True
        return do({"action": "view_cart"}, "read the cart to empty it")
    if not cart:
        return say("Your cart is already empty.", "nothing to remove")
    return PlannerOutput(
        [{"action": "remove_from_cart", "item_id": item["item_id"]} for item in cart],
        rationale="customer asks to empty the cart",
    )


#: the orders read for a list in one step; the rest are listed by their number alone
READ_AT_ONCE = 6


def _listed(memory: Memory, read: dict[Any, Observation]) -> PlannerOutput:
    """The customer's orders, each with status and total where it was read; only those in
    the state asked about ('any orders pending?') when one was."""
    memory.pop("order_queue", None)
    state = memory.pop("listing_orders")
    contents = memory.pop("listing_contents", False)
    asked = memory.pop("listing_asked", None)
    orders = memory.get("order_ids", [])
    dialogue.show(memory, "order_ids")
    if not orders:
        return say("You have no orders yet.", "no orders")
    if isinstance(state, str):
        known = memory.get("order_states", {})
        chosen = [o for o in orders if order_states.fits(known.get(o), state)]
        if not chosen:
            every = order_states.listing(memory, orders)
            return say(
                f"{order_states.none_in(state)} Your orders:{every}",
                f"no {state} order",
            )
        orders = memory["order_ids"] = chosen
    if asked and len(orders) == 1 and orders[0] in read and read[orders[0]].ok:
        memory["focus_order"] = orders[0]  # 'did the money go back': the one order answers
        order = read[orders[0]].data
        told = order_questions.answer(order, {"asked": asked, "item": []}, {})
        return say(f"{told} {replies.order_reply(order)}", f"the {state} order's {asked} asked")
    if contents and all(o in read and read[o].ok for o in orders):
        return _contents(memory, [read[o].data for o in orders], state)
    lines = [_order_line(read[o]) if o in read else o for o in orders]
    listed = "\n".join(f"{n}. {line}" for n, line in enumerate(lines, 1))
    return say(
        f"Your {order_states.heading(state) if isinstance(state, str) else 'orders'}:\n{listed}\n"
        'Ask "where is order #W…" for the details of one, or "cancel the first one".',
        "listed orders",
    )


def _contents(memory: Memory, orders: list[dict[str, Any]], state: object) -> PlannerOutput:
    """What each order in the state asked about holds: 'remind me what's in the order I haven't
    received yet' names the items, not only their count."""
    lines = []
    for order in orders:
        counted = Counter(str(item.get("name", "an item")) for item in order.get("items", []))
        items = ", ".join(f"{n} × {name}" if n > 1 else name for name, n in counted.items())
        lines.append(f"{order['order_id']} ({order['status']}): {items or 'no items'}")
    if len(orders) == 1:
        memory["focus_order"] = orders[0]["order_id"]
        return say(f"Order {lines[0]}.", f"the items of the {state} order")
    listed = "\n".join(f"{n}. {line}" for n, line in enumerate(lines, 1))
    return say(f"Your {state} orders hold:\n{listed}", f"the items of the {state} orders")


def _order_line(obs: Observation) -> str:
    if not obs.ok:
        return f"{obs.arguments.get('order_id')}: could not be read just now"
    order = obs.data
    if "payment_history" not in order:
        total = (order.get("total_minor") or 0) / 100
        return f"{order['order_id']}: {order['status'].replace('_', ' ')}, total {money(total)}"
    paid = sum(p["amount"] for p in order["payment_history"] if p["transaction_type"] == "payment")
    items = len(order.get("items", []))
    return (
        f"{order['order_id']}: {order['status']}, {items} item{'s' if items != 1 else ''}, "
        f"total {money(paid)}"
    )


def _named(result: dict[str, Any], query: str) -> bool:
    name = result.get("name", "").lower()
    return any(word in name or (word.endswith("s") and word[:-1] in name) for word in query.split())


def _probe(memory: Memory, obs: Observation) -> PlannerOutput | None:
    """A price bound that found no item named by the query: look for the cheapest one."""
    probe = memory.pop("price_probe", None)
    search = memory.get("search") or {}
    query = search.get("query")
    if probe is not None:
        named = [r for r in obs.data.get("results", []) if _named(r, probe["query"])]
        memory["results"] = probe["results"]
        if not named:
            return None if not probe["results"] else _shown_again(probe)
        cheapest = min(named, key=lambda r: r["price"])
        lo, hi = probe["min_price"], probe["max_price"]
        if (lo is None or cheapest["price"] >= lo) and (hi is None or cheapest["price"] <= hi):
            return None  # the wider read found some in range after all: they are shown
        keep = ("item_id", "product_id", "name", "options", "price", "available")
        memory["results"] = [{k: cheapest.get(k) for k in keep}]  # the one named stays in view:
        memory["focus_item"] = cheapest.get("item_id")  # 'ok add it', 'show me that one'
        dialogue.show(memory, "results")
        return say(_no_match(probe, cheapest), "nothing in range")
    bounded = (
        obs.arguments.get("max_price") is not None or obs.arguments.get("min_price") is not None
    )
    results = obs.data.get("results", [])
    if not query or not bounded or any(_named(r, query) for r in results):
        return None
    memory["price_probe"] = {
        "query": query,
        "min_price": obs.arguments.get("min_price"),
        "max_price": obs.arguments.get("max_price"),
        "results": memory.get("results", []),
        "observation": obs.to_dict(),
    }
    return do(
        {"action": "search_products", "query": query, "limit": 50},
        "nothing named so in the price range: find the cheapest",
    )


def _shown_again(probe: Memory) -> PlannerOutput:
    from agentcli.planners.rules.marketplace import search_reply

    original = probe["observation"]
    obs = Observation(original["action"], original["arguments"], True, original["data"])
    return say(search_reply(obs), "search results")


def _no_match(probe: Memory, cheapest: dict[str, Any]) -> str:
    lo, hi = probe["min_price"], probe["max_price"]
    bound = (
        f"between {money(lo)} and {money(hi)}"
        if lo is not None and hi is not None
        else f"under {money(hi)}"
        if hi is not None
        else f"over {money(lo)}"
    )
    options = f" ({describe_options(cheapest['options'])})" if cheapest.get("options") else ""
    return (
        f"I found no {probe['query']} {bound}: the cheapest is {money(cheapest['price'])}, "
        f'{cheapest["name"]}{options}. Say "find {probe["query"]}" to see them all.'
    )
