"""A count put in the cart with no item named: what is in view, or the list's item named by
its kind ('put 2 in my basket', "I'll take 2", 'chuck 3 of the kettles in the cart').

Such a line names no product to look for: its only words are a verb, a count and the cart,
so reading it as a search finds nothing ("We don't sell 'put 2 basket'").
"""

from __future__ import annotations

import re

from agentcli.planners.rules.reading import IN_CART, NUMBERS, quantity
from agentcli.planners.rules.search_words import CART_VERBS, query_words

#: words of a counted add that name no product
_NO_PRODUCT = frozenset(
    """
    ill i'll id i'd we'll well gimme lemme gonna wanna gotta please pls plz thanks thx ta cheers
    those these them em 'em x more sure yeah yes yep ok okay great perfect lovely then have
    """.split()
)
#: a count of the list's items named by their kind: '2 of the kettles', 'three of those mugs'
COUNT_OF = re.compile(
    r"\b(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+(?:x\s+)?of\s+"
    r"(?:the|those|these|them|your)\b"
)


def counted_add(text: str) -> bool:
    """Whether the line puts a count in the cart and names nothing else to find."""
    if quantity(text) is None:
        return False
    if COUNT_OF.search(text):
        return True
    rest = re.sub(IN_CART, " ", text)
    left = [
        w
        for w in query_words(rest)
        if w not in CART_VERBS and w not in _NO_PRODUCT and not w.isdigit() and w not in NUMBERS
    ]
    return not left
