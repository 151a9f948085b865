"""A cart change with a look at the cart asked after it, in one line: "add the second clock
and also view my cart afterwards", "put 2 in my basket then show me the basket", "add it and
tell me the total". The change goes first; once it is done the cart is read and shown.
"""

from __future__ import annotations

import re

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


def change_before(text: str) -> str | None:
    """The change a line asks for before its look at the cart, or None when it asks for none."""
    m = _THEN_CART.search(text)
    if m is None or m.start() == 0:
        return None
    before = text[: m.start()].strip(" ,;.-")
    return before or None
