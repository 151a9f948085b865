"""Questions about an order, answered from the order read: what it or an item in it cost ('how
much did I pay for the office chair'), what paid for it ('did I pay with paypal or my card',
'which card did that go on'), and whether it is in a state the customer heard of ('my tablet
order was cancelled?? is that true', 'did you cancel my order?'). Each is a read: never a
change of payment, a checkout, a cancellation or a search.
"""

from __future__ import annotations

import re
from typing import Any

from agentcli.conversation.wording import describe_method, describe_options, money
from agentcli.planners.rules.order_finder import item_words
from agentcli.planners.rules.phrases import ORDER_ID, Intent

#: what paid for an order, asked: 'did I pay with paypal or my card', 'what card did I use'
METHOD_ASKED = re.compile(
    r"\b(?:did|have) (?:i|we) (?:pay|paid)\b.*\b(?:with|by|using|via|on)\b.*\bor\b|"
    r"\b(?:what|which) (?:card|payment(?: method)?|method|account)\b.{0,40}"
    r"\b(?:did|was|were|have|has)\b.{0,40}\b(?:pay|paid|use|used|charge|charged|bill|billed|go on|"
    r"went on|put on|go to|went to)\b|"
    r"\b(?:what|which) (?:card|payment(?: method)?|method|account) (?:got|was|were) (?:charged|"
    r"billed|used)\b|"
    r"\bwhat (?:i|we) paid\b.{0,40}\bwith\b|"
    r"\bwhich of (?:my|the|our) (?:cards|payment methods|methods|accounts)\b.{0,30}"
    r"\b(?:paid|was used|were used|charged|got charged|was charged|covered)\b|"
    r"\b(?:what|which) (?:card|payment(?: method)?|method|account) (?:is|was) (?:my|the|that|this|"
    r"order)\b.{0,40}\b(?:on|paid with|charged to|billed to)$|"
    r"\b(?:what|which) (?:card|payment(?: method)?|method|account) did (?:i|we) (?:put|pay|use|"
    r"charge|bill)\b|"
    r"\b(?:what|which) (?:card|payment(?: method)?|method|account) (?:i|we) (?:paid|pay|used|"
    r"use|put|charged|went with)\b|"
    r"\b(?:what|which) (?:card|payment(?: method)?|method|account) (?:is|was|are|were) (?:on|for|"
    r"attached to|linked to|used for|used on|behind)\b(?! file\b| (?:my|the|our) account\b)|"
    r"\bdid (?:the|my|that|this|it|those|they)\b.{0,40}\b(?:go|get (?:put|charged|billed)) "
    r"(?:on|to|through) (?:my |the )?(?:gift ?card|card|credit card|paypal|visa|mastercard|amex|"
    r"discover)\b|"
    r"\bhow (?:(?:did|have) (?:i|we) (?:pay|paid)|(?:i|we) paid)\b|"
    r"\bhow (?:was|were|is) .{0,40}\bpaid\b|"
    r"\bwhat did (?:i|we) (?:pay|use to pay)(?: for)?\b.{0,40}\b(?:with|by|using)$|"
    r"\bwhat did (?:i|we) (?:pay|use to pay) (?:with|by|using)\b|"
    r"\b(?:was|were) (?:it|that|this|they|my|the|order|#?w\d{7})\b.{0,40}"
    r"\b(?:paid|charged|billed|put) (?:with|by|to|on|via|using|through)\b"
)
#: what an order or an item in it cost, asked: 'how much did I pay for …', 'what did it cost'
PAID_ASKED = re.compile(
    r"\bhow much (?:(?:did|have|had) (?:i|we)|(?:i|we)(?= paid| spent)) (?:end(?:ed)? up )?"
    r"(?:pay|paid|paying|spend|spent|"
    r"spending|get charged|been charged|getting charged)\b|"
    r"\bhow much (?:was|were) (?:i|we) (?:charged|billed)\b|"
    r"\bhow much did .{1,40}\b(?:cost|come to|set (?:me|us) back)\b|"
    r"\bwhat (?:did|have) (?:i|we) (?:end(?:ed)? up )?(?:pay|paid|paying|spend|spent|spending)\b|"
    r"\bwhat did .{1,40}\b(?:cost|come to|set (?:me|us) back)\b|"
    r"\bwhat (?:was|were) (?:i|we) (?:charged|billed)\b|"
    r"\b(?:how much|what)(?: was| were| is|'s| are) (?:the (?:total|price|cost|amount) (?:of|for|"
    r"on) )?(?:my|the|that|this) .{0,40}\b(?:order|purchase)\b|"
    r"\bhow much (?:was|were) (?:the|my|that|those) .{1,30}\b(?:i|we) (?:ordered|bought|"
    r"purchased|got)\b|"
    r"\bwhat (?:was|were) the (?:total|price|cost|amount) (?:of|for|on) (?:my\b|(?:the|that|this) "
    r"order\b|order)"
)
#: a state the customer heard the order is in, asked: 'was it cancelled?', 'did you cancel …'
STATE_ASKED = re.compile(
    r"\b(?:was|were|has|have|got|been|is|are|it'?s|they'?re)\b(?: \S+){0,4}? "
    r"(?:really |actually |just )?(?:cancell?ed|refunded)\b|"
    r"\bdid (?:you|u|someone|somebody|the shop|they)(?: guys)?(?: \S+)? cancel\b|"
    r"\b(?:why|how come)\b.{0,40}\b(?:cancell?ed|cancel)\b|"
    r"\b(?:says?|shows?|showing|marked|listed)(?: as| it'?s| it is)? (?:cancell?ed|refunded)\b"
)
#: a surprise or a doubt: 'is that true', 'really?', 'how come'
DOUBT = re.compile(
    r"\?|\b(?:is (?:that|it|this) (?:true|right|correct|real|so)|really|actually|why|how come|"
    r"what happened|what'?s (?:going on|happened|up with)|huh|wtf|seriously|"
    r"i (?:didn'?t|did not|never) (?:ask|want|request)|without (?:asking|telling))\b|"
    r"^(?:\w+ )?(?:was|were|has|have|did|is)\b"
)
#: a wish for a write beside the question: the line is a request, not a question
WISH = re.compile(
    r"\b(?:change|switch|update|swap|instead|rather|move|want|wanna|need|would like|'?d like|"
    r"can (?:i|you|u)|could (?:i|you|u)|please|pls|return|exchange|send (?:it|them) back)\b"
)
#: the item a question names: 'pay for the office chair', 'did my headphones cost', 'what card
#: did the lamp go on'
_ASKED_ITEM = re.compile(
    r"\b(?:for|on) (?:the |my |that |this |those |these |a |an )(?P<after>[a-z][a-z' -]*?)"
    r"(?=$|[,.;!?]| (?:i|we|in|from|on|last|order|with|by|back|and|when|that|go|went)\b)|"
    r"\b(?:did|was|were|is|are) (?:the |my |that |this |those |these )(?P<subject>[a-z][a-z' -]*?) "
    r"(?:cost|come to|set (?:me|us) back|go on|get (?:paid|charged|billed|put)|paid|charged|"
    r"billed|put|(?:that |which )?(?:i|we) (?:ordered|bought|purchased|got))\b"
)
#: words that name an order, or nothing at all, not an item of it
_NO_ITEM = frozenset(
    "order orders it that this them those these purchase purchases everything all stuff total "
    "last latest recent previous".split()
)


def read(line: str, text: str) -> Intent | None:
    """The order question a line asks (`text` is its normalised form), or None."""
    asked = _asked(line, text)
    if asked is None:
        return None
    order = ORDER_ID.search(line)
    item = _item(text)
    of_item = asked == "paid" and not re.search(rf"\b{' '.join(item)} (?:order|purchase)", text)
    params: dict[str, Any] = {"asked": asked, "asked_item": item if of_item else []}
    if order:
        return Intent("order_status", {"order_id": f"#W{order.group(1)}", **params})
    held = item or item_words(text)
    if not held and asked in ("cancelled", "refunded"):
        return None  # 'what was cancelled?': no order named, the orders in that state are listed
    return Intent("order_status", {"order_id": None, "order_item": held, **params})


#: a question asked politely, which is no wish for a write: 'could you tell me', 'I'd like to know'
POLITE_ASK = re.compile(
    r"\b(?:(?:can|could|would|will) (?:you|u)(?: please| pls)? (?:tell|show|remind|let)(?: me)?"
    r"(?: know)?|(?:i|we)(?: want| need| would like|'d like| wanna) to (?:know|check|find out|"
    r"confirm)|(?:i|we) wanna know|(?:^|please )(?:tell|remind) me|do you know)\b"
)


def _asked(line: str, text: str) -> str | None:
    """What is asked of the order: 'method', 'paid', or a state heard of ('cancelled',
    'refunded'); None when it is no question or a write is wished beside it."""
    if WISH.search(POLITE_ASK.sub(" ", text)):
        return None
    if METHOD_ASKED.search(text):
        return "method"
    if PAID_ASKED.search(text) and not re.search(r"\b(?:tracking|status)\b", text):
        return "paid"  # 'what's the tracking on my puzzle order' asks where it is
    named_by_state = re.search(
        r"\b(?:my|the|that|this) (?:cancell?ed|refunded) (?:order|one)\b", text
    )
    if STATE_ASKED.search(text) and DOUBT.search(line.lower()) and not named_by_state:
        return "refunded" if re.search(r"\brefund", text) else "cancelled"
    return None


def _item(text: str) -> list[str]:
    """The words of the item a question names ('the office chair'), or []."""
    m = _ASKED_ITEM.search(text)
    if m is None:
        return []
    said = (m.group("after") or m.group("subject") or "").split()
    words = [w for w in said if w not in _NO_ITEM]
    return words[:3] if len(words) == len(said) else []


def answer(order: dict[str, Any], asked: dict[str, Any], methods: dict[str, Any]) -> str:
    """The answer to the question asked, from the order read, led by what was asked; the
    order's details follow it."""
    history = order.get("payment_history") or []
    paid = [p for p in history if p.get("transaction_type") == "payment"]
    if asked["asked"] == "method":
        used = list(dict.fromkeys(str(p.get("payment_method_id")) for p in paid))
        named = [describe_method(methods[m]) if m in methods else m for m in used]
        return f"Order {order['order_id']} was paid with {' and '.join(named) or 'nothing yet'}."
    if asked["asked"] == "paid":
        lines = _items_named(order.get("items") or [], asked.get("item") or [])
        if lines:
            told = "; ".join(
                f"{money(i['price'])} for the {i['name']} ({describe_options(i['options'])})"
                for i in lines
            )
            return f"You paid {told} in order {order['order_id']}."
        total = sum(float(p.get("amount", 0.0)) for p in paid)
        return f"You paid {money(total)} for order {order['order_id']}."
    refunds = [p for p in history if p.get("transaction_type") == "refund"]
    refunded = sum(float(p.get("amount", 0.0)) for p in refunds)
    to = ", ".join(dict.fromkeys(str(p.get("payment_method_id")) for p in refunds))
    if asked["asked"] == "refunded":
        if refunded:
            return f"Yes: {money(refunded)} of order {order['order_id']} was refunded to {to}."
        return f"No: nothing of order {order['order_id']} has been refunded yet."
    if order.get("status") == "cancelled":
        back = f"; {money(refunded)} was refunded to {to}" if refunded else ""
        return f"Yes: order {order['order_id']} is cancelled{back}."
    return f"No: order {order['order_id']} is not cancelled."


def _items_named(items: list[dict[str, Any]], words: list[str]) -> list[dict[str, Any]]:
    """The order's items whose name holds every word not found among its option values."""
    if not words:
        return []
    return [
        i
        for i in items
        if any(_stem(w) in str(i.get("name", "")).lower() for w in words)
        and all(
            _stem(w) in f"{i.get('name', '')} {' '.join(map(str, i['options'].values()))}".lower()
            for w in words
        )
    ]


def _stem(word: str) -> str:
    return re.sub(r"(?:es|s)$", "", word) if len(word) > 3 else word
