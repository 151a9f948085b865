"""A question over the list shown that asks for the most or least of an option: "which of those
has the biggest capacity?", "which one is the lightest", "which has the longest battery life",
"the one with the most pieces?".

It is answered from the items the customer saw (their option values read as amounts: 20000mAh,
1TB, 8 hours, XL, large), never by a new search for the words of the question.
"""

from __future__ import annotations

import re
from typing import Any

from agentcli.conversation.wording import describe_options, money
from agentcli.planners.base import PlannerOutput
from agentcli.planners.rules.outputs import say

Item = dict[str, Any]

_MOST = (
    "biggest largest highest most longest greatest heaviest tallest widest thickest "
    "brightest fastest strongest roomiest"
).split()
_LEAST = "smallest lowest least shortest lightest fewest tiniest narrowest thinnest".split()
#: the question: 'which of those has the biggest capacity', 'which one's the lightest?'
ASKED = re.compile(
    r"\b(?:which|what|wich|whats|what's)\b(?:\s+(?:one|ones|item|model|of (?:those|these|them|"
    r"the \w+)))*(?:\s+\w+)?\s+(?:has|have|is|'s|offers|gives|got|comes with|holds|lasts)\s+"
    r"(?:got\s+)?(?:the\s+)?(?P<most>" + "|".join(_MOST + _LEAST) + r")\b(?P<what>[a-z -]*)|"
    r"\b(?:the one|one) with (?:the )?(?P<most2>" + "|".join(_MOST + _LEAST) + r")\b"
    r"(?P<what2>[a-z -]*)"
)
#: the option an asked word is about, by the option names it fits
_ABOUT = {
    "capacity": ("capacity",),
    "battery": ("battery life",),
    "piece": ("pieces", "piece count"),
    "pieces": ("pieces", "piece count"),
    "storage": ("storage",),
    "memory": ("ram", "storage"),
    "ram": ("ram",),
    "screen": ("screen size", "display"),
    "resolution": ("resolution",),
    "zoom": ("zoom",),
    "length": ("length",),
    "height": ("height",),
    "weight": ("weight range", "weight"),
    "pressure": ("pressure",),
    "brightness": ("brightness",),
    "diameter": ("diameter",),
    "size": ("size", "screen size", "capacity", "kit size", "room size", "frame size"),
}
#: what a bare superlative is about: 'the lightest', 'the longest', 'the tallest'
_SAID_ALONE = {
    "lightest": ("weight range", "weight"),
    "heaviest": ("weight range", "weight"),
    "longest": ("length", "battery life"),
    "shortest": ("length",),
    "tallest": ("height",),
    "brightest": ("brightness",),
    "roomiest": ("capacity", "size"),
}
#: sizes and levels said in words, in their order
_RANKS = {
    w: n
    for n, words in enumerate(
        [
            "xxs tiny mini",
            "xs small portable basic low beginner",
            "s medium standard intermediate",
            "m large high professional expert",
            "l",
            "xl",
            "xxl",
        ]
    )
    for w in words.split()
}
_UNITS = {"tb": 1000.0, "gb": 1.0, "mb": 0.001, "l": 1000.0, "liter": 1000.0, "liters": 1000.0}


def asked(text: str) -> tuple[bool, str] | None:
    """(most?, the words of what is asked) when the line asks which shown item has the most or
    least of something; None otherwise."""
    found = ASKED.search(text)
    if not found:
        return None
    word = found.group("most") or found.group("most2")
    what = (found.group("what") or found.group("what2") or "").strip()
    return word in _MOST, f"{word} {what}".strip()


def _option(items: list[Item], said: str) -> str | None:
    """The option name the question is about, among those the items have."""
    names = {k.lower(): k for item in items for k in (item.get("options") or {})}
    words = re.findall(r"[a-z]+", said)
    wanted: list[str] = []
    for w in words[1:]:
        wanted += _ABOUT.get(w, ()) + _ABOUT.get(w.rstrip("s"), ())
        wanted += [w] if w in names else []
    wanted += _SAID_ALONE.get(words[0], ()) if words else ()
    if not wanted and words and words[0] in ("biggest", "largest", "smallest"):
        wanted = list(_ABOUT["size"])
    return next((names[w] for w in wanted if w in names), None)


def amount(value: Any) -> float | None:
    """An option value read as an amount: '20000mAh' → 20000, '1TB SSD' → 1000, 'XL' → 5."""
    text = str(value).lower().strip()
    number = re.search(r"(\d+(?:[.,]\d+)?)\s*([a-z]*)", text)
    if number:
        unit = _UNITS.get(number.group(2), 1.0)
        return float(number.group(1).replace(",", "")) * unit
    return float(_RANKS[text]) if text in _RANKS else None


def answer(items: list[Item], most: bool, said: str) -> PlannerOutput | None:
    """The item of the list with the most (or least) of the option asked, with its value and
    price; None when the items have no such option that reads as an amount."""
    option = _option(items, said)
    if option is None:
        return None
    valued = [(amount((i.get("options") or {}).get(option)), n, i) for n, i in enumerate(items, 1)]
    ranked = [(v, n, i) for v, n, i in valued if v is not None]
    if not ranked:
        return None
    best = max(v for v, _, _ in ranked) if most else min(v for v, _, _ in ranked)
    top = [(n, i) for v, n, i in ranked if v == best]
    lines = [
        f"{n}. {i['name']} ({describe_options(i['options'])}) - {money(i['price'])}" for n, i in top
    ]
    value = top[0][1]["options"][option]
    word = said.split()[0]
    lead = f"Of those shown, the {word} {option} is {value}:"
    tail = f'Say "add number {top[0][0]}" to put it in your cart.'
    return say("\n".join([lead, *lines, tail]), f"the {word} {option} of the list shown")
