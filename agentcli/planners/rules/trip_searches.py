"""Which search a line asks for: a stay, a flight, or both, whole or in part.

A stay is named by a stay word ("hotel", "somewhere to stay", "a room", "nights in") or by a
place the line starts with and its nights ("Amsterdam, 2 nights from Dec 12th"); a flight by
a flight word ("flight", "seats", "one way") or by a route and a day ("chicago to nyc
2030-08-30"), with its cabin and a fare cap when said.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from agentcli.planners.rules.phrases import Intent
from agentcli.planners.rules.trip_dates import MONTH, weekend
from agentcli.planners.rules.trip_routes import PLACE, STOP, destination, origin, route
from agentcli.planners.rules.trip_spans import trip_days
from agentcli.planners.rules.trip_words import (
    NOT_PLACE,
    budget,
    nights,
    party,
    place_before,
    stay_budget,
)

FLIGHT_WORD = re.compile(r"\b(?:flights?|fly|flying|plane|airfares?|airline|nonstop)\b")
#: words that make a route a flight when a route is there: 'need 2 seats NYC to London'
SEAT_WORD = re.compile(
    r"\b(?:seats?|tickets?|one[- ]way|round[- ]?trip|return (?:trip|ticket)|economy|"
    r"business|biz|premium economy|first class|coach|departing|leaving|get)\b"
)
STAY_WORD = re.compile(
    r"\bhotels?\b|\b(?:somewhere|some ?place|a place|anywhere|where|something)\s+"
    r"(?:to|i can|we can)\s+(?:stay|sleep|crash)\b|\baccomm?odations?\b|\blodging\b|"
    r"\bhostels?\b|\bmotels?\b|\bb&b\b|\bbnb\b|\bairbnb\b|\bstay(?:ing)?\s+(?:in|at)\b|"
    r"\bnights?\s+(?:in|at)\b|\bcheck(?:ing)?[- ]in\b|"
    r"\b(?:weekend|week|getaway|(?:city|short|quick|little|weekend|a) break|staycation)\s+"
    r"(?:away\s+)?(?:in|at)\s+(?!the\b)|"
    r"\brooms?\s+(?:in|at|from|for\s+\d+\s+nights?)\b|\b(?:book|reserve)\b.*\brooms?\b"
)


#: the nights named, not the days between: 'the nights of 3 and 4 Dec', 'friday and saturday night'
NIGHTS_OF = re.compile(r"\bnights? of\b|\band\s+(?:the\s+)?[a-z0-9]+\s+nights?\b")


def days_in(text: str) -> list[date | None]:
    return [day for _, day in trip_days(text)]


def _hotel(text: str) -> Intent:
    near = r"(?:near|close to)\s+(?:downtown|central|the cent(?:er|re) of|the heart of)"
    city = re.search(rf"\b(?:in|at|{near})\s+(?!the\b|my\b|a\b){PLACE}{STOP}", text) or re.search(
        rf"\b(?:hotels?|accomm?odations?|lodging|motels?|hostels?)\s+"
        rf"(?!(?:in|for|from|near|on|at|with|room|rooms|booking)\b){PLACE}{STOP}",
        text,
    )
    said = [
        city.group(1).strip() if city else None,
        place_before(text, _stay_at(text)),
        destination(text),  # 'going to Rome dec 20-27, need a place to stay'
        leading_place(text),
    ]
    name = next((n for n in said if n and n.split()[0] not in NOT_PLACE and not _a_month(n)), None)
    days = days_in(text)
    check_in = days[0] if days else None
    stay = nights(text) or (2 if weekend(text) and len(days) == 1 else None)
    check_out = (
        days[1]
        if len(days) > 1
        else (check_in + timedelta(days=stay) if check_in and stay else None)
    )
    if len(days) > 1 and days[-1] and NIGHTS_OF.search(text):
        check_out = days[-1] + timedelta(days=1)  # 'the nights of 3 and 4 December'
    params = {"city": name, "check_in": check_in, "check_out": check_out, "guests": party(text)}
    budget = stay_budget(text, check_in, check_out, party(text))
    if budget is not None:
        params["max_price"] = budget
    return Intent("hotel_search", params)


#: a place the line starts with, set off by a comma or followed by its days or nights
LEADING = re.compile(
    r"(?:(?:hi|hey|hello|ok|okay|so|um)\W+)?([a-z][a-z .'-]{1,30}?)\s*"
    r"(?:[,:;]|\s-\s|\s(?=\d|for\b|from\b|on\b|this\b|next\b|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
    r"oct|nov|dec)[a-z]*\b))"
)


def leading_place(text: str) -> str | None:
    """The place a line begins with: 'amsterdam, 2 nights…', 'rome 3-6 dec for 2'."""
    found = LEADING.match(text)
    if not found:
        return None
    words = found.group(1).split()
    if not words or len(words) > 3 or set(words) & NOT_PLACE or re.fullmatch(MONTH, words[0]):
        return None
    return found.group(1).strip()


def _a_month(name: str) -> bool:
    return bool(re.fullmatch(rf"{MONTH}", name))


def _stay_at(text: str) -> int:
    found = re.search(r"\s+hotels?\b", text)
    return found.start() if found else 0


#: 'returning the 17th', 'back on dec 17', 'coming home sunday', 'round trip … to …'
RETURN = re.compile(
    r"\b(?:back|return(?:ing)?|coming (?:back|home)|fly(?:ing)? (?:back|home)|home)\b|"
    r"\bround[- ]?trip\b|\breturn (?:trip|flight|ticket)"
)


def _bound_for(text: str) -> str | None:
    """'departing London for Madrid': the place a flight from somewhere is 'for'."""
    if not origin(text):
        return None
    for found in re.finditer(rf"\bfor\s+{PLACE}{STOP}", text):
        if found.group(1).split()[0] not in NOT_PLACE:
            return found.group(1).strip()
    return None


#: a trip named by where it goes: 'Amsterdam trip:', 'my trip to Lisbon', 'for the Oslo trip'
TRIP_NAMED = re.compile(r"\s+(?:trip|holiday|vacation|getaway|break)\b")


def _trip_place(text: str) -> str | None:
    """Where a trip goes when the line names the trip, not the flight's other end."""
    for found in TRIP_NAMED.finditer(text):
        place = place_before(text, found.start())
        if place and not _a_month(place.split()[0]):
            return place
    visiting = re.search(rf"\bvisit(?:ing)?\s+{PLACE}{STOP}", text)  # 'I'm visiting Lisbon'
    if visiting and visiting.group(1).split()[0] not in NOT_PLACE:
        return visiting.group(1).strip()
    return destination(text) or leading_place(text)


def _named_trip_way(text: str) -> tuple[str, str] | None:
    """'Amsterdam trip: flying out of Berlin on 9 May': the flight's origin said, its
    destination the trip's own place."""
    start, end = origin(text), _trip_place(text)
    return (start, end) if start and end and start != end else None


def _flight(text: str, way: tuple[str, str] | None = None) -> Intent:
    way = way or route(text)
    dated = trip_days(text)
    days = [day for _, day in dated]
    back = RETURN.search(text)
    params: dict[str, object] = {
        "origin": way[0] if way else origin(text),
        "destination": way[1] if way else destination(text) or _bound_for(text),
        "date": next((day for day in days if day), None),  # 'next month: … on feb 10'
        "passengers": party(text),
    }
    if cabin(text):
        params["cabin"] = cabin(text)
    cap = budget(text)
    if cap is not None:  # a fare is per traveller unless the line says it is for everyone
        together = re.search(r"\b(?:total|in total|all together|altogether|for all of us)\b", text)
        params["max_fare"] = cap[0] / (party(text) or 1) if together else cap[0]
    if back and len(days) > 1 and (back.start() <= dated[1][0] or "trip" in back.group(0)):
        params["return_date"] = days[1]
    return Intent("flight_search", params)


#: a cabin asked for in any words: 'business', 'biz class', 'premium economy', 'first class'
CABINS = (
    ("premium economy", r"premium(?:\s+(?:economy|eco|cabin|class))?|economy plus|comfort plus"),
    ("business", r"business(?:\s+class)?|biz(?:\s+class)?|j class|lie[- ]flat"),
    ("first", r"first[- ]class|in first\b|fly(?:ing)? first\b"),
    ("economy", r"economy|coach|eco(?:\s+class)?|cattle class|standard class"),
)


def cabin(text: str) -> str | None:
    """The cabin the line asks for, or None when it names none."""
    return next((name for name, words in CABINS if re.search(rf"\b(?:{words})\b", text)), None)


#: a line that is only a route: 'from nyc, to london', 'hi, from boston to chicago please'
ROUTE_ONLY = re.compile(
    r"(?:(?:hi|hey|hello|ok|so|um|and)\W+)*from\s+[a-z .'-]+\s+to\s+[a-z .'-]+?"
    r"(?:\W+(?:please|pls|thanks))?[.!?]*"
)


#: a flight named as what a product is for: 'headphones for my flight', 'on the plane'
ON_BOARD = re.compile(
    r"\b(?:for|on|during)\s+(?:my|the|a|our|long|\s)+(?:flights?|planes?|plane rides?)\b"
)


def _flight_and_stay(text: str, stay_at: int) -> Intent:
    """The flight of a line that asks for a stay too; the stay is where it lands, from its
    day, for the nights or until the day said beside the stay word."""
    way = route(text) or _named_trip_way(text)
    flight = _flight(text[:stay_at] if days_in(text[:stay_at]) else text, way)
    flight.params["passengers"] = flight.params["passengers"] or party(text)  # 'for two of us'
    flown = flight.params["date"]  # 'from the 3rd to the 6th': the days of the flight's month
    later = [d for _, d in trip_days(text[stay_at:], flown)] if isinstance(flown, date) else []
    later = later or days_in(text[stay_at:])
    if len(later) == 1 and re.search(r"\b(?:until|till|til|thru|through)\b", text[stay_at:]):
        later = [flight.params["date"], *later]  # 'and a hotel there until the 4th'
    check_in = later[0] if later else flight.params["date"]
    stay = nights(text[stay_at:])
    check_out = later[1] if len(later) > 1 else None
    if check_in and stay and not check_out:
        check_out = check_in + timedelta(days=stay)
    flight.params["then_stay"] = {
        "city": way[1] if way else None,
        "check_in": check_in,
        "check_out": check_out,
        "guests": flight.params["passengers"] or party(text),
    }
    return flight


def route_only(text: str) -> Intent | None:
    """A line that is only a route is a flight whose day is asked next."""
    return _flight(text) if ROUTE_ONLY.fullmatch(text) else None


def searched(text: str) -> Intent | None:
    """A stay or a flight the line asks for, whole or in part; both at once ('a flight from
    NYC to Paris on … and a hotel there for 2 nights') is the flight, then the stay."""
    stay_word = STAY_WORD.search(text)
    if stay_word and FLIGHT_WORD.search(text) and (route(text) or _named_trip_way(text)):
        return _flight_and_stay(text, stay_word.start())
    if stay_word or (re.search(r"\brooms?\b", text) and (nights(text) or days_in(text))):
        return _hotel(text)  # 'need a room for 2 adults in paris, 2030-12-10 for 3 nights'
    if FLIGHT_WORD.search(ON_BOARD.sub(" ", text)):
        return _flight(text)
    if route(text) and (SEAT_WORD.search(text) or days_in(text)):
        return _flight(text)
    if origin(text) and destination(text) and days_in(text):  # 'from nyc dec 5 to london'
        return _flight(text)
    stay = nights(text) or weekend(text) or len(days_in(text)) > 1
    if leading_place(text) and not route(text) and stay:
        return _hotel(text)  # 'Amsterdam, 2 nights from Dec 12th', 'rome 3-6 dec for 2'
    return None
