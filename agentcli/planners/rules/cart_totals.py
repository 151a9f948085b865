"""The cart's total asked in everyday words: "how much is my cart coming to now?", "what's
the damage so far", "what does it all add up to", "what do I owe so far".

A clerk answers these by reading the cart: its lines and their total. A total asked of an
order ("what was the total of my last order") or of something paid already ("how much did I
spend") is no cart question, and a price asked of one item ("how much is that") is a
product's price.
"""

from __future__ import annotations

import re

from agentcli.planners.rules.search_words import names_cart

#: what a total is called when no cart is named: 'the total so far', 'the damage', 'subtotal'
_TOTAL_WORDS = re.compile(
    r"\b(?:(?:grand|running|final) )?(?:total|subtotal|sub-total|tally|damage)\b"
)
#: a question about what everything together costs: 'how much does it all come to', 'what's it
#: all add up to', 'how much are we at now', 'what do i owe so far'
_ALL_TOGETHER = re.compile(
    r"\b(?:how much|what)\b.*\b(?:come|comes|coming|add|adds|adding) (?:up )?to\b|"
    r"\bhow much (?:is|are|does|do|will|would|'s) (?:it|that|this|they|them|everything|all|"
    r"the lot|these|those)(?: (?:all|together|things|stuff|items))?"
    r"(?: (?:come to|cost|be|total|run))?(?: (?:altogether|all together|in total|total|"
    r"so far|together|combined|all up|all in))\b|"
    r"\bhow much (?:am i|are we|am i at|are we at|am i spending|are we spending)"
    r"(?: at| spending| paying)?(?: (?:now|so far|in total|altogether|all up|all in))?$|"
    r"\bhow much (?:is|'s|will be|would be) all (?:of )?(?:that|this|it)$|"
    r"\bhow much (?:is|are|will|would) (?:everything|it all|all of it|all that|all this|the lot)"
    r"(?: (?:going to|gonna))? (?:cost|be|come to|run(?: me| us)?|set (?:me|us) back)\b|"
    r"\b(?:what|how much) (?:do|will|would) (?:i|we) owe\b|"
    r"^(?:how much )?(?:altogether|all together|in total)$"
)
#: a question: a total asked, never a total said ('I need 2 total')
_ASKING = re.compile(
    r"^(?:so |and |ok |okay )?(?:how much|what|whats|what's|where|tell me|give me|show me|"
    r"can you|could you|can i|could i|remind me|let me|total|subtotal|cart|basket|my|the)\b"
)
#: money that is spent already, or an order's: no cart question
_ELSEWHERE = re.compile(
    r"\b(?:orders?|#?w\d{7}|paid|spent|spend|did|was|were|refund\w*|booking|trip|hotel|flight|"
    r"return\w*|exchange\w*|shipping|delivery|tax|taxes)\b"
)


def asks_total(text: str) -> bool:
    """Whether the line asks what the cart comes to."""
    if _ELSEWHERE.search(text) or not _ASKING.search(text):
        return False
    if _ALL_TOGETHER.search(text):
        return True
    return bool(_TOTAL_WORDS.search(text)) and (
        names_cart(text)
        or bool(
            re.search(r"\b(?:so far|now|at|right now|currently|then)$|^(?:total|subtotal)", text)
        )
        or bool(re.fullmatch(r"(?:what'?s|what is|whats) (?:my|the|our) (?:\w+ )?\w+", text))
        or bool(re.search(r"\b(?:my|our) (?:\w+ )?(?:total|subtotal|tally)$", text))
    )
