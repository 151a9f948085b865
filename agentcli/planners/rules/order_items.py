"""Which items of an order a return or a swap is about: by the words said, or asked for."""

from __future__ import annotations

import re
from typing import Any

from agentcli.conversation.wording import describe_options
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules import write_guard
from agentcli.planners.rules.change_methods import method_for
from agentcli.planners.rules.change_params import american
from agentcli.planners.rules.outputs import ask, do, say

Record = dict[str, Any]


def with_order(ctx: PlanningContext, change: Record, order: Record) -> PlannerOutput:
    memory = ctx.conversation.memory
    change["order"] = {k: order[k] for k in ("order_id", "status", "items", "payment_history")}
    if change["kind"] == "order_return":
        if order["status"] != "delivered":  # which item matters only once one can go back
            memory.pop("order_change", None)
            return say(write_guard.refusal("return_items", order), "not delivered")
        kept = _kept(order["items"], change.get("keep") or [])
        said = change["groups"]
        if change.pop("loose", False) and not _fitting_any(order["items"], said):
            said = change["groups"] = []  # 'it's #W…': no item named, the question is asked
        items = (
            order["items"]
            if change["all"] or (kept and not said)  # 'keeping the lamp': the rest
            else _pick_items(order, said, change.get("every", False))
        )
        if isinstance(items, str):
            return _ask_item(memory, change, items)
        items = [i for i in items if i["item_id"] not in kept] or items
        return _return_action(ctx, change, items)
    old = change["old"] or _named_in(order["items"], change.get("new") or [])
    found = _pick_items(order, [old] if old else [])
    if isinstance(found, str):
        return _ask_item(memory, change, found)
    if order["status"] not in ("delivered", "pending"):
        memory.pop("order_change", None)
        return say(
            f"Order {order['order_id']} is {order['status']}: items can be exchanged "
            "once it is delivered, or changed while it is pending.",
            "wrong status",
        )
    change["item"] = found[0]
    return do(
        {"action": "get_product", "product_id": found[0]["product_id"]},
        "read the variants the item can be swapped for",
    )


def _kept(items: list[Record], groups: list[list[str]]) -> set[str]:
    """The ids of the items the customer said they keep ('keeping the espresso machine')."""
    return {
        i["item_id"]
        for words in groups
        for i in items
        if words and matches_words(item_text(i), _fitting([i], [words])[0])
    }


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
    return ask(
        f"{lead}Which item of order {order_id} do you mean?{numbered}\nSay the number or the item.",
        "which item is unclear",
    )


def item_picked(ctx: PlanningContext, p: Record) -> PlannerOutput:
    """The answer to "which item": the change goes on with that item of the order."""
    memory = ctx.conversation.memory
    change = memory.get("order_change")
    if change is None or "order" not in change:
        return ask("Which order and item do you mean?", "no change pending")
    items, n = change["order"]["items"], p.get("ordinal")
    if n is not None:
        chosen = items[n - 1 : n] if n > 0 else items[-1:]
        words = item_text(chosen[0]).split()[:6] if chosen else []
    else:
        words = p["words"]
    if p.get("method") and not change.get("method"):  # '…, gift card refund is fine'
        change["method"] = p["method"]
    if change["kind"] == "order_return":
        change["groups"], change["all"] = [words], False
    else:
        change["old"] = words
    return with_order(ctx, change, change["order"])


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
        matching = [i for i in items if matches_words(item_text(i), words) and i not in chosen]
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
    return _fitted(items, groups) or groups


def _fitting_any(items: list[Record], groups: list[list[str]]) -> bool:
    """Whether any word of the groups fits an item of the order."""
    return bool(_fitted(items, groups))


def _fitted(items: list[Record], groups: list[list[str]]) -> list[list[str]]:
    vocabulary = {t for i in items for t in re.findall(r"[a-z0-9.%'-]+", item_text(i))}

    def fits(word: str) -> bool:
        return any(
            t == stem or (len(stem) >= 4 and t.startswith(stem))
            for stem in singulars(word)
            for t in vocabulary
        )

    fitted = [[w for w in words if fits(w)] for words in groups]
    return [words for words in fitted if words]


def item_text(item: Record) -> str:
    return american(f"{item['name']} {' '.join(str(v) for v in item['options'].values())}".lower())


def matches_words(text: str, words: list[str]) -> bool:
    """Every word is in the text; a number only whole ('size 9' is no 'size 19')."""
    return all(
        re.search(rf"(?<![\d.]){re.escape(word)}(?![\d.])", text)
        if word.isdigit()
        else any(stem in text for stem in singulars(word))
        for word in words
    )


def singulars(word: str) -> tuple[str, ...]:
    """The word and its singulars: 'mugs' is 'mug', 'toothbrushes' is 'toothbrush', 'boxes'
    is 'box'."""
    stems: tuple[str, ...] = (word, word.rstrip("s"))
    if re.search(r"(?:sh|ch|x|ss|z)es$", word):
        stems += (word[:-2],)
    return stems


def _return_action(ctx: PlanningContext, change: Record, items: list[Record]) -> PlannerOutput:
    memory = ctx.conversation.memory
    original = change["order"]["payment_history"][0]["payment_method_id"]
    method = method_for(ctx, change["method"], original)
    memory.pop("order_change", None)
    if isinstance(method, PlannerOutput):
        return method
    memory["last_change"] = {
        "items": [i["name"] for i in items],
        "refund": round(sum(i["price"] for i in items), 2),
    }
    return do(
        {
            "action": "return_items",
            "order_id": change["order_id"],
            "item_ids": [i["item_id"] for i in items],
            "payment_method_id": method["id"],
        },
        "customer asks to return items",
    )
