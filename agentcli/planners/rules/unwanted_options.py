"""What a pick from the list must NOT have: "the 100 watt one without any smart stuff", "the
bulb with no wifi", "the non-bluetooth one".

The words after 'without', 'no' or 'non-' name an option value the item meant lacks; they are
taken out of the words that describe it and the offers that have them are set aside. "Smart"
(and its like) names no value the shop writes: it is any connectivity but none.
"""

from __future__ import annotations

import re
from typing import Any

#: 'without any smart stuff', 'with no wifi', 'non-bluetooth', 'minus the cellular'
NOT_HAVING = re.compile(
    r"\b(?:without|w/o|minus|sans|with no|that has no|non)(?:\s+|-)"
    r"(?:any(?: of the)?\s+|the\s+|all\s+(?:the\s+|that\s+)?|that\s+)?"
    r"(?P<what>[a-z0-9.+-]+(?:\s+(?:stuff|things?|features?|bits?|gimmicks?|junk|nonsense|"
    r"extras?|connectivity|connection|tech))?)"
)
#: words that name connectivity itself rather than one kind of it
SMART = frozenset("smart connected connectivity app apps online internet iot".split())
#: what a connectivity option says when the item has none
UNCONNECTED = frozenset({"none", "no", "wired", "n/a"})


def split_unwanted(text: str) -> tuple[str, list[str]]:
    """The line without what it says the item lacks, and the words it lacks ([] when none)."""
    unwanted = [found["what"].split()[0] for found in NOT_HAVING.finditer(text)]
    return NOT_HAVING.sub(" ", text), unwanted


def has_unwanted(variant: dict[str, Any], words: list[str]) -> bool:
    """Whether the variant has any of the words it should lack: 'wifi' is in 'Wi-Fi + Cellular'."""
    options = {str(k).lower(): _compact(str(v)) for k, v in variant.get("options", {}).items()}
    for word in words:
        if word in SMART:
            if any("connect" in k and v not in UNCONNECTED for k, v in options.items()):
                return True
        elif any(_compact(word) in v for v in options.values()):
            return True
    return False


def set_aside(pool: list[dict[str, Any]], words: list[str]) -> list[dict[str, Any]]:
    """The offers that lack every unwanted word; the whole pool when none lacks them, so the
    question that follows still shows the list."""
    kept = [v for v in pool if not has_unwanted(v, words)]
    return kept if words and kept else pool


def _compact(text: str) -> str:
    return re.sub(r"[\s-]+", "", text.lower())
