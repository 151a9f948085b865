"""The small readings every intent parser shares: the Intent, ordinals, payment hints, reasons."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from typing import Any

#: an order's id as people write it: '#W8073958', 'w 8073958'
ORDER_ID = re.compile(r"#?\s*\b[wW]\s?(\d{7})\b")
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "last": -1,
}
METHOD_WORDS = {
    "gift card": "gift_card",
    "giftcard": "gift_card",
    "gift": "gift_card",
    "paypal": "paypal",
    "pay pal": "paypal",
    "credit card": "credit_card",
    "card": "credit_card",
    "visa": "credit_card",
    "mastercard": "credit_card",
    "amex": "credit_card",
    "discover": "credit_card",
}


@dataclass
class Intent:
    kind: str
    params: dict[str, Any] = field(default_factory=dict)


def ordinal(text: str) -> int | None:
    """'the second one' → 2, 'number 3' / '#3' / 'no. 3' → 3, 'the last one' → -1."""
    for word, n in ORDINALS.items():
        if re.search(rf"\b{word}\b", text):
            return n
    m = re.search(r"\b(\d)(?:st|nd|rd|th)\b", text) or re.search(
        r"(?:number|no\.?|#|option|item)\s*(\d{1,2})\b", text
    )
    return int(m.group(1)) if m else None


#: the method being left: 'paypal instead of the gift card', 'not the visa', 'from paypal to …',
#: 'with my visa than with paypal', 'swap paypal for my visa', 'i paid … with the gift card but
#: want paypal'
_LEFT_METHOD = re.compile(
    r"(?:\b(?:instead of|rather than|than|in place of|not|from|off|away from|over(?! on\b)|"
    r"(?:swap(?:ping|ped|s)?|switch(?:ing|ed|es)?|replac(?:e|ing|ed)|trad(?:e|ing|ed)|"
    r"ditch(?:ing|ed)?|drop(?:ping|ped)?|chang(?:e|ing|ed))(?: out| over)?)|(?P<paid>"
    r"(?<!be )(?<!been )\bpaid(?: \S+){0,2}? (?:with|by|using|via|on)))\s+(?:on |with |by )?"
    r"(?:the |my |a |that |this )?(?:original |old |current |existing )?"
    r"(gift ?card|credit card|debit card|card|paypal|pay pal|visa|mastercard|amex|discover)\b"
    r"(?:\s+ending(?:\s+in)?\s+\d{4})?"
)


#: a wish to pay for the cart now: 'checkout', 'ring it up', 'place the order', 'pay now'
CHECKOUT = re.compile(
    r"\b(check ?out|check (?:me|us) out|ring (?:it|them|me|us|everything|this) up|"
    r"cash out|(?:go|head|move|take me) to (?:the )?(?:checkout|payment)|"
    r"place (the |my |an )?order|pay for|complete (the |my )?"
    r"(order|purchase)|buy (it|them|everything|all) now|ready to (pay|order|buy|check)|"
    r"proceed to (payment|checkout)|pay now|finish (my |the )?(order|purchase)|"
    r"(?:i'?d like|(?<!n't )(?<!not )want) to pay(?! (?:more|over|above|beyond|past|up to|"
    r"at most|much|a lot|\$?\d))|let'?s pay|that'?s all,? (i'?ll|let'?s) pay|"
    r"order (it|them|everything) now|wrap (it|this|things) up|i'?m done shopping|"
    r"that'?s (?:all|everything|it),? (?:i'?ll|let'?s|please) (?:check ?out|pay|order)|"
    r"how (?:do|can|shall|should) (?:i|we) (?:pay|check ?out|order (?:it|this|them))|"
    r"get (?:it|this|them|that|everything) ordered)\b"
)


def payment_hint(text: str) -> dict[str, str] | None:
    """The payment method a line asks for ('gift card', 'my visa ending 1234'); a method it
    leaves ('… instead of the gift card') is no hint when another is named."""
    for weak in (False, True):  # 'instead of …' first, then 'paid with …'
        kept = _LEFT_METHOD.sub(partial(_left_out, weak), text)
        if kept != text and _hint(kept) is not None:
            return _hint(kept)
    return _hint(text)


def leaves_a_method(text: str) -> bool:
    """Whether the line names a method together with the one it replaces ('with my visa than
    with paypal', 'swap paypal for the gift card', 'not paypal but my visa')."""
    kept = _LEFT_METHOD.sub(partial(_left_out, False), text)
    return kept != text and _hint(kept) is not None


def _left_out(weak: bool, m: re.Match[str]) -> str:
    """A left method taken out of the line, the weak kind ('paid with …') or the strong."""
    return " " if bool(m.group("paid")) == weak else m.group(0)


#: a method named as the way to pay: 'pay … with paypal', 'use my visa', 'put it on the card'
_ASKED_METHOD = re.compile(
    r"\b(?:with|by|using|via|through|on|onto|to|use|prefer|rather)\s+(?:the |my |a |our )?"
    r"(gift ?card|credit card|debit card|card|paypal|pay pal|visa|mastercard|amex|discover)\b"
    r"(?:\s+card)?(?:\s+ending(?:\s+in)?\s+\d{4})?"
)


def _hint(text: str) -> dict[str, str] | None:
    asked = {METHOD_WORDS.get(m, "credit_card") for m in _ASKED_METHOD.findall(text)}
    named = {METHOD_WORDS[p] for p in METHOD_WORDS if re.search(rf"\b{re.escape(p)}\b", text)}
    first = _ASKED_METHOD.search(text)
    if first and len(asked) == 1 and len(named) > 1:  # '… with paypal, the gift card was for …'
        text = first.group(0)
    for phrase in sorted(METHOD_WORDS, key=len, reverse=True):
        if re.search(rf"\b{re.escape(phrase)}\b", text):
            hint = {"source": METHOD_WORDS[phrase]}
            brand = re.search(r"\b(visa|mastercard|amex|discover)\b", text)
            if brand:
                hint["brand"] = brand.group(1)
            last4 = re.search(r"\b(\d{4})\b", text)
            if last4:
                hint["last_four"] = last4.group(1)
            return hint
    digits = _CARD_DIGITS.search(text)  # 'the one ending 9135': only a card has last digits
    return {"source": "credit_card", "last_four": digits.group(1)} if digits else None


#: a card named by its last digits alone: 'the one ending in 9135', 'the one that ends with 4757'
_CARD_DIGITS = re.compile(r"\b(?:ending|ends)(?: in| with)? (\d{4})\b")


def cancel_reason(text: str) -> str | None:
    """'ordered by mistake' or 'no longer needed', when the line gives one of them."""
    if re.search(
        r"mistake|by accident|accidentally|\ban accident\b|\b(?:by|an) oversight\b|"
        r"\binadvertent(?:ly)?\b|\bunintentional(?:ly)?\b|\bunknowingly\b|"
        r"\b(?:booked|ordered|placed|bought|purchased|selected) (?:\w+ )?wrongly\b|"
        r"\bwrongly (?:booked|ordered|placed|bought|purchased|selected)\b|"
        r"\bwrong (?:item|size|colou?r|one|thing|product|variant|model|version|type)|"
        r"\b(?:order\w*|bought|buy|got|picked|chose|click\w*|purchas\w*|select\w*)\b(?: \w+){0,2} "
        r"the "
        r"wrong\b|mistakenly|"
        r"(?:didn'?t|did not|never|not|dont|don'?t) (?:meant|mean|intend(?:ed)?) to|"
        r"\b(?:i|we) (?:never|didn'?t|did not) (?:order|ordered|buy|bought|purchase|purchased|"
        r"place|placed)\b|\b(?:i|we) never wanted\b|"
        r"by error|in error|double[- ]?(?:ordered|order|"
        r"click(?:ed)?|bought|booked|charged)|duplicate|"
        r"\b(?:order(?:ed|ing)?|bought|buy(?:ing)?|purchas(?:e|ed|ing)|plac(?:ed|ing)|paid|"
        r"click(?:ed|ing)?|hit(?:ting)?|press(?:ed|ing)?|tap(?:ped|ping)?|submit(?:ted|ting)?|"
        r"check(?:ed|ing) out)\b(?: \S+){0,4}? (?:twice|two times|2 times|again by)\b",
        text,
    ):
        return "ordered by mistake"
    if re.search(
        r"no longer (?:need|require|want)|don'?t (?:need|require)|do not (?:need|require)|"
        r"not needed|not required|changed my mind|"
        r"\b(?:isn'?t|is not|aren'?t|are not|won'?t be|will not be|no longer) (?:really |even )?"
        r"(?:needed|required|wanted|necessary)\b|\b(?:won'?t|will not|wont) (?:be needing|need)\b|"
        r"\bno (?:more )?use for\b|\b(?:can|could) do without\b|\bchange of plans?\b|"
        r"\bplans? (?:have |has )?changed\b|\bchanged (?:my|our) plans?\b|"
        r"\b(?:event|party|function|occasion|wedding|programme|program) (?:got |was |"
        r"has been |is )?(?:cancell?ed|postponed|called off)\b|"
        r"\bplans? (?:got |was |were |is |are |has been |have been )?(?:dropped|cancell?ed|"
        r"called off|postponed|shelved|scrapped)\b|"
        # formal: 'as the requirement is no longer there', 'no further requirement for it'
        r"\b(?:requirement|necessity|need)s? (?:\w+ ){0,3}?(?:(?:is|are|was) (?:no longer|not) "
        r"(?:there|present|required)|(?:is|are|has|have|got|was) (?:been )?(?:over|gone|passed|"
        r"finished|fulfilled|met|served|cancell?ed|dropped))\b|"
        r"\bno (?:more |further |longer (?:any )?)?(?:requirement|necessity)\b|"
        r"\bno (?:more|further) (?:need|use)\b|\bno more (?:required|requir(?:e|ed)|needed)\b|"
        r"\b(?:no more|no longer) (?:need|require|want)s?\b|"
        r"\bno longer (?:of (?:any )?use|useful|relevant)\b|\bpurpose (?:is|has been) served\b|"
        r"\b(?:not|no|never|doesn'?t|does not|didn'?t) (?:really |even )?(?:need|needed|"
        r"want|wanted|use|using) (?:it|them|this|that)? ?(?:anymore|any more|no more|now)\b|"
        r"\bi (?:not|no) (?:need|want)\b|\bno need (?:for )?(?:it|them|this|that)?\b|"
        r"\b(?:need|want|use) (?:it|them|this|that) (?:no more|not anymore)\b|"
        r"(don'?t|do not|no longer) want (it|them|this|that)\b|"
        # 'i dont want W5815923 anymore', 'we don't need the lamp any longer'
        r"\b(?:don'?t|do not|doesn'?t|does not|not) (?:really |even )?(?:want|need)(?: \S+){1,4}? "
        r"(?:anymore|any more|no more|any longer)\b|"
        r"\b(?:not|never|no longer) (?:going to|gonna) (?:need|use|want)\b|"
        r"found (it|one|them|something|a \w+) (cheaper|elsewhere|somewhere else)|"
        r"\b(?:bought|purchased|got|ordered|sourced|picked up) (?:it|one|them|the same(?: \w+)?) "
        r"(?:(?:from|at|in) )?(?:elsewhere|somewhere else|another (?:shop|store|site|seller)|"
        r"locally|offline|a local \w+)\b|"
        # someone already got one: 'my husband already bought the same kettle'
        r"\balready (?:have|has|had|got|gotten|own|owns|bought|ordered|purchased|received|"
        r"found|picked up) (?:me |us |him |her )?"
        r"(?:one|it|them|the same|a |an |this|that|some|another)|"
        r"\b(?:got|received|was given|were given|been given|gifted) (?:one|it|them|the same \w+|"
        r"an? \w+) (?:elsewhere|somewhere else|as a (?:gift|present)|for (?:my|his|her) "
        r"(?:birthday|christmas))|\bsomeone (?:else )?(?:already )?(?:bought|got|gave)\b|"
        r"cheaper (elsewhere|somewhere else)|too (expensive|long|late|slow)|not interested",
        text,
    ):
        return "no longer needed"
    return None
