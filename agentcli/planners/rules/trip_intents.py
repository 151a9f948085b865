"""Which travel intent a line is: a stay, a flight, a booking of offers shown, a cancellation.

A trip is read by what it names, not by one verb: a stay by a stay word ("hotel", "somewhere
to stay", "a room", "nights in"), a flight by a flight word ("flight", "seats", "one way") or
by a route and a day ("chicago to nyc 2030-08-30"). After offers were listed, a line that
picks one ("the first one pls, pay with card", "the 9am one") books it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from agentcli.conversation.answers import normalise
from agentcli.planners.rules import trip_drafts as drafts
from agentcli.planners.rules.phrases import Intent, ordinal, payment_hint
from agentcli.planners.rules.spelling import corrected
from agentcli.planners.rules.trip_dates import MONTH, weekend
from agentcli.planners.rules.trip_picks import pick_words
from agentcli.planners.rules.trip_routes import (
    PLACE,
    STOP,
    destination,
    origin,
    route,
    written_routes,
)
from agentcli.planners.rules.trip_spans import trip_days
from agentcli.planners.rules.trip_words import (
    NOT_PLACE,
    budget,
    nights,
    party,
    place_before,
    stay_budget,
)

BOOKING = re.compile(r"\b(BK\d{6})\b", re.IGNORECASE)
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
SHOP_WORDS = re.compile(r"\b(?:cart|basket|order|address|return (?:the|my|it)|refund)\b")
BOOK_VERB = re.compile(
    r"^(?:(?:ok|okay|great|yes|yeah|then|so)[,!.]?\s+)*(?:please\s+)?(?:book|reserve|i'?ll take|"
    r"take|go with|let'?s (?:book|do|go with|take)|i'?d like|i want|i'?ll go with|get me)\b"
)
#: a line about the offers that is not a pick: 'tell me more about the first one'
NOT_A_PICK = re.compile(
    r"\b(?:more|about|details?|tell|show|compare|what|which|how|why|difference|search|find|"
    r"other|another|instead of|add|buy|put|cart|basket|refundable)\b|\?|^(?:is|are|does|do)\b"
)


#: the words a trip is named by, read through a slipped key ('hotle', 'fligths')
TRIP_WORDS = {"hotel", "hotels", "flight", "flights", "accommodation", "reservation", "booking"}


def _respelt(text: str) -> str:
    """The line with slips of the trip words corrected: the first two letters must be right,
    so 'light' or 'fight' never become a flight."""

    def fix(word: re.Match[str]) -> str:
        found = corrected(word.group(0), TRIP_WORDS)
        return found if found and found[:2] == word.group(0)[:2] else word.group(0)

    return re.sub(r"\b[a-z]{5,}\b", fix, text)


def _days(text: str) -> list[date | None]:
    return [day for _, day in trip_days(text)]


def _hotel(text: str) -> Intent:
    city = re.search(rf"\b(?:in|at)\s+(?!the\b|my\b|a\b){PLACE}{STOP}", text) or re.search(
        rf"\bhotels?\s+(?!(?:in|for|from|near|on|at|with|room|rooms|booking)\b){PLACE}{STOP}", text
    )
    name = city.group(1).strip() if city else place_before(text, _stay_at(text))
    name = name or leading_place(text)
    if name and (name.split()[0] in NOT_PLACE or re.fullmatch(rf"{MONTH}", name)):
        name = None
    days = _days(text)
    check_in = days[0] if days else None
    stay = nights(text) or (2 if weekend(text) and len(days) == 1 else None)
    check_out = (
        days[1]
        if len(days) > 1
        else (check_in + timedelta(days=stay) if check_in and stay else None)
    )
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


def _stay_at(text: str) -> int:
    found = re.search(r"\s+hotels?\b", text)
    return found.start() if found else 0


#: 'returning the 17th', 'back on dec 17', 'coming home sunday', 'round trip … to …'
RETURN = re.compile(
    r"\b(?:back|return(?:ing)?|coming (?:back|home)|fly(?:ing)? (?:back|home)|home)\b|"
    r"\bround[- ]?trip\b|\breturn (?:trip|flight|ticket)"
)


def _flight(text: str) -> Intent:
    way = route(text)
    dated = trip_days(text)
    days = [day for _, day in dated]
    back = RETURN.search(text)
    params: dict[str, object] = {
        "origin": way[0] if way else origin(text),
        "destination": way[1] if way else destination(text),
        "date": days[0] if days else None,
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


def _which(text: str, noun: str) -> int | str | None:
    """'the second flight' → 2, 'flight 3' → 3, 'the evening flight' as its words pick it,
    'the flight' → 1 when only one is named."""
    numbered = re.search(rf"\b{noun}s?\s+(?:number\s+|no\.?\s*|#)?(\d{{1,2}})\b", text)
    if numbered:
        return int(numbered.group(1))
    match = re.search(rf"\b(\w+)\s+{noun}s?\b", text)
    if not match:
        return None
    if ordinal(match.group(1)):
        return ordinal(match.group(1))
    if match.group(1) in ("the", "that", "this", "a", "my"):
        return 1
    return pick_words(text[: match.end()]) or 1


def _names_an_offer(text: str) -> bool:
    """'book the first hotel', 'book flight 2', 'book it': an offer already shown; 'book me a
    flight from NYC to Paris on …' names none, so it is a search."""
    definite = re.search(
        r"\b(?:the|that|this|these|those|it|them|both|first|second|third|fourth|fifth|last|"
        r"cheapest|number|no\.?|#)\b(?:\s+\w+)?\s+(?:hotels?|flights?)\b|"
        r"\b(?:hotels?|flights?)\s+(?:number\s+|no\.?\s*|#)?\d{1,2}\b(?!\s*(?:nights?|guests?))|"
        r"\b(?:book|reserve) (?:it|them|that|this|both)\b",
        text,
    )
    return bool(definite) and not route(text)


#: ways to call a booking off: 'cancel', 'scrap', 'call off', 'get rid of', 'undo'
CANCEL = re.compile(
    r"\b(?:cancel\w*|scrap|call (?:\w+ ){0,3}off|undo|nix|ditch|drop|kill|get rid of|back out of|"
    r"pull out of|abort)\b"
)


def _cancel(text: str, booked: str | None, shown: str | None) -> Intent | None:
    """'cancel booking BK…', 'scrap the reservation', 'cancel the booking I just made', and
    'cancel it' right after a booking was made or shown."""
    text = re.sub(r"\bnoise[- ]?cancell?(?:ing|ation)\b", "", text)  # a kind of headphones
    if not CANCEL.search(text) or SHOP_WORDS.search(text):
        return None
    named = re.search(r"\b(?:booking|reservation|trip|bookings)\b", text) or (
        booked and re.search(r"\b(?:flight|hotel|stay|room|tickets?)\b", text)
    )
    just_shown = shown == "booking" and re.search(r"\b(?:it|that|this|them)\b", text)
    if not re.search(r"\bcancel", text) and not named:
        return None
    if named or just_shown:
        latest = (
            booked if re.search(r"\b(?:it|that|this|just|the|my|last|latest)\b", text) else None
        )
        return Intent("booking_cancel", {"booking_id": latest})
    return None


def parse(
    line: str, awaiting: str | None = None, shown: str | None = None, booked: str | None = None
) -> Intent | None:
    """A travel intent, or None when the line is about something else; `shown` is the list
    the customer saw last ('book the first one' after hotels books a hotel), `booked` the
    booking made last ('cancel that booking')."""
    text = _respelt(normalise(line))
    text = written_routes(text)
    text = re.sub(r"\b(?:out of|departing(?: from)?|leaving(?: from)?)\s+", "from ", text)
    if awaiting == drafts.AWAITING and not SHOP_WORDS.search(text) and not BOOK_VERB.search(text):
        whole = _searched(text)
        if whole is not None and drafts.missing(whole.kind, whole.params) is None:
            return whole
        said = drafts.answer(text)
        if said is not None:
            if whole is not None:  # a search of the other kind starts anew
                said.params["search"] = {"kind": whole.kind, "params": whole.params}
            return said
    if awaiting == "trip_payment" and payment_hint(text):
        return Intent("trip_book", {"method": payment_hint(text), "resume": True})
    booking = BOOKING.search(line)
    if booking and re.search(r"\bcancel", text):
        return Intent("booking_cancel", {"booking_id": booking.group(1).upper()})
    if booking:
        return Intent("booking_show", {"booking_id": booking.group(1).upper()})
    cancel = _cancel(text, booked, shown)
    if cancel:
        return cancel
    if re.search(r"\b(?:my|the|that|this|our) (?:booking|reservation|trip)s?\b", text) and not (
        re.search(r"\b(?:book|reserve|change|add|plan\w*)\b", text)
        or re.search(r"\b(?:for|on|during|before) (?:my|our|the|this) trip", text)
    ):  # 'where is my booking', 'show me the reservation'
        return Intent("booking_show", {"booking_id": booked})
    offers = shown in ("hotel_offers", "flight_offers")
    booking_one = BOOK_VERB.search(text) or re.search(
        r"\b(?:i'?d like to|i want to|i'?ll|let'?s|can you|could you) (?:book|reserve)\b", text
    )
    if booking_one and re.search(r"\b(hotel|flight)", text) and _names_an_offer(text):
        return Intent(
            "trip_book",
            {
                "hotel": _which(text, "hotel"),
                "flight": _which(text, "flight"),
                "travellers": party(text),
                "method": payment_hint(text),
            },
        )
    if offers and not SHOP_WORDS.search(text) and NOT_A_PICK.search(text):
        asked = _asked(text)
        if asked is not None:
            return asked
    if offers and not SHOP_WORDS.search(text) and not NOT_A_PICK.search(text):
        kind = str(shown).split("_")[0]
        picked = pick_words(text)
        if picked is not None and (booking_one or not _searches(text)):
            return Intent(
                "trip_book",
                {
                    "hotel": picked if kind == "hotel" else None,
                    "flight": picked if kind == "flight" else None,
                    "travellers": party(text),
                    "method": payment_hint(text),
                },
            )
    if SHOP_WORDS.search(text):
        return None
    found = _searched(text)
    if found is None and awaiting is None and ROUTE_ONLY.fullmatch(text):
        found = _flight(text)
    return found or drafts.planned(text)


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
    flight = _flight(text[:stay_at] if _days(text[:stay_at]) else text)
    way = route(text)
    later = _days(text[stay_at:])
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


def _searched(text: str) -> Intent | None:
    """A stay or a flight the line asks for, whole or in part; both at once ('a flight from
    NYC to Paris on … and a hotel there for 2 nights') is the flight, then the stay."""
    stay_word = STAY_WORD.search(text)
    if stay_word and FLIGHT_WORD.search(text) and route(text):
        return _flight_and_stay(text, stay_word.start())
    if stay_word:
        return _hotel(text)
    if FLIGHT_WORD.search(ON_BOARD.sub(" ", text)):
        return _flight(text)
    if route(text) and (SEAT_WORD.search(text) or _days(text)):
        return _flight(text)
    stay = nights(text) or weekend(text) or len(_days(text)) > 1
    if leading_place(text) and not route(text) and stay:
        return _hotel(text)  # 'Amsterdam, 2 nights from Dec 12th', 'rome 3-6 dec for 2'
    return None


#: a question about the offers shown: 'anything cheaper?', 'which one is the fastest'
CHEAPER = re.compile(
    r"\b(?:anything|any|something|got|have|is there)\b.*\b(?:cheaper|less expensive|lower price)"
    r"|\bcheaper (?:one|ones|options?)\?"
)
ASKING = re.compile(
    r"\b(?:more|about|details?|tell|show|what|which|how|is|does|refundable|cancel\w*)\b|\?"
)


def _asked(text: str) -> Intent | None:
    """A question about one of the offers shown, or whether any is cheaper; a new search or
    a request for other offers is not one."""
    if _searches(text) or re.search(r"\b(?:search|find|other|another|instead of)\b", text):
        return None
    if CHEAPER.search(text):
        return Intent("offer_question", {"pick": None, "cheaper": True})
    if not ASKING.search(text):
        return None
    words = re.sub(
        r"\b(?:which|what|tell me|more|about|details?|of|show me|is|it|one is|does|refundable|"
        r"how|about|can i cancel|cancel\w*)\b|\?",
        " ",
        text,
    )
    picked = pick_words(" ".join(words.split()))
    if picked is None:
        return None
    return Intent("offer_question", {"pick": picked, "cheaper": False})


def _searches(text: str) -> bool:
    """A new search, not a pick: it names a route, a day or a place ('the second hotel' is
    a pick, 'the second hotel in Rome' a search)."""
    return bool(route(text) or _days(text) or re.search(r"\b(?:in|at|near)\s+[a-z]", text))
