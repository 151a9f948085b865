"""General readings of a customer's words: filler, shorthand, numbers, positions vs quantities."""

from __future__ import annotations

import re

NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a pair of": 2,
    "a couple of": 2,
    "a couple": 2,
    "a dozen": 12,
}
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
    "top": 1,
    "bottom": -1,
    "final": -1,
}
_NUM = "|".join(w for w in NUMBERS if " " not in w)
_LEAD = (
    r"^(?:(?:ok(?:ay)?|so|well|um+|uh+|hmm+|er+|actually|hey|hi|hello|alright|all right|"
    r"right|oh|and|also|then|now|yeah|yes|great|cool|thanks|thank you|perfect|nice|aight|"
    r"sweet|"
    r"go on then|go on(?=,)|"
    r"just|please|sorry|wait|hm|i mean|(?:can|could|would) you|(?:can|could) u|"
    r"help me(?= (?:find|get|look|search|choose|pick|buy|order|cancel|return|track|with))|"
    r"(?:i )?need (?:some )?help(?= (?:finding|getting|with|to))|i was hoping)\b[,.!]*\s*)+"
)
#: thanks closing a request: 'the first, thanks', 'number 2 cheers', 'add it, thank you!'
_THANKS_TAIL = (
    r"(?<=[\w'])[\s,.!]*\s(?:(?:ok(?:ay)?|and|great|perfect|cool)\s+)?(?:thanks|thank you|"
    r"thank u|thx|ty|tysm|cheers|ta|much appreciated|appreciate it)"
    r"(?:\s+(?:so much|very much|a lot|a bunch|mate|again|in advance))?[\s!.]*$"
)
#: words that ask nothing, wherever they are; 'on second thought' names no second item
_ANYWHERE = (
    r"\b(?:please|pls|plz|kindly|actually|instead|just|really|maybe|perhaps|then|"
    r"(?:on )?(?:second|2nd) thoughts?)\b"
)
UNITS = (
    r"(?:gb|tb|mb|ml|l|mm|cm|inch|inches|in|ft|mp|k|w|watts?|mah|bar|lbs?|%|hours?|cups?|piece|"
    r"liters?)"
)
#: 'number 4', '#4', 'no. 4', 'option 4', 'item 4', '4th': a position in a list, not a quantity
POSITION = re.compile(
    rf"(?:\b(?:number|no\.?|option|choice|item|line|result|entry)\s*|#\s*)(\d{{1,2}}|{_NUM})\b"
    r"(?!\d)|\b(\d{1,2})(?:st|nd|rd|th)\b"
)


#: what a phone keyboard leaves of a word: a dropped apostrophe, a texting shorthand
SHORTHAND = {
    "whats": "what's",
    "thats": "that's",
    "wheres": "where's",
    "hows": "how's",
    "theres": "there's",
    "dont": "don't",
    "doesnt": "doesn't",
    "didnt": "didn't",
    "cant": "can't",
    "isnt": "isn't",
    "im": "i'm",
    "ive": "i've",
    "youre": "you're",
    "u": "you",
    "y'all": "you",
    "yall": "you",
    "cuz": "because",
    "coz": "because",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "tho": "though",
    "ur": "your",
    "abt": "about",
    "gimme": "give me",
    "lemme": "let me",
    "imma": "i'm going to",
    "ima": "i'm going to",
    "wanna": "want to",
    "gonna": "going to",
    "nr": "number",
    "nr.": "number",
    "w/": "with",
    "r": "are",
    "wat": "what",
    "wut": "what",
    "wht": "what",
    "em": "them",
    "'em": "them",
}
_SHORTHAND = re.compile(r"(?<![\w'])(" + "|".join(re.escape(w) for w in SHORTHAND) + r")(?![\w'/])")


#: the verbs people write with a dropped g ('lookin for', 'shoppin') or a slipped key
_ING = (
    "looking searching shopping hunting thinking wondering hoping trying wanting needing "
    "checking buying returning cancelling canceling sending getting going doing paying "
    "ordering browsing everything anything something nothing"
).split()
_DROPPED_G = re.compile(r"\b(" + "|".join(w[:-1] for w in _ING) + r")'?(?![\w'])")
TYPOS = {
    **dict.fromkeys(
        "loking lookng lookig lookign lokking looing lookinf lookiing".split(), "looking"
    ),
    **dict.fromkeys("serch seach serach searh sarch seacrh".split(), "search"),
    **dict.fromkeys("fnd fidn fimd".split(), "find"),
    **dict.fromkeys("shwo shw sow".split(), "show"),
    **dict.fromkeys("wnat wnt watn".split(), "want"),
    **dict.fromkeys("ned nee".split(), "need"),
    **dict.fromkeys("cancle cancell cancl canel cansel cancal".split(), "cancel"),
    **dict.fromkeys("retrun retun reutrn retrn returm".split(), "return"),
    **dict.fromkeys("ordr oder odrer ordre".split(), "order"),
    **dict.fromkeys("ordrs oders odrers ordres orderz".split(), "orders"),
    **dict.fromkeys("ordred orderd odered".split(), "ordered"),
}
_TYPO = re.compile(r"\b(" + "|".join(TYPOS) + r")\b")


def expand_shorthand(text: str) -> str:
    """'whats the 2nd one like' → "what's the 2nd one like", 'nr 3' → 'number 3', 'lookin
    for' → 'looking for', 'serch' → 'search'."""
    text = _SHORTHAND.sub(lambda m: SHORTHAND[m.group(1)], text)
    text = _DROPPED_G.sub(lambda m: m.group(1) + "g", text)
    text = re.sub(r"\bid (?=(?:prefer|like|love|want|rather|need|go|take)\b)", "i'd ", text)
    text = re.sub(r"\bill (?=(?:take|have|grab|get|go|do|buy|order|try|pay)\b)", "i'll ", text)
    return _TYPO.sub(lambda m: TYPOS[m.group(1)], text)


CORRECTION = re.compile(
    r"(?:\.{2,}|[,;]|\s)\s*(?:no,? wait|wait,? no|i mean|make (?:it|that))\b[,.]?\s*"
)


def strip_filler(text: str) -> str:
    """'ok so what desk lamps have you got' → 'what desk lamps have you got'; a line that
    corrects itself ('the cheapest... no wait, the second one') keeps only the correction."""
    parts = CORRECTION.split(text)
    if len(parts) > 1 and parts[-1].strip():
        verb = re.match(r"(add|put|show me|show|find|remove|take out|i'?ll take)\b", parts[0])
        text = parts[-1]
        if verb and not text.startswith(verb.group(1)):
            text = f"{verb.group(1)} {text}"
    text = re.sub(_LEAD, "", text)
    text = re.sub(_THANKS_TAIL, "", text)
    text = re.sub(_ANYWHERE, " ", text)
    return " ".join(text.split()).strip(" ,.!")


def number(word: str) -> int | None:
    """'4' → 4, 'four' → 4; None for anything else."""
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word)


CHEAPEST, DEAREST = -2, -3
"""Positions by price: 'the cheapest one', 'the most expensive one'."""


#: the verbs that put an item from the list shown in the cart: a superlative after them is a
#: pick ('add the cheapest mat'); after those that may ask for a search, only a count of the
#: list's items is ('grab 3 of the cheapest bottles', not 'I want the cheapest garden hose')
_PUTTING = (
    r"(?:add|put|pop|stick|throw|toss|chuck|bung|lob|whack|shove|i'?ll take|i'?ll have|"
    r"i will take)\b"
)
_TAKING = (
    r"(?:grab|get me|give me|(?:i'?ll|i will|let me|can i|could i) (?:take|have|get|grab)|"
    r"i(?:'d| would) like|i want)\b"
)
_CART = r"(?:cart|basket|bag|trolley)"


#: an ordinal of the customer's own life, no place in a list: 'training for my first 10k',
#: 'our second baby', 'her third marathon' (unless an item follows: 'my first one')
OWN_ORDINAL = re.compile(
    r"\b(?:my|our|his|her|their|(?!(?:it|that|what|there|here|who|how|let)'s)[a-z]+'s)"
    r"(?: very)? (?:first|second|third|fourth|fifth)\b(?! (?:one|ones|item|option|result|"
    r"pick|choice|order|purchase|package|parcel|delivery|flight|hotel|room|offer)s?\b)"
)


#: a time said with 'last' or 'next' that is no place in a list: 'the lamp i bought last week'
_WHEN = r" (?:week|weekend|month|year|night|summer|winter|spring|autumn|fall|christmas)\b"


def position(text: str) -> int | None:
    """The list position a line names: 'the second one', 'number 4', '#3', '2nd', 'last'."""
    text = OWN_ORDINAL.sub(" ", text)
    by_price = r"\s+(?:one|ones|of (?:them|those|these))\b|$"
    if re.match(_PUTTING, text) or re.match(rf"{_TAKING}.* of (?:the|those|these) \w", text):
        by_price += r"|(?:\s+[a-z-]+){1,2}$|(?:\s+[a-z-]+){0,2}\s+(?:in|into|to|onto) "
        by_price += rf"(?:my |the )?{_CART}$"
    if re.search(rf"\b{_PUTTING}|\b(?:in|into|to) (?:my |the )?{_CART}\b", text):
        by_price += r"|\s*[,;:!]"  # 'whichever's cheapest, chuck it in the cart'
    if re.search(rf"\b(?:cheapest|least expensive|lowest priced)(?:{by_price})", text):
        return CHEAPEST
    if re.search(rf"\b(?:most expensive|priciest|dearest)(?:{by_price})", text):
        return DEAREST
    for word, n in ORDINALS.items():
        if re.search(rf"\b{word}\b(?! (?:name|class|time|of all)|{_WHEN})", text):
            if word in ("top", "bottom", "final") and not re.search(
                rf"\b{word} (?:one|item|option|result|choice|entry|hotel|flight|room|offer)\b|"
                rf"\b{word} of (?:the|your) list\b",
                text,
            ):
                continue
            return n
    m = POSITION.search(text)
    if m:
        return number(m.group(1) or m.group(2))
    return None


def bare_position(text: str) -> int | None:
    """An answer that is only a number: '2', 'two', 'the 3', '3 please', 'number two'."""
    m = re.fullmatch(
        rf"(?:the\s+|number\s+|no\.?\s*|#\s*|option\s+)?(\d{{1,2}}|{_NUM})(?:\s+one)?", text
    )
    return number(m.group(1)) if m else None


def positions(text: str) -> list[int]:
    """Every position named, in order: 'compare the first and the third' → [1, 3]."""
    text = OWN_ORDINAL.sub(" ", text)
    found: list[tuple[int, int]] = []
    for word, n in ORDINALS.items():
        for m in re.finditer(rf"\b{word}\b", text):
            found.append((m.start(), n))
    for m in re.finditer(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*-?\s*{UNITS}\b)", text):
        found.append((m.start(), int(m.group(1))))
    two = re.search(r"\b(?:first|top) (two|2)\b", text)
    if two:
        return [1, 2]
    return [n for _, n in sorted(found)]


#: the cart a count is put in: 'in my basket', 'into the cart', 'to your trolley'
IN_CART = r"\b(?:in|into|onto|to) (?:my |the |your |our )?(?:cart|basket|bag|trolley)\b"


def quantity(text: str) -> int | None:
    """How many: 'add 3', 'two of the first one', '3 of those', 'a couple', 'one of them';
    never a position, never a size ('the white ones in size 10')."""
    text = re.sub(r"\bsize \d{1,2}(?:\.5)?\b", " ", text)
    text = re.sub(IN_CART, " ", text)  # 'put 2 in my basket': no 2-inch
    if re.search(r"\bone (?:of (?:them|those|these)|unit|piece|item)\b", text):
        return 1
    times = re.search(r"(?:\bx\s?(\d{1,2})|\b(\d{1,2})\s?x)\b", POSITION.sub(" ", text))
    if times and int(times.group(1) or times.group(2)) > 0:
        return int(times.group(1) or times.group(2))
    text = POSITION.sub(" ", text)
    for word in ORDINALS:
        text = re.sub(rf"\b{word}\b", " ", text)
    text = re.sub(r"\b\d+\s*(?:-|to)\s*\d+\s*(?:lbs?|kg)\b", " ", text)  # '30-50 lbs': a range
    m = re.search(rf"(?<!\d[.,])\b(\d{{1,2}})\b(?!\s*-?\s*{UNITS}\b|\s*\")(?![.,]\d)", text)
    if m and int(m.group(1)) > 0:
        return int(m.group(1))
    for word, n in NUMBERS.items():
        if word == "one":
            continue
        if re.search(rf"\b{word}\b(?! (?:one|ones)\b)", text) or re.search(
            rf"\b{word} (?:of|x)\b", text
        ):
            return n
    return None
