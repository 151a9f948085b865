"""What a travel line says besides its days: who travels, where from, how long and how dear.

People rarely say "2 travellers": they say "me and my wife", "a couple", "2 adults and a
child", "family of four", "just me". A route may come without "from" ("NYC to London",
"to Rome from Paris"), and a stay without the word hotel ("somewhere to stay in Lisbon").
"""

from __future__ import annotations

import re
from datetime import date

from agentcli.planners.rules.reading import NUMBERS

_N = r"(\d|one|two|three|four|five|six|seven|eight|nine|a|an)"
_PEOPLE = (
    r"(?:travell?ers?|people|ppl|persons?|pax|guests?|adults?|passengers?|seats?|tickets?|"
    r"kids?|child(?:ren)?|infants?|babies|baby|teens?|teenagers?|friends?|colleagues?|"
    r"of us|sons?|daughters?|boys?|girls?)"
)
COUNTED = re.compile(
    rf"\b(?:(\d)\s*|{_N}\s+)(?:more\s+)?(?:(?:small|young|little|grown)\s+)?{_PEOPLE}\b"
)
#: 'me and my wife', 'my husband and I', 'me + my partner': the speaker and one more
PARTNER = re.compile(
    r"\b(?:me|myself|i)\s*(?:and|&|\+|with)\s*(?:my|the)\s+(?!\d|two|three|four|five)\w+|"
    r"\bmy\s+\w+\s*(?:and|&|\+)\s*(?:me|i|myself)\b|\bwith my (?:wife|husband|partner|"
    r"girlfriend|boyfriend|fiance|fiancee|friend|mum|mom|dad|mother|father|son|daughter)\b"
)
GROUP = re.compile(
    r"\b(?:family|group|party) of\s+(\d|two|three|four|five|six|seven|eight|nine)\b|"
    r"\bthe\s+(\d|two|three|four|five|six|seven|eight|nine)\s+of us\b"
)
ALONE = re.compile(r"\b(?:just me|only me|myself only|solo|alone|on my own|by myself|for one)\b")
COUPLE = re.compile(r"\b(?:both of us|us two|us both|a couple|my wife and i|my husband and i)\b")
FOR_N = re.compile(r"\bfor\s+(\d|two|three|four|five|six|seven|eight|nine)\s*(?:[,.!?]|$)")


def _count(word: str) -> int:
    return int(word) if word.isdigit() else {"a": 1, "an": 1}.get(word) or NUMBERS[word]


def party(text: str) -> int | None:
    """How many travel: counted people add up ('2 adults and 1 child' → 3), and the speaker
    counts once beside the people they name ('me and my 2 kids' → 3)."""
    group = GROUP.search(text)
    if group:
        return _count(group.group(1) or group.group(2))
    counted = [_count(m.group(1) or m.group(2)) for m in COUNTED.finditer(text)]
    if counted:
        total = sum(counted)
        speaker = re.search(r"\b(?:me|myself|i)\s*(?:and|&|\+|with)\s*(?:my|our)\b", text)
        return total + (1 if speaker else 0)
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
    unpriced = re.sub(r"\d\s*(?:dollars|bucks|usd|\$)?\s*(?:a|per)\s+night", " ", text)
    counted = re.search(r"\b(\d{1,2}|a|one|two|three|four|five|six|seven)\s+nights?\b", unpriced)
    if counted:
        return _small(counted.group(1))
    if re.search(r"\b(?:for|a)\s+(?:a|one)\s+week\b", text):
        return 7
    return 1 if re.search(r"\btonight\b", text) else None


def _small(word: str) -> int:
    return (
        int(word)
        if word.isdigit()
        else {"a": 1, "one": 1, "two": 2, "three": 3}.get(
            word, {"four": 4, "five": 5, "six": 6, "seven": 7}.get(word, 1)
        )
    )


def stay_budget(text: str, check_in: date | None, check_out: date | None) -> float | None:
    """'under $1000', 'max 150 a night': the most the whole stay may cost."""
    found = re.search(
        r"\b(?:under|below|less than|max(?:imum)?|up to|no more than|budget(?: of| is)?|"
        r"at most|cheaper than)\s*\$?\s?(\d[\d,]*)\s*(?:dollars|bucks|usd|\$)?"
        r"(\s*(?:a|per|/)\s*night|\s*nightly)?",
        text,
    )
    if not found:
        return None
    amount = float(found.group(1).replace(",", ""))
    if found.group(2) and check_in and check_out:
        amount *= (check_out - check_in).days
    return amount
