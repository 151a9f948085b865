"""Two items weighed by their option values rather than their places in a list: "which is
cheaper, the A4 or the A5 notebook?", "compare the 6 ft and 7 ft patio umbrellas", "is the
100ml oriental one much pricier than the 30ml oriental?".

Each side of the comparison is read as the words that describe it; the product named on one
side is meant on both. The items are found in the list the customer saw last, or, when it
holds neither, by a search for the product named; the answer gives each side's price (the
cheapest and the range, when several offers fit one side) and which is cheaper, by how much.
"""

from __future__ import annotations

import re
from typing import Any

from agentcli.conversation import Observation
from agentcli.conversation.wording import money
from agentcli.planners.base import PlannerOutput
from agentcli.planners.rules import kinds_by_price
from agentcli.planners.rules.outputs import ask, do, say
from agentcli.planners.rules.replies import cheaper_of_two, variant_line
from agentcli.planners.rules.search_words import descriptor_words
from agentcli.planners.rules.shown_items import in_name, matches, names_product
from agentcli.planners.rules.wished_features import VALUES

Memory = dict[str, Any]

#: a comparison by price or size said between two items: 'is the 100ml one pricier than …'
WEIGHED = re.compile(
    r"\b(?:pricier|cheaper|dearer|costlier|more expensive|less expensive|more|less|bigger|"
    r"smaller|better|worse) (?:than|compared (?:to|with))\b|"
    r"\bhow much (?:more|less|cheaper|dearer|pricier) (?:is|are|does|do)\b.*\bthan\b"
)
#: what stands between the two sides: 'the A4 or the A5', 'the 6 ft and 7 ft', '… than …'
_BETWEEN = re.compile(
    r"\s(?:or|and|vs\.?|versus|against|than|compared? (?:to|with)|over)\s(?!(?:the )?(?:price|"
    r"cost)\b)"
)
#: the words of a comparison that describe neither side
_NOT_SIDES = frozenset(
    """
    cheaper pricier dearer costlier expensive less much way lot bit far is are which one ones
    compare comparison can you me for how does do price prices cost costs what's whats tell
    worth it difference between better worse bigger smaller the a an say just only has have
    got comes stack up here there you sell stock
    """.split()
)
#: a measure written apart from its unit, written as the options write it: '6 ft' → '6ft'
_MEASURE = re.compile(r"\b(\d+(?:\.\d+)?)\s*(ft|feet|foot|cm|oz|lb|lbs|kg|l|ml|gb|tb|mm)\b")


#: a question asked after the second side, which is no part of it: '…, which lasts longer?'
_ASKED_AFTER = re.compile(
    r"(?:\s*[,;?.!]|\s+[–—-])\s*(?:and |so )?(?:which|what|how|who|is|are|does|do|will|would)\b"
    r".*$"
)


def sides(text: str) -> list[list[str]] | None:
    """The two sides' describing words ('the A4 or the A5 notebook' → [['a4'], ['a5',
    'notebook']]), or None when the line does not set two descriptions against each other."""
    text = _MEASURE.sub(lambda m: m.group(1) + m.group(2).replace("feet", "ft"), text)
    parts = _BETWEEN.split(text, maxsplit=1)
    if len(parts) != 2 and re.search(r"\bcompare\b", text):  # 'compare the blue one with the red'
        parts = re.split(r"\swith\s(?=(?:the|a|an|that|this|those|these)\b)", text)[-2:]
    if len(parts) != 2:
        return None
    parts[1] = _ASKED_AFTER.sub("", parts[1])  # '…, which lasts longer on battery?'
    parts[1] = re.sub(r"(?<=\w)\s+for\s+\S.*$", "", parts[1])  # a use: 'for reading on holiday'
    lead = r"^.*\b(?:compare|between|which(?: one)?(?:'s| is)|is|are)\b"  # what asks, not a side
    parts[0] = re.sub(lead, " ", parts[0], count=1)
    parts[0] = re.split(r"[,;:]\s+", parts[0])[-1]  # 'which is cheaper here, an e-reader'

    read = [
        [w for w in descriptor_words(_product_last(part)) if w not in _NOT_SIDES] for part in parts
    ]
    if not all(read) or read[0] == read[1]:
        return None
    return read


#: what a side says it has after the product it names: 'the e-reader with just wifi'
_HAVING = re.compile(
    r"^(.*?)\b(?:with|that (?:has|comes with)|which (?:has|comes with)|having|in|made (?:of|from)|"
    r"that'?s|that is|which is)\b(.*)$"
)


def _product_last(side: str) -> str:
    """The side with the product it names put after what describes it ('the e-reader with
    wifi' → 'wifi the e-reader'), as 'the A5 notebook' says it, so the product is read last."""
    having = _HAVING.match(side)
    return f"{having.group(2)} {having.group(1)}" if having else side


def product_words(said: list[list[str]]) -> list[str]:
    """The product named on the longer side past what the shorter one describes ('a5
    notebook' against 'a4' → ['notebook']), without the colours and sizes every shop writes
    as values ('blue bluetooth speaker' against 'red' → ['bluetooth', 'speaker']); [] when both
    sides are as long."""
    short, long_ = sorted(said, key=len)
    named = long_[len(short) :] if len(long_) > len(short) else []
    return [w for w in named if w not in VALUES] or named


def compare(memory: Memory, said: list[list[str]], pool: list[dict[str, Any]]) -> PlannerOutput:
    """The two sides weighed from the list shown; a search for the product named when the list
    holds neither; a question when there is no product to look for."""
    found = _found(pool, said)
    if found is not None:
        return say(_weighed(said, found), "compare two items by their options")
    valued = any(_has(v, w, by_name=False) for v in pool for side in said for w in side[-1:])
    heads = [] if valued or product_words(said) else kinds(said)
    if len(heads) == 2:  # 'an e-reader or a tablet': each kind looked up in turn
        return kinds_by_price.start(memory, heads)
    named = (
        product_words(said)
        or ([] if valued else kinds(said))  # 'the wired one or the wireless': values shown
        or ((memory.get("search") or {}).get("query") or "").split()
    )
    if not named:  # no product named, and none searched for before
        return ask(
            'Which two should I compare? Say for example "compare the first and the third".',
            "two items needed",
        )
    memory["compare_sides"] = said
    return do(
        {"action": "search_products", "query": " ".join(named), "limit": 50},
        "find the two items to compare",
    )


def kinds(said: list[list[str]]) -> list[str]:
    """Two kinds of product set side by side ('a smart watch with a regular wristwatch'): the
    products each side ends with, one when both end with it ('a gaming mouse or a wireless
    mouse'), when neither is a value ('the blue or the red' names no product); [] otherwise."""
    heads = [side[-1] for side in said]
    if len(heads) != 2 or any(h in VALUES for h in heads):
        return []
    if any(not re.fullmatch(r"[a-z][a-z-]{2,}", h) for h in heads):
        return []
    short, long_ = sorted(heads, key=len)
    return [short] if short in long_ else heads  # 'watch' is in 'wristwatch': one search


def after(memory: Memory, obs: Observation) -> PlannerOutput | None:
    """The comparison once its search has read the offers; None: not ours."""
    weighed = kinds_by_price.after(memory, obs)
    if weighed is not None:
        return weighed
    said = memory.pop("compare_sides", None)
    if said is None or obs.action != "search_products" or not obs.ok:
        return None
    results = list(obs.data.get("results") or [])
    found = _found(results, said)
    if found is None and results and kinds(said) and not product_words(said):
        return None  # two kinds of product: the offers of both are listed as a search's are
    if found is None:
        wanted = " or ".join(" ".join(side) for side in said)
        return say(f"I could not find both of {wanted} to compare.", "nothing to compare")
    return say(_weighed(said, found), "compare two items by their options")


Offers = list[dict[str, Any]]


def _found(pool: Offers, said: list[list[str]]) -> tuple[Offers, Offers] | None:
    """Each side's offers in stock, each side read with the product named on the other."""
    if not pool:
        return None
    named = [w for side in said for w in side if names_product(pool, w)]
    first, second = (_fitting(pool, [*side, *named]) for side in said)
    if not first or not second or first == second:
        return None
    # a side that holds the other ('wifi' holds 'wifi + cellular') means the rest of it
    if set(map(id, second)) < set(map(id, first)):
        first = [v for v in first if v not in second]
    elif set(map(id, first)) < set(map(id, second)):
        second = [v for v in second if v not in first]
    return first, second


def _fitting(pool: Offers, words: list[str]) -> Offers:
    """The offers in stock that have every word which fits any offer shown."""
    known = [w for w in dict.fromkeys(words) if any(_has(v, w) for v in pool)]
    described = [w for w in known if not names_product(pool, w)]
    if not described:
        return []
    return [
        v
        for v in pool
        if v.get("available", True) and all(_has(v, w, by_name=w not in described) for w in known)
    ]


def _has(offer: dict[str, Any], word: str, by_name: bool = True) -> bool:
    """The offer's name (unless the word describes) or an option has the word; a measure may
    be spaced ('100 mL')."""
    if (by_name and in_name(word, offer)) or matches(offer, [word]):
        return True
    values = {re.sub(r"\s+", "", str(v).lower()) for v in offer["options"].values()}
    return word in values


def _weighed(said: list[list[str]], found: tuple[Offers, Offers]) -> str:
    lines = []
    cheapest = []
    labels = []
    for side, offers in zip(said, found, strict=True):
        low = min(offers, key=lambda v: v["price"])
        cheapest.append(low)
        labels.append(_label(side, low))
        if len(offers) == 1:
            lines.append(variant_line(None, low))
            continue
        high = max(v["price"] for v in offers)
        lines.append(
            f"The {labels[-1]} ones: {len(offers)} offers from {money(low['price'])} to "
            f"{money(high)}; the cheapest is {variant_line(None, low)}"
        )
    a, b = cheapest
    names = (f"the {labels[0]} one", f"the {labels[1]} one")
    lines.append(cheaper_of_two(a["price"], b["price"], names))
    return "\n".join(lines)


def _label(side: list[str], offer: dict[str, Any]) -> str:
    """A side named by the option values it was told by, as the shop writes them ('A4')."""
    said = [
        next(
            (
                str(v)
                for v in offer["options"].values()
                if _has({"name": "", "options": {"": v}}, w)
            ),
            None,
        )
        for w in side
        if matches(offer, [w]) or not in_name(w, offer)
    ]
    named = list(dict.fromkeys(v for v in said if v))
    return " ".join(named) or " ".join(side)
