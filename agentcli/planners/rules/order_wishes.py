"""A swap said as a wish or a complaint about an item the customer already has, with no order
named: "actually id prefer the headphones in white", "can i get the running shoes in white
instead? same size", "the keyboard is way too loud, i want one with tactile switches instead",
"the tee is too small, I need an XL, black cotton crew neck".

When the customer is signed in and no list of products is showing, "the headphones" is an item
of their orders: the order holding it is found, and the clerk proposes an exchange (delivered)
or an item change (pending) to the variant the other words describe; with no order or several
holding it, the customer is asked which order.
"""

from __future__ import annotations

import re

from agentcli.conversation.answers import normalise
from agentcli.planners.base import PlanningContext
from agentcli.planners.rules.change_params import without_same, words
from agentcli.planners.rules.phrases import Intent
from agentcli.planners.rules.price_difference import settled_by

_THE = r"(?:the|my|those|these|that|this|our)"
_ITEM = r"(?P<old>[a-z0-9][a-z0-9.' -]*?)"
_NEW = r"(?:an?\s+|the\s+)?(?P<new>(?:[^?!.]|(?<=\d)\.(?=\d))+)"  # '1.5 liter' is whole
#: what an item should be that is no option of it: 'the lamp should be here by now'
_NOT_A_LOOK = (
    r"(?:here|there|delivered|arriving|arrived|shipped|sent|on\b|back|fixed|working|ready|done|"
    r"refunded|cancel|returned|replaced|in stock|by\b|at\b|today|tomorrow)"
)
#: the new variant wished for outright: 'i'd prefer the X in Y', 'can i get the X in Y
#: instead', 'could the X be Y instead', 'the X should have been Y', 'switch the X to a Y one'
WISHES = tuple(
    re.compile(pattern)
    for pattern in (
        rf"\b(?:(?:i'?d|id|i would|i)\s+(?:much\s+)?(?:rather(?: have)?|prefer|like|want)|"
        rf"(?:can|could|may)\s+(?:i|we)\s+(?:get|have)|"
        rf"i wish i(?: had|'d)?\s+(?:got|gotten|ordered|bought|chosen|picked|gone for))\s+"
        rf"{_THE}\s+{_ITEM}\s+(?:in|with|as)\s+{_NEW}",
        rf"\b(?:could|can|would|should)\s+{_THE}\s+{_ITEM}\s+(?:be|come)\s+(?:in\s+)?{_NEW}",
        rf"\b(?:i'?d|id|i would)\s+rather\s+{_THE}\s+{_ITEM}\s+(?:were|was)\s+(?:in\s+)?{_NEW}",
        rf"^(?:[^,:;.!?]*[,:;.!?]\s*)?(?:\w+[, ]+)?{_THE}\s+{_ITEM}\s+"
        r"(?:should(?:'ve| have)? been|should be|was supposed to be|needs to be|ought to be)\s+"
        rf"(?!{_NOT_A_LOOK})(?:in\s+)?{_NEW}",
        rf"\b(?:change|switch|swap)\s+the\s+(?:colou?r|size|model|style|version)\s+of\s+"
        rf"{_THE}\s+{_ITEM}\s+to\s+{_NEW}",
        rf"\b(?:change|switch|swap|make|turn)\s+{_THE}\s+{_ITEM}\s+(?:to|into)\s+{_NEW}",
        rf"\bmake\s+{_THE}\s+{_ITEM}\s+(?:an?|the)\s+{_NEW}",  # 'make the black tee an XL'
    )
)
#: the subjects of a complaint that are no item said bare ('boots are too small' is one)
_NO_ITEM = (
    r"(?:it|its|it's|this|that|they|these|those|he|she|i|we|you|everything|shipping|delivery|"
    r"price|prices|the|my|our|there|what|which|who|how|why|when|where)"
)
#: the verb after an item said bare, one or two words: 'boots are', 'hiking boots run'
_BARE_VERB = (
    r"(?:are|is|were|was|run|runs|came|come|feel|feels|doesn'?t|don'?t|does not|do not|pinch|"
    r"pinches|squeeze|squeezes|hurt|hurts|rub|rubs|chafe|chafes)"
)
#: what is wrong with the item as it is: 'the tee is too small', 'boots are too small', 'the X
#: doesn't fit'
FAULT = re.compile(
    rf"^(?:(?:so|well|hi|hey|ugh|um|actually|sadly|unfortunately)[, ]+)*"
    rf"(?:{_THE}\s+|(?!{_NO_ITEM}\b)(?=[a-z-]+(?: [a-z-]+)? {_BARE_VERB} ))"
    rf"{_ITEM}\s+"
    r"(?:(?:is|are|was|were|feels?|runs?|seems?|looks?)\s+(?:\w+\s+){0,2}?"
    r"(?:too|way too|far too|much too)\s+\w+|(?:runs?|came|comes)\s+(?:\w+\s+)?"
    r"(?:small|big|large|short|long|tight|narrow|wide)|"
    r"(?:is|are|was|were)\s+(?:the\s+)?wrong\s+(?:size|colou?r|fit|model|one)|"
    r"(?:doesn'?t|don'?t|does not|do not)\s+fit|"
    r"(?:pinch|pinches|squeeze|squeezes|hurt|hurts|rub|rubs|chafe|chafes)(?:\s+(?:my|me))?)\b"
)
#: the wrong one of it received or ordered: 'i ordered the wrong size of the boots', 'i got
#: the wrong colour mug'
WRONG_ONE = re.compile(
    rf"\bwrong\s+(?:size|colou?r|model|one|version)\s+(?:(?:of|for|on|with)\s+{_THE}\s+)?{_ITEM}"
    r"(?=\s*(?:[,.;!]|$)|\s+(?:in|from|on|i|we|and|but|please|pls|can|could|so|it|they)\b)"
)
#: 'i got the hiking boots in the wrong size', 'the mug came in the wrong colour'
WRONG_IN = re.compile(
    rf"{_THE}\s+{_ITEM}\s+(?:came\s+|arrived\s+)?(?:in|with)\s+(?:the|a)\s+wrong\s+"
    r"(?:size|colou?r|model|version|style)\b"
)
#: the item picked by mistake: 'i picked the white earbuds by mistake', 'we accidentally
#: ordered the small pet bed'; a swap only when a wish for another follows
MISTAKE = re.compile(
    r"\b(?:i|we)\s+(?:(?P<slip>accidentally|mistakenly|wrongly)\s+)?(?:picked|chose|ordered|got|"
    rf"bought|selected|clicked(?: on)?|went (?:with|for)|grabbed|added)\s+{_THE}\s+{_ITEM}"
    r"(?:\s+(?:by mistake|by accident|in error|accidentally|mistakenly)|"
    r"(?(slip)(?=\s*(?:[,.;!]|$|\s(?:but|and|in|from|on)\b))|(?!)))"
)
#: the item as it is, said before a wish for another: 'the skateboard i got is 34 inch,
#: wanted the 31 inch one'
AS_IT_IS = re.compile(
    rf"^(?:[a-z0-9#']+[, -]+){{0,3}}?{_THE}\s+{_ITEM}\s+(?:(?:i|we)\s+(?:got|ordered|bought|"
    r"received|have)\s+|(?:that\s+|which\s+)?(?:came|arrived)\s+)?(?:is|are|was|were|came in|"
    r"has|have|had|comes with|came with)\s+"
    r"(?:a\s+|an\s+|in\s+)?(?P<value>(?:[a-z0-9.-]+\s+){0,2}?[a-z0-9.-]+)(?=\s*(?:[,;.!?]|$|"
    r"\bbut\b|\band\b))"
)
#: an option value said of an item as it is: a number, a colour, a size
_VALUE = re.compile(
    r"\d|\b(?:red|blue|green|black|white|gr[ae]y|silver|gold|pink|purple|yellow|orange|brown|"
    r"beige|navy|xxs|xs|s|m|l|xl|xxl|small|medium|large|wired|wireless|manual|automatic)\b"
)
#: the item said not to have left yet, before a wish for another: 'the thermostat hasn't
#: shipped yet, can you make it the stainless one'
NOT_SENT = re.compile(
    rf"^(?:[#a-z0-9']+[, :-]+){{0,2}}?{_THE}\s+{_ITEM}\s+(?:(?:i|we)\s+(?:ordered|bought|got)\s+)?"
    r"(?:hasn'?t|has not|haven'?t|have not|didn'?t|did not|isn'?t|is not|aren'?t|are not)\s+"
    r"(?:been\s+|yet\s+)?(?:shipped|sent|dispatched|gone out|left|shipping|out)\b"
)
#: the item named as one the customer bought, before a wish for another: 'the vacuum I just
#: ordered, can it be bagged instead of bagless', 'the blue charger in my pending order, I'd
#: prefer black'
HELD = re.compile(
    rf"^(?:[#a-z0-9']+[, :-]+){{0,2}}?{_THE}\s+{_ITEM}\s+(?:(?:that\s+|which\s+)?(?:i|we)\s+"
    r"(?:just\s+|recently\s+|already\s+)?(?:ordered|bought|got|purchased|received)|"
    r"(?:in|from|on)\s+(?:my|the|our)\s+(?:[a-z]+\s+)?order)(?=\s*(?:[,;.:!-]|$))"
)
#: an item said bought, before a wish for another: 'I just placed an order for a desk lamp,
#: can you switch it to high brightness'
BOUGHT = re.compile(
    r"\b(?:i|we)\s+(?:just\s+|recently\s+|already\s+)?(?:placed an order for|ordered|bought|"
    rf"got|purchased)\s+(?:an?|some|{_THE})\s+{_ITEM}(?=\s*(?:[,;.:!-]|$))"
)
#: a colour, which names the item one has when said after 'instead of'
_COLOUR = re.compile(
    r"red|blue|green|black|white|gr[ae]y|silver|gold|pink|purple|yellow|orange|brown|beige|navy"
)
#: a wish that says what was meant to come: 'i wanted AMOLED', 'i ordered a large'
_MISMATCH = re.compile(r"(?:(?:i|we)\s+)?(?:wanted|ordered|asked for|meant|paid for|expected)\b")
#: what is said of an item before a wish for another: a fault, the wrong one, a mistake, its
#: not being sent yet, only that it was bought or where it is, or the item as it is (the last
#: five are a swap only when a wish follows)
COMPLAINTS = (FAULT, WRONG_ONE, WRONG_IN, MISTAKE, NOT_SENT, HELD, AS_IT_IS, BOUGHT)
_WISH_NEEDED = (MISTAKE, NOT_SENT, HELD, AS_IT_IS, BOUGHT)
#: an item kept in words and another wished for instead: 'love the keyboard but i want the
#: RGB one instead', 'the kettle is fine, though i'd prefer the black one instead'
BUT_INSTEAD = re.compile(
    rf"^(?:[a-z']+[, ]+){{0,3}}?{_THE}\s+{_ITEM}(?:\s+(?:is|are|was|were|works?|looks?|"
    r"seems?|fits?|feels?|does|do)\b[^,;]*?)?\s*"
    r"(?:,|;|\bbut\b|\bthough\b|\bhowever\b)\s*(?:[a-z']+\s+){0,3}?"
    r"(?:i'?d|id|i would|i|we)\s+(?:really\s+|much\s+)?(?:rather have|prefer|like|want|need)\s+"
    r"(?:the|a|an)\s+(?P<new>[^?!]+?\b(?:instead|rather)\b[^?!]*)$"
)
#: after a fault, what is wished for instead: 'I need an XL', 'can i get a medium instead'
WANTED = re.compile(
    r"\b(?:(?:i|we)(?:'d|d| would)\s+(?:much\s+)?(?:like|prefer|rather(?: have)?|want)|"
    r"(?:i|we)\s+(?:need|needed|want|wanted|would like|'d like|d like|'d prefer|prefer|"
    r"ordered|asked for|paid for|"
    r"meant(?: to (?:get|order|pick|choose|buy))?)|wanted|meant(?: to (?:get|order|pick))?|"
    r"(?:can|could)\s+(?:i|we)\s+(?:get|have)|need|do you have|give me|send me|"
    r"(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?(?:send|give|get)(?:\s+(?:me|us))?|"
    r"(?:have you |you )?got|any chance of|"
    r"(?:make|change|switch|swap|turn)\s+(?:it|them|that|this|those|these)(?:\s+(?:to|into|for))?|"
    r"(?:can|could|would|should)\s+(?:it|they|that|this|those|these)\s+(?:be|come)(?:\s+in)?)"
    r"\s+"
    r"(?:it\s+|them\s+)?"
    r"(?:in\s+|an?\s+|the\s+|one\s+|ones\s+|something\s+)*(?:(?:with|in|that'?s)\s+)?(?P<new>.+)$"
)
#: where the new variant's words end and the old one's begin: 'white instead of black',
#: 'brown not white'
_THE_OLD_ONE = re.compile(
    r"\b(?:instead of|rather than|in place of|not(?=\s+(?:the\s+|a\s+|an\s+)?[a-z0-9-]+"
    r"(?:\s+ones?)?\s*(?:[,.;!?]|$)))\b"
)
#: a wish to undo the purchase, which is no wish for another variant
_UNDONE = re.compile(r"\b(?:cancel\w*|return\w*|refund\w*|money back|send (?:it|them) back)\b")
#: what the line was read as that a wish about an item one has may stand for instead
READ_OVER = frozenset({"search", "add", "unclear", "what_kind", "show"})
#: words that make a question about a product's variants one about the item one has: 'can i
#: get the running shoes in white instead? same size'
OWNED = re.compile(r"\b(?:instead|rather than|(?:the )?same (?:size|colou?r|one|model|style))\b")
#: what a line may say should be otherwise that is no item: 'could the delivery be faster'
_NOT_ITEMS = frozenset(
    """
    store shop delivery shipping price prices order orders package parcel service website site
    app refund total bill charge payment address search results list wait time support agent
    bot chat weather again time today yesterday twice
    """.split()
)
_NOT_NEW = frozenset(
    "instead please pls thanks thx one ones way new another different replacement".split()
)


#: 'is' said short before a fault: "the helmet's too big", "boots're the wrong size"
_IS_TOO = re.compile(
    r"\b([a-z-]+)(?:'s|'re) (?=(?:(?:way|far|much|a bit|a little|slightly|just) )?too\b|"
    r"(?:the )?wrong (?:size|colou?r|fit|model|one)\b)"
)


def _is_value(said: str) -> bool:
    """Whether what an item is said to be is an option's value ('34 inch', 'red'), not its age
    or how it does ('2 years old', 'great')."""
    return bool(_VALUE.search(said)) and not re.search(
        r"\b(?:old|years?|months?|weeks?|ago)\b", said
    )


def wish(line: str) -> tuple[list[str], list[str]] | None:
    """The old item's words and the new variant's words of a wish or complaint, or None."""
    text = _IS_TOO.sub(r"\1 is ", normalise(line).replace("?", "."))  # "helmet's too big"
    found = next((m for m in (w.search(text) for w in WISHES) if m), None) or BUT_INSTEAD.search(
        text
    )
    new = ""
    if found:
        new = found.group("new") + " " + text[found.end() :]
    else:
        found = next((m for m in (p.search(text) for p in COMPLAINTS) if m), None)
        if found is None:
            return None
        wanted = WANTED.search(text[found.end() :])
        new = wanted.group("new") if wanted else ""
        if not new and found.re in _WISH_NEEDED:  # 'i ordered the lamp by mistake': a cancel
            return None
        if found.re is AS_IT_IS and not (
            _is_value(found.group("value")) or wanted and _MISMATCH.match(wanted.group(0))
        ):
            return None  # 'the kettle is great, i want another' says no option
    if _UNDONE.search(new):  # 'the lamp hasn't shipped, i'd like to cancel it': no variant
        return None
    new, *was = _THE_OLD_ONE.split(new, maxsplit=1)
    old = words(found.group("old"))  # everyday names read as the shop's
    if not old or len(old) > 3 or set(old) & _NOT_ITEMS:
        return None
    said_was = words(" ".join(was))  # 'white instead of black': the black one is the old one
    old += [w for w in said_was if _COLOUR.fullmatch(w) and w not in old]
    if found.re is AS_IT_IS:  # 'the watch i got has an LCD screen': the LCD one of them
        old += [w for w in words(found.group("value")) if w not in old]
    said = [w.strip(".,;:!") for w in words(without_same(new))]
    said = [w for w in said if w not in _NOT_NEW and re.search(r"[a-z0-9]", w)]
    if not said and found.re in (
        NOT_SENT,
        HELD,
        BOUGHT,
    ):  # 'the mug in my order, i want to return it'
        return None
    return old, said


def as_swap(ctx: PlanningContext, intent: Intent) -> Intent | None:
    """The line as a swap of an item in one of the customer's orders, or None; a clause naming
    how to pay ('…, charge my gift card') names the swap's method, not a checkout's."""
    memory = ctx.conversation.memory
    owned = intent.kind == "product_question" and OWNED.search(normalise(ctx.user_line))
    settled = settled_by(ctx.user_line)
    # a clause naming how to pay beside a wish: a checkout, a return or a payment change it is not
    paying = settled is not None and "order_swap" not in (intent.kind, intent.params.get("kind"))
    if (
        intent.kind not in READ_OVER
        and not owned
        and not paying
        or ctx.conversation.user is None
        or memory.get("last_list") in ("results", "product", "choices", "cart_items")
    ):
        return None
    line, method = settled if settled is not None else (ctx.user_line, None)
    read = wish(line)
    if read is None or not read[1] and intent.kind not in READ_OVER and not owned:
        return None  # 'the headphones are too quiet, refund me on my paypal': a return
    old, new = read
    return Intent(
        "change_which",
        {
            "kind": "order_swap",
            "it": False,
            "order_item": old,
            "order_id": "",
            "old": old,
            "new": new,
            "method": method,
        },
    )
