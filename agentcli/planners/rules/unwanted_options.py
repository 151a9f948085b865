"""What a pick from the list must NOT have: "the 100 watt one without any smart stuff", "the
bulb with no wifi", "the non-bluetooth one", "the ones that aren't wired".

The words after 'without', 'no' or 'non-' name an option value the item meant lacks; they are
taken out of the words that describe it and the offers that have them are set aside. "Smart"
and "waterproof" name no value the shop writes: they are any connectivity or water
resistance but none.
"""

from __future__ import annotations

import re
from typing import Any

#: 'without any smart stuff', 'with no wifi', 'non-bluetooth', 'that aren't wired'
NOT_HAVING = re.compile(
    r"(?:\b(?:that|which) )?"
    r"\b(?:without|w/o|minus|sans|with no|(?:has|have) no|non|aren'?t|isn'?t|(?:is|are) not|"
    r"(?:doesn'?t|does not|don'?t|do not) (?:need|use|have|take|run on|come with)(?: an?)?|"
    r"not)(?:\s+|-)"
    r"(?:any(?: of the)?\s+|the\s+|all\s+(?:the\s+|that\s+)?|that\s+)?"
    r"(?P<what>[a-z0-9.+-]+(?:\s+(?:stuff|things?|features?|bits?|gimmicks?|junk|nonsense|"
    r"extras?|connectivity|connection|tech))?)"
    r"(?P<more>(?:,?\s+(?:or|nor)\s+(?:any\s+)?[a-z0-9.+-]+)*)"
)
#: what is lacked, said as the thing rather than the value: 'without wires' is not wired
SAID_AS = dict.fromkeys("wire wires cable cables cord cords corded".split(), "wired")
#: words that name an option itself rather than one of its values, by a part of its name:
#: 'smart stuff' is any connectivity, 'waterproof' any water resistance, but none
KEYED = {
    **dict.fromkeys("smart connected connectivity app apps online internet iot".split(), "connect"),
    **dict.fromkeys("waterproof water-proof water-resistant water splashproof".split(), "water"),
}
#: what such an option says when the item has none of it
NONE = frozenset({"none", "no", "wired", "n/a", "not resistant", "not waterproof"})


def split_unwanted(text: str) -> tuple[str, list[str]]:
    """The line without what it says the item lacks, and the words it lacks ([] when none):
    'without bluetooth or wifi' lacks both."""
    unwanted = [
        word
        for found in NOT_HAVING.finditer(text)
        for word in [
            found["what"].split()[0],
            *re.findall(r"\b(?:or|nor)\s+(?:any\s+)?([a-z0-9.+-]+)", found["more"]),
        ]
    ]
    unwanted = [SAID_AS.get(word, word) for word in unwanted]
    return NOT_HAVING.sub(" ", text), unwanted


def has_unwanted(variant: dict[str, Any], words: list[str]) -> bool:
    """Whether the variant has any of the words it should lack: 'wifi' is a part of 'Wi-Fi +
    Cellular', while 'wire' is no part of 'wireless'."""
    options = {str(k).lower(): str(v).lower() for k, v in variant.get("options", {}).items()}
    parts = {_compact(p) for v in options.values() for p in [v, *re.split(r"[\s+/,&]+", v)]}
    for word in words:
        if word in KEYED:
            if any(KEYED[word] in k and v not in NONE for k, v in options.items()):
                return True
        elif _compact(word) in parts or _compact(word).removesuffix("s") in parts:
            return True
    return False


def set_aside(pool: list[dict[str, Any]], words: list[str]) -> list[dict[str, Any]]:
    """The offers that lack every unwanted word; the whole pool when none lacks them, so the
    question that follows still shows the list."""
    kept = [v for v in pool if not has_unwanted(v, words)]
    return kept if words and kept else pool


def _compact(text: str) -> str:
    return re.sub(r"[\s-]+", "", text.lower())
