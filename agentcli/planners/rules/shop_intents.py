"""Reads a shop line about items shown or the cart: compare, add, remove, view, check out."""

from __future__ import annotations

import re

from agentcli.planners.rules.option_compare import WEIGHED, sides
from agentcli.planners.rules.phrases import Intent, payment_hint
from agentcli.planners.rules.prices import price_range
from agentcli.planners.rules.reading import (
    NUMBERS,
    bare_position,
    position,
    positions,
    quantity,
)
from agentcli.planners.rules.search_words import (
    CART,
    CART_VERBS,
    descriptor_words,
    names_cart,
    query_words,
)
from agentcli.planners.rules.unwanted_options import split_unwanted
from agentcli.planners.rules.wished_features import wanted

#: a count said before "of": '2 of those'
_COUNT = r"\d{1,2}|" + "|".join(w for w in NUMBERS if w != "one")
#: 'empty my cart', 'clear the basket', 'remove everything from my cart', 'start over'
EMPTY_CART = re.compile(
    r"\b(?:empty|clear|clean out|wipe|reset|dump|scrap|ditch|bin)\b.*"
    r"\b(?:cart|basket|bag|trolley)\b|"
    r"\b(?:remove|delete|take out|drop|get rid of|throw out|scrap|ditch|cancel)\b "
    r"(?:\w+ )?(?:everything|all (?:of )?(?:it|them|the items|the stuff|my items|items|that)|"
    r"the (?:whole|entire) (?:cart|basket|lot)|the lot)\b|"
    r"\b(?:cart|basket|bag|trolley)\b.*\b(?:empty|emptied|cleared)\b|"
    r"\bstart (?:over|again) with (?:my|the|an empty) (?:cart|basket)\b"
)
#: putting something in the cart, whatever the verb: 'pop the fifth one in my basket'
INTO_CART = (
    r"\b(it|that|this|them|those|these|one|ones)\b.*\b(in|into|to|onto) (my |the |your )?"
    r"(cart|basket|bag|trolley)\b"
)
#: 'buy it with the gift card', 'put it on my mastercard', 'get them using paypal': a checkout
BUY_WITH = re.compile(
    r"\b(buy|purchase|order|get|pay for|put|charge|check out|checkout)\b(?: \w+)?? "
    r"(it|them|that|this|these|those|everything|all|the lot|what'?s in (?:my|the) cart)\b.*"
    r"\b(with|using|on|via|by|through|to)\b (my |the |a )?"
    r"(gift ?card|gift|credit card|card|paypal|pay pal|visa|mastercard|amex|discover)\b"
)
#: what weighs two listed items against each other: 'the 1st and the last side by side'
COMPARING = re.compile(
    r"\b(?:side[ -]by[ -]side|head[ -]to[ -]head|against each other|next to each other|"
    r"differ(?:s|ent|ence)?|diffs?|stack up|weigh(?: up)?|contrast|pros and cons|which (?:one )?"
    r"(?:is|would|should|do|of)|how do .* compare|better|worse|between|torn|decide|deciding|"
    r"choose|choosing|apart|sets? .* apart|vs)\b"
)
#: a verb that takes one thing described: 'I'll take a black 500ml plastic water bottle'
TAKING_ONE = re.compile(r"\b(?:i'?ll take|i will take|i'?ll have|grab(?: me)?|get me|buy me)\b")


def _sought(text: str) -> dict[str, object] | None:
    """The search an add line names when nothing shown fits it: 'a …' or 'some …' as said,
    or 'the 750ml red stainless steel bottle to my cart' when it names at least two words."""
    search = wanted(text)
    if search is not None or not names_cart(text):
        return search
    lo, hi, rest = price_range(text)
    words = [w for w in query_words(rest) if w not in CART_VERBS and not re.fullmatch(CART, w)]
    if len(words) < 2:
        return None
    return {"query": " ".join(words), "min_price": lo, "max_price": hi}


#: an item picked by what it is, with no verb: 'the white leather ones in size 10', 'and the A4
#: hard cover one too'
DESCRIBED_PICK = re.compile(
    r"(?:(?:and|also|plus|oh and|ok|okay) )?(?:the|those|that|these) (?:[\w.'-]+ ){1,6}?"
    r"(?:one|ones|pair|version|model)(?: (?:in|with) (?:size |a |an )?[\w.'-]+(?: [\w.'-]+)?)?"
    r"(?: too| also| as well| for me)?"
)
#: two positions offered as a choice and nothing else: '1 or 2?', 'the first or the last one'
EITHER = re.compile(r"(?:the )?[#\w]+(?: one)?,? or (?:the )?[#\w]+(?: one)?")


#: a position said alone: 'the 2nd', 'number 3', '#4', 'the cheapest one'
PICKED = r"(?:the )?(?:\w+|#\s*\d{1,2}|(?:number|option|choice|no\.?) ?\w+)(?: one)?"
#: the approval a pick may end with: 'option 3 would be great', 'the 2nd one it is'
APPROVED = re.compile(
    r"[\s,]+(?:(?:would|will|'d|'ll)\s+(?:be|do)(?:\s+(?:great|good|perfect|fine|nice|ideal|"
    r"lovely|best))?|(?:sounds?|looks?|seems?|is)\s+(?:great|good|perfect|fine|nice|ideal|"
    r"lovely|best|right|spot on)|it is|works(?: for me)?|then|i guess|i think|for me)$"
)


def _chosen(text: str) -> int | None:
    """The position a line that is only a pick names, with or without its approval; a bare
    number after a list is a pick too ('2 please')."""
    said = APPROVED.sub("", text).strip(" ,.!")
    if not re.fullmatch(PICKED, said):
        return None
    return position(said) or bare_position(said)


#: one product pointed at to be shown: 'show me that one', 'tell me more about it'
POINTED = re.compile(
    r"(?:(?:ok|okay|so|and|hmm|cool|nice|great|oh)[,!.]?\s+)*(?:can i |could i |let me |can you |"
    r"could you |please |pls )?(?:show me|see|view|open|tell me (?:a bit )?(?:more )?about|"
    r"(?:more|details|info|information) (?:about|on|of)|what about|describe|look at|"
    r"let'?s see|let'?s look at|pull up|bring up)\s+(?:it|that|this|that one|this one)"
    r"(?:\s+(?:please|pls|then|again))?"
)


def shop_intent(text: str) -> Intent | None:
    """The intent of a line about the items shown, the cart or paying; None: none of those."""
    weighed = WEIGHED.search(text) and price_range(text)[:2] == (None, None) and sides(text)
    if (
        weighed
        or re.search(
            r"\b(compare|comparison|difference (?:in (?:price|cost) )?between|versus|vs\.?|"
            r"price difference)\b",
            text,
        )
        or re.search(
            r"\bwhich(?: one)?(?:'s| is) (the )?(better|cheaper|best)\b|"
            r"\bbetter (deal|buy|value|choice)\b|"
            r"\bwhich (?:one )?(?:costs?|is) (?:more|less)\b|"
            r"\bwhich (?:one )?is (?:pricier|dearer|more expensive|less expensive)\b",
            text,
        )
        or (
            len(positions(text)) >= 2
            and (COMPARING.search(text) or EITHER.fullmatch(text))
            and price_range(text)[:2] == (None, None)  # 'between 10 and 20' is a price
        )
    ):
        return Intent(
            "compare",
            {"positions": positions(text), "words": descriptor_words(text), "sides": sides(text)},
        )
    if re.search(
        r"\b(check ?out|check (?:me|us) out|ring (?:it|them|me|us|everything|this) up|"
        r"cash out|(?:go|head|move|take me) to (?:the )?(?:checkout|payment)|"
        r"place (the |my |an )?order|pay for|complete (the |my )?"
        r"(order|purchase)|buy (it|them|everything|all) now|ready to (pay|order|buy|check)|"
        r"proceed to (payment|checkout)|pay now|finish (my |the )?(order|purchase)|"
        r"i'?d like to pay|let'?s pay|(i want|want) to pay|that'?s all,? (i'?ll|let'?s) pay|"
        r"order (it|them|everything) now|wrap (it|this|things) up|i'?m done shopping|"
        r"that'?s (?:all|everything|it),? (?:i'?ll|let'?s|please) (?:check ?out|pay|order)|"
        r"how (?:do|can|shall|should) (?:i|we) (?:pay|check ?out|order (?:it|this|them))|"
        r"get (?:it|this|them|that|everything) ordered)\b",
        text,
    ):
        return Intent("checkout", {"method": payment_hint(text)})
    if re.search(r"\bmy (order|package|parcel|delivery|stuff)\b", text):
        return Intent("my_orders")
    if payment_hint(text) and BUY_WITH.search(text):
        return Intent("checkout", {"method": payment_hint(text)})
    if (
        payment_hint(text)
        and re.search(
            r"\b(pay|paying|charge|bill|use|using|put it on|put them on|go with|go ahead|"
            r"proceed)\b",
            text,
        )
        and not re.search(r"\b(add|find|search|show|looking)\b", text)
    ):
        return Intent("checkout", {"method": payment_hint(text)})
    if EMPTY_CART.search(text) and not re.match(r"(?:is|are|was|why|how|does|do)\b", text):
        return Intent("empty_cart")
    if re.search(
        r"\b(remove|delete|take out|drop|get rid of|take .* out|don'?t want .*(anymore|any more)|"
        r"no longer want)\b",
        text,
    ) and not re.search(
        r"\b(drop|put|pop|stick|throw)\b.*\b(in|into) (my |the )?(cart|basket|bag|trolley)\b", text
    ):
        return Intent(
            "remove",
            {
                "ordinal": position(text),
                "words": descriptor_words(text),
                "quantity": quantity(text),
            },
        )
    if (
        names_cart(text)
        and not re.search(r"\b(add|put|throw|toss|stick|pop|chuck|place|drop|slip|load)\b", text)
        and not (position(text) is not None and re.search(INTO_CART, text))
    ) or re.search(
        r"\bwhat (?:have i|did i|i'?ve) (?:added|put in|picked)\b|\badded so far\b", text
    ):
        return Intent("view_cart")
    kept, unwanted = split_unwanted(text)  # 'the one without wifi': wifi is no description
    described = DESCRIBED_PICK.fullmatch(text) or (
        unwanted and re.fullmatch(r"(?:the|that|those) ones?(?: \S+){1,5}", text)
    )  # 'the one without bluetooth'
    if described and position(text) is None and (descriptor_words(kept) or unwanted):
        lo, hi, rest = price_range(kept)  # 'the white leather ones in size 10': a pick
        return Intent(
            "add",
            {
                "quantity": quantity(text),
                "ordinal": None,
                "words": descriptor_words(kept),
                "unwanted": unwanted,
                "bare": True,
                "search": {"query": " ".join(query_words(rest)), "min_price": lo, "max_price": hi},
            },
        )
    adding = re.search(
        r"(?:^|[,;.!]\s*|\b(?:and|so)\s+)"  # a clause may begin it: '…looks good, I'll take it'
        r"(add|put|throw|toss|stick|pop|chuck|drop|slip|load|place|i'?ll take|i will take|"
        r"i'?ll have|i'?ll get|give me|"
        r"let me (get|have|take|grab|snag|nab|buy|order|try)|(?:can|could|may) i (get|have|take)|"
        r"i'?ll go with|i'?d go with|i'?ll (?:roll|run) with|i'?ll do|(?:hook|sort) me up with|"
        r"(?:i'?ll|i will|i'?m (?:going to|gonna)|going to|i want to|i'?m) "
        r"(?:grab|grabbing|snag|snagging|nab|cop|copping|bag|taking|getting|ordering|buying)|"
        r"(?:i'?m |i am )?(?:going to|gonna) (?:go with|go for|take)|"
        r"snag|nab|cop|"
        r"go with|i (?:take|choose|pick|go with)|"
        r"(?:(?:i|we)(?:'ll|'d| will| would)? |let'?s )?(?:go|opt) for|"
        r"let'?s (go with|take|get|do)|"
        r"get me|i'?d like|i would like|i want|i'?ll buy|buy|purchase|grab|take|order)\b|\badd\b|"
        r"\b(in|to|into) (my |the )?(cart|basket|bag|trolley)\b",
        text,
    ) or re.search(rf"^({_COUNT}|one) (more )?(of|x)\b", text)
    taking = re.match(
        r"(?:i'?ll|i will|let me|can i) (?:take|have|go with|get)(?: me)? the\b", text
    )
    picking = re.fullmatch(PICKED, text) or (
        described and position(text) is not None  # 'the most expensive one'
    )
    chosen = _chosen(text)
    if chosen is not None and not adding:  # 'option 3 would be great', '2 please'
        return Intent(
            "add", {"quantity": None, "ordinal": chosen, "words": [], "bare": True, "search": None}
        )
    into_cart = re.search(r"\b(?:in|into|to|onto) (?:my |the )?(?:cart|basket|bag|trolley)\b", text)
    if (adding or picking) and (
        position(text) is not None
        or adding
        and (
            re.search(r"\b(it|that|this|them|those|these|one|ones)\b", text)
            or re.search(r"\badd\b", text)
            or taking
            or (into_cart and wanted(text))  # 'put a 1000ml black water bottle in my cart'
            or (TAKING_ONE.search(text) and wanted(text))  # 'grab me two green yoga mats'
        )
    ):
        return Intent(
            "add",
            {
                "quantity": quantity(text),
                "ordinal": position(text),
                "words": descriptor_words(kept),
                "unwanted": unwanted,
                "bare": not adding,
                "search": _sought(kept) if adding and position(text) is None else None,
            },
        )
    if position(text) is not None and re.search(
        r"\b(show|tell|details?|more|about|open|see|look|view|what|info|describe|how)\b", text
    ):
        return Intent("show", {"ordinal": position(text)})
    if POINTED.fullmatch(text):  # 'show me that one': the one in view
        return Intent("show", {"ordinal": None, "pointed": True})
    return None
