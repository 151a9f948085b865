"""Prices as people write them: bounds, ranges, amounts in words, currency signs and codes."""

from __future__ import annotations

import re

from agentcli.planners.rules.reading import NUMBERS, UNITS

#: a currency's sign or code before an amount: '$270', '€300', '£50', 'USD 270', 'US$270'
SIGN = r"(?:\$|€|£|\bus\$|\b(?:usd|eur|gbp)(?=\s?\d))"
#: a currency's word or sign after an amount: '300 euros', '150 quid', '40 dollars', '50€'
NAMED = r"(?:dollars?|bucks?|usd|us dollars?|euros?|eur|quid|pounds?|gbp|\$|€|£)"
#: an amount, its currency before it as a sign or a code: '$270', '€300', '2k'
MONEY = rf"{SIGN}?\s?(\d[\d,]*(?:\.\d+)?)\s?(k\b)?"
CURRENCY = rf"\s*{NAMED}?"
#: thousands grouped by dots as much of Europe writes them: '1.000€', 'EUR 2.500'
THOUSANDS_DOT = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.,])")
#: an amount is no price when a unit follows it: 'around 750ml', 'over 16gb'
NOT_UNIT = rf"(?![\d.,])(?!\s?-?\s?{UNITS}\b)"


def _bare_range(text: str, found: re.Match[str]) -> bool:
    """'digital cameras from 2700 to 2800', 'a laptop 1000-1500': a range with no currency is
    a price when it rises and names no unit or size ('size 8-10' and '2 to 3 people' are not)."""
    lo, hi = float(found.group(1).replace(",", "")), float(found.group(3).replace(",", ""))
    before = text[: found.start()].split()[-1:]
    after = text[found.end() :].split()[:1]
    unit = re.compile(rf"{UNITS}$|people|persons?|guests?|nights?|days?|pieces?|pcs|units?|items?")
    return (
        10 <= lo < hi
        and not (before and before[0] in ("size", "sizes", "sized", "aged", "ages", "age"))
        and not (after and unit.match(after[0]))
    )


_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SMALL = {w: n for w, n in NUMBERS.items() if " " not in w} | {
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
#: vague counts that are an amount only before 'hundred' or 'grand': 'a couple hundred'
_VAGUE = {"couple": 2, "few": 3, "half": 0.5}
_MULTIPLIER = r"(?:hundred|thousand|grand)\b"
_NUMBER_WORD = "|".join([*_TENS, *_SMALL, "hundred", "thousand", "grand", "a", "and"])
#: a number in words, or opened by digits or a vague count before a multiplier: '3 hundred',
#: 'a couple hundred', 'half a grand'
_SPELLED = re.compile(
    rf"(?:\b\d{{1,3}}(?:\.\d+)?|\b(?:a )?(?:{'|'.join(_VAGUE)})\b(?: a\b)?)(?=[\s-]+{_MULTIPLIER})"
    rf"(?:[\s-]+(?:{_NUMBER_WORD})\b)+|\b1?\d(?=[\s-]+(?:{'|'.join(_TENS)})\b)"
    rf"(?:[\s-]+(?:{_NUMBER_WORD})\b)+|\b(?:{_NUMBER_WORD})(?:[\s-]+(?:{_NUMBER_WORD}))*\b"
)


def _spelled_amount(words: list[str]) -> float | None:
    """'a hundred fifty' → 150, 'two hundred and fifty' → 250, 'fifty' → 50, 'two grand' →
    2000, '3 hundred' → 300, 'a couple hundred' → 200, 'two fifty' (a price said as two
    pairs of digits) → 250; None unless the words are a number with a tens, hundred or
    thousand word in it."""
    total = current = 0.0
    big = False
    last = ""
    for word in words:
        if word in ("a", "and"):
            current = current or (1 if word == "a" else 0)
        elif word in _VAGUE:
            current = _VAGUE[word]
        elif re.fullmatch(r"\d+(?:\.\d+)?", word):
            current = float(word)
        elif word in _SMALL:
            current += _SMALL[word]
        elif word in _TENS:
            if (last in _SMALL or last.isdigit()) and current < 20:  # 'two fifty', '1 fifty'
                current *= 100
            current += _TENS[word]
            big = True
        elif word == "hundred":
            current = (current or 1) * 100
            big = True
        else:  # thousand, grand
            total += (current or 1) * 1000
            current = 0
            big = True
        last = word
    return total + current if big else None


_ONE_DIGIT = rf"(?:\d|{'|'.join(w for w, n in _SMALL.items() if n < 10)})"
#: two amounts that share the multiplier said after the second: '2 and 3 hundred', 'four to
#: five hundred'
SHARED_MULTIPLIER = re.compile(
    rf"\b({_ONE_DIGIT})\s*(and|to|or|-|–)\s*(?={_ONE_DIGIT}\s+(hundred|thousand|grand)\b)"
)


def spell_out_amounts(text: str) -> str:
    """Amounts written in words become digits: 'under a hundred fifty' → 'under 150'."""

    def amount(words: list[str]) -> str:
        core = words
        while core and core[-1] in ("a", "and"):
            core = core[:-1]
        found = _spelled_amount(core) if core else None
        if found is None:
            return " ".join(words)
        return " ".join([f"{found:g}", *words[len(core) :]])

    def digits(m: re.Match[str]) -> str:
        groups: list[list[str]] = [[]]
        for word in m.group(0).replace("-", " ").split():
            joins = groups[-1] and groups[-1][-1] in ("hundred", "thousand", "grand")
            if word == "and" and not joins:  # 'fifty and a hundred': two amounts
                groups += [["and"], []]
            else:
                groups[-1].append(word)
        return " ".join(amount(g) if g != ["and"] else "and" for g in groups if g)

    text = SHARED_MULTIPLIER.sub(r"\1 \3 to ", text)  # 'between 2 and 3 hundred'
    text = re.sub(r"\b(\d+(?:\.\d+)?)\s*grand\b", lambda m: f"{float(m.group(1)) * 1000:g}", text)
    return _SPELLED.sub(digits, text)


#: a bound above said as what the price must not pass: 'nothing over 150', 'no dearer than
#: 120', "shouldn't cost more than 80", 'not a penny over 200', "won't pay past 50"
NEGATED_ABOVE = re.compile(
    r"\b(?:nothing|none|never|not|no|cannot|refuse to|(?:don|doesn|won|wouldn|can|couldn|"
    r"shouldn|mustn|isn|aren|needn)'?t)\s+"
    r"(?:(?:be|being|cost|costing|costs|go|going|pay|paying|spend|spending|anything|a|any|"
    r"penny|cent|dollar|pound|euro|priced|that|it|want|like|to|able|wanna|gonna|me|us|set|"
    r"run|come|coming|in|at|much|willing|prepared|happy|looking)\s+){0,4}"
    r"(?:over|above|more than|higher than|"
    r"(?:pricier|dearer|costlier|steeper|more expensive|more costly) than|north of|"
    r"upwards of|in excess of|exceed(?:ing)?|top|beyond|past)\b"
)


#: what caps an amount said after it: 'around 150 max', 'roughly 80, no more', '~200 at most'
CAPPED = (
    r"\s*,?\s*(?:or (?:less|under|below)|max(?:imum)?|tops|at (?:the )?(?:very )?most|"
    r"(?:and |but )?(?:no|not|nothing) (?:more|higher|over)(?: than (?:that|this)|(?! than))|"
    r"(?:and |but )?not a (?:penny|cent|dollar|pound|euro) more|under (?:that|this))\b"
)


def price_range(text: str) -> tuple[float | None, float | None, str]:
    """Pull 'under 300', '150 bucks', 'under 1,500 dollars', '$40-$50', 'around 50' out."""
    lo = hi = None
    text = spell_out_amounts(text)
    text = re.sub(r"\b(\d+),(\d{1,2})\s?k\b", r"\1.\2k", text)  # '1,5k': a decimal comma
    text = re.sub(  # 'the 500 mark': about 500
        r"\b(?:around|about|roughly|near|close to|in) the (\$?\d[\d,.]*k?)\s?"
        r"(?:dollars?|bucks?)?\s?(?:mark|range|region|area|ballpark)\b",
        r"around \1",
        text,
    )
    text = THOUSANDS_DOT.sub(lambda m: m.group(0).replace(".", ""), text)
    text = NEGATED_ABOVE.sub("under", text)  # 'nothing dearer than 120': an upper bound

    def value(m: re.Match[str], group: int) -> float:
        amount = float(m.group(group).replace(",", ""))
        return amount * 1000 if m.group(group + 1) else amount

    between = re.search(
        rf"(?:between|from)?\s*{MONEY}{CURRENCY}\s*(?:-|–|to|and)\s*{MONEY}{CURRENCY}"
        r"(?=\s|$)",
        text,
    )
    currency = between and re.search(rf"{SIGN}|{NAMED}", between.group(0))
    if (
        between
        and (currency or value(between, 3) > 10)
        and (
            currency
            or re.search(r"between|from", between.group(0))
            or re.search(r"\b(price|cost|budget|range|spend)", text)
            or _bare_range(text, between)
        )
    ):
        lo, hi = value(between, 1), value(between, 3)
        return lo, hi, text.replace(between.group(0), " ")
    had = re.search(  # 'I have 1k for a camera', "we've got 300 to spend"
        rf"\b(?:i|we)(?: have|'ve got| got| can do)\s+(?:about |around |roughly |like )?"
        rf"(?={SIGN}|\d{{2}}|\d[\d.]*\s?(?:k\b|{NAMED}))"  # an amount, not 'i have 3 for my kids'
        rf"{MONEY}{CURRENCY}{NOT_UNIT}\s+(?:to spend|for|max|tops)\b",
        text,
    )
    if had:
        hi = value(had, 1)
        text = text.replace(had.group(0), " ")
    patterns = (
        (
            r"(?:under|below|less than|less then|less|cheaper than|cheaper then|cheaper|up to|"
            r"upto|at most|"
            r"max(?:imum)? budget(?:'s| is| of|:)?|"
            r"max(?:imum)?(?: of)?|no more than|not more than|not over|within|"
            r"(?:price )?(?:ceiling|cap|limit)(?: of| is|:)?|cap(?:ped)? (?:it |that )?at|"
            r"sub(?=\s*[$€£]?\s?\d)|"
            r"budget(?:'s| is| of|:)?|(?:spend|spending|pay|paying)(?: up to| at most| max)?"
            rf"(?=\s*{SIGN}?\s?\d{{2}})|<|"
            r"for less than|under (?:about|around|like)|below (?:like|about))",
            "hi",
        ),
        (r"(?:over|above|more than|at least|min(?:imum)?|starting at|>)", "lo"),
        (r"(?:around|about|approximately|roughly|near|close to|~)", "around"),
    )
    for pattern, which in patterns:
        m = re.search(rf"{pattern}\s*{MONEY}{NOT_UNIT}{CURRENCY}(?P<cap>{CAPPED})?", text)
        if not m:
            continue
        amount = value(m, 1)
        if which == "hi" or (which == "around" and m.group("cap")):  # 'around 150 max'
            hi = amount
        elif which == "lo":
            lo = amount
        else:
            lo, hi = round(amount * 0.8, 2), round(amount * 1.2, 2)
        text = text.replace(m.group(0), " ")
    m = re.search(rf"{MONEY}{CURRENCY}\s*(?:or so|-?ish|give or take)\b", text)
    if m and hi is None and lo is None:
        amount = value(m, 1)
        lo, hi = round(amount * 0.8, 2), round(amount * 1.2, 2)
        text = text.replace(m.group(0), " ")
    m = re.search(
        rf"{MONEY}{CURRENCY}\s+(?:or (?:less|under|below|cheaper)|max(?:imum)?|tops|"
        r"at (?:the )?(?:very )?most|"
        r"(?:and|or) (?:under|below|less)|to spend|"
        r"is (?:my|the|our) (?:budget|limit|max(?:imum)?|ceiling|cap|upper limit|top end))\b",
        text,
    )
    if m:
        hi = value(m, 1)
        text = text.replace(m.group(0), " ")
    m = re.search(
        rf"(?:^|\s)({SIGN}\s?\d[\d,]*(?:\.\d+)?|"
        r"\d[\d,]*(?:\.\d+)? ?(?:dollars?|bucks?|usd|us dollars?|euros?|quid|€|£)(?!\w))",
        text,
    )
    if m and hi is None and lo is None:
        hi = float(re.sub(r"[^\d.]", "", m.group(1)))
        text = text.replace(m.group(0), " ")
    return lo, hi, text
