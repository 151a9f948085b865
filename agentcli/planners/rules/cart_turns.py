"""The rules planner's search and cart steps: search, add the item meant, take one out."""

from __future__ import annotations

from typing import Any

from agentcli.conversation import Observation
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules import by_price, cart_edits, dialogue, search_options, wished_features
from agentcli.planners.rules.outputs import ask, do
from agentcli.planners.rules.phrases import Intent
from agentcli.planners.rules.shown_items import candidates, in_name, matches, resolve
from agentcli.planners.rules.unwanted_options import set_aside


def search(memory: dict[str, Any], p: dict[str, Any]) -> PlannerOutput:
    action = {"action": "search_products", "query": p["query"]}
    if p["min_price"] is not None:
        action["min_price"] = p["min_price"]
    if p["max_price"] is not None:
        action["max_price"] = p["max_price"]
    memory["search"] = {k: p[k] for k in ("query", "min_price", "max_price")}
    action.update(wished_features.remember(memory, p.get("features") or []))
    action.update(by_price.remember(memory, p.get("by_price")))
    search_options.remember(memory, p["query"], p.get("features") or [])
    return do(action, "customer is looking for products")


def described_search(memory: dict[str, Any], p: dict[str, Any]) -> PlannerOutput:
    """An item picked by its option words with no list shown ('the red over-ear ones'): the
    product last searched for, with those words."""
    last = (memory.get("search") or {}).get("query") or ""
    query = p["search"]["query"]
    if last and not set(last.split()) & set(query.split()):
        query = f"{last} {query}"
    return search(memory, {**p["search"], "query": query})


def cart_change(ctx: PlanningContext, intent: Intent) -> PlannerOutput:
    memory = ctx.conversation.memory
    p = intent.params
    removing = intent.kind == "remove"
    unwanted = p.get("unwanted") or []
    shown = set_aside(memory.get("choices") or candidates(memory), unwanted)
    keys = {k for v in shown for key in v.get("options", {}) for k in key.lower().split()}
    said = [w for w in p.get("words", []) if w not in keys]  # 'with a metal frame': a key
    fits = any(all(in_name(w, v) or matches(v, [w]) for w in said) for v in shown)
    if p.get("search") and p["search"].get("by_price") and shown:
        fits = True  # 'four of the cheapest, for the hallway': the cheapest of those shown
    if p.get("search") and not removing and not fits:  # 'buy a grey pet bed': none shown
        dialogue.settle(memory, "search")
        if p.get("bare"):  # 'the red over-ear ones', none shown: those are looked for
            return described_search(memory, p)
        memory["add_found"] = {
            "words": p.get("words", []),
            "quantity": p.get("quantity") or 1,
            "by_price": p["search"].get("by_price"),
        }
        return search(memory, p["search"])
    choices = memory.pop("choices", None)
    pool = memory.get("cart_items", []) if removing else (choices or candidates(memory))
    pool = set_aside(pool, unwanted)
    chosen, question, listed = resolve(
        pool,
        p.get("ordinal"),
        p.get("words", []),
        memory.get("focus_item") if not removing else None,
    )
    if chosen is None:
        if not removing and listed:
            dialogue.ask_pick(memory, "variant", "choices", listed)
            memory["pending_quantity"] = p.get("quantity") or 1
        return ask(question, "item is ambiguous")
    quantity = p.get("quantity") or memory.pop("pending_quantity", None) or 1
    memory["focus_item"] = chosen["item_id"]
    if not removing:
        cart_edits.asked(memory, chosen, quantity)
    if removing:
        action: dict[str, Any] = {"action": "remove_from_cart", "item_id": chosen["item_id"]}
        if p.get("quantity"):
            action["quantity"] = p["quantity"]
        return do(action, "remove from cart")
    return do(
        {"action": "add_to_cart", "item_id": chosen["item_id"], "quantity": quantity},
        "add the chosen variant to the cart",
    )


def after(ctx: PlanningContext, obs: Observation) -> PlannerOutput | None:
    """An item asked into the cart by its description, with none shown: the search found it,
    and the one variant in stock that has every word said is added; when none or several
    have them, the search's answer lists what it found. None: not ours."""
    memory = ctx.conversation.memory
    asked = memory.pop("add_found", None)
    if asked is None or obs.action != "search_products" or not obs.ok:
        return None
    results = memory.get("results") or []
    if not results or not asked["words"]:
        return None
    if asked.get("by_price"):  # 'a yoga mat, whichever's cheapest': the first, read by price
        chosen = next((r for r in results if r.get("available", True)), None)
        fits = chosen is not None
    else:
        chosen, _, _ = resolve(results, None, asked["words"], None)
        fits = chosen is not None and all(
            in_name(w, chosen) or matches(chosen, [w]) for w in asked["words"]
        )
    if chosen is None or not fits:
        return None
    memory["focus_item"] = chosen["item_id"]
    cart_edits.asked(memory, chosen, asked["quantity"])
    return do(
        {"action": "add_to_cart", "item_id": chosen["item_id"], "quantity": asked["quantity"]},
        "add the one variant that has every word said",
    )
