"""A variant asked for by comparison with the item: 'the bigger one', 'a size up', 'something
smaller', 'a longer one': the next value of the option that orders them."""

from __future__ import annotations

import re
from typing import Any

Record = dict[str, Any]

#: words that ask for a step up or down, and the options they step first
_UP = re.compile(r"^(?:bigger|larger|roomier|longer|taller|higher|more|up|biggest|largest)$")
_DOWN = re.compile(r"^(?:smaller|tinier|shorter|lower|less|down|littler|smallest|compact)$")
_ORDERED = ("size", "capacity", "storage", "length", "height", "piece", "pieces", "weight")
_LENGTHWISE = frozenset({"longer", "shorter", "taller", "higher", "lower"})
#: sizes said in words, smallest first
_WORD_RANK = {
    "xxs": 0,
    "xs": 1,
    "s": 2,
    "small": 2,
    "portable": 2,
    "compact": 2,
    "m": 3,
    "medium": 3,
    "standard": 3,
    "regular": 3,
    "l": 4,
    "large": 4,
    "xl": 5,
    "xxl": 6,
    "full size": 1000,
}


def rank(value: str) -> float | None:
    """Where a value stands among its option's values: '750ml' 750, '1TB' 1000, 'A5' -5."""
    low = value.lower().strip()
    if low in _WORD_RANK:
        return _WORD_RANK[low]
    paper = re.fullmatch(r"a(\d)", low)
    if paper:  # A4 is bigger than A5
        return -int(paper.group(1))
    number = re.match(r"(\d+(?:\.\d+)?)\s*(tb|l\b|liters?\b|litres?\b)?", low)
    if number is None:
        return None
    scale = 1000 if number.group(2) else 1  # 1TB beside 512GB, 1L beside 750ml
    return float(number.group(1)) * scale


def step(item: Record, variants: list[Record], words: list[str]) -> tuple[list[Record], list[str]]:
    """The variants one step up or down the option the words compare by, and the words left;
    no comparison: the variants and words as they were."""
    ups = [w for w in words if _UP.match(w)]
    downs = [w for w in words if _DOWN.match(w)]
    if bool(ups) == bool(downs):
        return variants, words
    said = set(ups or downs)
    keys = [k for k in item["options"] if rank(str(item["options"][k])) is not None]
    ordered = [k for part in _ORDERED for k in keys if part in k.split()]
    if said & _LENGTHWISE:
        ordered = [k for k in ordered if "length" in k or "height" in k] or ordered
    if not ordered:
        return variants, words
    key = ordered[0]
    mine = rank(str(item["options"][key]))
    assert mine is not None
    sign = 1 if ups else -1
    beyond = [
        (sign * (r - mine), v)
        for v in variants
        if (r := rank(str(v["options"].get(key, "")))) is not None and sign * (r - mine) > 0
    ]
    if not beyond:
        return [], [w for w in words if w not in said]
    nearest = min(d for d, _ in beyond)
    rest = [w for w in words if w not in said and w not in ("one", "size", "a")]
    return [v for d, v in beyond if d == nearest], rest
