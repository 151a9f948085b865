"""The variant an order's item is swapped for: the words matched to the product's variants."""

from __future__ import annotations

import re
from typing import Any

from agentcli.conversation.wording import describe_options, money
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules.change_methods import method_for
from agentcli.planners.rules.change_params import american
from agentcli.planners.rules.option_amounts import as_offered
from agentcli.planners.rules.option_shifts import by_values, yes_no_named
from agentcli.planners.rules.option_steps import step
from agentcli.planners.rules.order_items import matches_words
from agentcli.planners.rules.outputs import ask, do, say
from agentcli.planners.rules.swap_honesty import (
    kept_all,
    not_offered,
    only_as,
    sold_out,
    unasked_changes,
)

Record = dict[str, Any]


def _options_text(variant: Record) -> str:
    """'pressure 19 bar capacity 1l …': a word may name an option ("19 bar pressure") too."""
    return american(" ".join(f"{k} {v}" for k, v in variant["options"].items()).lower())


#: words that ask for another variant without saying which
_ANY_OTHER = frozenset("different other another new else alternative pair pairs".split())
#: sizes said in words, for an item whose sizes are letters ('i need a medium' is an M)
_LETTERS = {"small": "s", "medium": "m", "large": "l", "xlarge": "xl", "x-large": "xl"}


def _letter_sizes(item: Record, words: list[str]) -> list[str]:
    """The words with sizes said in words as the letters the item's sizes are written in; a
    word before another option's name is that option's value ('medium ventilation')."""
    size = str(item["options"].get("size", "")).lower()
    if size not in ("xxs", "xs", "s", "m", "l", "xl", "xxl"):
        return words
    joined = " ".join(words).replace("extra large", "xlarge").replace("extra small", "xs")
    said = joined.split()
    others = {str(k).lower() for k in item["options"] if str(k).lower() != "size"}
    return [
        w if n + 1 < len(said) and said[n + 1] in others else _LETTERS.get(w, w)
        for n, w in enumerate(said)
    ]


def _other_of(item: Record, said: list[str], new: list[str]) -> list[str]:
    """The options asked to be other with no value said: 'for a different colour' is
    ['color']; [] when a value is said or no other is asked."""
    keys = {str(k).lower() for k in item["options"]}
    if not said or not set(new) & _ANY_OTHER or not all(w in keys for w in said):
        return []
    return said


def with_product(ctx: PlanningContext, change: Record, product: Record) -> PlannerOutput:
    item = change["item"]
    said = [w for w in change["new"] if w not in _ANY_OTHER]  # 'for different ones': which?
    other = _other_of(item, said, change["new"])
    if other:  # 'for a different colour': which one is asked, never the same colour proposed
        return _ask_other(ctx, change, list(product["variants"].values()), other)
    values = [str(x) for v in product["variants"].values() for x in v["options"].values()]
    change["new"] = as_offered(_letter_sizes(item, said), values)  # '1 litre' is the '1L'
    change["new"] = yes_no_named(change["new"], list(product["variants"].values()))
    variants = [v for v in product["variants"].values() if v["item_id"] != item["item_id"]]
    stepped, rest = step(item, [v for v in variants if v["available"]], change["new"])
    said_which = bool(change["new"])  # 'for a different one' says none: the customer picks
    if stepped and rest != change["new"]:  # 'the bigger one': the next size up in stock
        variants, change["new"] = stepped, rest
    name = set(item["name"].lower().split())  # 'the automatic espresso machine': its own name,
    wanted = [  # word by word: 'blue' is no part of 'bluetooth speaker'
        w for w in change["new"] if not {w, w.rstrip("s"), f"{w}s"} & name
    ]
    offered = " ".join(_options_text(v) for v in variants)
    wanted = _split_unknown(wanted, offered)  # 'the full-zip version': zipper full
    known = [w for w in wanted if _offered(w, offered)]
    absent = not_offered(item, wanted, offered, list(product["variants"].values()))
    if absent is not None:  # 'for a size 12' of shoes made in 8 to 10: none is, none proposed
        ctx.conversation.memory.pop("order_change", None)
        return say(absent, "the value asked is not made")
    change["new"] = known or wanted or change["new"]  # words no variant has are noise
    matching = [v for v in variants if matches_words(_options_text(v), change["new"])]
    whole = [v for v in matching if _whole_words(_options_text(v), change["new"])]
    matching = whole or matching  # 'an XL' is no XXL when an XL is there
    matching = by_values(matching, change["new"])  # 'bagged' is no 'bagged/bagless bagless'
    in_stock = [v for v in matching if v["available"]]
    named = _named_values(item, change.get("old") or [], change["new"], variants)
    keeping = [v for v in in_stock if all(v["options"].get(k) == item["options"][k] for k in named)]
    best = _closest(item, keeping) if said_which else []
    if said_which and in_stock and not keeping:  # 'my leather boots for a 10': none is leather
        return _ask_variant(ctx, change, in_stock, _said_kept(item, named, change["new"]))
    kept_lost = bool(best) and _changes_unasked(item, best[0], change["new"])
    if len(best) == 1 and len(in_stock) > 1 and kept_lost:
        best = in_stock  # the blue brush 'for a rechargeable one': white or black is theirs
    if len(best) == 1 and unasked_changes(item, best[0], change["new"], kept_all(ctx.user_line)):
        return _ask_variant(ctx, change, best, only_as(item, best[0], change["new"]))
    if len(best) == 1:
        return _swap_action(ctx, change, best[0])
    if said_which and matching and not in_stock:  # the one asked is there but sold out
        ctx.conversation.memory.pop("order_change", None)
        return say(sold_out(item, _closest(item, matching)[0]), "the variant asked is sold out")
    pool = best or in_stock or [v for v in variants if v["available"]]
    if not pool:
        ctx.conversation.memory.pop("order_change", None)
        return say(f"No other variant of {item['name']} is in stock right now.", "no variant")
    lead = (
        "Several variants match:"
        if best
        else f'No {item["name"]} in stock matches "{" ".join(change["new"])}" and keeps '
        f"{_kept_wording(item, pool, change['new'])}. In stock:"
        if kept_lost and in_stock
        else f'No {item["name"]} in stock matches "{" ".join(change["new"])}". In stock:'
        if change["new"]
        else f"Which {item['name']} would you like instead?"
    )
    return _ask_variant(ctx, change, pool, lead)


def _ask_other(
    ctx: PlanningContext, change: Record, variants: list[Record], other: list[str]
) -> PlannerOutput:
    """The variants in stock that differ in the options asked to be other, those keeping the
    rest of the item first; the customer says which."""
    item = change["item"]
    keys = [k for k in item["options"] if str(k).lower() in other]
    pool = [
        v
        for v in variants
        if v["available"]
        and v["item_id"] != item["item_id"]
        and all(v["options"].get(k) != item["options"][k] for k in keys)
    ]
    if not pool:
        ctx.conversation.memory.pop("order_change", None)
        said = " or ".join(keys)
        return say(f"No {item['name']} of another {said} is in stock right now.", "no variant")

    def kept(v: Record) -> int:
        return -sum(1 for k, value in item["options"].items() if v["options"].get(k) == value)

    lead = f"Which {' and '.join(keys)} would you like the {item['name']} in? In stock:"
    return _ask_variant(ctx, change, sorted(pool, key=kept), lead)


def _ask_variant(
    ctx: PlanningContext, change: Record, pool: list[Record], lead: str
) -> PlannerOutput:
    """Which variant: the pool numbered, the answer picks by number or words."""
    memory, item = ctx.conversation.memory, change["item"]
    memory["awaiting"] = "change_choice"
    memory["change_choices"] = pool[:10]
    lines = "\n".join(
        f"{n}. {item['name']} ({describe_options(v['options'])}) - {money(v['price'])}"
        for n, v in enumerate(pool[:10], 1)
    )
    return ask(f"{lead}\n{lines}\nSay the number, or describe it.", "which variant is unclear")


def _named_values(
    item: Record, old: list[str], new: list[str], variants: list[Record]
) -> list[str]:
    """The options whose values the customer said in naming their item ('my leather hiking
    boots', 'my 2 litre kettle'), unless the new words name that option again: a swap keeps
    them. A yes or no value ('waterproof no') is no word one names an item by."""
    said = set(as_offered(old, [str(value) for value in item["options"].values()]))
    return [
        k
        for k, value in item["options"].items()
        if str(value).lower() not in ("yes", "no", "none")
        and all(w in said for w in str(value).lower().split())
        and not any(
            _names(american(f"{k} {v['options'].get(k)}".lower()), w) for v in variants for w in new
        )
    ]


def _said_kept(item: Record, named: list[str], new: list[str]) -> str:
    """'No Hiking Boots in stock matches "size 10" and keeps material leather. In stock:'"""
    kept = ", ".join(f"{k} {item['options'][k]}" for k in named)
    return f'No {item["name"]} in stock matches "{" ".join(new)}" and keeps {kept}. In stock:'


#: the options that are a matter of taste: a clerk never changes them unasked
LOOKS = ("color", "colour", "design", "pattern", "finish")


def _offered(word: str, offered: str) -> bool:
    """Whether some variant has the word: a whole word, or a longer word's part ('zip' of
    'zipper'); one letter only whole ('u' for 'you' is no part of 'purple')."""
    if word in offered.split() or (word.rstrip("s") or word) in offered.split():
        return True
    short = word.isalpha() and len(word) < 3
    return not short and (word in offered or (word.rstrip("s") or word) in offered)


def _split_unknown(words: list[str], offered: str) -> list[str]:
    """A joined word no variant has as one ('full-zip', 'wifi+cellular') stands for its parts."""
    out: list[str] = []
    for word in words:
        parts = [w for w in re.split(r"[-+/]", word) if w]
        out += parts if len(parts) > 1 and not _offered(word, offered) else [word]
    return out


def _unasked(item: Record, variant: Record, wanted: list[str]) -> list[str]:
    """The looks of the item the variant changes although the customer's words named none."""
    return [
        k
        for k, value in item["options"].items()
        if k in LOOKS
        and variant["options"].get(k) != value
        and not any(_names(american(f"{k} {variant['options'].get(k)}".lower()), w) for w in wanted)
    ]


def _names(text: str, word: str) -> bool:
    """Whether the word names the option: whole, or a longer word's part ('zip' of 'zipper')."""
    return _whole_words(text, [word]) or len(word) > 3 and matches_words(text, [word])


def _changes_unasked(item: Record, variant: Record, wanted: list[str]) -> bool:
    """Whether the variant changes how the item looks when the customer's words did not ask:
    the blue brush asked to be rechargeable is not to come back white unasked."""
    return bool(wanted) and bool(_unasked(item, variant, wanted))


def _kept_wording(item: Record, pool: list[Record], wanted: list[str]) -> str:
    """'material leather': the item's options that every offered variant would change unasked."""
    lost = set.intersection(*(set(_unasked(item, v, wanted)) for v in pool)) if pool else set()
    keys = [k for k in item["options"] if k in lost] or list(item["options"])[:1]
    return ", ".join(f"{k} {item['options'][k]}" for k in keys)


def _whole_words(text: str, words: list[str]) -> bool:
    return all(
        re.search(rf"\b(?:{re.escape(w)}|{re.escape(w.rstrip('s') or w)})\b", text) for w in words
    )


def _closest(item: Record, variants: list[Record]) -> list[Record]:
    """The variants that keep most of the item's other options (a colour change keeps size)."""
    if not variants:
        return []

    def shared(v: Record) -> int:
        return sum(1 for k, value in item["options"].items() if v["options"].get(k) == value)

    top = max(shared(v) for v in variants)
    return [v for v in variants if shared(v) == top]


def variant_picked(ctx: PlanningContext, p: Record) -> PlannerOutput:
    memory = ctx.conversation.memory
    change, pool = memory.get("order_change"), memory.pop("change_choices", [])
    if change is None or not pool:
        return ask(
            "Which change do you mean? Tell me the order and the item again.", "no change pending"
        )
    n = p.get("ordinal")
    if p.get("yes") and len(pool) == 1:  # 'yes, that's fine' to the one variant asked about
        chosen = pool
    elif n is not None:
        chosen = [pool[n - 1]] if 1 <= n <= len(pool) else pool[-1:] if n == -1 else []
    else:
        chosen = _described(change["item"], pool, p["words"])
    if len(chosen) != 1:
        memory["awaiting"] = "change_choice"
        memory["change_choices"] = pool
        return ask("Please say the number of the variant you want.", "choice unclear")
    return _swap_action(ctx, change, chosen[0])


def _described(item: Record, pool: list[Record], said: list[str]) -> list[Record]:
    """The variants of those offered that an answer describes ('white, same size M, low
    ventilation is fine'): words no offered variant has ('same', 'fine') are no part of it."""
    said = _letter_sizes(item, said)
    chosen = [v for v in pool if matches_words(_options_text(v), said)]
    if chosen:
        return chosen
    offered = " ".join(_options_text(v) for v in pool)
    known = [w for w in said if _offered(w, offered)]
    if not known:
        return []
    chosen = [v for v in pool if matches_words(_options_text(v), known)]
    whole = [v for v in chosen if _whole_words(_options_text(v), known)]
    return whole or chosen


def _swap_action(ctx: PlanningContext, change: Record, variant: Record) -> PlannerOutput:
    memory = ctx.conversation.memory
    order, item = change["order"], change["item"]
    original = order["payment_history"][0]["payment_method_id"]
    method = method_for(ctx, change["method"], original)
    memory.pop("order_change", None)
    memory.pop("awaiting", None)
    if isinstance(method, PlannerOutput):
        return method
    action = "exchange_items" if order["status"] == "delivered" else "modify_order_items"
    memory["last_change"] = {"item": item["name"], "options": variant["options"]}
    return do(
        {
            "action": action,
            "order_id": order["order_id"],
            "item_ids": [item["item_id"]],
            "new_item_ids": [variant["item_id"]],
            "payment_method_id": method["id"],
        },
        f"customer asks to swap {item['name']} for another variant",
    )
