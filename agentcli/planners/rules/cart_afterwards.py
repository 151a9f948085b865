"""A cart change with a look at the cart asked after it, in one line: "add the second clock
and also view my cart afterwards", "put 2 in my basket then show me the basket", "add it and
tell me the total", "add it, and how much is my cart now?". The change goes first; once it is
done the cart is read and shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: the intents the look at the cart may follow
CHANGES = frozenset({"add", "remove", "set_quantity"})
#: the clause that asks to see the cart after the change, at the line's end
_THEN_CART = re.compile(
    r"(?:\s*(?:,|;|\.|!|&|\+|-|\band\b|\bthen\b|\bafter(?:wards| that)?\b|\bso\b))+\s*"
    r"(?:(?:also|then|please|pls|plz|just|can you|could you|would you|will you|and)\s+)*"
    r"(?:(?:view|show|see|check|display|open|pull up|bring up|give|tell|read)(?: me| us)?|"
    r"let me (?:see|check|know)|what'?s|what is|how much is)\s+"
    r"(?:(?:my|the|our)\s+)?(?:(?:whole|full|updated|new)\s+)?"
    r"(?:(?:cart|basket|trolley|bag)(?:\s+(?:total|contents|now|again))?|total|(?:new |cart |"
    r"basket )?total|what'?s in (?:my|the) (?:cart|basket|trolley)|(?:cart|basket) looks? like)"
    r"(?:\s+(?:afterwards|after(?: that)?|then|too|as well|now|please|pls|again|once done|"
    r"when (?:you'?re|done)|is))*"
    r"\s*[.!?]*\s*$",
    re.IGNORECASE,
)


#: the words a look at the cart is asked in, one of them at least
_CARTISH = re.compile(
    r"\b(?:cart|basket|trolley|bag|total|subtotal|tally|damage|owe|altogether|all together|"
    r"add(?:s|ing)? up|come(?:s)? to|coming to)\b",
    re.IGNORECASE,
)
#: where a second request may start: 'add it, and how much is my cart now?'
_JOINER = re.compile(
    r"(?:\s*(?:,|;|&|\band\b|\bthen\b|\bafter(?:wards| that)?\b|\balso\b))+\s*", re.IGNORECASE
)


def change_before(text: str, read: Callable[[str], str]) -> str | None:
    """The change a line asks for before its look at the cart, or None when it asks for none;
    `read` names the kind of request a part of the line is on its own ('view_cart')."""
    if not _CARTISH.search(text):  # most lines: no cart named, nothing to split
        return None
    m = _THEN_CART.search(text)
    if m is not None and m.start() > 0:
        return text[: m.start()].strip(" ,;.-") or None
    for joint in list(_JOINER.finditer(text))[-3:][::-1]:  # the look comes last
        before, after = text[: joint.start()].strip(" ,;.-"), text[joint.end() :]
        if before and _CARTISH.search(after) and read(after) == "view_cart":
            return before
    return None
