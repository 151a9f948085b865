"""The answer to a question about one product, composed from its variants as the shop returned
them: the values an option comes in, whether a value is in stock, and at what price."""

from __future__ import annotations

import re
from typing import Any

from agentcli.conversation.wording import money
from agentcli.planners.rules.change_params import AMERICAN
from agentcli.planners.rules.option_steps import rank
from agentcli.planners.rules.replies import variant_line

Record = dict[str, Any]

#: the words of the question itself, none of them a product, an option or a value
FRAME = frozenset(
    """
    a an the what which wat wht how many much is are was were does do did come comes came in
    available availble avail stock still currently right now there for of on get got have has
    you u i we can could would will any other different it its this that them they those these
    one ones your me my please pls plz tell know wondering curious just also sold offered made
    out cost costs price priced difference differences between variants versions version
    variant options option choices variations differ if and or with buy order sell carry be
    yet again too thanks thank hi hey so what's whats which's kind kinds type types ok okay
    first second third fourth fifth sixth seventh eighth ninth tenth last top bottom number no
    """.split()
)
#: words that ask for every option at once
EVERY_ASPECT = frozenset("option options variant variants version versions choice choices".split())


def words_of(text: str) -> list[str]:
    """The line's words that may name a product, an option or a value."""
    return [
        AMERICAN.get(w, w)
        for w in re.findall(r"[a-z0-9%.'-]+", text)
        if w not in FRAME
        and re.search(r"[a-z0-9]", w)
        and not re.fullmatch(r"w?\d{7}|\d(?:st|nd|rd|th)", w)
    ]


def _stem(word: str) -> str:
    if word.endswith("ies"):
        word = word[:-3] + "y"
    else:
        word = word[:-2] if word.endswith(("ches", "shes", "sses")) else word.rstrip("s")
    return AMERICAN.get(word, word)


def named_by(name: str | None, words: list[str], alone: bool = False) -> bool:
    """Whether a word names the product called `name` (`alone`: or no word names anything);
    with no name, whether the words name some product at all."""
    if name is None:
        return any(_stem(w) not in _ASPECT_STEMS and not w[0].isdigit() for w in words)
    tokens = {_stem(t) for t in re.findall(r"[a-z0-9-]+", name.lower())}
    return any(_stem(w) in tokens for w in words) or alone and not named_by(None, words)


_ASPECT_STEMS = frozenset(
    """
    color size capacity option variant version material flavor length thickness shade finish
    choice variation configuration storage colour flavour
    """.split()
)


def has_value(variant: Record, word: str) -> bool:
    """Whether one of the variant's option values is the word ('9', 'pink', '6mm')."""
    values = " ".join(str(v) for v in variant["options"].values()).lower()
    return bool(re.search(rf"(?<![\w.]){re.escape(word)}(?![\w.])", values))


def answer(product: Record, words: list[str], price: bool, stock: bool = False) -> str:
    """The reply: the variants with the values asked, or the values of the options asked."""
    name, variants = product["name"], list(product["variants"].values())
    tokens = {_stem(t) for t in re.findall(r"[a-z0-9-]+", name.lower())}
    rest = [w for w in words if _stem(w) not in tokens]
    keys = [k for k in variants[0]["options"]] if variants else []
    asked = [k for k in keys if any(_stem(w) in k.lower().split() for w in rest)]
    if any(w in EVERY_ASPECT for w in rest):
        asked = keys
    values = [w for w in rest if any(has_value(v, w) for v in variants)]
    unknown = [w for w in rest if w not in values and _stem(w) not in _ASPECT_STEMS]
    unknown = [w for w in unknown if not any(_stem(w) in k.lower().split() for k in keys)]
    if values:
        matching = [v for v in variants if all(has_value(v, w) for w in values)]
        if matching:
            stocked = [v for v in matching if v["available"]]
            said = ", ".join(_said(matching[0], values))
            lead = (
                f"{name} with {said}:"
                if price
                else f"Yes, {name} with {said} is in stock:"
                if stocked
                else f"{name} with {said} is out of stock right now:"
            )
            lines = [variant_line(None, v, name) for v in stocked or matching]
            return "\n".join([lead, *lines])
        unknown = values
    summary = _summary(name, variants, asked or keys)
    if unknown:
        said = " ".join(w for w in rest if w in unknown or _stem(w) in _ASPECT_STEMS)
        return f"{name} does not come in {said}. {summary}"
    aspects = [w for w in rest if _stem(w) in _ASPECT_STEMS - {"option", "variant", "version"}]
    if aspects and not asked:  # 'which sizes does the office chair come in'
        return f"{name} has no {' or '.join(aspects)} to choose. {summary}"
    if stock:
        count = sum(1 for v in variants if v["available"])
        return f"{name}: {count} of {len(variants)} variants in stock. {summary}"
    return summary


def _said(variant: Record, values: list[str]) -> list[str]:
    """The options the values name, as the shop words them: 'size 9', 'color pink'."""
    return [
        f"{k} {v}"
        for k, v in variant["options"].items()
        if any(has_value({"options": {k: v}}, w) for w in values)
    ]


def _summary(name: str, variants: list[Record], keys: list[str]) -> str:
    """'Yoga Mat comes in color: blue, green, pink; …': each value, out of stock marked."""
    parts = []
    for key in keys:
        seen: dict[str, bool] = {}
        for v in variants:
            value = str(v["options"].get(key, ""))
            seen[value] = seen.get(value, False) or bool(v["available"])
        ordered = sorted(seen, key=lambda val: (rank(val) is None, rank(val) or 0, val))
        shown = [val if seen[val] else f"{val} (out of stock)" for val in ordered]
        parts.append(f"{key}: {', '.join(shown)}")
    prices = [v["price"] for v in variants if v["available"]] or [v["price"] for v in variants]
    span = (
        f" Prices from {money(min(prices))} to {money(max(prices))}."
        if prices and min(prices) != max(prices)
        else f" Price {money(prices[0])}."
        if prices
        else ""
    )
    return f"{name} comes in {'; '.join(parts)}.{span}"
