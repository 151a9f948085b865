"""A cancellation said without the word 'cancel': 'stop my order from shipping', 'call it off',
'don't send order #W…', 'kill that order', 'I no longer need order #W…'."""

from __future__ import annotations

import re

#: what a cancel verb acts on: an order by name or id, or its sending
_ORDERISH = (
    r"(?:(?:my|the|this|that|our|an|one|whole|entire) )*(?:order|shipment|delivery|package|parcel|"
    r"purchase)\b|#?w ?\d{7}\b"
)
#: up to three words naming what the order holds ('the tea kettle order'), never a change to
#: it ('undo the exchange on order …') or a preposition that leaves the order
_ITEM_WORDS = (
    r"(?:(?!(?:on|in|for|of|to|from|with|about|at|by|return|exchange|change|swap|address|"
    r"payment|refund|request)\b)[\w-]+ ){0,3}?"
)
#: a pronoun stands for the order only when the line names one
_IT = r"(?:it|that|this|them|the thing)\b"
#: verbs that end an order before it leaves: 'halt', 'call off', 'kill', 'scrap', 'abort'
_ENDING = r"(?:stop|halt|kill|scrap|abort|axe|nix|ditch|void|withdraw|retract|undo|call off)"
#: the order kept from leaving: 'stop it from shipping', 'don't send it', 'do not dispatch …'
_NOT_SENT = (
    r"\b(?:stop|halt|block|prevent|keep)\b.{0,40}\bfrom (?:shipping|being (?:sent|shipped|"
    r"dispatched|delivered|processed)|going out|leaving|getting sent)\b|"
    r"\b(?:don'?t|do not|dont|please don'?t|no need to|never) (?:send|ship|dispatch|deliver|"
    r"process)\b(?! (?:it |them |this |that )?back\b)"
)


#: the order wished cancelled, in the passive: 'I need order #W… cancelled', 'can you get my
#: order cancelled', 'I want it to be cancelled'; never a cancel told as done ('I cancelled …')
_WISHED = r"\b(?:need|want|wanna|like|get|have|please)\b"
_PASSIVE = r"(?:to be |be |have been |get )?cancell?ed\b"


def says_cancel(text: str, order_named: bool) -> bool:
    """Whether the line asks to cancel an order in other words; `order_named`: it gives an id,
    so 'it' is that order."""
    target = f"(?:{_ORDERISH}|{_IT})" if order_named else _ORDERISH
    return bool(
        re.search(rf"\b{_ENDING}\b (?:(?:my|the|this|that|our) )?{_ITEM_WORDS}{target}", text)
        or re.search(rf"\bcall (?:(?:{target})\s*){{1,2}}off\b", text)
        or re.search(_NOT_SENT, text)
        and (order_named or re.search(_ORDERISH, text))
        or re.search(
            rf"{_WISHED} (?:(?:my|the|this|that|our) )?{_ITEM_WORDS}{target} {_PASSIVE}", text
        )
        or re.search(
            rf"\b(?:no longer|don'?t|do not|dont) (?:need|want|require) (?:{_ORDERISH})", text
        )
    )
