"""An item named alone right after a return or an exchange was asked for is the item to change:
"I'd like to return something" → "Which order?" → "the yoga mat"; "i want to return something"
→ (a preview) → "the tea kettle from W8587412"; "exchange something" → "it's the blender I got".

A clerk who just asked what is going back hears the answer as that, not as a new search or an
order lookup. The orders are read to find the one holding the item; when none does, the line
is what it would have been without the request before it (a search, a lookup).
"""

from __future__ import annotations

import re
from typing import Any

from agentcli.planners.rules.change_params import ORDER_ID, return_params, words
from agentcli.planners.rules.phrases import Intent

Memory = dict[str, Any]

#: the changes an item answer continues
_CHANGES = ("order_return", "order_swap")
#: what the line was read as, when it only names an item
_READ_AS = frozenset({"search", "add", "order_status", "unclear", "show", "product_question"})
#: a line that is an item's name and little else: 'the yoga mat', "it's the blender i got",
#: 'the tea kettle from W8587412', 'umm the black tee please'
_BARE_ITEM = re.compile(
    r"^(?:(?:oh|ah|um+|uh+|ok(?:ay)?|well|sorry|so|yes|yeah|yep|sure)[ ,]+)?"
    r"(?:(?:it'?s|it is|its|that'?s|that is|that would be|that'd be|i mean|i meant|the one is|"
    r"just)\s+)?(?:(?:the|my|a|an|that|this|those|these)\s+)?"
    r"(?P<item>[a-z][a-z0-9' -]*?)"
    r"(?:\s+(?:from|in|on|of)\s+(?:(?:my |the )?order\s+)?#?\s*w\s?\d{7}|"
    r"\s+(?:from|in|on|of)\s+(?:my|the|that)\s+(?:[a-z]+\s+)?(?:order|purchase|delivery)|"
    r"\s+(?:(?:that|which) )?(?:i|we)\s+(?:just\s+|recently\s+)?(?:bought|got|ordered|received|"
    r"purchased)(?:\s+[a-z]+){0,3})?"
    r"(?:[ ,]+(?:please|pls|plz|thanks|thx|thank you|one|ones))?[.!]*$"
)
#: words that make a line more than an item's name: another request, a new one, the cart
_NOT_AN_ITEM = frozenset(
    """
    new another different other cheaper cheapest cart basket buy add find show search look
    looking need want cancel order orders status where when help human agent person nothing
    never mind nevermind yes no nope thanks under over below above less than more price cost
    how what which why who first second third fourth fifth last latest recent previous earlier
    older newer delivered pending shipped processed cancelled number
    """.split()
)


#: an item added to the change rather than named as it: 'and the mug too', 'the lamp as well'
_MORE = re.compile(r"^(?:and|also|plus)\b|\b(?:too|as well|also)$")
#: what may follow the item's name: why it goes back, or what it should be instead
_TAIL = re.compile(r"\s*(?:[,;:]| - | because | since | as | but )\s*")
#: the words of a wish around the new variant: 'i want a blue one', 'i'd prefer the 2L'
_WISH = re.compile(
    r"\b(?:i(?:'d| would)? (?:want|like|need|prefer)(?: to have| to get)?|i'?m after|"
    r"(?:swap|exchange|change|switch) (?:it|them) (?:for|to|into)|instead|please|pls|one|ones)\b"
)
#: a tail that is another request, not a reason or a wish
_ANOTHER_REQUEST = re.compile(
    r"\b(?:find|search|show|add|buy|cart|basket|cancel|track|where|also|and then)\b"
)


def _after_item(text: str) -> tuple[str, str]:
    """The line's head (the item's name) and what follows it ('… , it leaks', '… , I want a
    blue one'); a tail that asks something else keeps the line whole, so it names no item."""
    parts = _TAIL.split(text, maxsplit=1)
    if len(parts) == 1 or _ANOTHER_REQUEST.search(parts[1]):
        return text, ""
    return parts[0], parts[1]


def asked(memory: Memory, turn: int) -> dict[str, Any] | None:
    """The return or exchange the customer asked for on the turn before this one, or None."""
    last = memory.get("change_asked")
    if isinstance(last, dict) and last.get("turn") == turn - 1:
        return dict(last)
    return None


def remember(memory: Memory, intent: Intent, turn: int) -> None:
    """Keep a return or exchange asked for this turn: the next line may name its item."""
    p = intent.params
    kind = p.get("kind") if intent.kind == "change_which" else intent.kind
    if kind in _CHANGES and intent.kind in ("change_which", *_CHANGES):
        memory["change_asked"] = {
            "turn": turn,
            "kind": kind,
            "method": p.get("method"),
            "new": p.get("new") or [],
        }
    elif intent.kind not in ("change_order_given", "change_item_pick", "empty"):
        memory.pop("change_asked", None)


def as_item(line: str, intent: Intent, change: dict[str, Any] | None) -> Intent | None:
    """The change continued with the item the line names, or None: not an item's name."""
    given = intent.kind == "change_order_given"  # 'the kettle from W…': an order and an item
    if change is None or (intent.kind not in _READ_AS and not given):
        return None
    text = " ".join(line.lower().replace("\u2019", "'").split()).rstrip("?!. ")
    if _MORE.search(text):  # 'and the mug too': one more item, not the item instead
        return None
    head, tail = _after_item(text)
    bare = _BARE_ITEM.match(head)
    named = words(bare.group("item")) if bare else []
    if not named or len(named) > 4 or any(w in _NOT_AN_ITEM for w in named):
        return None
    order = ORDER_ID.search(line)
    order_id = f"#W{order.group(1)}" if order else ""
    if change["kind"] == "order_return":
        params: dict[str, Any] = {**return_params(" ".join(named), order_id)}
        params["method"] = change.get("method")
    else:
        wished = words(_WISH.sub(" ", tail))  # 'the yoga mat, I want a blue one'
        params = {"order_id": order_id, "old": named, "new": wished or change.get("new") or []}
        params["method"] = change.get("method")
    if order_id:
        return Intent(change["kind"], params)
    otherwise = {"kind": intent.kind, "params": intent.params}  # no order holds it
    return Intent(
        "change_which",
        {
            **params,
            "kind": change["kind"],
            "it": False,
            "order_item": named,
            "otherwise": otherwise,
        },
    )
