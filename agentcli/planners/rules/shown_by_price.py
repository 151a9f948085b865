"""A few items of the list shown named by their price, not their place: "compare the cheapest
two", "how do the 2 priciest stack up", "the two least expensive ones, which is better?".

The list is in the vendors' order, not by price, so the items are found by their prices and
compared by the places they hold in it.
"""

from __future__ import annotations

import re
from typing import Any

from agentcli.planners.rules.reading import NUMBERS

_CHEAP = r"(?:cheapest|least expensive|lowest[- ]priced|most affordable|cheapest priced)"
_DEAR = r"(?:most expensive|priciest|dearest|highest[- ]priced|costliest|fanciest)"
_COUNT = r"(?:\d|two|three|four|five|pair|couple)"
#: 'the cheapest two', 'the two cheapest', 'the 2 priciest ones', 'the cheapest pair'
COUNTED = re.compile(
    rf"\b(?:(?P<n1>{_COUNT})\s+(?P<end1>{_CHEAP}|{_DEAR})|"
    rf"(?P<end2>{_CHEAP}|{_DEAR})\s+(?:(?:ones?|items?|options?)\s+)?(?P<n2>{_COUNT}))\b"
)
#: 'the cheapest and the second cheapest', 'the priciest and the next priciest'
WITH_NEXT = re.compile(
    rf"\b(?P<end>{_CHEAP}|{_DEAR})(?: one)? and (?:the )?(?:second|next|2nd)(?: most)? "
    r"(?:cheapest|least expensive|priciest|dearest|expensive|most expensive|costliest)\b"
)


def counted(text: str) -> tuple[str, int] | None:
    """('cheapest' or 'dearest', how many) when the line names items by their price."""
    found = COUNTED.search(text)
    if found:
        end = found.group("end1") or found.group("end2")
        said = found.group("n1") or found.group("n2")
        many = 2 if said in ("pair", "couple") else NUMBERS.get(said) or int(said)
        return _end(end), many
    paired = WITH_NEXT.search(text)
    if paired:
        return _end(paired.group("end")), 2
    return None


def _end(word: str) -> str:
    return "cheapest" if re.fullmatch(_CHEAP, word) else "dearest"


def places(pool: list[dict[str, Any]], end: str, many: int) -> list[int]:
    """The places (from 1) in the list of its `many` cheapest or dearest items, in price order."""
    ranked = sorted(
        range(len(pool)),
        key=lambda i: pool[i].get("price", 0.0) * (-1 if end == "dearest" else 1),
    )
    return [i + 1 for i in ranked[:many]]
