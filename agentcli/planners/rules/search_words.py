"""The words of a line that name a product: a search's query, a variant's descriptors."""

from __future__ import annotations

import re

from agentcli.planners.rules.prices import price_range
from agentcli.planners.rules.product_uses import USES, uses_named
from agentcli.planners.rules.reading import IN_CART, NUMBERS, ORDINALS

_ORDINAL_NUM = re.compile(r"^\d{1,2}(?:st|nd|rd|th)$")
#: what puts an item somewhere; its name is no product word
CART = r"\b(cart|basket|bag|trolley)\b"
#: a bag sought, not the cart: 'a bag or something', 'any laptop bags', 'some kind of bag'
BAG_SOUGHT = re.compile(
    r"\b(?:a|an|any|some|kind of|sort of|type of)\s+(?:[a-z-]+\s+)?bags?\b(?!\s+(?:is|has|shows))"
)


def names_cart(text: str) -> bool:
    """The line says the cart: a cart word that is not a bag looked for."""
    return bool(re.search(CART, BAG_SOUGHT.sub(" ", text)))


#: how many is said apart from what: 'two yoga mats' searches for yoga mats
_COUNTED = frozenset(w for w in NUMBERS if " " not in w)
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
    wattage resistance resistant thick tall diameter length height deck power rated rating
    compartment
    nan nana gran granny grandma grandpa grandmother grandfather nephew niece aunt uncle sister
    brother partner colleague boss costs prices pricing piece pieces pcs does did go goes
    who's into anything them those these where made strap straps band waterproof priciest
    dearest fanciest come comes smth sth will would shall should
    euro euros quid pound pounds gbp eur € £ what've teen teens teenager teenagers toddler
    toddlers she he they she's he's they're let grab snag nab
    """.split()
)


#: thanks or a yes said beside a pick, no word of the item: 'just 2 thanks, add them', 'sure,
#: i'll have four'
_THANKS = frozenset("thanks thank thx ty cheers ta sure yeah yep yup perfect lovely".split())


def descriptor_words(text: str) -> list[str]:
    """The words that describe a variant ('the blue one' → ['blue'], 'the 17 inch one' →
    ['17-inch'], '16 gb' → ['16gb']): a number with its unit is written as the options are."""
    text = re.sub(IN_CART, " ", text)  # 'put 2 in my basket' is no 2-inch
    text = re.sub(r"\b(\d+(?:\.\d+)?)\s*-?\s*(?:inch(?:es)?\b|in\b|\")", r"\1-inch ", text)
    text = re.sub(r"\b(\d+(?:\.\d+)?)\s+(gb|tb|ml|l|mm|mp|mah|w)\b", r"\1\2", text)
    text = re.sub(r"\b(\d+)[\s-]*watts?\b", r"\1w", text)  # '100 watt' as the options write it
    text = re.sub(r"\b(\d+)[\s-]*(?:hours?|hrs?)\b", r"\1hours", text)  # '8 hour' battery life
    text = re.sub(r"\bsize (\d{1,2}(?:\.5)?)\b", r"size\1", text)  # matched as a whole value
    text = re.sub(r"\b(\d{1,2})[\s-]*piece\b", r"\1-piece", text)  # '4 piece' as a piece count
    words = re.findall(r"[a-z0-9%.'-]+", text)
    skip = (
        STOP_WORDS
        | _THANKS
        | {
            "fine",
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
            "we'll",
            "i'm",
            "we're",
            "going",
            "gonna",
            "getting",
            "taking",
            "buying",
            "grabbing",
            "ordering",
            "grab",
            "snag",
            "nab",
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
            "bung",
            "lob",
            "whack",
            "shove",
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
            "whichever",
            "whichever's",
            "whatever",
            "whatever's",
            *"snag nab cop hook roll taking getting going grabbing".split(),  # how it is taken
        }
    )
    skip |= set(NUMBERS) | set(ORDINALS) | {"number", "no", "no.", "#", "option", "choice"}
    return [w for w in words if w not in skip and not w.isdigit() and not _ORDINAL_NUM.match(w)]


#: what people shorten a product word to; the catalog knows only the full word
SHORT_NAMES = {"cam": "camera", "cams": "cameras", "suitcase": "luggage", "suitcases": "luggage"}
#: what people call a kind of product whose shop name is another ('coffee machine')
EVERYDAY_NAMES = re.compile(r"\bcoffee machines?\b|\b(?:dog|cat|pet)'?s? beds?\b")
SHOP_NAMES = {"coffee": "coffee maker", "dog": "pet bed", "cat": "pet bed", "pet": "pet bed"}
#: 'for my commute', 'for her birthday': who or what it is for, never a product word
PURPOSE = re.compile(
    r"\b(?:for|in) (?:(?:my|her|his|our|their|your|the|a) )?(?:(?:living|dining|sitting|spare|"
    r"guest|front|back|kids'?|baby'?s?|new) )?(?:room|bedroom|kitchen|bathroom|hall(?:way)?|"
    r"nursery|lounge|study|flat|apartment|house|place)\b|"
    r"\bfor (?:(?:my|her|his|our|their|your) (?:(?:big|small|large|little|new) )?[a-z'-]+|"
    r"school|work|home|travel|camping|the office)\b|"
    r"\b(?:on|during|for|when on) (?:(?:my|her|his|our|their|your|the|a) )?(?:(?:daily|morning|"
    r"evening|weekend|long|short|early|bike|family|business|road) ){0,2}(?:runs?|jogs?|walks?|"
    r"hikes?|commutes?|trips?|rides?|workouts?|travels?|holidays?|vacations?|flights?|drives?)\b|"
    r"\b(?:when|while) (?:i'?m|i|we'?re|we|i go|we go) [a-z]+\b|"
    r"\b(?:at|around) (?:home|work|the (?:office|gym|beach|park|pool))\b|\bon the (?:go|move)\b"
)


#: 'your full range of', 'a good selection of': how much the shop has, never what
ASSORTMENT = re.compile(
    r"\b(?:(?:your|the|a|any|ur)\s+)?(?:(?:full|whole|entire|current|good|big|wide|latest)\s+)?"
    r"(?:range|selection|choice|collection|assortment|line-?up|variety)\s+of\b|"
    r"\b(?:in|by) the way of\b|\byou (?:guys|lot|folks|people|all)\b"
)


def query_words(rest: str) -> list[str]:
    """The product words of a search line, without filler, counts, purposes and option names."""
    rest = ASSORTMENT.sub(" ", rest)
    rest = re.sub(r"\b(\d+(?:\.\d+)?)\s*-?\s*(?:inch(?:es)?\b|\")", r"\1 inch ", rest)
    rest = re.sub(r"\b(\d+)\s+(gb|tb|ml|mm|ft|mp)\b", r"\1\2", rest)
    rest = re.sub(r"\bnot (?:made (?:of|from|with) |in |a |an )?[a-z-]+", " ", rest)  # no 'not X'
    rest = re.sub(r"\b([a-z]{4,})is(ed|er|ers)\b", r"\1iz\2", rest)  # 'polarised', 'organiser'
    rest = re.sub(r"\b(?:in|of|with)?\s*(?:size|sized|colou?r(?:ed)?)\s+(?=\w)", " ", rest)
    rest = re.sub(r"(?<!-)\b(?:in|with)\s+(?=\w)", " ", rest)  # never 'built-in'
    rest = EVERYDAY_NAMES.sub(lambda m: SHOP_NAMES[m.group(0).split("'")[0].split()[0]], rest)
    rest = AGE.sub(" ", rest)
    rest = PURPOSE.sub(" ", rest)
    rest = SITUATION.sub(" ", rest) if _kept(SITUATION.sub(" ", rest)) else rest
    kept = _kept(HOBBY.sub(" ", rest)) or _kept(rest)  # the hobby only when nothing else is named
    return [w[:-3] + "f" if len(w) > 6 and w.endswith("lves") else w for w in kept]


#: how old the one it is for is: 'for my 8 yo nephew', 'a ten-year-old', 'aged 6', 'she's 12',
#: 'who's turning 9'
_AGE_NUMBER = (
    r"(?:\d{1,2}|" + "|".join(sorted((w for w in NUMBERS if " " not in w), key=len)[::-1]) + ")"
)
AGE = re.compile(
    rf"\b(?:aged?\s+)?{_AGE_NUMBER}\s*\+?\s*-?\s*(?:yo|y/o|yrs?|years?|year)(?:\s*-?\s*olds?)?\b|"
    rf"\bage[ds]?\s+{_AGE_NUMBER}(?:\s*(?:\+|-|to)\s*(?:\d{{1,2}})?)?(?!\w)|"
    rf"\b(?:who|she|he|they)(?:'s| is| are|'re)\s+(?:turning\s+|just\s+|only\s+)?{_AGE_NUMBER}\b|"
    rf"\b(?:is |are )?turning\s+{_AGE_NUMBER}\b"
)


#: a clause about the customer's home or life, beside what they ask for: 'we have 2 dogs',
#: 'i've got a small flat', 'my cat sheds everywhere'; it explains the wish, it names no product
SITUATION = re.compile(
    r"(?:^|(?<=[,.;!?])|\b(?:as|since|because|cause|cuz)\b)\s*(?:we|i)\s*(?:'ve|have)?\s*"
    r"(?:have|got|own|live in|live with)\s+(?:a|an|the|some|two|three|four|five|\d+|lots|"
    r"loads|several|many|kids|pets|cats|dogs|small|big|large|tiny|old)\b[^,.;!?]*"
)
#: what the person a gift is for likes: 'for my dad who's into cycling, maybe a helmet'
HOBBY = re.compile(
    r"\bwho(?:'s| is| are)? (?:really |big |very )?(?:into|loves?|likes?|enjoys?|does|plays?|"
    r"goes) [a-z-]+"
)


def _kept(rest: str) -> list[str]:
    words = [SHORT_NAMES.get(w, w) for w in re.findall(r"[a-z0-9%.'-]+", rest)]
    owned = [w[:-2] if w.endswith("'s") and len(w) > 3 else w for w in words]  # "men's" → men
    return [w.strip(".'") for w in owned if w not in STOP_WORDS | _COUNTED and w.strip(".'")]


#: a thing named as what the product is used on: 'something to carry my laptop around in'
USED_ON = re.compile(
    r"\b(?:something|anything|smth|sth|a thing|stuff|what|one)\b.{0,20}?\b(?:to|for|i can|"
    r"that can|which can|we can)\s+(?P<verb>[a-z]+?)(?:ing)?\s+(?:(?:my|the|a|an|our|your|his|"
    r"her|some|all my)\s+)?(?P<thing>[a-z' -]+?)(?:\s+(?:around\s+|about\s+|safely\s+)?"
    r"(?P<place>in|on|with|into|inside|under)\b|\s*(?=[,.;!?]|$))"
)


#: the words that end a use ('… to carry my laptop around in'): no product word
PLACES = ("in", "on", "with", "into", "inside", "under")
#: what a thing is carried or kept in, by the thing: 'to carry water on my runs' → bottle
HELD_IN = {
    word: target
    for target, words in {
        "bottle": "water drink drinks juice smoothie smoothies coffee tea",
        "luggage": "clothes",
    }.items()
    for word in words.split()
}
#: what a thing is kept on at home, by the thing: carried, books go in a backpack
KEPT_ON = {"books": "bookshelf", "book": "bookshelf"}
#: the verbs of carrying or keeping, whose product is named by what they hold
HOLDING = frozenset("carry hold keep store bring take pack lug haul tote put fill".split())
KEEPING = frozenset("keep store put hold display organise organize stack".split())


def used_for(rest: str) -> list[str]:
    """The search words of a product named by its use on another thing: the use's product and
    the other words, never the thing ('… carry my laptop around in' → backpack), unless the
    thing names what holds it ('… carry water on my runs' → bottle)."""
    used = USED_ON.search(rest)
    if not used:
        return described(rest)
    stem = used.group("verb")
    things = used.group("thing").split()
    held = [HELD_IN[w] for w in things if w in HELD_IN and stem in HOLDING]
    held += [KEPT_ON[w] for w in things if w in KEPT_ON and stem in KEEPING]
    verb = (held[0] if held else None) or USES.get(stem) or USES.get(stem + "ing")
    if not verb:
        return described(rest)
    place = used.group("place") or ""  # 'on' of 'on my runs' stays for the occasion's words
    others = f"{rest[: used.start()]} {place}{rest[used.end() :]}"
    return [verb, *(w for w in query_words(others) if w not in (verb, *PLACES))]


#: a thing not named but described: 'anything comfy for my dog to sleep on?'
DESCRIBED = re.compile(
    r"\b(?:something|anything|smth|sth|a thing|stuff)\b|"
    r"\b(?:a|an|some|any)\s+(?:(?:little|small|smart|good|clever|cheap|handy|robot)\s+)?"
    r"(?:gadget|device|machine|appliance|gizmo|contraption|thingy)s?\b"
)


def described(rest: str) -> list[str]:
    """The product words a described thing's everyday words point to, in the order said
    ('… for my dog to sleep on' → pet bed); [] when the line names no use or names a thing."""
    if not DESCRIBED.search(rest):
        return []
    return uses_named(rest)


#: the verbs that put a thing in the cart; none is a product word
CART_VERBS = frozenset(
    """
    add buy grab snag nab order take put pop stick throw toss chuck slip load bung lob whack shove
    """.split()
)


def wanted_search(text: str) -> dict[str, object] | None:
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
    words = [w for w in query_words(rest) if w not in CART_VERBS]
    words = [w for w in words if not re.fullmatch(CART, w)]  # where it goes is no product
    return {"query": " ".join(words), "min_price": lo, "max_price": hi} if words else None
