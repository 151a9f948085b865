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
    need wanna gonna how do does make ok okay so just

    """.split()
)

#: several of an order's items named as one: 'both laptops', 'all the mugs', 'the two lamps'
EVERY = re.compile(
    r"\b(?:both(?: of)?(?: the| my)?|all(?: of)?(?: the| my| \d| two| three)|the (?:two|three|2|3)|"
    r"each of (?:the|my)|every)\s+[a-z-]+s\b|\bboth (?:of )?(?:them|those|these)\b"
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


def words(text: str) -> list[str]:
    return [
        AMERICAN.get(w, EVERYDAY.get(w, w))
        for w in WORDS.findall(text)
        if w not in FILLER
        and not ORDER_ID.fullmatch(w)
        and not w.startswith("#")
        and not re.fullmatch(r"w\d{7}", w)
        and re.search(r"[a-z0-9]", w)  # a dash or a quote alone is no word
    ]


def without_method(text: str) -> str:
    """The text without 'to my gift card', 'with my visa ending 1234' and the like."""
    return re.sub(
        r"\b(to|with|using|on|onto|via)\s+(my|the|a)?\s*(original\s+)?(gift\s*card|"
        r"credit\s*card|card|paypal|pay\s*pal|visa|mastercard|amex|discover|payment"
        r"(\s+method)?)(\s+ending(\s+in)?\s+\d{4})?",
        " ",
        text,
    )


def groups(part: str) -> list[list[str]]:
    """'the keyboard and the black backpack' → [['keyboard'], ['black', 'backpack']]."""
    chunks = re.split(r",|\band\b|&|\bplus\b", part)
    return [words for words in (words(chunk) for chunk in chunks) if words]


def return_params(text: str, order_id: str) -> dict[str, Any]:
    everything = bool(
        re.search(
            r"\b(everything|all (the |of the )?items|whole order|entire "
            r"order|all of it)\b",
            text,
        )
    )
    hint = payment_hint(text)
    original = bool(re.search(r"\boriginal\b", text))
    return {
        "order_id": order_id,
        "groups": [] if everything else groups(without_method(text)),
        "all": everything,
        "every": bool(EVERY.search(text)),
        "method": None if original else hint,
    }


#: 'same size', 'otherwise the same', '…, still stainless steel for induction': what stays
#: is no new word
SAME = re.compile(
    r"\b(?:(?:in |of |with )?(?:the )?same (?:\w+ )?(?:size|colou?r|capacity|material|"
    r"everything|otherwise|type|storage|model|length)|(?:everything else|otherwise|rest)"
    r"(?: (?:the|stays|kept|kept the))? same)\b|,\s*still\b[^,;!?]*"
)


def without_same(text: str) -> str:
    """The text without what it says stays the same ('same size'): the variant keeps it."""
    return SAME.sub(" ", text)


def swap_params(text: str, order_id: str) -> dict[str, Any]:
    cleaned = without_same(without_method(text))
    verb = re.search(r"\b(exchange|swap|trade|replace|change|switch)\b", cleaned)
    rest = cleaned[verb.end() :] if verb else cleaned
    split = re.search(r"\b(for|to|into|with)\b(?!.*\b(for|into)\b)", rest) or re.search(
        r"\b(for|to|into|with)\b", rest
    )
    old, new = (rest[: split.start()], rest[split.end() :]) if split else (rest, "")
    if verb and not words(old):  # 'the keyboard in W… is too loud, can i exchange it for …'
        old = cleaned[: verb.start()]
    need = needed(old) if verb and not words(new) else None
    if need is not None:  # 'they're a size 7 but I need a 9, can you exchange them'
        old, new = need
    return {
        "order_id": order_id,
        "old": words(old),
        "new": words(new),
        "method": payment_hint(text),
    }
