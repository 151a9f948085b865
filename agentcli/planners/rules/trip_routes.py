"""Where a trip goes: a route as people write it, or one end of it.

"from NYC to London", "to Rome from Paris", "between Paris and Rome", "NYC to London",
"NYC -> Tokyo", "nyc-london", "NYC > LON", "nyc/london", "from nyc, to london": each is a
route; "fly to london" or "be in Madrid by …" names the destination only.
"""

from __future__ import annotations

import re

from agentcli.planners.rules.trip_dates import MONTH, WEEKDAY
from agentcli.planners.rules.trip_words import NOT_PLACE, place_before

PLACE = r"([a-z][a-z .'-]*?)"
#: what a trip is called, never part of a city: 'chicago to NYC flight', 'rome tickets'
TRAVEL_NOUN = (
    r"flights?|trips?|tickets?|hotels?|fares?|airfares?|seats?|planes?|journey|stays?|"
    r"rooms?|booking|reservation|trains?|bus|ferry|airport|holiday|vacation|getaway|break|"
    r"red-?eyes?"
)
STOP = (
    rf"(?=\s+(?:{TRAVEL_NOUN}|from|on|for|to|between|departing|leaving|checking|check|with|next|this|"
    r"tomorrow|today|tonight|one|return|returning|round|and|back|in|at|around|by|under|"
    r"economy|business|first|premium|direct|nonstop|morning|afternoon|evening|please|pls|"
    r"coming|the|asap|only|just|arriving|over|during|until|till|near|starting|end|early|mid|late|"
    r"beginning|start|biz|coach|eco|cabin|day|later|tmrw|tmr|2moro|tomorow|"
    r"(?:a|an|one|two|three|four|five|six|seven)\s+(?:days?|weeks?|fortnight)|"
    r"(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?)\b|"
    rf"\s+{MONTH}\s*\d|\s+\d|\s*[,.!?;:(]|$)"
)
#: 'NYC -> Tokyo', 'NYC → Tokyo', 'nyc > tokyo', 'NYC - Tokyo': a route's "to"
ROUTE_SIGN = re.compile(
    r"(?<=[a-z.])\s*(?:-+>|=+>|\u2192|\u27f6|\u27a1\ufe0f?|\u2708\ufe0f?|>)\s*(?=[a-z])|"
    r"(?<=[a-z.])\s+(?:-|\u2013|\u2014)\s+(?=[a-z])"
)
#: a spaced dash before a route said in words is a pause, no "to": 'me and my son - rome to paris'
DASH_BEFORE_ROUTE = re.compile(
    r"(?<=[a-z.])\s+(?:-|\u2013|\u2014)\s+"
    r"(?=[a-z][a-z .'-]*?(?<!back)(?<!return)(?<!returning)(?<!home) to\s+[a-z])"
)
#: 'nyc-london', 'nyc/lon': two places joined by a sign, never words that are joined so
#: ('check-in', 'e-reader', 'one-way', 'w/')
JOINED = re.compile(r"(?<![\w-])([a-z]{2,}(?: [a-z]{3,})?)\s*[-/]\s*([a-z]{2,})(?![\w-])")
NOT_JOINED = frozenset(
    """
    check in out one way round trip non stop e t wi fi x self full half high low long short
    well re pre co anti and or w with up down day night all sold bi year old star stars nights
    twenty thirty forty fifty sixty seventy eighty ninety first second third fourth fifth sixth
    seventh eighth ninth two three four five six seven eight nine week weeks month eye eyes
    """.split()
)

#: what makes two joined words a route rather than a compound: a day, a seat, a flight
TRIP_HINT = re.compile(
    r"\d|\b(?:flights?|fly|flying|seats?|tickets?|one way|return|tomorrow|today|next|this)\b"
)
#: endings of words that are joined as compounds ('noise-cancelling', 'water-proof')
WORD_END = re.compile(r"(?:ing|less|proof|free|ed|ly|able|ish)$")


def written_routes(text: str) -> str:
    """The line with every written route sign read as 'to', and 'from nyc, to london' as one
    route; words joined by a hyphen stay joined unless both sides could be places."""
    text = ROUTE_SIGN.sub(" to ", DASH_BEFORE_ROUTE.sub(", ", text))
    text = re.sub(r"(\bfrom\s+[a-z][a-z .'-]*?)\s*,\s*(to\s)", r"\1 \2", text)

    trip = bool(TRIP_HINT.search(text))

    def joined(m: re.Match[str]) -> str:
        ends = (m.group(1).split()[-1], m.group(2))
        if set(ends) & (NOT_JOINED | NOT_PLACE) or any(len(w) < 2 for w in ends):
            return m.group(0)
        codes = all(len(w) <= 3 for w in ends)
        if not codes and (not trip or any(WORD_END.search(w) for w in ends)):
            return m.group(0)
        return f"{m.group(1)} to {m.group(2)}"

    return JOINED.sub(joined, text)


#: words that end a place caught between 'from' and 'to': 'from boston next friday to nyc'
PLACE_END = re.compile(
    rf"\s+(?:{TRAVEL_NOUN}|next|this|on|tomorrow|today|tonight|in|at|the|around|by|for|with|"
    r"day|later|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b.*"
)


def route(text: str) -> tuple[str, str] | None:
    """Origin and destination: 'from X to Y', 'to Y from X', or 'X to Y'; never days ('from
    December 10th to 14th')."""
    way = _route(text)
    if not way:
        return None
    ends = (PLACE_END.sub("", way[0]), PLACE_END.sub("", way[1]))
    if any(_a_day(end) for end in ends):
        return None
    return ends


def _route(text: str) -> tuple[str, str] | None:
    found = re.search(rf"\bfrom\s+{PLACE}\s+to\s+{PLACE}{STOP}", text) or re.search(
        rf"\bbetween\s+{PLACE}\s+and\s+{PLACE}{STOP}", text
    )
    if found:
        return found.group(1).strip(), found.group(2).strip()
    back = re.search(rf"\bto\s+((?:(?!\bto\b)[a-z .'-])+?)\s+from\s+{PLACE}{STOP}", text)
    if back and back.group(1).split()[0] not in NOT_PLACE:  # 'paris trip - flights from …'
        return back.group(2).strip(), back.group(1).strip()
    for named in re.finditer(rf"\s+(?:flights?|tickets?|fares?)\s+from\s+{PLACE}{STOP}", text):
        start = place_before(text, named.start())  # 'a miami flight from atlanta'
        if start and not _a_day(named.group(1)):
            return named.group(1).strip(), start
    pair = re.search(
        rf"\bflights?\s+([a-z]{{2,}})\s+([a-z]{{2,}})(?=\s+(?:{MONTH}\s*)?\d|\s*$)", text
    )
    if pair and not {pair.group(1), pair.group(2)} & NOT_PLACE:  # 'flight nyc paris dec 10'
        return pair.group(1), pair.group(2)
    for to in re.finditer(rf"\s+to\s+{PLACE}{STOP}", text):
        start = place_before(text, to.start())
        end = to.group(1).strip()
        if start and end.split()[0] not in NOT_PLACE and start.split()[-1] not in NOT_PLACE:
            return start, end
    return None


def destination(text: str) -> str | None:
    """Where to, when no whole route is said: 'fly to london', 'be in Madrid by …'."""
    for lead in (r"be in|arrive in|get to|land in", r"to"):
        for found in re.finditer(rf"\b(?:{lead})\s+{PLACE}{STOP}", text):
            if found.group(1).split()[0] not in NOT_PLACE and not _a_day(found.group(1)):
                return found.group(1).strip()
    return None


def origin(text: str) -> str | None:
    """Where from, when no whole route is said: 'flights from boston on the 3rd'."""
    for found in re.finditer(rf"\bfrom\s+{PLACE}{STOP}", text):
        if not _a_day(found.group(1)) and found.group(1).split()[0] not in NOT_PLACE:
            return found.group(1).strip()
    return None


def _a_day(name: str) -> bool:
    return bool(re.match(rf"{MONTH}(?:\s|$)|{WEEKDAY}\b", name.strip()))
