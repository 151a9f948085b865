"""An order's payment changed by naming the item bought and the method it leaves.

"I'd rather pay for the skateboard with my visa than with paypal", "put the lamp on my
mastercard instead of paypal", "swap paypal for my visa on the kettle": no word 'order', yet
a method said with the one it replaces is about how something already bought is paid, and the
item names which order.
"""

from __future__ import annotations

import re

from agentcli.planners.rules.phrases import leaves_a_method

_METHOD = r"(?:gift ?card|credit card|debit card|card|paypal|pay pal|visa|mastercard|amex|discover)"
_DET = r"(?:the|my|that|this|those|these|our)"
#: words that end an item's name or are none
_STOP = (
    rf"(?:{_METHOD}|it|them|everything|cart|basket|order|with|by|on|onto|to|than|instead|rather|"
    r"using|via|not|and|but|please|pls|go|be|should|can|could|will|one|ones|lot|all|stuff|"
    r"things?|purchase|time|bill|total|from|over|off|for)\b"
)
#: the words after an item named with 'for' or 'on': 'for the office chair I'd prefer …'
_ENDS = r"(?:please|pls|thanks|i|i'?d|can|could|would|instead|rather|not|but)\b"
#: the words of an item up to the method words or a joiner: 'the skateboard', 'my desk lamp'
_ITEM = rf"(?P<item>(?!{_STOP})[a-z][a-z'-]*(?: (?!{_STOP})[a-z][a-z'-]*)?)"
#: 'pay for the skateboard', 'charge the lamp', 'put the kettle on', 'the kettle should go on',
#: 'for the office chair, …' or '… on the skateboard' said before or after the methods
PAID_ITEM = (
    re.compile(
        r"\b(?:pay(?:ing)? for|charg(?:e|ing)|bill(?:ing)?|put(?:ting)?|mov(?:e|ing)|"
        r"switch(?:ing)?|chang(?:e|ing)) "
        rf"{_DET} {_ITEM}"
    ),
    re.compile(
        rf"\b{_DET} {_ITEM} (?:(?:should|can|could|to|will) )?(?:go|be charged|be paid|be billed)\b"
    ),
    re.compile(rf"\b(?:for|on) {_DET} {_ITEM}(?=\s*(?:[,.!?;]|$|{_ENDS}))"),
    re.compile(rf"\b{_DET} {_ITEM} (?:charged|billed|paid for|put) (?:to|on|with|onto)\b"),
    re.compile(rf"^(?:and |so |oh |ok |okay )?{_DET} {_ITEM}\s*[,:-]"),
)
#: a new purchase paid another way is a checkout, not a change: 'buy the lamp with my visa'
_BUYING = re.compile(r"\b(?:buy|purchase|order it|get it|grab|add|check ?out|cart|basket)\b")


def paid_item(text: str) -> list[str]:
    """The item a payment change names the order by, when the line replaces one method with
    another and buys nothing new; [] otherwise."""
    if _BUYING.search(text) or not leaves_a_method(text):
        return []
    found = next((m for m in (p.search(text) for p in PAID_ITEM) if m), None)
    return found.group("item").split() if found else []
