"""What a travel line says besides its days: who travels, where from, how long and how dear.

People rarely say "2 travellers": they say "me and my wife", "a couple", "2 adults and a
child", "family of four", "just me". A route may come without "from" ("NYC to London",
"to Rome from Paris"), and a stay without the word hotel ("somewhere to stay in Lisbon").
"""

from __future__ import annotations

import re
from datetime import date

from agentcli.planners.rules.prices import NAMED, SIGN
from agentcli.planners.rules.reading import NUMBERS

_N = r"(\d|one|two|three|four|five|six|seven|eight|nine|a|an)"
_PEOPLE = (
    r"(?:travell?ers?|people|ppl|persons?|pax|guests?|adults?|passengers?|seats?|tickets?|"
    r"kids?|child(?:ren)?|infants?|babies|baby|toddlers?|newborns?|youngsters?|little ones|"
    r"teens?|teenagers?|friends?|colleagues?|seniors?|students?|grandparents?|"
    r"of us|sons?|daughters?|boys?|girls?|mates?|buddies|buddy|pals?|(?:co-?|work)workers?|"
    r"workmates?|cousins?|relatives?|siblings?|brothers?|sisters?|grandkids?|grandchildren|"
    r"nephews?|nieces?|lads|guys|companions?|others)"
)
COUNTED = re.compile(
    rf"\b(?:(\d)\s*|{_N}\s+)(?:more\s+)?(?:(?:small|young|little|grown)\s+)?{_PEOPLE}\b"
)
#: 'and' as it is spoken: 'me n my wife', "me 'n' hubby", 'me an the missus' (alone and
#: spaced, so 'in my' is never 'i n my')
_SAID_AND = r"\s+(?:n|'n'?|an|nd)\s+"
#: one person named by who they are to the speaker, 'my' often left out: 'me + wife'
_KIN = (
    r"(?:wife|wifey|husband|hubby|hubs|missus|missis|bae|missis|partner|spouse|girlfriend|boyfriend|gf|bf|fiance|"
    r"fiancee|fiancé|fiancée|other half|better half|mum|mom|dad|mother|father|brother|sister|"
    r"friend|boss|colleague|son|daughter)"
)
#: couples counted: 'two couples', '3 couples'
COUPLES = re.compile(r"\b(\d|two|three|four|five)\s+couples\b")
#: 'me and my wife', 'my husband and I', 'me + my partner', 'me & hubby': the speaker and one
PARTNER = re.compile(
    rf"\b(?:me|myself|i)(?:\s*(?:and|&|\+|with|plus)\s*|{_SAID_AND})(?:(?:my|the)\s+"
    rf"(?!\d|two|three|four|five)\w+|{_KIN}\b)|"
    rf"\b(?:my\s+\w+|{_KIN})(?:\s*(?:and|&|\+)\s*|{_SAID_AND})(?:me|i|myself)\b|"
    rf"\bwith my {_KIN}\b|\bme (?:and|&|\+|n|an|with) (?:him|her)\b|\b(?:him|her) and me\b"
)
GROUP = re.compile(
    r"\b(?:family|group|party) of\s+(\d|two|three|four|five|six|seven|eight|nine)\b|"
    r"\bthe\s+(\d|two|three|four|five|six|seven|eight|nine)\s+of us\b|"
    r"\b(?:for|just|only|all|it'?s|with) us\s+(\d|three|four|five|six|seven|eight|nine)\b"
    r"(?!\s*(?:nights?|days?|weeks?|am|pm|rooms?|stars?|[:./-]\d))"
)
ALONE = re.compile(
    r"\b(?:just (?:me|myself|the one of (?:me|us)|one (?:person|adult|guest|traveller|"
    r"traveler|passenger))|only me|only myself|myself only|solo|alone|on my own|by myself|"
    r"for one|one of me)\b"
)
COUPLE = re.compile(
    r"\b(?:both of us|us two|us both|(?:the )?pair of us|honeymoon\w*|couples?'? (?:getaway|"
    r"trip|retreat|break|holiday|weekend|escape)|"
    r"a couple(?!\s+(?:of\s+)?(?:nights?|days?|weeks?|hours?|more|extra|nts?)\b)|"
    r"my wife and i|my husband and i)\b"
)
#: the speaker beside the people they count: 'me and 2 kids', 'myself, my wife and 3 kids'
SPEAKER = re.compile(
    rf"\b(?:me|myself|i)(?:\s*(?:,|and|&|\+|with|plus)\s*|{_SAID_AND})(?:my|our|the|a|an|\d|"
    rf"two|three|four|five|six|{_KIN})\b"
)
#: the speaker in a list of people named one by one: 'me, my husband and our daughter'
_MEMBER = rf"(?:me|myself|i|(?:(?:my|our|the)\s+)?{_KIN})"
LISTED = re.compile(
    rf"\b{_MEMBER}(?:(?:\s*(?:,|and|&|\+|plus|with)\s*(?:and\s+)?|{_SAID_AND}){_MEMBER}\b)+"
)
#: the speaker and a bare count of others: 'me plus 2', 'myself + 1'
SPEAKER_PLUS = re.compile(
    r"\b(?:me|myself)\s*(?:\+|plus)\s*(\d|one|two|three|four|five|six)\b"
    r"(?!\s*(?:nights?|days?|weeks?|am|pm|[:./-]\d))"
)
#: a total said beside its breakdown: 'there's 3 of us (2 adults and a kid)' is three people
OF_US = re.compile(rf"\b(?:(\d)\s*|{_N}\s+)of us\b")
#: two people speaking beside the people they count: 'us two + 2 kids', 'both of us and 3 kids'
US_TWO = re.compile(r"\bus (?:two|2|both)\b|\bboth of us\b")
#: one more person named beside counted ones: 'me, my wife and our 3 kids' → 5
RELATION = re.compile(rf"\b(?:(?:my|the|our)\s+)?{_KIN}\b(?!'s)")
WE_ARE = re.compile(
    r"\bwe(?:'re| are| r)\s+(?:a\s+(?:group|family|party)\s+of\s+)?(\d|two|three|four|five|"
    r"six|seven|eight|nine)\b(?!\s*(?:nights?|days?|am|pm|:))"
)
#: 'for 2', 'for 2 pls', 'for three from friday': a bare count after 'for' is the party
FOR_N = re.compile(
    r"\bfor\s+(\d|two|three|four|five|six|seven|eight|nine)\s*(?:[,.!?]|$|(?=(?:pls|plz|please|"
    r"thanks|thx|ty|on|from|to(?!\s+(?:\d|two|three|four|five)\b)|in|at|leaving|departing|"
    r"flying|returning|with|next|this|tomorrow|tonight)\b))"
)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else {"a": 1, "an": 1}.get(word) or NUMBERS[word]


def party(text: str) -> int | None:
    """How many travel: counted people add up ('2 adults and 1 child' → 3), and the speaker
    counts once beside the people they name ('me and my 2 kids' → 3)."""
    group = GROUP.search(text)
    if group:
        return _count(group.group(1) or group.group(2) or group.group(3))
    counted = [_count(m.group(1) or m.group(2)) for m in COUNTED.finditer(text)]
    total = OF_US.search(text)
    if total:  # '3 of us (2 adults and a kid)': a breakdown that adds up to the total is them
        whole = _count(total.group(1) or total.group(2))
        others = len(counted) - 1
        told_apart = others >= 2 or re.match(r"\s*[(:]", text[total.end() :])
        if others and told_apart and sum(counted) - whole == whole:
            return whole
    counted += [2 * _count(m.group(1)) for m in COUPLES.finditer(text)]  # 'two couples' → 4
    if counted and US_TWO.search(text):
        return sum(counted) + 2
    if counted:
        speaker = SPEAKER.search(text)
        uncounted = COUNTED.sub(" ", text)  # 'me and a friend': the friend is counted once
        named = len(RELATION.findall(uncounted)) if speaker else 0
        return sum(counted) + (1 if speaker else 0) + named
    plus = SPEAKER_PLUS.search(text)
    if plus:
        return _count(plus.group(1)) + 1
    for listed in LISTED.finditer(text):  # 'me, my husband and our daughter' → 3
        members = re.findall(rf"\b{_MEMBER}\b", listed.group(0))
        if any(m in ("me", "myself", "i") for m in members):
            return len(members)
    said = WE_ARE.search(text)
    if said:
        return _count(said.group(1))
    if COUPLE.search(text) or PARTNER.search(text):
        return 2
    if ALONE.search(text):
        return 1
    alone = FOR_N.search(text)
    return _count(alone.group(1)) if alone else None


#: words that start no place name: the ones around a route said without 'from'
NOT_PLACE = frozenset(
    """
    a an the i me my we us need want wanna looking look for find search show get book any
    some cheap cheapest cheaper seat seats ticket tickets flight flights fly flying plane
    one way return round trip please pls hi hey hello can could you u would like to go
    going travel travelling traveling trip on in at from with and or is are there
    economy business first class premium direct nonstop non-stop morning evening
    afternoon night early late next this tomorrow today just also then ok okay so yes be
    biz coach eco cabin kids kid adults adult infant infants children child baby people ppl
    heading headed head visiting visit planning thinking off travelling traveling headin
    holiday holidays vacation getaway honeymoon break over out down up away little quick short
    family group party couple of hotel hotels room rooms stay place accommodation anymore
    end mid middle beginning start week weekend month long
    something anything nothing stuff thing things gadget device machine tool one ones
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs
    fri sat sun
    """.split()
)


def place_before(text: str, end: int) -> str | None:
    """The place name that ends at `end`: the last words before it that start no request."""
    words = text[:end].split()
    place: list[str] = []
    for word in reversed(words):
        clean = word.strip(",.!?:;")
        if not re.fullmatch(r"[a-z][a-z.'-]*", clean) or clean in NOT_PLACE or len(place) == 3:
            break
        if place and word.rstrip(",.!?:;") != word:  # 'a couple, madrid to rome'
            break
        place.insert(0, clean)
    return " ".join(place) or None


def nights(text: str) -> int | None:
    """How many nights a stay lasts when its last day is not said: '3 nights', 'a week',
    'tonight' (a price 'a night' is no length)."""
    unpriced = re.sub(rf"\d\s*{NAMED}?\s*(?:a|per)\s+night", " ", text)
    counted = re.search(
        r"\b(\d{1,2}|a|one|two|three|four|five|six|seven)[\s-]+(?:nights?|nts?)\b", unpriced
    )
    if counted:
        return _small(counted.group(1))
    if re.search(r"\ba couple(?: of)? nights\b", text):
        return 2
    if re.search(r"\blong weekend\b", text):
        return 3
    if re.search(r"\bweekend (?:of|from|starting)\b", text):
        return 2
    if re.search(
        r"\bfortnight\b|\b(?:for|a|spend|stay)\s+(?:two|2)\s+weeks\b|\b(?:two|2)[- ]weeks?\s+"
        r"(?:in|at|stay)\b",
        text,
    ):
        return 14 if not re.search(r"\bin\s+(?:a|one)\s+fortnight\b", text) else None
    if re.search(
        r"\b(?:for|a|spend|stay)\s+(?:a|one|1)\s+week\b|\b(?:a|one|1)[- ]week\s+"
        r"(?:in|at|stay)\b",
        text,
    ):
        return 7
    return 1 if ONE_NIGHT.search(text) else None


#: one night named by its day: 'tonight', 'tomorrow night', 'friday night', 'this saturday night',
#: 'the night of the 14th', 'just for the night of May 3'
ONE_NIGHT = re.compile(
    r"\btonight\b|\b(?:the|a|one|that|single) night (?:of|on)\b|"
    r"\b(?:tomorrow|tmrw|tmr|2moro|tomorow|(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
    r"\s+night\b(?!s)"
)


def _small(word: str) -> int:
    return (
        int(word)
        if word.isdigit()
        else {"a": 1, "one": 1, "two": 2, "three": 3}.get(
            word, {"four": 4, "five": 5, "six": 6, "seven": 7}.get(word, 1)
        )
    )


#: 'per person', 'pp', 'each', 'a head': an amount for one of the party
PER_PERSON = (
    r"\s*(?:(?:a|per|/)\s*(?:person|head|guest|adult|traveller|passenger|seat|ticket)|pp|each)"
)
BUDGET = re.compile(
    r"\b(?:under|below|less than|max(?:imum)?\.?|up to|no more than|budget(?: of| is)?|"
    r"at most|cheaper than|(?:nothing|not|no|none) (?:over|above|higher than|more than)|within)"
    r"\s*(?:around|about|roughly|approx\w*\.?)?"
    rf"\s*{SIGN}?\s?(\d[\d,]*)\s*{NAMED}?|"
    rf"(?<![\d/.:-]){SIGN}?(\d[\d,]*)\s*{NAMED}?\s*(?:or less|or under|max(?:imum)?|"
    r"tops|at most|(?=(?:a|per|/)\s*(?:night|person|head)\b))"
)


def budget(text: str) -> tuple[float, bool, bool] | None:
    """The most a line will pay, whether it is a night's and whether it is one person's."""
    found = BUDGET.search(text)
    if not found:
        return None
    rest = text[found.end() :]
    nightly = re.match(r"\s*(?:(?:a|per|/)\s*night|nightly|pn\b)", rest) or re.match(
        rf"{PER_PERSON}\s*(?:(?:a|per|/)\s*night|nightly)", rest
    )
    each = re.match(rf"(?:\s*(?:(?:a|per|/)\s*night|nightly))?{PER_PERSON}\b", rest)
    amount = float((found.group(1) or found.group(2)).replace(",", ""))
    return amount, bool(nightly), bool(each)


def stay_budget(
    text: str, check_in: date | None, check_out: date | None, guests: int | None = None
) -> float | None:
    """'under $1000', 'max 150 a night', '100 per person per night': the most the whole
    stay may cost."""
    said = budget(text)
    if said is None:
        return None
    amount, nightly, each = said
    if nightly and check_in and check_out:
        amount *= (check_out - check_in).days
    return amount * (guests or 1) if each else amount
