"""What the customer was shown (results, a product, the cart) and which of it a line means."""

from __future__ import annotations

import re
from typing import Any

from agentcli.conversation import Observation
from agentcli.planners.rules import dialogue, order_finder, order_states, replies
from agentcli.planners.rules.reading import CHEAPEST, DEAREST


def remember(memory: dict[str, Any], obs: Observation) -> None:
    """Keep what later lines may refer to: results, the product shown, the cart."""
    if not obs.ok:
        return
    order_states.remember(memory, obs)
    order_finder.remember(memory, obs)
    if obs.action == "search_products":
        memory["results"] = [
            {
                **{k: r[k] for k in ("item_id", "product_id", "name", "options", "price")},
                "available": r["available"],
                "canonical_id": r.get("canonical_id"),
            }
            for r in obs.data.get("results", [])
        ]
        memory.pop("product", None)
        memory.pop("focus_item", None)
        dialogue.show(memory, "results")
    elif obs.action == "get_product":
        memory["product"] = {
            "product_id": obs.data["product_id"],
            "name": obs.data["name"],
            "variants": [
                {**v, "product_id": obs.data["product_id"], "name": obs.data["name"]}
                for v in obs.data["variants"].values()
            ],
        }
        dialogue.show(memory, "product")
    elif obs.action == "get_item" and isinstance(obs.data, dict) and "item_id" in obs.data:
        item = {"name": "", "product_id": None, **obs.data}  # 'add that one' after its look-up
        memory["product"] = {"product_id": item["product_id"], "name": "", "variants": [item]}
        memory["focus_item"] = item["item_id"]
        dialogue.show(memory, "product")
    elif obs.action in ("view_cart", "add_to_cart", "remove_from_cart"):
        memory["cart_items"] = obs.data.get("items", [])
        if obs.action == "view_cart":
            dialogue.show(memory, "cart_items")


def candidates(memory: dict[str, Any]) -> list[dict[str, Any]]:
    product = memory.get("product")
    if memory.get("last_list") == "results" and memory.get("results"):
        return list(memory["results"])
    if product:
        return list(product["variants"])
    return list(memory.get("results", []))


def in_view(memory: dict[str, Any]) -> dict[str, Any] | None:
    """The result a line points at with 'it' or 'that one': the one in focus, or the only one
    shown; None when several are shown and none is in focus."""
    results = memory.get("results") or []
    focus = memory.get("focus_item")
    focused = [r for r in results if focus is not None and r.get("item_id") == focus]
    return focused[0] if focused else (results[0] if len(results) == 1 else None)


def pick(pool: list[dict[str, Any]], n: int | None) -> dict[str, Any] | None:
    if n is None or not pool:
        return None
    if n == -1:
        return pool[-1]
    if n in (CHEAPEST, DEAREST):
        shown = pool[:10]
        return (min if n == CHEAPEST else max)(shown, key=lambda v: v.get("price", 0.0))
    return pool[n - 1] if 1 <= n <= len(pool) else None


def in_name(word: str, item: dict[str, Any]) -> bool:
    name = item["name"].lower()
    return (
        word in name
        or (word.endswith("s") and word[:-1] in name)
        or (len(word) > 3 and word.isalpha() and _compact(word) in _compact(name))  # 'tshirt'
    )


def names_product(pool: list[dict[str, Any]], word: str) -> bool:
    """The word is in an item's name and is no option's value: 'blue' is in 'Bluetooth
    Speaker', but it is a colour."""
    return any(in_name(word, v) for v in pool) and not any(matches(v, [word]) for v in pool)


def matches(variant: dict[str, Any], words: list[str]) -> bool:
    """Whether the variant's option values say every word: 'hardcover' is 'hard cover', and
    a size said as such ('size10') is the whole value, not a part of '100ft'."""
    values = [str(v).lower() for v in variant["options"].values()]
    joined = " ".join(values)
    return all(_says(word, joined, values) for word in words)


def _says(word: str, joined: str, values: list[str]) -> bool:
    sized = SIZE_SAID.fullmatch(word)
    if sized:
        return any(value == sized.group(1) for value in values)
    if word in SIZE_LETTERS and word not in values:  # 'large' is the shirt's 'L'
        return SIZE_LETTERS[word] in values
    spaced = len(word) > 3 and not any(c.isdigit() for c in word)  # a measure is as written
    whole = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", joined)  # 'red' is no 'wired'
    measured = re.fullmatch(r"\d+hours", word) is not None  # '10hours' is all of '10 hours'
    return bool(whole) or (
        (spaced or measured) and any(_compact(word) == _compact(v) for v in values)
    )


#: a clothing size said as a word, as the shop writes it in letters
SIZE_LETTERS = {"small": "s", "medium": "m", "large": "l", "xlarge": "xl", "x-large": "xl"}
#: a size said with its word, as descriptor words write it: 'in size 10' → 'size10'
SIZE_SAID = re.compile(r"size(\d{1,2}(?:\.5)?)")


def _compact(text: str) -> str:
    return re.sub(r"[\s-]+", "", text)


Choice = tuple[dict[str, Any] | None, str, list[dict[str, Any]]]


def resolve(
    pool: list[dict[str, Any]], n: int | None, words: list[str], focus: str | None
) -> Choice:
    """The one variant meant, or a question and the numbered list it offers to pick from."""
    if not pool:
        return None, 'Which product? Search for one first, e.g. "find a blue t-shirt".', []
    ids = [v for v in pool if v["item_id"] in words]
    if len(ids) == 1:
        return ids[0], "", []
    prices = {float(w.strip("$")) for w in words if re.fullmatch(r"\$?\d+\.\d\d", w)}
    priced = [v for v in pool if v.get("price") in prices]
    if len(priced) == 1:  # 'the one for 47.76': the price the list showed
        return priced[0], "", []
    known = [w for w in words if any(in_name(w, v) or matches(v, [w]) for v in pool)]
    words = known or words  # words that fit no item are noise once others fit one
    named = [w for w in words if names_product(pool, w)]
    if named and n is None:
        narrowed = [v for v in pool if all(in_name(w, v) for w in named)]
        pool = narrowed or pool
    if n is not None:
        chosen = pick(pool, n)
        if chosen:
            return chosen, "", []
        missing = f"There is no number {n} in the list." if n > 0 else "Which one do you mean?"
        return None, missing + _listing(pool), pool[:10]
    described = [w for w in words if w not in named]
    if described:
        matching = [v for v in pool if matches(v, described)]
        in_stock = [v for v in matching if v.get("available", True)]
        if len(in_stock) == 1:
            return in_stock[0], "", []
        if not matching:
            return None, f"None of them is {' '.join(described)}." + _listing(pool), pool[:10]
        if not in_stock:
            return None, "That one is out of stock." + _listing(pool), pool[:10]
        return None, "Several match:" + _listing(in_stock), in_stock[:10]
    if focus:
        for v in pool:
            if v["item_id"] == focus:
                return v, "", []
    if len(pool) == 1:
        return pool[0], "", []
    same = {v.get("canonical_id") for v in pool}
    if len(same) == 1 and None not in same:  # one product at several marketplaces: the cheaper
        offers = [v for v in pool if v.get("available", True)] or pool
        return min(offers, key=lambda v: v.get("price", 0.0)), "", []
    return None, "Which one do you mean?" + _listing(pool), pool[:10]


def _listing(pool: list[dict[str, Any]]) -> str:
    lines = [replies.variant_line(i, v) for i, v in enumerate(pool[:10], 1)]
    return "\n" + "\n".join(lines) + '\nSay the number, or describe it ("the blue one").'
