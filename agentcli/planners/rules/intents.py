"""Reads one English line into an intent: what the customer wants, with its details."""

from __future__ import annotations

import re

from agentcli.conversation.answers import is_no, is_yes, normalise
from agentcli.planners.rules.asides import is_chatter, name_and_zip, wants_a_person
from agentcli.planners.rules.order_change_intents import parse_change
from agentcli.planners.rules.order_finder import asked_after, item_words
from agentcli.planners.rules.order_states import state_named
from agentcli.planners.rules.phrases import Intent, cancel_reason, payment_hint
from agentcli.planners.rules.reading import (
    NUMBERS,
    ORDINALS,
    bare_position,
    expand_shorthand,
    position,
    positions,
    price_range,
    quantity,
    strip_filler,
)
from agentcli.planners.rules.spelling import USES

_ORDINAL_NUM = re.compile(r"^\d{1,2}(?:st|nd|rd|th)$")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
ORDER_ID = re.compile(r"#?\s*\b[wW]\s?(\d{7})\b")
ORDER_NUMBER = re.compile(r"\b(orders?|order number|order no\.?)\s*#?\s*(\d{7})\b", re.IGNORECASE)
STOP_WORDS = frozenset(
    """
    a an the me my i i'm im want wanted would like to for find search show looking look
    get some any please can you could do have has there is are of one ones that this it
    with in and or buy need something cheap price priced costing cost dollars usd $ under
    below less than over above more between around about who what which shop store catalog
    see browse give list all items item products product thing things new got carry sell
    stock bucks dollar budget range cheaper cheapest good nice options option available
    how much many kind kinds sort type model models size sized color colour colored coloured
    ones pair couple we us be your you've we've ok okay so just also then now maybe making
    doing using spend spending on happen wants needs likes loves her his their our him
    son daughter kid kids wife husband mom dad mum mother father friend boyfriend girlfriend
    birthday christmas gift present shopping wondering was were if checking hoping trying
    thinking searching hunting finding getting am i'd i'll i've too
    nothing fancy special simple decent affordable reasonable reasonably inexpensive pricey
    expensive quality solid reliable durable sturdy premium great excellent high-end top-notch
    well-made too very super fairly pretty not what's most least that's thats it's which
    morning afternoon evening help love guys folks market recommend deals deal few asap
    preferably ideally possible bring up use after purchase advise suggest
    ram memory storage backlight backlit battery life capacity resolution zoom screen display
    processor cpu material connectivity features feature style weight thickness brightness
    wattage resistance resistant
    """.split()
)


def descriptor_words(text: str) -> list[str]:
    """The words that describe a variant ('the blue one' → ['blue'], 'the 17 inch one' →
    ['17-inch'], '16 gb' → ['16gb']): a number with its unit is written as the options are."""
    text = re.sub(r"\b(\d+(?:\.\d+)?)\s*-?\s*(?:inch(?:es)?\b|in\b|\")", r"\1-inch ", text)
    text = re.sub(r"\b(\d+(?:\.\d+)?)\s+(gb|tb|ml|l|mm|mp|mah|w)\b", r"\1\2", text)
    words = re.findall(r"[a-z0-9%.'-]+", text)
    skip = STOP_WORDS | {
        "add",
        "put",
        "cart",
        "take",
        "remove",
        "delete",
        "x",
        "units",
        "unit",
        "pieces",
        "piece",
        "of",
        "into",
        "too",
        "also",
        "them",
        "those",
        "these",
        "will",
        "i'll",
        "i'd",
        "grab",
        "order",
        "buy",
        "want",
        "compare",
        "versus",
        "vs",
        "between",
        "difference",
        "better",
        "throw",
        "toss",
        "stick",
        "basket",
        "bag",
        "trolley",
        "pop",
        "chuck",
        "slip",
        "load",
        "place",
        "more",
        "another",
        "extra",
        "out",
        "from",
        "rid",
        "anymore",
        "don't",
        "dont",
        "drop",
        "let",
        "go",
        "with",
        "changed",
        "mind",
        "anyway",
        "actually",
    }
    skip |= set(NUMBERS) | set(ORDINALS) | {"number", "no", "no.", "#", "option", "choice"}
    return [w for w in words if w not in skip and not w.isdigit() and not _ORDINAL_NUM.match(w)]


SEARCHING = re.compile(
    r"\b(find|search|looking for|look for|show me|show|do you (?:have|sell|carry|stock)|"
    r"have you got|you got|got any|i want|i need|i'?m after|in the market for|shopping for|"
    r"recommend|any|browse|what .* (?:have|got|sell|carry)|need|want|get me|interested in|"
    r"searching for|hunting for|options for|are there|is there|what about|how about|sell|"
    r"carry|see (some|your|the|any|all)|happen to have|what'?s (your|the) (cheapest|best|most)|"
    r"your (cheapest|best)|(?:can|could|may) (?:i|we) (?:get|have|buy|order)|i'?d like|"
    r"where (?:are|is|can i find|do you keep) (?:your|the)|i (?:search|seek|look for))\b"
)
_COUNT = r"\d{1,2}|" + "|".join(w for w in NUMBERS if w != "one")
CART = r"\b(cart|basket|bag|trolley)\b"
#: how many is said apart from what: 'two yoga mats' searches for yoga mats
_COUNTED = frozenset(w for w in NUMBERS if " " not in w)
#: 'I'm Sofia', 'my name is Harper': a first name alone (capitalised, or said to be a name)
NAME_ONLY = re.compile(
    r"(?:(my name is|my name's|name's|call me)|i'm|i am|this is|it's) ([a-z]+)(?: [a-z]+)?"
)
#: what follows "I'm" that is no name: 'I'm done', 'I'm back', 'I'm lost'
NOT_NAMES = frozenset(
    """
    done back good fine ok okay ready here lost confused sure sorry new home away happy sad
    angry upset tired busy interested just still not so very really also the a an after
    """.split()
)
#: 'I have a problem with my order', 'something's wrong with my order'
TROUBLE = re.compile(
    r"\b(?:problem|issue|trouble|complaint|something'?s? wrong|wrong)\b.*\b(?:order|package|"
    r"delivery|purchase|parcel)\b"
)
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
    r"differ(?:s|ent|ence)?|stack up|weigh(?: up)?|contrast|pros and cons|which (?:one )?"
    r"(?:is|would|should|do|of)|how do .* compare|better|worse)\b"
)
#: what people shorten a product word to; the catalog knows only the full word
SHORT_NAMES = {"cam": "camera", "cams": "cameras"}
#: 'for my commute', 'for her birthday': who or what it is for, never a product word
PURPOSE = re.compile(
    r"\bfor (?:(?:my|her|his|our|their|your) (?:(?:big|small|large|little|new) )?[a-z'-]+|"
    r"school|work|home|travel|camping|the office)\b"
)


def _words(rest: str) -> list[str]:
    rest = re.sub(r"\b(\d+)\s+(gb|tb|ml|mm|inch|ft|mp)\b", r"\1\2", rest)
    rest = re.sub(r"\b(?:in|of|with)?\s*(?:size|sized|colou?r(?:ed)?)\s+(?=\w)", " ", rest)
    rest = re.sub(r"\b(?:in|with)\s+(?=\w)", " ", rest)
    rest = PURPOSE.sub(" ", rest)
    words = [SHORT_NAMES.get(w, w) for w in re.findall(r"[a-z0-9%.'-]+", rest)]
    kept = [w.strip(".'") for w in words if w not in STOP_WORDS | _COUNTED and w.strip(".'")]
    return [w[:-3] + "f" if len(w) > 6 and w.endswith("lves") else w for w in kept]


def _slot_answer(line: str, raw: str, text: str, awaiting: str | None) -> Intent | None:
    """The line read as the answer to the agent's question, when it is one."""
    bare = bare_position(text)
    picked = position(text) or bare
    if awaiting == "payment_method":
        hint = payment_hint(text)
        last4 = re.search(r"\b(\d{4})\b", text)
        if (hint or picked or last4) and "checkout" not in text:
            return Intent(
                "checkout",
                {"method": hint, "pick": picked, "last_four": last4.group(1) if last4 else None},
            )
    if awaiting == "cancel_reason":
        reason = cancel_reason(raw) or {1: "no longer needed", 2: "ordered by mistake"}.get(
            picked or 0
        )
        if reason is None and re.fullmatch(
            r"(?:it'?s |it is |the )?(no longer needed|mistake)", text
        ):
            reason = "no longer needed" if "needed" in text else "ordered by mistake"
        if reason:
            return Intent("cancel_reason", {"reason": reason})
        held = item_words(text)
        if held:  # 'the laptop one': which order, said before why
            return Intent(
                "cancel",
                {"order_id": None, "pick": None, "state": None, "reason": None, "order_item": held},
            )
    if awaiting == "cancel_order_id":
        order = ORDER_ID.search(line)
        state = None if order or picked else state_named(text)
        held = [] if order or picked or state else item_words(text)
        if order or picked or state or held:
            return Intent(
                "cancel",
                {
                    "order_id": f"#W{order.group(1)}" if order else None,
                    "pick": None if order else picked,
                    "state": state,
                    "reason": cancel_reason(text),
                    "order_item": held,
                },
            )
    if awaiting == "variant":
        other = re.search(
            r"\b(find|search|looking|cancel|order|checkout|check out|show me|remove|return)\b",
            text,
        )
        if (picked or descriptor_words(text)) and not other:
            return Intent(
                "add",
                {
                    "quantity": None if bare else quantity(text),
                    "ordinal": picked,
                    "words": descriptor_words(text),
                },
            )
    return None


def parse(line: str, awaiting: str | None = None) -> Intent:
    """The customer's intent for this line; `awaiting` is what the agent just asked for."""
    line = ORDER_NUMBER.sub(r"\1 #W\2", line)  # 'track order 8073958': the W left out
    raw = expand_shorthand(normalise(line))
    if not raw:  # nothing printable: spaces, control characters, terminal escape codes
        return Intent("empty")
    text = strip_filler(raw).rstrip("?!. ")
    if not text:
        return Intent("stray_yes_no") if is_yes(raw) or is_no(raw) else Intent("unclear")
    answer = _slot_answer(line, raw.rstrip("?!. "), text, awaiting)
    if answer is not None:
        return answer
    change = parse_change(line, text, awaiting)
    if change is not None:
        if change.kind == "change_pick" and change.params["ordinal"] is None:
            change.params["ordinal"] = bare_position(text)
        return change
    email = EMAIL.search(line)
    if email:
        return Intent("login_email", {"email": email.group(0)})
    named = name_and_zip(text, STOP_WORDS)
    if named:
        first, last, zip_code = named
        return Intent(
            "login_name", {"first_name": first.title(), "last_name": last.title(), "zip": zip_code}
        )
    named_only = NAME_ONLY.fullmatch(text)
    if (
        named_only
        and named_only.group(2) not in NOT_NAMES | STOP_WORDS
        and not re.search(r"(?:ed|ing|ly)$", named_only.group(2))
        and (named_only.group(1) or re.search(r"\b[A-Z][a-z]+\b", line.split("'")[-1]))
    ):
        return Intent("name_only", {"first_name": named_only.group(2).title()})
    order = ORDER_ID.search(line)
    if not order and TROUBLE.search(text):
        return Intent("order_trouble")
    if re.search(r"\bcancel(\b|lation)", text):
        if order:
            return Intent(
                "cancel", {"order_id": f"#W{order.group(1)}", "reason": cancel_reason(text)}
            )
        return Intent(
            "cancel_which",
            {
                "reason": cancel_reason(text),
                "state": state_named(text),
                "pick": position(text),
                "it": bool(re.search(r"\bcancel (?:it|that|this|this order|that order)\b", text)),
                "order_item": item_words(text),
            },
        )
    if order:
        return Intent("order_status", {"order_id": f"#W{order.group(1)}"})
    held = asked_after(text)
    if held:  # 'i ordered a bicycle ages ago, where is it'
        return Intent("order_status", {"order_id": None, "order_item": held})
    if re.search(
        r"\bhelp(?: me)?(?: out)? with (?:my|an|the|this|that|one of my) (?:order|package|"
        r"delivery|purchase|parcel)s?\b",
        raw,
    ):
        return Intent("order_trouble")
    if is_yes(raw) or is_no(raw):
        return Intent("stray_yes_no")
    if (
        cancel_reason(raw)
        and len(text.split()) <= 6
        and not SEARCHING.search(text)
        and not re.search(r"\b(remove|delete|take (?:it|that|them) out|get rid)\b", text)
    ):  # 'changed my mind' cancels an order, unless it takes something out of the cart
        return Intent("cancel_which", {"reason": cancel_reason(raw)})
    if wants_a_person(text, bool(SEARCHING.search(text))):
        return Intent("human")
    if re.search(
        r"\b(my orders|order history|orders do i have|past orders|list .*orders|"
        r"what (did|have) i (order|ordered|bought|buy|purchased?)|"
        r"my (recent |previous |last )?(orders|purchases)|"
        r"orders (?:that )?i(?:'ve| have)? (placed|made)|all (?:of )?(?:the |my )?orders|"
        r"where('?s| is| are) my (order|package|stuff|orders)|"
        r"status of my orders?|track my orders?|my order status|i'?ve (ordered|bought)|"
        r"(?:which|what) orders)\b",
        text,
    ):
        return Intent("my_orders")
    if (
        re.search(r"\b(compare|comparison|difference between|versus|vs\.?)\b", text)
        or re.search(
            r"\bwhich (one )?is (the )?(better|cheaper|best)\b|\bbetter (deal|buy|value|choice)\b",
            text,
        )
        or (len(positions(text)) >= 2 and COMPARING.search(text))
    ):
        return Intent("compare", {"positions": positions(text), "words": descriptor_words(text)})
    if re.search(
        r"\b(check ?out|place (the |my |an )?order|pay for|complete (the |my )?"
        r"(order|purchase)|buy (it|them|everything|all) now|ready to (pay|order|buy|check)|"
        r"proceed to (payment|checkout)|pay now|finish (my |the )?(order|purchase)|"
        r"i'?d like to pay|let'?s pay|(i want|want) to pay|that'?s all,? (i'?ll|let'?s) pay|"
        r"order (it|them|everything) now|wrap (it|this|things) up|i'?m done shopping|"
        r"that'?s (?:all|everything|it),? (?:i'?ll|let'?s|please) (?:check ?out|pay|order))\b",
        text,
    ):
        return Intent("checkout", {"method": payment_hint(text)})
    if re.search(r"\bmy (order|package|parcel|delivery|stuff)\b", text):
        return Intent("my_orders")
    if payment_hint(text) and BUY_WITH.search(text):
        return Intent("checkout", {"method": payment_hint(text)})
    if (
        payment_hint(text)
        and re.search(r"\b(pay|paying|charge|bill|use|using|put it on|put them on|go with)\b", text)
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
        re.search(CART, text)
        and not re.search(r"\b(add|put|throw|toss|stick|pop|chuck|place|drop|slip|load)\b", text)
        and not (position(text) is not None and re.search(INTO_CART, text))
    ) or re.search(
        r"\bwhat (?:have i|did i|i'?ve) (?:added|put in|picked)\b|\badded so far\b", text
    ):
        return Intent("view_cart")
    adding = re.search(
        r"(?:^|[,;.!]\s*|\b(?:and|so)\s+)"  # a clause may begin it: '…looks good, I'll take it'
        r"(add|put|throw|toss|stick|pop|chuck|drop|slip|load|place|i'?ll take|i will take|"
        r"i'?ll have|i'?ll get|give me|"
        r"let me (get|have|take)|(?:can|could|may) i (get|have|take)|i'?ll go with|i'?d go with|"
        r"go with|i (?:take|choose|pick|go with)|"
        r"let'?s (go with|take|get|do)|"
        r"get me|i'?d like|i would like|i want|i'?ll buy|buy|grab|take|order)\b|\badd\b|"
        r"\b(in|to|into) (my |the )?(cart|basket|bag|trolley)\b",
        text,
    ) or re.search(rf"^({_COUNT}|one) (more )?(of|x)\b", text)
    taking = re.match(
        r"(?:i'?ll|i will|let me|can i) (?:take|have|go with|get)(?: me)? the\b", text
    )
    picking = re.fullmatch(r"(?:the )?(?:\w+|#\s*\d{1,2}|number \w+)(?: one)?", text)
    if (adding or picking) and (
        position(text) is not None
        or adding
        and (
            re.search(r"\b(it|that|this|them|those|these|one|ones)\b", text)
            or re.search(r"\badd\b", text)
            or taking
        )
    ):
        return Intent(
            "add",
            {
                "quantity": quantity(text),
                "ordinal": position(text),
                "words": descriptor_words(text),
                "bare": not adding,
                "search": _wanted(text) if adding and position(text) is None else None,
            },
        )
    if position(text) is not None and re.search(
        r"\b(show|tell|details?|more|about|open|see|look|view|what|info|describe|how)\b", text
    ):
        return Intent("show", {"ordinal": position(text)})
    if re.search(r"^(help|\?|what can you do|how does this work|what do you do)", text):
        return Intent("help")
    if re.search(
        r"^(thanks|thank you|thx|cheers|bye|goodbye|ty|see you|see ya|later)\b|"
        r"^(?:that'?s|that is) (?:all|it|everything)(?: for (?:now|today))?$|"
        r"^(?:nothing (?:else|more)|all good|i'?m good|no more)$",
        text,
    ) or (re.search(r"^(thanks|thank you|thx|cheers|bye|goodbye|ty)\b", raw)):
        return Intent("thanks")
    if re.search(r"^(hi|hello|hey|good (morning|afternoon|evening)|howdy)\b[!. ]*$", raw):
        return Intent("hello")
    lo, hi, rest = price_range(text)
    words = _used_for(rest) or _words(rest)
    if words and lo is None and hi is None and all(is_chatter(w) for w in words):
        return Intent("unclear")
    if words or lo is not None or hi is not None:
        asking = re.match(r"(what|how|why|when|where|who|can|could|is|are|do|does|will)\b", text)
        if SEARCHING.search(text) or (words and not asking and len(words) <= 6):
            query = " ".join(words) or None
            return Intent("search", {"query": query, "min_price": lo, "max_price": hi})
    return _another_part(line, awaiting)


#: a thing named as what the product is used on: 'something to carry my laptop around in'
USED_ON = re.compile(
    r"\b(?:something|anything|smth|sth|a thing|stuff|what|one)\b.{0,20}?\b(?:to|for|i can|"
    r"that can|which can|we can)\s+(?P<verb>[a-z]+?)(?:ing)?\s+(?:(?:my|the|a|an|our|your|his|"
    r"her|some|all my)\s+)?(?P<thing>[a-z' -]+?)\s+(?:around\s+|about\s+|safely\s+)?"
    r"(?:in|on|with|into|inside|under)\b"
)


def _used_for(rest: str) -> list[str]:
    """The search words of a product named by its use on another thing: the use's product and
    the other words, never the thing ('… carry my laptop around in' → backpack)."""
    used = USED_ON.search(rest)
    verb = used and (USES.get(used.group("verb")) or USES.get(used.group("verb") + "ing"))
    if not used or not verb:
        return []
    others = rest[: used.start()] + " " + rest[used.end() :]
    return [verb, *(w for w in _words(others) if w != verb)]


def _wanted(text: str) -> dict[str, object] | None:
    """The search a buying line names with 'a', 'an' or 'some' ('I'd like to buy a grey pet
    bed, if you have one'), for when no item shown fits its words."""
    wanted = re.search(
        r"(?<!that )(?<!this )(?<!the )(?<!which )\b(?:a|an|some|one|two|three|a few)\s+"
        r"(?!of\b|more\b)([^,.;!?]+)",
        text,
    )
    if not wanted or re.search(
        r"\b(?:one|ones|it|them|couple|pair|few|dozen|bit|more|other|second)\b",
        wanted.group(1).split(" if ")[0],
    ):
        return None
    lo, hi, rest = price_range(text)
    words = [w for w in _words(rest) if w not in ("add", "buy", "grab", "order", "take")]
    words = [w for w in words if not re.fullmatch(CART, w)]  # where it goes is no product
    return {"query": " ".join(words), "min_price": lo, "max_price": hi} if words else None


def _another_part(line: str, awaiting: str | None) -> Intent:
    """A line of several sentences that reads as nothing whole is read by its parts, the last
    first ('Necesito unas zapatillas para correr... running shoes please')."""
    parts = [p for p in re.split(r"\.{2,}|…|[.!?;]\s+|\s+-+\s+", line) if p.strip()]
    for part in reversed(parts if len(parts) > 1 else []):
        intent = parse(part, awaiting)
        if intent.kind not in ("unclear", "empty", "stray_yes_no"):
            return intent
    return Intent("unclear")
