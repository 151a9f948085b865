"""Reads order-change requests: returns, exchanges, item, address and payment changes.

"return the keyboard from order #W8032761", "exchange the keyboard in order #W8032761 for the
clicky one", "change the address of order #W8073958 to 12 Oak St, Apt 3, Austin, TX 78701",
"pay order #W8073958 with my credit card instead", "change my address to …", "tell me about
item 1234567890", "what kinds of products do you sell".
"""

from __future__ import annotations

import re
from typing import Any

from agentcli.conversation.answers import is_yes
from agentcli.planners.rules.addresses import parse_address
from agentcli.planners.rules.change_params import (
    ORDER_ID,
    groups,
    item_said,
    refund_method,
    return_params,
    swap_params,
    without_method,
    words,
)
from agentcli.planners.rules.method_swaps import paid_item
from agentcli.planners.rules.option_shifts import option_shift, paid_apart
from agentcli.planners.rules.order_finder import item_words
from agentcli.planners.rules.order_states import state_named
from agentcli.planners.rules.order_wishes import wish as item_wish
from agentcli.planners.rules.phrases import Intent, leaves_a_method, ordinal, payment_hint
from agentcli.planners.rules.reading import bare_position
from agentcli.planners.rules.swap_wishes import swap_wish

ITEM_ID = re.compile(r"\bitem\s*(?:id\s*)?#?\s*(\d{10})\b")
#: where an order goes, in any words: 'send … to my office: …', 'it should go to …'
SENDING = (
    r"\b(?:ship(?:ped|s)?|sen[dt]s?|deliver(?:ed|s)?|post(?:ed)?|mail(?:ed)?|redirect(?:ed)?|"
    r"forward(?:ed)?|re-?rout(?:e|ed)|dispatch(?:ed)?)\b.*\bto\b|"
    r"\b(?:go|goes|going|arrive|come|get delivered|be delivered|be sent|be shipped)\b.*\bto\b"
)
#: where an order goes, to be changed: 'can i change where my order goes', 'redirect it'
WHERE_IT_GOES = re.compile(
    r"\b(?:change|update|fix|correct|switch|edit)\b.{0,20}\bwhere (?:it|they|my \w+|the \w+|"
    r"this|that)(?:'s| is| are)? (?:goes|go|going|ships|shipped|ship|delivered|sent|heading|"
    r"headed)\b|\b(?:redirect|reroute|re-route)\b"
)
#: the customer's own address changed: 'i moved', 'we've relocated', 'my new place is …'
MOVED = (
    r"\b(?:i|we)(?:'ve| have)? (?:just )?(?:moved|relocated)\b|\bmoved house\b|"
    r"\bnew (?:home|place|house|flat|apartment)\b|\bi (?:now )?live (?:at|in)\b"
)
#: the method an order was paid with, changed with no order named: 'change payment method'
PAYMENT_CHANGE = re.compile(
    r"\b(?:change|switch|update|swap)\b.{0,30}\b(?:payment|billing|card|paid|pay)\b|"
    r"\b(?:payment|billing) (?:method|details|card|option)s?\b.{0,20}\b(?:change|update|switch)"
)
#: the method named as the one to change, and one named as the new one
LEAVING_METHOD = re.compile(
    r"\b(?:change|switch|update|swap)\s+(?:the |my |our )?(?:payment )?(?:card|payment|method)"
)
NEW_METHOD = re.compile(
    r"\b(?:to|with|by|for|onto|on|using|via)\s+(?:the |my |a |our )?(?:gift|credit|debit|card|"
    r"paypal|pay pal|visa|mastercard|amex|discover)"
)
#: a method the order leaves, said after the new one: 'instead of the mastercard', '… instead'
LEFT_METHOD = re.compile(
    r"\binstead\b|\b(?:rather than|in place of|not)\s+(?:the |my |our )?(?:gift ?card|"
    r"credit card|debit card|card|paypal|pay pal|visa|mastercard|amex|discover)\b"
)
#: a return in any verb that gives a thing back: 'send it back', 'give back the sneakers',
#: 'ship them back', 'can you take back the lamp', 'both watches have to go back'
RETURNING = (
    r"\breturn(?!s\b|ing\b| policy)|"
    r"\breturning (?:the|my|these|those|this|that|both|all|an?|two|our|it|them)\b(?! \d)|"
    r"\b(?:is|are|'s|'re) (?:going|being sent|getting sent|being returned) back"
    r"(?=\s*(?:[,.;!?]|$|(?:please|pls|because|since|as|both|they|it)\b))|"
    r"\b(?:needs?|has|have|got|must|should|will) (?:got )?(?:to )?(?:go|be sent|be taken) back\b|"
    r"\b(?:send|giv(?:e|ing)|ship(?:ping)?|mail|post|hand)(?:ing)?\b[^.!?;]{0,60}?\bback\b|"
    r"\btake back (?:the|my|these|those|this) |"
    r"\btake (?:the|my|these|those|this) [^.!?;]{1,30}?\bback\b(?! out\b| off\b| in\b)|"
    r"\brefund(?:ed)?\b|\bmoney back\b|\b(?:get|want|like) (?:a|my) refund\b"
)
#: a return said of the items as their going back: 'the lamp and the kettle are going back'
GOING_BACK = re.compile(
    r"\b(?:is|are|'s|'re) (?:going|being sent|getting sent|being returned) back\b"
)
#: a change with nothing said of what or where: 'change it', 'I want to modify my order'
VAGUE_CHANGE = re.compile(
    r"(?:(?:i|we) (?:want|need|would like|wanna|'?d like) to |i'?d like to |can (?:i|you|we) |"
    r"could (?:i|you) |let me |how (?:do|can) i )?"
    r"(?:change|modify|update|fix|edit|amend|alter)"
    r"(?: (?:it|that|this|something|smth|sth|stuff|things?|a thing|an order|my order|the order|"
    r"this order|that order|something (?:in|on|about|with) (?:it|my order|the order|an order|"
    r"that|this)))?"
)


#: an ordered item changed for another with no exchange word: 'can i change my blue earbuds
#: for black ones', 'switch my L jacket to an M'; 'the' may name a cart line, 'my' what is owned
CHANGED_FOR = re.compile(
    r"\b(?:change|switch)\s+(?:my|our)\s+(?P<old>[a-z0-9][a-z0-9 '-]"
    r"{1,40}?)\s+(?:for|to|into)\s+(?:a |an |the |some )?[a-z0-9]|"
    r"\b(?:can|could|would|may) (?:my|our) (?P<passive>[a-z0-9][a-z0-9 '-]{1,40}?) be "
    r"(?:changed|switched|swapped|exchanged) (?:for|to|into)\s+[a-z0-9]"
)
#: what is changed that is no item: an address, a method, a booking, a mind
NOT_AN_ITEM = frozenset(
    """
    order orders address name email password payment card method plan mind delivery shipping
    account phone number subscription cart basket bag booking flight hotel reservation trip
    stay room seat date dates time billing details info information settings language quantity
    """.split()
)


def _changed_for(text: str) -> bool:
    """Whether the line changes an ordered item for another without an exchange word."""
    found = CHANGED_FOR.search(text)
    said = found and (found.group("old") or found.group("passive"))
    return bool(said) and not set(str(said).split()) & NOT_AN_ITEM


def _of_it(text: str) -> bool:
    """Whether the line points at the order in view: 'return it', '… from it', 'that order'."""
    return bool(
        re.search(
            r"\b(?:from|in|of|on|with) (?:it|that|this)\b|\b(?:this|that|the same) order\b|"
            r"^(?:\w+ )?(?:return|exchange|swap|change|modify|refund|send) (?:it|that|this)\b",
            text,
        )
    )


#: an item said to be in one of the customer's orders: 'the fleece jacket in my order', 'the
#: kettle I just ordered', 'the boots we bought last week', or the order named by its item
#: first: 'on my action camera order, …'
IN_AN_ORDER = re.compile(
    r"\b(?:in|from|on) (?:my|the|this|that|one of my) (?:(?:pending|delivered|last|latest|recent|"
    r"current|open) )?(?:[a-z-]+ ){0,3}?(?:order|purchase)\b|"
    r"^(?:\w+[, ]+)?(?:(?:for|about|regarding|re|with) )?(?:my|the) (?:[a-z-]+ ){1,3}?"
    r"(?:order|purchase)\b|"
    r"\b(?:the|my|that|this) [a-z0-9][a-z0-9. -]{0,30}? (?:that )?(?:i|we) (?:just |recently |"
    r"already |have |'ve )?(?:ordered|bought|purchased)\b|"
    r"\b(?:i|we) (?:just |recently |already )?(?:ordered|bought|purchased) "
    r"(?:the|an?|my|this|that) "
)
#: the item an order is named by: 'red instead of blue on my water bottle order'
ORDER_OF_ITEM = re.compile(
    r"\b(?:in|from|on|for) (?:my|the|our) (?P<item>(?:[a-z-]+ ){1,3}?)(?:order|purchase)\b"
)


def _order_item(text: str) -> list[str]:
    """The words of the item an order is named by ('my water bottle order'), or []."""
    named = ORDER_OF_ITEM.search(text)
    return [w for w in words(named.group("item")) if not state_named(w)] if named else []


#: an item the customer has, said so: 'the lamp I got', 'my bookshelf came in 6 ft', an arrow
#: from what it is to what it should be
HELD = re.compile(
    r"\b(?:i|we) (?:just |recently )?(?:got|received|ordered|bought|purchased)\b|"
    r"\b(?:came|arrived|showed up|was delivered)\b|->|→|=>|"
    r"\b(?:exchange|swap|switch|trade|replace)\b"
)


#: an ordered item made into another: 'i ordered the 2L kettle, make it 1 litre please'
MADE_INTO = re.compile(r"\b(?:make|turn) (?:it|them|that|this) (?:into )?(?P<new>[^,.;!?]+)")


def _made_into(line: str) -> Intent | None:
    """A swap of an ordered item said as making it another ('… , make it the 1L one'): the line
    whole, as the shortened text keeps only what follows 'make it' (a cart's correction)."""
    said = " ".join(line.lower().replace("\u2019", "'").split())
    low = paid_apart(said)  # '…, make it glass please. paypal if it costs more'
    made = MADE_INTO.search(low)
    order = ORDER_ID.search(line)
    if made is None or not (order or IN_AN_ORDER.search(low[: made.start()])):
        return None
    old = [w for w in words(low[: made.start()]) if not state_named(w)]
    wished, *left = re.split(
        r"\b(?:instead of|rather than|in place of|not)\b", made.group("new"), maxsplit=1
    )
    new = words(wished)  # 'make it black instead of silver': the silver one is the old
    old += [w for part in left for w in words(part)]
    if not old or not new or payment_hint(low) or parse_address(line) is not None:
        return None  # another method or address, not another item
    if re.search(r"\b(?:cart|basket|bag|address|pay|paid|card)\b", low):
        return None
    if order:
        method = payment_hint(said)
        swap = {"order_id": f"#W{order.group(1)}", "old": old, "new": new, "method": method}
        return Intent("order_swap", swap)
    swap = {"order_id": "", "old": old, "new": new, "method": None}
    return Intent("change_which", {"kind": "order_swap", "it": False, **swap, "order_item": old})


def parse_change(line: str, text: str, awaiting: str | None) -> Intent | None:
    """The order-change intent of a line (`text` is its normalised form), or None."""
    if awaiting == "change_choice" and (
        ordinal(text) is not None or words(text) or is_yes(line, "exchange")
    ):  # 'yes' takes the one variant asked about
        yes = is_yes(line, "exchange")
        return Intent("change_pick", {"ordinal": ordinal(text), "words": words(text), "yes": yes})
    picked = ordinal(text) if ordinal(text) is not None else bare_position(text)
    held = item_words(text) if awaiting == "change_order_id" else []
    state = state_named(text) if awaiting == "change_order_id" else None  # 'the delivered one'
    if awaiting == "change_order_id" and (
        ORDER_ID.search(line) or picked is not None or held or state
    ):
        order = ORDER_ID.search(line)
        named = held if picked is None and not order else []
        return Intent(
            "change_order_given",
            {
                "order_id": f"#W{order.group(1)}" if order else None,
                "pick": picked,
                "order_item": named,
                "state": state,
                # the items and the refund said with the order: 'the water bottle from W…,
                # refund to the card is fine'
                "groups": groups(without_method(text)) if order else [named] if named else [],
                "method": refund_method(text),
            },
        )
    if awaiting == "change_item" and (picked is not None or words(text)):
        said = item_said(text) or words(text)  # 'the pet bed, gift card refund is fine'
        return Intent(
            "change_item_pick",
            {"ordinal": picked, "words": said, "method": refund_method(text)},
        )
    if awaiting == "change_address":
        address = parse_address(line) or parse_address(f"to {line}")
        if address is not None:
            return Intent("change_address_given", {"address": address})
    if awaiting == "change_what" and not ORDER_ID.search(line):
        answer = _what_to_change(line, text)
        if answer is not None:
            return answer
    if re.search(r"\bcancel\b", text):
        return None
    made = _made_into(line)  # 'i ordered the 2L kettle, make it 1 litre'
    if made is not None:
        return made
    order = ORDER_ID.search(line)
    order_id = f"#W{order.group(1)}" if order else None
    shipping_to = re.search(r"\b(ship|send|deliver)\b.*\bto\s+\d", text) or (
        re.search(SENDING, text) and parse_address(line) is not None
    )
    moved = re.search(MOVED, text) and not re.search(r"\border\b", text)
    if (
        shipping_to
        or (order_id and parse_address(line) is not None)  # an order and a whole address
        or WHERE_IT_GOES.search(text)
        or (moved and parse_address(line) is not None)
        or re.search(r"\baddress\b", text)
        and re.search(
            r"\b(change[ds]?|update[ds]?|modify|amend(?:ed)?|alter|edit|adjust|revise|new|correct|fix|move[ds]?|use|set|ship|send|wrong|incorrect|"
            r"should (?:go|be)|go(?:es)? to|not|isn'?t|should(?:'?ve| have) been|old|outdated|"
            r"typo|mistake|mixed up|messed up)\b",
            text,
        )
    ):
        address = parse_address(line)
        if order_id:
            return Intent("order_address", {"order_id": order_id, "address": address})
        shipment = r"\b(?:order|package|parcel|shipment|purchase)\b"  # each is an order
        if moved or re.search(r"\b(my|default|home)\b", text) and not re.search(shipment, text):
            return Intent("user_address", {"address": address})
        return Intent(
            "change_which",
            {"kind": "order_address", "address": address, "order_item": item_words(text)},
        )
    swapped_back = _returned_for_another(text)
    if swapped_back is not None:  # 'return my black earbuds and get white ones instead'
        return parse_change(line, swapped_back, awaiting)
    shifted = option_shift(line) if order_id or HELD.search(text) else None  # 'plastic -> glass'
    if shifted is not None:
        old, new = shifted
        shift: dict[str, Any] = {"old": old, "new": new, "method": payment_hint(line.lower())}
        if order_id:
            return Intent("order_swap", {"order_id": order_id, **shift})
        named = item_words(text) or [w for w in old if not state_named(w)]
        return Intent(
            "change_which",
            {"kind": "order_swap", "it": False, "order_id": "", **shift, "order_item": named},
        )
    returning = re.search(RETURNING, text)
    if returning and _exchanged_for_money(text, returning):
        returning = None  # 'exchange them for size 12? any money back to my mastercard'
    text = GOING_BACK.sub(" ", text) if returning else text  # '… are going back': no item
    if order_id is None and returning and not re.search(r"\b(cart|basket|bag)\b", text):
        back = return_params(text, "")
        named = back["groups"][:1] if not _of_it(text) else []  # 'return the kettle, it leaks'
        return Intent(
            "change_which",
            {
                "kind": "order_return",
                "it": _of_it(text),
                "order_item": item_words(text) or [w for g in named for w in g],
                **back,
            },
        )
    if order_id and re.search(rf"{RETURNING}|\bbring\b[^.!?;]{{0,40}}?\bback\b", text):
        return Intent("order_return", return_params(text, order_id))
    if (
        order_id is None
        and (re.search(r"\b(exchange|swap|trade)\b", text) or _changed_for(text))
        and (not payment_hint(text) or _MONEY_BACK.search(text))
    ):
        swap = swap_params(text, "")
        named = swap["old"] if not _of_it(text) else []  # 'exchange my hiking boots for …'
        return Intent(
            "change_which",
            {
                "kind": "order_swap",
                "it": _of_it(text),
                "order_item": named or item_words(text),
                **swap,
            },
        )
    if order_id is None and VAGUE_CHANGE.fullmatch(text):
        return Intent("change_which", {"kind": "order_any", "it": _of_it(text)})
    swapping = re.search(r"\b(exchange|swap|replace|trade)\b", text) or (
        re.search(r"\b(change|switch)\b", text)
        and re.search(r"\b(to|for|into)\b", text)
        and not re.search(r"\b(pay|paid|payment|card|paypal)\b", text)
        and not payment_hint(text)
    )
    if order_id and swapping:
        return Intent("order_swap", swap_params(text, order_id))
    mine = re.search(r"\binstead of (?:my|our)\b", line.lower())  # '… instead of my blue ones'
    outgrown = _OUTGROWN.search(text) if re.search(r"\binstead\b", line.lower()) else None
    mine = mine or outgrown  # 'the blue tee in medium is too small, could i get … instead'
    if (
        order_id is None
        and (IN_AN_ORDER.search(text) or mine)  # 'change the jacket in my order to an L'
        and not payment_hint(line.lower())  # 'switch my sneakers order over to paypal'
        and not re.search(r"\b(?:pay|paid|payment|charged?|billed?)\b", text)
    ):
        wish = swap_wish(line.lower()) or item_wish(line)  # '… is the wrong colour, i wanted …'
        wished: dict[str, Any] = {}
        if wish:
            old_words = wish[0] + [w for w in _order_item(text) if w not in wish[0]]
            wished = {
                "order_id": "",
                "old": old_words,
                "new": wish[1],
                "method": payment_hint(text),
            }
        elif swapping:
            wished = swap_params(text, "")
        if wished and outgrown:  # the item as said, not what is wrong with it
            wished["old"] = words(outgrown.group("item"))
        old = [w for w in wished.get("old") or [] if not state_named(w)]  # 'my pending order'
        if old:
            return Intent(
                "change_which",
                {"kind": "order_swap", "it": False, **wished, "order_item": old, "old": old},
            )
    preferred = swap_wish(line.lower()) if order_id else None
    if order_id and preferred is None:  # 'in W… i picked the white earbuds by mistake, i wanted …'
        preferred = item_wish(line)
    if preferred is not None:
        old, new = preferred
        return Intent(
            "order_swap",
            {"order_id": order_id, "old": old, "new": new, "method": payment_hint(text)},
        )
    hint = payment_hint(line.lower())  # the filler-free text drops its "instead"
    if (
        order_id
        and hint
        and re.search(
            r"\b(pay|paid|paying|payment|charged?|charging|bill|billed|use|switch|put|move|"
            r"change|transfer|swap|go on|run|settle|settled|settling|cover|covered|fund|"
            r"rather than|instead of|not (?:on|with) (?:the|my))\b",
            text,
        )
    ):
        return Intent("order_payment", {"order_id": order_id, "method": hint})
    if (
        order_id is None
        and (hint or re.search(r"\b(pay|paid|paying|payment|charged?|billed?|billing)\b", text))
        and (
            re.search(
                r"\b(change|switch|update|different|another|other|instead|rather|swap)\b|"
                r"\b(?:be|get|have (?:it|them)) (?:paid|charged|billed)\b|"
                r"\b(?:put|go|run) (?:it |that |this |them )?on\b",
                text,
            )
            or LEFT_METHOD.search(line.lower())  # '… with my gift card instead of the visa'
            or leaves_a_method(line.lower())  # '… with paypal than the gift card'
        )
        and (
            re.search(r"\border\b", text)
            or PAYMENT_CHANGE.search(text)
            or paid_item(line.lower())  # 'pay for the skateboard with my visa than with paypal'
        )
        and not re.search(r"\b(cart|basket|check ?out|trolley)\b", text)
    ):  # 'change payment method on my order': which order first
        if LEAVING_METHOD.search(text) and not NEW_METHOD.search(text):
            hint = None  # 'change the card I paid with': which card it should be is not said
        named = item_words(text) or paid_item(line.lower())
        return Intent(
            "change_which", {"kind": "order_payment", "method": hint, "order_item": named}
        )
    item = ITEM_ID.search(text)
    if item and not re.search(r"\b(add|put|remove|buy|cart)\b", text):
        return Intent("item_lookup", {"item_id": item.group(1)})
    if re.search(
        r"\b(what|which) (kinds?|types?|sorts?|categories) of (products?|things|items|stuff|"
        r"goods)\b|\bproduct (types|categories)\b|^what (?:else )?do you (sell|have)$|"
        r"\blist (all )?"
        r"(the )?(product types|categories)\b",
        text,
    ):
        return Intent("product_types")
    return None


#: an item the customer has that does not fit, said before the one wished instead: 'the blue
#: tee in medium is too small, could i get the black one in XL instead'
_OUTGROWN = re.compile(
    r"^(?:the|my) (?![a-z ]*\bones?\b)(?P<item>[a-z0-9 -]{2,40}?) (?:is|are|'s|'re) "
    r"(?:a bit |a little |way |much |far |slightly |a size |one size )?too "
    r"(?:small|big|large|tight|loose|short|long|narrow|wide)\b"
)


#: the money an exchange gives back: 'any money back to my mastercard', 'refund the difference'
_MONEY_BACK = re.compile(r"\b(?:money back|refund\w*|difference)\b")


def _exchanged_for_money(text: str, returning: re.Match[str]) -> bool:
    """Whether the refund a line asks for is an exchange's difference ('could I exchange them for
    size 12? any money back to my mastercard'): an exchange asked, no return."""
    return bool(
        _MONEY_BACK.fullmatch(returning.group(0))
        and re.search(r"\b(?:exchange|swap|trade)\b", text)
        and not re.search(r"\breturn", text)
    )


#: an item sent back for another of its kind: 'return my black earbuds and get white ones
#: instead', 'return the blue watch for the black dial one'
RETURNED_FOR = re.compile(
    r"\breturn\s+(?P<old>.+?)\s+(?:and\s+(?:get|have|receive|take)|for|in exchange for|to get)\s+"
    r"(?P<new>.+)$"
)
#: what a return is made for that is no other item
_FOR_MONEY = re.compile(r"\b(?:refund\w*|money|credit|cash|back|full|reimburse\w*)\b")


def _returned_for_another(text: str) -> str | None:
    """The line said as the exchange it is when an item is returned for another of its kind
    ('return my black earbuds and get white ones instead'), or None."""
    found = RETURNED_FOR.search(text)
    if found is None or _FOR_MONEY.search(found.group("new")) or not words(found.group("new")):
        return None
    return f"{text[: found.start()]}exchange {found.group('old')} for {found.group('new')}"


def _what_to_change(line: str, text: str) -> Intent | None:
    """The answer to "what should I change in order …": the order is the one in view."""
    focus = {"order_id": None, "from_focus": True}
    if re.search(r"\bcancel", text):
        return Intent("cancel_which", {"it": True, "reason": None, "state": None, "pick": None})
    address = parse_address(line) or parse_address(f"to {line}")
    if address is not None or re.search(r"\b(address|ship|deliver|street)\b", text):
        return Intent("order_address", {**focus, "address": address})
    hint = payment_hint(text)
    if hint or re.search(r"\b(pay|paid|payment|card|method)\b", text):
        return Intent("order_payment", {**focus, "method": hint})
    if re.search(RETURNING, text):
        return Intent("order_return", {**return_params(text, ""), **focus})
    swap = swap_params(text, "")
    if swap["old"] or swap["new"]:
        return Intent("order_swap", {**swap, **focus})
    return None
