"""A refund asked of an order the customer cancelled, no order named: 'I cancelled an order a
while back, did the money go back onto my gift card?', 'never got my refund for the order I
cancelled'. The cancelled orders are read and the one found answers whether it was refunded;
it is a read, never a cancellation or a search."""

from __future__ import annotations

import re

from agentcli.planners.rules.phrases import ORDER_ID, Intent

#: a cancellation told as done: 'I cancelled an order', 'the order we canceled', 'my cancelled
#: order', 'after I cancelled'
TOLD_CANCELLED = re.compile(
    r"\b(?:i|we)(?: have|'ve| had|'d)? (?:already |just |recently )?cancell?ed\b|"
    r"\b(?:my|the|a|an|that|this|our) cancell?ed (?:order|purchase|one)\b|"
    r"\b(?:order|purchase|one) (?:that )?(?:i|we)(?: have|'ve| had)? cancell?ed\b|"
    r"\b(?:order|purchase) (?:was|got|has been) cancell?ed\b"
)
#: the money asked after: 'did the money go back', 'was I refunded', 'where is my refund',
#: 'has it been credited to my card'
REFUND_ASKED = re.compile(
    r"\brefund|\breimburs|\bcredited\b|\bmoney\b|\b(?:paid|charged) (?:back|again)\b|"
    r"\b(?:go|went|gone|come|came|get|got|been put|put|sent) back (?:on|onto|to|in|into)\b"
)
#: a question, not a wish: a question mark or a question word
QUESTION = re.compile(
    r"\?|\b(?:did|has|have|was|were|is|when|where|whether|if|any (?:news|update)|haven'?t|"
    r"hasn'?t|never|still)\b"
)


def read(line: str, text: str) -> Intent | None:
    """The refund asked of a cancelled order no id names, as a list of the cancelled orders
    with the refund answered; None when the line is no such question."""
    if ORDER_ID.search(line) or not TOLD_CANCELLED.search(text):
        return None
    if not REFUND_ASKED.search(text) or not QUESTION.search(line.lower()):
        return None
    return Intent("my_orders", {"state": "cancelled", "asked": "refunded"})
