"""The parts of an order change as a line names them: the items returned, the item swapped
and what for, with filler, payment methods and order ids left out."""

from __future__ import annotations

import re
from typing import Any

from agentcli.planners.rules.phrases import payment_hint
from agentcli.planners.rules.swap_needs import needed

ORDER_ID = re.compile(r"#?\s*\b[wW]\s?(\d{7})\b")
WORDS = re.compile(r"[a-z0-9%.'-]+")
FILLER = frozenset(
    """
    a an the my me i i'd i'm want would like to please can you could in of from on order orders
    for with by and it its this that one ones version variant model instead item items
    return exchange swap replace change switch modify update get back send them those these
    thing things product products also just same but refund refunded money credit pay paid
    instead rather than place
    returning returned back i'm got bought received ordered purchased something stuff anything
    give giving ship shipping post posting mail mailing hand handing take sending
    need wanna gonna how do does make ok okay so just keep keeping kept be changed switched
    swapped exchanged came come arrived arrives process processed initiate start kindly

    """.split()
)

#: several of an order's items, or every unit of one, named as one: 'both laptops', 'all the
#: mugs', 'the two lamps', 'both of the black t-shirts', 'the 2 tees', 'all three of the mugs';
#: after a count the item may be said as the shop names one ('the 2 black t-shirt'), after
#: 'all' or 'each' it is plural, up to three words describing it ('all my red wool scarves')
EVERY = re.compile(
    r"\b(?:both(?: of)?(?: the| my| those| these)?|"
    r"(?:the|my|those|these|all) (?:two|three|four|2|3|4)(?: of (?:the|my|those|these))?|"
    r"(?:two|three|four|2|3|4) of (?:the|my|those|these))"
    r"\s+(?!and\b|or\b|plus\b|of\b|them\b|those\b|these\b)[a-z][a-z0-9-]*|"
    r"\b(?:all(?: of)?(?: the| my)|each of (?:the|my)|every)"
    r"(?:\s+(?!and\b|or\b|plus\b)[a-z0-9-]+){0,3}?\s+[a-z-]+s\b|"
    r"\bboth (?:of )?(?:them|those|these)\b|\bboth(?= *(?:[?.!,;]|$|please\b|pls\b|back\b))"
)


#: British spellings of the words the shop's options use
AMERICAN = {
    "litre": "liter",
    "litres": "liters",
    "grey": "gray",
    "colour": "color",
    "aluminium": "aluminum",
    "metre": "meter",
    "metres": "meters",
    "centre": "center",
}


_BRITISH = re.compile(rf"\b(?:{'|'.join(AMERICAN)})\b")


def american(text: str) -> str:
    """The shop's own text with its British spellings made American, as the customer's words
    are read: one shop's backpacks are 'grey' and its chairs 'gray', and both are asked for."""
    return _BRITISH.sub(lambda m: AMERICAN[m.group(0)], text)


#: the everyday names of items whose product names are spelt otherwise ('my hoover', 'the tee')
EVERYDAY = {
    word: name
    for name, words in {
        "t-shirt": "tee tees tshirt tshirts",
        "earbuds": "earphones airpods",
        "headphones": "headset",
        "vacuum": "hoover",
        "bicycle": "bike",
        "luggage": "suitcase suitcases",
        "smartphone": "mobile cellphone",
        "e-reader": "ereader kindle",
        "bulb": "lightbulb lightbulbs",
        "charger": "powerbank",
        "sunglasses": "shades",
        "dumbbell": "dumbbells weights",
    }.items()
    for word in words.split()
}


#: the words whose "'s" is their own: 'it's', 'that's', 'let's'
_OWN_S = frozenset("it that what there here who how let he she where".split())


def _without_s(word: str) -> str:
    """'skateboard's' → 'skateboard': the item said with 'is' run on ('the skateboard's not for
    me') or as an owner ('the kettle's lid') is the item itself."""
    stem = word[:-2] if word.endswith("'s") else word
    return word if stem in _OWN_S or not stem else stem


def words(text: str) -> list[str]:
    """The words that name an item or its options; a stop ending a sentence is no part of its
    last word ('i need usb.')."""
    return [
        AMERICAN.get(w, EVERYDAY.get(w, w))
        for w in (
            _without_s(w.rstrip(".") if not w.endswith("..") else w) for w in WORDS.findall(text)
        )
        if w
        and w not in FILLER
        and not ORDER_ID.fullmatch(w)
        and not w.startswith("#")
        and not re.fullmatch(r"w\d{7}", w)
        and re.search(r"[a-z0-9]", w)  # a dash or a quote alone is no word
    ]


#: a method named after a preposition: 'to my gift card', 'with my visa ending 1234'
METHOD_PHRASE = re.compile(
    r"\b(to|with|using|on|onto|via)\s+(my|the|a)?\s*(original\s+)?(gift\s*card|"
    r"credit\s*card|card|paypal|pay\s*pal|visa|mastercard|amex|discover|payment"
    r"(\s+method)?)(\s+ending(\s+in)?\s+\d{4})?"
)


def without_method(text: str) -> str:
    """The text without 'to my gift card', 'with my visa ending 1234' and the like."""
    return METHOD_PHRASE.sub(" ", text)


#: a clause about where the refund goes, not an item: 'gift card refund is fine', 'the money
#: back on my card please', 'card is ok'
REFUND_CLAUSE = re.compile(
    r"\b(?:refund\w*|money|reimburs\w*|credit(?:ed)? back|pay (?:me )?back)\b|"
    r"\b(?:is|are|'s|would be|will be|works?|should be)\s+(?:fine|ok|okay|good|great|perfect|"
    r"alright|best)\b"
)


#: where a line's items part: commas, 'and', a sentence's end, a dash
_PARTS = re.compile(r",|\band\b|&|\bplus\b|[.!?;](?=\s|$)|\s[-–—]+\s")


def groups(part: str) -> list[list[str]]:
    """'the keyboard and the black backpack' → [['keyboard'], ['black', 'backpack']]; a
    clause naming where the refund goes ('gift card refund is fine') names no item."""
    chunks = _PARTS.split(part)
    return [
        words for words in (words(chunk) for chunk in chunks if not _refund_clause(chunk)) if words
    ]


def item_said(text: str) -> list[str]:
    """The words of the item an answer names, without its refund clause or payment method
    ('the pet bed please, gift card refund is fine' → ['pet', 'bed'])."""
    return [w for group in groups(without_method(text)) for w in group]


def refund_method(text: str) -> dict[str, str] | None:
    """The method an answer asks the refund to go to ('…, gift card refund is fine', '… to my
    paypal'); none when it is the original one, or named only as an item's part ('the camera
    with the sd card')."""
    if re.search(r"\boriginal\b", text):
        return None
    said = [c for c in _PARTS.split(text) if _refund_clause(c)]
    said += [m.group(0) for m in METHOD_PHRASE.finditer(text)]
    return payment_hint(" , ".join(said)) if said else None


#: the words a clause about the refund is made of besides the method: 'card refund is fine'
_REFUND_WORDS = frozenset(
    """
    is are fine ok okay good great perfect alright best works work be would will should that's
    thats please pls thanks put goes go can you it gift card credit debit paypal pal visa
    mastercard amex discover ending account balance
    """.split()
)


def _refund_clause(chunk: str) -> bool:
    """Whether a part of the line only says where the refund goes: 'refund to the card is
    fine', 'gift card refund is ok', 'paypal please'."""
    said = words(chunk)
    return bool(REFUND_CLAUSE.search(chunk) or payment_hint(chunk)) and all(
        w in _REFUND_WORDS or w.isdigit() for w in said
    )


#: an item the customer keeps while returning others: 'keeping the espresso machine', 'but
#: not the lamp', 'everything except the mouse', 'everything but the mouse', "i'll keep the case"
KEPT = re.compile(
    r"\b(?:(?:i'?ll |i will |i'?m |i am |i want to |i'?d like to |i wanna |gonna |going to )?"
    r"keep(?:ing)?|hang(?:ing)? on to|hold(?:ing)? on to|except(?: for)?|apart from|other than|"
    r"excluding|but not|not|(?:(?<=everything )|(?<=all ))but)\s+(?:the |my |that |those |these )"
    r"(?P<kept>[^,.;!?]*?)"
    r"(?=\s*(?:[,.;!?]|$)|\s+(?:and|but|please|pls|thanks|refund|to|with|on|as|since|because)\b)"
)


#: the kept item said first: 'the coffee maker stays', 'my lamp can stay', 'the mug i'll keep'
KEPT_FIRST = re.compile(
    r"\b(?:the|my) (?P<kept>[a-z][a-z0-9 '-]{0,40}?) (?:stays|can stay|will stay|is staying|"
    r"i'?ll keep|i will keep|i'?m keeping|i want to keep|i'?d like to keep)\b"
)


def kept_groups(text: str) -> tuple[str, list[list[str]]]:
    """The text without the items said to be kept, and those items' words."""
    kept = [groups(m.group("kept")) for m in (*KEPT.finditer(text), *KEPT_FIRST.finditer(text))]
    text = KEPT_FIRST.sub(" ", KEPT.sub(" ", text))
    return text, [words for found in kept for words in found]


#: every item of an order said by a count of things, not by name: 'both things', 'the two
#: items', 'both of the products', 'all three pieces'
_EVERY_THING = (
    r"\b(?:both|the two|all (?:the )?(?:two|three|four)|all) (?:of )?(?:the |my |those |these )?"
    r"(?:things|items|products|pieces)\b"
)


def return_params(text: str, order_id: str) -> dict[str, Any]:
    text, kept = kept_groups(text)
    everything = bool(
        re.search(
            r"\b(everything|all (the |of the )?items|whole order|entire "
            r"order|all of it)\b|" + _EVERY_THING,
            text,
        )
    )
    return {
        "order_id": order_id,
        "groups": [] if everything else groups(without_method(text)),
        "all": everything,
        "every": bool(EVERY.search(text)),
        "keep": kept,
        "method": None if re.search(r"\boriginal\b", text) else payment_hint(text),
    }


#: 'same size', 'otherwise the same', '…, still stainless steel for induction': what stays
#: is no new word
_KEPT_OPTION = (
    r"(?:size|colou?r|capacity|material|everything|otherwise|type|storage|model|length|specs?|"
    r"specifications|features|options|settings)"
)
SAME = re.compile(
    rf"\b(?:(?:in |of |with )?(?:the )?same (?:\w+ )?{_KEPT_OPTION}(?:,? (?:and|&) (?:the )?"
    rf"{_KEPT_OPTION})*|(?:everything else|otherwise|rest)"
    r"(?: (?:the|stays|kept|kept the))? same|(?:keep(?:ing)? )?everything else(?: (?:identical|"
    r"unchanged|as is|as it is))?|nothing else (?:changes|different|changed)|"
    rf"(?:with )?identical {_KEPT_OPTION}|everything else identical)\b|,\s*still\b[^,;!?]*"
)


def without_same(text: str) -> str:
    """The text without what it says stays the same ('same size'): the variant keeps it."""
    return SAME.sub(" ", text)


def _subject(part: str) -> str:
    """The item as the customer names it, without what they say of it: 'the boots from my last
    delivery are a size too small' is 'the boots from my last delivery'; a description of which
    one it is stays ('the kettle I ordered is the 2 litre one')."""
    verb = re.search(r"\b(?:is|are|was|were)\b|'s\b|'re\b", part)
    if verb is None or not words(part[: verb.start()]):
        return part
    which = re.match(
        r"\s*(?:the|an?)\s+([\w. -]+?)\s+(?:one|ones|version|model)\b", part[verb.end() :]
    )
    return part[: verb.start()] + (f" {which.group(1)}" if which else "")


#: what the item is now, said after the wish: 'for blue instead of red', 'for blue, not red';
#: a feature denied ('size 8, not waterproof') is part of the wish
_WAS = re.compile(
    r"\b(?:instead of|rather than|in place of|(?:and |but )?not(?! (?:[a-z]+[- ]?proof|"
    r"(?:[a-z]+[- ])?resistant)\b))\b"
)


def swap_params(text: str, order_id: str) -> dict[str, Any]:
    cleaned = without_same(without_method(text))
    verb = re.search(r"\b(exchange|swap|trade|replace|change|switch)\b", cleaned)
    rest = cleaned[verb.end() :] if verb else cleaned
    split = re.search(r"\b(for|to|into|with)\b(?!.*\b(for|into)\b)", rest) or re.search(
        r"\b(for|to|into|with)\b", rest
    )
    old, new = (rest[: split.start()], rest[split.end() :]) if split else (rest, "")
    new = " , ".join(c for c in _PARTS.split(new) if not _payment_only(c))  # '…, paypal'
    was = _WAS.search(new)
    if was is not None:  # 'for blue instead of red': red is what the item is now
        old, new = f"{old} {new[was.end() :]}", new[: was.start()]
    before = bool(verb) and not words(old)
    if before:  # 'the keyboard in W… is too loud, can i exchange it for …'
        old = cleaned[: verb.start()] if verb else old
    need = needed(old) if verb and not words(new) else None
    if need is not None:  # 'they're a size 7 but I need a 9, can you exchange them'
        old, new = need
    elif before:
        old = _subject(old)
    return {
        "order_id": order_id,
        "old": words(old),
        "new": words(new),
        "method": payment_hint(text),
    }


#: the words a clause that only names how to pay is made of: 'paypal', 'use my visa', 'charge
#: the gift card if needed'
_PAYING_WORDS = _REFUND_WORDS | frozenset(
    "use charge bill via if needed need required any difference extra costs cost more less "
    "the my on to with".split()
)


def _payment_only(chunk: str) -> bool:
    """Whether a part of the line only names a payment method: 'paypal', 'use my visa'."""
    said = WORDS.findall(chunk)
    return payment_hint(chunk) is not None and all(w.rstrip(".") in _PAYING_WORDS for w in said)
