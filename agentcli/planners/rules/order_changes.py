"""The rules planner's order changes: read the order (and product), pick items, propose the write.

A change is kept in memory as `order_change` while the reads it needs run in the same turn;
the write it ends in goes through validation, the policy gate and the user's "yes" like any
other. Every item, variant and payment method named comes from the vendor's answers.
"""

from __future__ import annotations

import re
from typing import Any

from agentcli.conversation import Observation
from agentcli.conversation.wording import describe_method, describe_options, money
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules import dialogue, order_replies, order_states, write_guard
from agentcli.planners.rules.phrases import Intent

Record = dict[str, Any]
KINDS = frozenset(
    {
        "order_return",
        "order_swap",
        "order_any",
        "change_item_pick",
        "order_address",
        "user_address",
        "order_payment",
        "item_lookup",
        "product_types",
        "change_pick",
        "change_address_given",
        "change_which",
        "change_order_given",
    }
)
#: the one question a change named without its order gets, by what kind of change it is
WHICH_ORDER = {
    "order_return": "Which order is it from?",
    "order_swap": "Which order is it from (the item you want to exchange)?",
    "order_any": "Which order should I change?",
}
WHAT_CHANGE = (
    "What should I change in order {order}: the shipping address, the payment method, or an "
    "item (another colour, size or model)? Or should I cancel it?"
)
ADDRESS_HELP = (
    "Please give the new address like this: 12 Oak Street, Apt 3, Austin, TX "
    "78701 (street, apartment if any, city, state and zip)."
)


def _say(message: str, why: str) -> PlannerOutput:
    return PlannerOutput([{"action": "reply", "message": message}], rationale=why)


def _ask(question: str, why: str) -> PlannerOutput:
    return PlannerOutput([{"action": "ask_clarification", "question": question}], rationale=why)


def _do(action: Record, why: str) -> PlannerOutput:
    return PlannerOutput([action], rationale=why)


# -- the first step ---------------------------------------------------------------------------


def start(ctx: PlanningContext, intent: Intent) -> PlannerOutput:
    memory, p = ctx.conversation.memory, intent.params
    if intent.kind == "item_lookup":
        return _do({"action": "get_item", "item_id": p["item_id"]}, "customer asks about an item")
    if intent.kind == "product_types":
        return _do({"action": "list_product_types"}, "customer asks what the shop sells")
    if ctx.conversation.user is None:
        return _ask(
            "I need to know who you are first: what is your email, or your name and zip code?",
            "not signed in",
        )
    if p.get("from_focus") and not p.get("order_id"):  # the answer to "what should I change"
        p = {**p, "order_id": memory.get("focus_order")}
        if p["order_id"] is None:
            return _ask("Which order do you mean? Give its id, like #W5918442.", "order unclear")
    if intent.kind == "order_any":
        memory["focus_order"] = p["order_id"]
        memory["awaiting"] = "change_what"
        return _ask(WHAT_CHANGE.format(order=p["order_id"]), "what to change is unclear")
    if intent.kind == "change_pick":
        return _picked(ctx, p)
    if intent.kind == "change_item_pick":
        return _item_picked(ctx, p)
    if intent.kind in ("change_which", "change_order_given"):
        return _which_order(ctx, intent)
    if intent.kind == "change_address_given":
        change = memory.pop("address_change", None)
        if change is None:
            return _ask(
                "Which address should I change: your default one, or an order's?",
                "no address change pending",
            )
        return _address_action(change, p["address"])
    if intent.kind in ("order_address", "user_address"):
        change = {"order_id": p.get("order_id")}
        if p["address"] is None:
            memory["awaiting"] = "change_address"
            memory["address_change"] = change
            return _ask(ADDRESS_HELP, "new address missing or unclear")
        return _address_action(change, p["address"])
    if intent.kind == "order_payment":
        method = _method(ctx, p["method"])
        if isinstance(method, PlannerOutput):
            return method
        return _do(
            {
                "action": "modify_order_payment",
                "order_id": p["order_id"],
                "payment_method_id": method["id"],
            },
            "customer asks to pay another way",
        )
    memory["order_change"] = {"kind": intent.kind, **p}
    return _do(
        {"action": "get_order", "order_id": p["order_id"]}, "read the order before changing it"
    )


def _which_order(ctx: PlanningContext, intent: Intent) -> PlannerOutput:
    """A change named without its order: ask which order, then carry on with the answer."""
    memory, p = ctx.conversation.memory, intent.params
    user = ctx.conversation.user or {}
    orders = [o for o in user.get("orders", []) if isinstance(o, str)]
    focus = memory.get("focus_order")
    if intent.kind == "change_which" and p.get("it") and isinstance(focus, str):
        kind = p["kind"]  # 'return the keyboard from it' after its lookup
        return start(ctx, Intent(kind, {**p, "order_id": focus}))
    if intent.kind == "change_which":
        dialogue.ask_pick(memory, "change_order_id", "order_ids", orders)
        memory["order_pending"] = dict(p)
        listed = order_states.listing(memory, orders)
        question = WHICH_ORDER.get(p["kind"], "Which order is it from?")
        return _ask(f"{question}{listed}\nSay the number or the id.", "order missing")
    pending = memory.pop("order_pending", None)
    order_id, n = p.get("order_id"), p.get("pick")
    if order_id is None and n is not None:
        order_id = orders[n - 1] if 1 <= n <= len(orders) else orders[-1] if n == -1 else None
    if pending is None or order_id is None:
        return _ask("Which order do you mean? Give its id, like #W5918442.", "order unclear")
    kind = pending.pop("kind")
    return start(ctx, Intent(kind, {**pending, "order_id": order_id}))


def _address_action(change: Record, address: Record) -> PlannerOutput:
    if change.get("order_id"):
        return _do(
            {"action": "modify_order_address", "order_id": change["order_id"], **address},
            "customer gave a new shipping address for the order",
        )
    return _do({"action": "modify_user_address", **address}, "customer gave a new default address")


def _method(
    ctx: PlanningContext, hint: Record | None, default_id: str | None = None
) -> Record | PlannerOutput:
    """The customer's payment method the hint names (or `default_id`), or a question."""
    user = ctx.conversation.user or {}
    methods = list(user.get("payment_methods", {}).values())
    if hint is None and default_id is not None:
        chosen = user.get("payment_methods", {}).get(default_id)
        return chosen or {"id": default_id, "source": "unknown"}
    if hint is None:
        listed = "; ".join(describe_method(m) for m in methods)
        return _ask(
            f'Which payment method should it be: {listed}? Say for example "pay order '
            '#W… with my gift card".',
            "no payment method named",
        )
    matching = [
        m
        for m in methods
        if hint is not None
        and m["source"] == hint["source"]
        and all(m.get(k) == v for k, v in hint.items() if k != "source")
    ]
    if len(matching) == 1:
        return matching[0]
    listed = "; ".join(describe_method(m) for m in (matching or methods))
    if not matching:
        return _ask(
            f"You don't have that kind of payment method. You have: {listed}. Which "
            "one should I use?",
            "no matching payment method",
        )
    return _ask(f"Which payment method: {listed}?", "several payment methods match")


# -- after a read -----------------------------------------------------------------------------


def after(ctx: PlanningContext, obs: Observation) -> PlannerOutput | None:
    """The next step of a pending change, or the reply to one of ours; None: not ours."""
    memory = ctx.conversation.memory
    change = memory.get("order_change")
    if change is not None and _continues(change, obs):
        if not obs.ok:
            memory.pop("order_change", None)
            return None
        if obs.action == "get_order":
            return _with_order(ctx, change, obs.data)
        return _with_product(ctx, change, obs.data)
    if obs.ok and obs.action in order_replies.REPLIES:
        return _say(order_replies.REPLIES[obs.action](obs, memory), f"{obs.action} done")
    return None


def _continues(change: Record, obs: Observation) -> bool:
    """Whether this observation is the read the pending change waits for."""
    if obs.action == "get_order":
        return "item" not in change and obs.arguments.get("order_id") == change["order_id"]
    if obs.action == "get_product":
        item = change.get("item") or {}
        return obs.arguments.get("product_id") == item.get("product_id")
    return False


def _with_order(ctx: PlanningContext, change: Record, order: Record) -> PlannerOutput:
    memory = ctx.conversation.memory
    change["order"] = {k: order[k] for k in ("order_id", "status", "items", "payment_history")}
    if change["kind"] == "order_return":
        if order["status"] != "delivered":  # which item matters only once one can go back
            memory.pop("order_change", None)
            return _say(write_guard.refusal("return_items", order), "not delivered")
        items = (
            order["items"]
            if change["all"]
            else _pick_items(order, change["groups"], change.get("every", False))
        )
        if isinstance(items, str):
            return _ask_item(memory, change, items)
        return _return_action(ctx, change, items)
    old = change["old"] or _named_in(order["items"], change.get("new") or [])
    found = _pick_items(order, [old] if old else [])
    if isinstance(found, str):
        return _ask_item(memory, change, found)
    if order["status"] not in ("delivered", "pending"):
        memory.pop("order_change", None)
        return _say(
            f"Order {order['order_id']} is {order['status']}: items can be exchanged "
            "once it is delivered, or changed while it is pending.",
            "wrong status",
        )
    change["item"] = found[0]
    return _do(
        {"action": "get_product", "product_id": found[0]["product_id"]},
        "read the variants the item can be swapped for",
    )


def _named_in(items: list[Record], words: list[str]) -> list[str]:
    """The name of the one item of the order the new words name ('I want the office chair in
    black leather'): the swap is of that item."""
    named = [i for i in items if all(w in words for w in i["name"].lower().split())]
    return named[0]["name"].lower().split() if len(named) == 1 else []


def _ask_item(memory: Record, change: Record, question: str) -> PlannerOutput:
    """Which item of the order: the change waits for the answer, by number or by words."""
    items = change["order"]["items"]
    memory["awaiting"] = "change_item"
    memory["order_change"] = change
    numbered = "".join(
        f"\n{n}. {i['name']} ({describe_options(i['options'])})" for n, i in enumerate(items, 1)
    )
    order_id = change["order"]["order_id"]
    lead = question.split(". Which one")[0] + ". " if ". Which one" in question else ""
    return _ask(
        f"{lead}Which item of order {order_id} do you mean?{numbered}\nSay the number or the item.",
        "which item is unclear",
    )


def _item_picked(ctx: PlanningContext, p: Record) -> PlannerOutput:
    """The answer to "which item": the change goes on with that item of the order."""
    memory = ctx.conversation.memory
    change = memory.get("order_change")
    if change is None or "order" not in change:
        return _ask("Which order and item do you mean?", "no change pending")
    items, n = change["order"]["items"], p.get("ordinal")
    if n is not None:
        chosen = items[n - 1 : n] if n > 0 else items[-1:]
        words = _text_of(chosen[0]).split()[:6] if chosen else []
    else:
        words = p["words"]
    if change["kind"] == "order_return":
        change["groups"], change["all"] = [words], False
    else:
        change["old"] = words
    return _with_order(ctx, change, change["order"])


def _pick_items(order: Record, groups: list[list[str]], every: bool = False) -> list[Record] | str:
    """One order item per group of words (`every`: all it names), or a question naming the
    order's items."""
    items = order["items"]
    listing = "; ".join(f"{i['name']} ({describe_options(i['options'])})" for i in items)
    if not groups:
        if len(items) == 1:
            return [items[0]]
        return f"Which item of order {order['order_id']}: {listing}?"
    chosen: list[Record] = []
    for words in _fitting(items, groups):
        matching = [i for i in items if _matches(_text_of(i), words) and i not in chosen]
        if every and matching:  # 'both laptops': each item the words name
            chosen.extend(matching)
            continue
        if len({i["item_id"] for i in matching}) != 1:
            what = "is" if not matching else "matches several items"
            lead = (
                f"Order {order['order_id']} has no {' '.join(words)}"
                if not matching
                else f'"{" ".join(words)}" {what} in order {order["order_id"]}'
            )
            return f"{lead}. Which one do you mean: {listing}?"
        chosen.append(matching[0])
    return chosen


def _fitting(items: list[Record], groups: list[list[str]]) -> list[list[str]]:
    """The groups with only the words that fit some item of the order: the words around an
    item ('… isn't what I wanted', 'how do I return …', 'coffee machine') are noise once
    another word names it; a group with no fitting word goes, unless none has one."""
    vocabulary = {t for i in items for t in re.findall(r"[a-z0-9.%'-]+", _text_of(i))}

    def fits(word: str) -> bool:
        stem = word.rstrip("s")
        return any(t in (word, stem) or (len(stem) >= 4 and t.startswith(stem)) for t in vocabulary)

    fitted = [[w for w in words if fits(w)] for words in groups]
    kept = [words for words in fitted if words]
    return kept or groups


def _text_of(item: Record) -> str:
    return f"{item['name']} {' '.join(str(v) for v in item['options'].values())}".lower()


def _matches(text: str, words: list[str]) -> bool:
    return all(word in text or word.rstrip("s") in text for word in words)


def _options_text(variant: Record) -> str:
    """'pressure 19 bar capacity 1l …': a word may name an option ("19 bar pressure") too."""
    return " ".join(f"{k} {v}" for k, v in variant["options"].items()).lower()


def _return_action(ctx: PlanningContext, change: Record, items: list[Record]) -> PlannerOutput:
    memory = ctx.conversation.memory
    original = change["order"]["payment_history"][0]["payment_method_id"]
    method = _method(ctx, change["method"], original)
    memory.pop("order_change", None)
    if isinstance(method, PlannerOutput):
        return method
    memory["last_change"] = {
        "items": [i["name"] for i in items],
        "refund": round(sum(i["price"] for i in items), 2),
    }
    return _do(
        {
            "action": "return_items",
            "order_id": change["order_id"],
            "item_ids": [i["item_id"] for i in items],
            "payment_method_id": method["id"],
        },
        "customer asks to return items",
    )


def _with_product(ctx: PlanningContext, change: Record, product: Record) -> PlannerOutput:
    item = change["item"]
    variants = [v for v in product["variants"].values() if v["item_id"] != item["item_id"]]
    name = item["name"].lower()  # 'the automatic espresso machine': the product's own name
    wanted = [w for w in change["new"] if w not in name and w.rstrip("s") not in name]
    offered = " ".join(_options_text(v) for v in variants)
    known = [w for w in wanted if w in offered or w.rstrip("s") in offered]
    change["new"] = known or wanted or change["new"]  # words no variant has are noise
    matching = [v for v in variants if _matches(_options_text(v), change["new"])]
    in_stock = [v for v in matching if v["available"]]
    best = _closest(item, in_stock)
    if len(best) == 1:
        return _swap_action(ctx, change, best[0])
    memory = ctx.conversation.memory
    pool = best or [v for v in variants if v["available"]]
    if not pool:
        memory.pop("order_change", None)
        return _say(f"No other variant of {item['name']} is in stock right now.", "no variant")
    memory["awaiting"] = "change_choice"
    memory["change_choices"] = pool[:10]
    lines = "\n".join(
        f"{n}. {item['name']} ({describe_options(v['options'])}) - {money(v['price'])}"
        for n, v in enumerate(pool[:10], 1)
    )
    lead = (
        "Several variants match:"
        if best
        else f'No {item["name"]} in stock matches "{" ".join(change["new"])}". In stock:'
        if change["new"]
        else f"Which {item['name']} would you like instead?"
    )
    return _ask(f"{lead}\n{lines}\nSay the number, or describe it.", "which variant is unclear")


def _closest(item: Record, variants: list[Record]) -> list[Record]:
    """The variants that keep most of the item's other options (a colour change keeps size)."""
    if not variants:
        return []

    def shared(v: Record) -> int:
        return sum(1 for k, value in item["options"].items() if v["options"].get(k) == value)

    top = max(shared(v) for v in variants)
    return [v for v in variants if shared(v) == top]


def _picked(ctx: PlanningContext, p: Record) -> PlannerOutput:
    memory = ctx.conversation.memory
    change, pool = memory.get("order_change"), memory.pop("change_choices", [])
    if change is None or not pool:
        return _ask(
            "Which change do you mean? Tell me the order and the item again.", "no change pending"
        )
    n = p.get("ordinal")
    if n is not None:
        chosen = [pool[n - 1]] if 1 <= n <= len(pool) else pool[-1:] if n == -1 else []
    else:
        chosen = [v for v in pool if _matches(_options_text(v), p["words"])]
    if len(chosen) != 1:
        memory["awaiting"] = "change_choice"
        memory["change_choices"] = pool
        return _ask("Please say the number of the variant you want.", "choice unclear")
    return _swap_action(ctx, change, chosen[0])


def _swap_action(ctx: PlanningContext, change: Record, variant: Record) -> PlannerOutput:
    memory = ctx.conversation.memory
    order, item = change["order"], change["item"]
    original = order["payment_history"][0]["payment_method_id"]
    method = _method(ctx, change["method"], original)
    memory.pop("order_change", None)
    memory.pop("awaiting", None)
    if isinstance(method, PlannerOutput):
        return method
    action = "exchange_items" if order["status"] == "delivered" else "modify_order_items"
    memory["last_change"] = {"item": item["name"], "options": variant["options"]}
    return _do(
        {
            "action": action,
            "order_id": order["order_id"],
            "item_ids": [item["item_id"]],
            "new_item_ids": [variant["item_id"]],
            "payment_method_id": method["id"],
        },
        f"customer asks to swap {item['name']} for another variant",
    )
