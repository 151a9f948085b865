"""Reads a shop line about items shown or the cart: compare, add, remove, view, check out."""

from __future__ import annotations

import re

from agentcli.planners.rules import shown_by_price
from agentcli.planners.rules.afterthoughts import request_alone
from agentcli.planners.rules.by_price import asked as by_price_asked
from agentcli.planners.rules.counted_adds import counted_add
from agentcli.planners.rules.option_compare import WEIGHED, sides
from agentcli.planners.rules.phrases import CHECKOUT, Intent, payment_hint
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
from agentcli.planners.rules.wished_features import VALUES, wanted

#: a count said before "of": '2 of those'
_COUNT = r"\d{1,2}|" + "|".join(w for w in NUMBERS if w != "one")
#: 'empty my cart', 'clear the basket', 'remove everything from my cart', 'start over'
EMPTY_CART = re.compile(
    r"\b(?:empty|clear|clean out|wipe|reset|dump|scrap|ditch|bin|nuke|purge|trash|zap)\b.*"
    r"\b(?:cart|basket|bag|trolley)\b|"
    r"\b(?:remove|delete|take out|drop|get rid of|throw out|scrap|ditch|cancel|nuke|trash|bin|"
    r"dump|junk|axe|nix|scratch|wipe|clear|purge|zap|kill|lose|chuck out|toss out|bin off)\b "
    r"(?:\w+ )?(?:everything|all (?:of )?(?:it|them|the items|the stuff|my items|items|that)|"
    r"the (?:whole|entire) (?:cart|basket|lot|thing)|the lot)\b(?! (?:into|onto) (?:my|the|your)"
    r" (?:cart|basket|bag|trolley)\b)|"
    r"\b(?:cart|basket|bag|trolley)\b.*\b(?:empty|emptied|cleared)\b|"
    r"\bstart (?:over|again) with (?:my|the|an empty) (?:cart|basket)\b|"
    r"\b(?:clear|empty|wipe|chuck|toss|throw|bin|dump|scrap|ditch|nuke|trash|clean) (?:it|them|"
    r"everything) all out\b|"
    r"^(?:\w+ )?(?:empty|clear) (?:it|it all|it out|it all out)(?: please| pls)?$"
)
_IN_CART = r"\b(?:in|into|onto|to) (?:my |the |your )?(?:cart|basket|bag|trolley)\b"
#: an item sent into the cart with no verb: 'the first clock into my cart please', 'number 3 to
#: the basket', 'the black one in my cart' (never a question about what the cart holds)
SENT_INTO_CART = re.compile(
    r"^(?!.*\b(?:how|what|what's|which|is it|are they)\b)"
    r"(?:(?:and|also|plus|oh and|now) )?(?:(?:put|pop|stick|throw|toss|chuck|bung|lob|whack|"
    r"shove|slip|drop|load) )?(?:the|that|this|those|these|a|an|number|no\.?|option|"
    r"item|#|\d|one|two|three|four|five|first|second|third|fourth|fifth|last|top|cheapest)\b"
    r".*\b(?:(?:into|onto|to) (?:my |the |your )?(?:cart|basket|bag|trolley)\b|"
    r"in (?:my |the |your )?(?:cart|basket|bag|trolley)$)"
)
#: a question about what the cart holds, never a pick: 'what's the first thing in my cart'
CART_QUESTION = re.compile(
    r"^(?:is|are|was|were|do|does|did|show|see|view|check|remind|tell)\b|"
    r"\b(?:what|what's|which|how|why|when|where|who)\b"
)
#: a pick said as its position and the product's name: 'the first clock', 'the 2nd lamp would be
#: great' ('first aid', 'second hand' name no position)
NAMED_PICK = re.compile(
    r"(?:the |that |this )?(?!first aid\b|second[ -]hand\b)(?:first|second|third|fourth|fifth|"
    r"sixth|seventh|eighth|ninth|tenth|last|\d{1,2}(?:st|nd|rd|th)) [a-z-]+(?: [a-z-]+)?"
)
#: the customer saying what they will take: "i'm gonna get", "i'm going with", "i'll be taking"
SUBJECT_TAKES = (
    r"(?:i'?m|i am|we'?re|we are) (?:going to |gonna )?(?:get|take|buy|grab|order|go with|go for|"
    r"getting|taking|buying|grabbing|ordering|going with|going for)|"
    r"(?:i|we)(?:'ll| will) be (?:getting|taking|buying|grabbing|ordering|going with)"
)
#: a verb that puts an item in the cart or takes it, at the start of a clause ('…looks good,
#: I'll take it'), or the cart it goes into
ADDING = re.compile(
    r"(?:^|[,;.!]\s*|\b(?:and|so)\s+)"
    r"(?:add|put|throw|toss|stick|pop|chuck|bung|lob|whack|shove|drop|slip|load|place|"
    r"i'?ll take|i will take|"
    r"(?:i|we)(?:'ll| will) (?:just )?(?:grab|snag|nab|take|have|get|buy|order|pick up)|"
    + SUBJECT_TAKES
    + r"|snag|nab|cop|i'?ll have|i'?ll get|give me|"
    r"let me (?:get|have|take|grab|snag|nab|buy|order|try)|(?:can|could|may) i (?:get|have|take)|"
    r"i'?ll go with|i'?d go with|i'?ll (?:roll|run) with|i'?ll do|(?:hook|sort) me up with|"
    r"(?:i'?ll|i will|i'?m (?:going to|gonna)|going to|i want to|i'?m) "
    r"(?:grab|grabbing|snag|snagging|nab|cop|copping|bag|taking|getting|ordering|buying)|"
    r"(?:i'?m |i am )?(?:going to|gonna) (?:go with|go for|take)|"
    r"go with|i (?:take|choose|pick|go with)|"
    r"(?:(?:i|we)(?:'ll|'d| will| would)? |let'?s )?(?:go|opt) for|"
    r"let'?s (?:go with|take|get|do)|"
    r"get me|i'?d like|i would like|i want|i'?ll buy|buy|purchase|grab|take|order)\b|\badd\b|"
    r"\b(?:in|to|into) (?:my |the )?(?:cart|basket|bag|trolley)\b"
)
#: a need said before a bare count: 'i need 2', "we'll need three"
NEEDING = re.compile(r"(?:(?:i|we)(?:'ll| will| would|'d)? |just )?(?:need|needs|needed)\b")
#: 'buy it with the gift card', 'put it on my mastercard', 'get them using paypal': a checkout
BUY_WITH = re.compile(
    r"\b(buy|purchase|order|get|pay for|put|charge|check out|checkout)\b(?: \w+)?? "
    r"(it|them|that|this|these|those|everything|all|the lot|what'?s in (?:my|the) cart)\b.*"
    r"(?:\b(with|using|on|via|by|through|to)\b|[,;:.-]) ?(my |the |a )?"
    r"(gift ?card|gift|credit card|card|paypal|pay pal|visa|mastercard|amex|discover)\b"
)
#: what is bought said as put on a payment method: 'bung the dumbbells on my mastercard'
ON_METHOD = re.compile(
    r"\b(?:put|bung|stick|pop|chuck|whack|slap|throw|charge|bill|ring|sort)\b(?: [\w'-]+){0,4}? "
    r"(?:on|onto|to) (?:my|the|our) (?:[a-z]+ )?(?:card|visa|mastercard|amex|discover|paypal|"
    r"pay pal|gift ?card)\b"
)
#: what weighs two listed items against each other: 'the 1st and the last side by side'
COMPARING = re.compile(
    r"\b(?:side[ -]by[ -]side|head[ -]to[ -]head|against each other|next to each other|"
    r"differ(?:s|ent|ence)?|diffs?|stack up|weigh(?: up)?|contrast|pros and cons|which (?:one )?"
    r"(?:is|would|should|do|of)|how do .* compare|better|worse|between|torn|decide|deciding|"
    r"choose|choosing|apart|sets? .* apart|separates?|distinguishes?|vs)\b"
)
#: two sides said first, then asked which to choose: 'smartwatch or fitness tracker for
#: swimming, what would you suggest?'
ASKED_WHICH_AFTER = re.compile(
    r"^[a-z][\w' -]* (?:or|vs\.?|versus) [\w' -]+(?:,|\s[–—-])\s*(?:which|what)\b.*"
    r"\b(?:suggest|recommend|reckon|think|better|best|go for|pick|choose)\b"
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


#: the words that say which end of the prices is picked: 'whichever's cheapest', 'the priciest'
_BY_PRICE_WORDS = re.compile(
    r"\b(?:whichever(?:'s| is)?|whatever(?:'s| is)?|which ?ever|the|one|ones|is|of them|"
    r"(?:a |half a )?(?:dozen|couple|pair|few|bunch|handful)(?: of)?|"
    r"cheapest|least expensive|lowest[- ]priced|most affordable|most expensive|priciest|"
    r"dearest|highest[- ]priced)\b"
)


def _by_price(text: str) -> dict[str, object] | None:
    """The search an add by price names when it names a kind of product too ('chuck a yoga mat
    in my basket, whichever's cheapest'): that kind, read by price; None when it names none."""
    end = by_price_asked(text)
    if end not in ("cheapest", "dearest"):
        return None
    lo, hi, rest = price_range(_BY_PRICE_WORDS.sub(" ", request_alone(text)))
    words = [w for w in query_words(rest) if w not in CART_VERBS and not re.fullmatch(CART, w)]
    if all(w in VALUES for w in words):  # 'the cheapest one in black' names no kind
        return None
    return {"query": " ".join(words), "min_price": lo, "max_price": hi, "by_price": end}


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


#: how many of a pick, said after it with no verb: 'that first bulb, one of them', '…, two please'
COUNT_AFTER = re.compile(
    r",?\s+(?:just |only )?(?:(\d{1,2})|(" + "|".join(w for w in NUMBERS if " " not in w) + r"))"
    r"(?: of (?:them|those|these|it|that|each))?(?: (?:please|pls|thanks|ta))?$|"
    r"\s+(?:x ?(\d{1,2})|(\d{1,2}) ?x|times (\d{1,2}))(?: (?:please|pls|thanks|ta))?$"
)


def _count_after(text: str) -> tuple[str, int | None]:
    """A pick without the count said after it, and that count: ('that first bulb', 1)."""
    said = COUNT_AFTER.search(text)
    if said is None:
        return text, None
    times = said.group(3) or said.group(4) or said.group(5)  # 'the 1st one x3'
    if times is None and not said.group(0).lstrip().startswith(","):
        return text, None
    count = int(times or said.group(1) or 0) or NUMBERS[said.group(2)]
    return text[: said.start()], count


def _chosen(text: str) -> int | None:
    """The position a line that is only a pick names, with or without its approval; a bare
    number after a list is a pick too ('2 please')."""
    said = APPROVED.sub("", text).strip(" ,.!")
    if not re.fullmatch(PICKED, said):
        return None
    return position(said) or bare_position(said)


def _names_item(text: str) -> bool:
    """Whether the line names an item: by its position, its words, or as 'that one'."""
    return (
        position(text) is not None
        or bool(descriptor_words(text))
        or bool(re.search(r"\b(?:it|that|this|them|those|these|one|ones)\b", text))
        or counted_add(text)  # '2 in the cart please'
    )


#: one product pointed at to be shown: 'show me that one', 'tell me more about it'
POINTED = re.compile(
    r"(?:(?:ok|okay|so|and|hmm|cool|nice|great|oh)[,!.]?\s+)*(?:can i |could i |let me |can you |"
    r"could you |please |pls )?(?:show me|see|view|open|tell me (?:a bit )?(?:more )?about|"
    r"(?:more|details|info|information) (?:about|on|of)|what about|describe|look at|"
    r"let'?s see|let'?s look at|pull up|bring up)\s+(?:it|that|this|that one|this one)"
    r"(?:\s+(?:please|pls|then|again))?"
)


def _shop_intent(text: str) -> Intent | None:
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
            r"\bwhat (?:costs?|is) (?:more|less)\b(?! than)|"
            r"\bwhat(?:'s| is) (?:cheaper|pricier|dearer|less expensive|more expensive)\b(?! than)|"
            r"\bwhich (?:one )?is (?:pricier|dearer|more expensive|less expensive)\b",
            text,
        )
        or (
            len(positions(text)) >= 2
            and (COMPARING.search(text) or EITHER.fullmatch(text))
            and price_range(text)[:2] == (None, None)  # 'between 10 and 20' is a price
        )
        or (shown_by_price.counted(text) and COMPARING.search(text))  # 'the 2 cheapest: which'
        or (ASKED_WHICH_AFTER.search(text) and sides(text) and not payment_hint(text))
    ):
        return Intent(
            "compare",
            {
                "positions": positions(text),
                "words": descriptor_words(text),
                "sides": sides(text),
                "by_price": shown_by_price.counted(text),
            },
        )
    if CHECKOUT.search(text):
        return Intent("checkout", {"method": payment_hint(text)})
    if re.search(r"\bmy (order|package|parcel|delivery|stuff)\b", text):
        return Intent("my_orders")
    if payment_hint(text) and BUY_WITH.search(text):
        return Intent("checkout", {"method": payment_hint(text)})
    if (
        payment_hint(text)
        and (
            re.search(
                r"\b(pay|paying|charge|bill|use|using|put it on|put them on|go with|go ahead|"
                r"proceed|finish|finish (?:up|off)|wrap (?:it |this |things )?up|settle up|"
                r"complete (?:it|this|that|them)|lock (?:it|this|that|them) in|seal the deal)\b",
                text,
            )
            or ON_METHOD.search(text)
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
        and not re.search(
            r"\b(add|put|throw|toss|stick|pop|chuck|bung|lob|whack|shove|place|drop|slip|load)\b",
            text,
        )
        and not (
            position(text) is not None
            and re.search(_IN_CART, text)
            and not CART_QUESTION.search(text)
        )  # 'i want the first clock in my cart', never 'is the second one in my cart?'
        and not (SENT_INTO_CART.search(text) and _names_item(text))
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
    adding = (
        ADDING.search(text)
        or re.search(rf"^({_COUNT}|one) (more )?(of|x)\b", text)
        or (NEEDING.match(text) and counted_add(kept))  # 'i need 2'
    )
    taking = re.match(
        r"(?:(?:(?:i|we)(?:'ll| will)|let me|can i) (?:just )?(?:take|have|go with|get|grab|snag|"
        r"nab|buy|order|pick up)|" + SUBJECT_TAKES + r")(?: me)? the\b",
        text,
    )
    picking = re.fullmatch(PICKED, text) or (
        described and position(text) is not None  # 'the most expensive one'
    )
    picked, counted = _count_after(text)  # 'that first bulb, one of them'
    chosen = _chosen(picked)
    named = NAMED_PICK.fullmatch(APPROVED.sub("", picked).strip(" ,.!"))
    if named and chosen is None and not adding:  # 'the first clock', 'the 2nd lamp would be great'
        words = descriptor_words(picked)  # none shown fits them ('first edition'): searched
        search = {"query": " ".join(words), "min_price": None, "max_price": None}
        return Intent(
            "add",
            {
                "quantity": counted,
                "ordinal": position(text),
                "words": words,
                "bare": False,
                "search": search if words else None,
            },
        )
    if chosen is not None and not adding:  # 'option 3 would be great', '2 please'
        return Intent(
            "add",
            {"quantity": counted, "ordinal": chosen, "words": [], "bare": True, "search": None},
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
            or (SENT_INTO_CART.search(text) and _names_item(text))  # 'the blue mat into my cart'
            or (TAKING_ONE.search(text) and wanted(text))  # 'grab me two green yoga mats'
            or counted_add(kept)  # 'put 2 in my basket', "i'll take 2"
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
                "search": _sought(kept) if adding and position(text) is None else _by_price(kept),
            },
        )
    if (
        position(text) is not None
        and re.search(
            r"\b(show|tell|details?|more|about|open|see|look|view|what|info|describe|how)\b", text
        )
        and not _ordinal_in_an_aside(text)
    ):
        return Intent("show", {"ordinal": position(text)})
    if POINTED.fullmatch(text):  # 'show me that one': the one in view
        return Intent("show", {"ordinal": None, "pointed": True})
    return None


def shop_intent(text: str) -> Intent | None:
    """What the line asks of the shop; a pick for the cart said before why ('put 4 of the
    cheapest in my cart, they're for the kids' team') is read without the reason, whose words
    name no item, when only so it is a pick or a pick by place."""
    read = _shop_intent(text)
    if read is not None and (read.kind != "add" or read.params.get("ordinal") is not None):
        return read
    alone = request_alone(text).strip(" ,.;")
    if not alone or alone == text.strip(" ,.;"):
        return read
    added = _shop_intent(alone)
    if added is None or added.kind != "add":
        return read
    if read is None or added.params.get("ordinal") is not None:
        return added
    kept, said = added.params.get("words") or [], read.params.get("words") or []
    return added if kept and set(kept) < set(said) else read  # 'the purple one, my son's fave'


#: a first clause that asks for products by name: 'show me water bottles', 'find me a bike'
ASKS_FOR_PRODUCTS = re.compile(
    r"^(?:\w+ )?(?:show|find|get) me (?!(?:the|that|this|it|them|those|these|one|ones|more|"
    r"details?|info|number|no|#)\b)[a-z]"
)


def _ordinal_in_an_aside(text: str) -> bool:
    """Whether the position is said in a clause after a search for products, about something
    else: 'show me water bottles, it's the first week of my new job'."""
    first = re.split(r"[,;?!]|\s[—–-]\s|\.\s", text, maxsplit=1)[0]
    return first != text and bool(ASKS_FOR_PRODUCTS.match(first)) and position(first) is None
