"""Which travel intent a line is: a stay, a flight, a booking of offers shown, a cancellation.

A trip is read by what it names, not by one verb (the searches are `trip_searches`'s). After
offers were listed, a line that picks one ("the first one pls, pay with card", "the 9am one")
books it, and a question about one ("is the 3rd one refundable") is answered.
"""

from __future__ import annotations

import re

from agentcli.conversation.answers import normalise
from agentcli.planners.rules import trip_drafts as drafts
from agentcli.planners.rules.phrases import Intent, ordinal, payment_hint
from agentcli.planners.rules.spelling import corrected
from agentcli.planners.rules.trip_picks import pick_words
from agentcli.planners.rules.trip_routes import (
    route,
    written_routes,
)
from agentcli.planners.rules.trip_searches import days_in, route_only, searched
from agentcli.planners.rules.trip_words import (
    party,
)

BOOKING = re.compile(r"\b(BK\d{6})\b", re.IGNORECASE)
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

    text = re.sub(r"\b[a-z]{5,}\b", fix, text)
    return re.sub(r"\b(?:frm|fr)\b", "from", re.sub(r"\bhtls?\b", "hotel", text))


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
    return pick_words(f"the {match.group(1)} {noun}") or 1


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


#: a booking's money asked back: its cancellation under the fare rules
REFUND = re.compile(r"\b(?:refund\w*|money back|reimburse\w*)")
#: plans called off without the verb: 'I don't need the hotel anymore', 'the trip is off'
OFF = re.compile(
    r"\b(?:don'?t|do not|no longer|won'?t) need (?:the|my|our|that|this) "
    r"(?:hotel|flight|room|booking|reservation|trip|stay|tickets?)\b|"
    r"\bnot (?:going|travell?ing|flying) any ?more\b|\bcan'?t make (?:it|the trip)\b|"
    r"\b(?:trip|booking|reservation|holiday|vacation) is off\b"
)
#: a booking asked to change: 'can I change my flight?', 'move my hotel booking to …'
CHANGE = re.compile(
    r"\b(?:change|move|reschedule|rebook|modify|push back|bring forward|postpone|switch)\s+"
    r"(?:my|the|that|this|our)\s+(?:\w+\s+)?(?:booking|reservation|flight|hotel|trip|stay)s?\b"
    r"(?!\s+(?:search|results|list|options))"
)


def _cancel(text: str, booked: str | None, shown: str | None) -> Intent | None:
    """'cancel booking BK…', 'scrap the reservation', 'cancel the booking I just made', and
    'cancel it' right after a booking was made or shown."""
    text = re.sub(r"\bnoise[- ]?cancell?(?:ing|ation)\b", "", text)  # a kind of headphones
    named = re.search(r"\b(?:booking|reservation|trip|bookings)\b", text) or (
        booked and re.search(r"\b(?:flight|hotel|stay|room|tickets?)\b", text)
    )
    if named and REFUND.search(text) and not re.search(r"\border", text):
        return Intent("booking_cancel", {"booking_id": booked})  # a booking's refund: cancel it
    if booked and OFF.search(text) and not SHOP_WORDS.search(text):
        return Intent("booking_cancel", {"booking_id": booked})  # 'the trip is off'
    trip_noun = r"\b(?:hotel|flight|room|booking|reservation|trip|stay|tickets?|holiday|vacation)\b"
    if OFF.search(text) and re.search(trip_noun, text) and not SHOP_WORDS.search(text):
        return Intent("booking_cancel", {"booking_id": None})  # asked which booking
    if not CANCEL.search(text) or SHOP_WORDS.search(text):
        return None
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
    text = _respelt(normalise(re.sub(r"(?<=\w)\s*\u2708\ufe0f?\s*(?=\w)", " to ", line)))
    text = written_routes(text)
    text = re.sub(r"\b(?:out of|departing(?: from)?|leaving(?: from)?)\s+", "from ", text)
    if awaiting == drafts.AWAITING and not SHOP_WORDS.search(text) and not BOOK_VERB.search(text):
        whole = searched(text)
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
    if CHANGE.search(text) and not SHOP_WORDS.search(text):
        return Intent("booking_change", {"booking_id": booked})
    if re.search(r"\b(?:my|the|that|this|our) (?:booking|reservation|trip)s?\b", text) and not (
        re.search(r"\b(?:book|reserve|change|add|plan\w*)\b", text)
        or re.search(r"\b(?:for|on|during|before) (?:my|our|the|this) trip", text)
    ):  # 'where is my booking', 'show me the reservation'
        return Intent("booking_show", {"booking_id": booked})
    offers = shown in ("hotel_offers", "flight_offers")
    booking_one = BOOK_VERB.search(text) or re.search(
        r"\b(?:i'?d like to|i want to|i'?ll|let'?s|can you|could you) (?:book|reserve)\b", text
    )
    both = offers and re.search(r"\bhotel\b.*\bflight\b|\bflight\b.*\bhotel\b", text)
    named = (booking_one or both) and re.search(r"\b(hotel|flight)", text) and _names_an_offer(text)
    if named and not (not offers and _searches(text)):  # 'i want the cheapest hotel in berlin
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
    if SHOP_WORDS.search(text) or bought_for_a_trip(text):
        return None
    found = searched(text) or (route_only(text) if awaiting is None else None)
    return found or drafts.planned(text) or drafts.unplaced(text)


#: a wish for a thing to buy, said first: 'need a travel adapter', "i'm after a neck pillow"
_WISH_FIRST = re.compile(
    r"^(?:\w+[,!]? )?(?:(?:i |we )?(?:really )?(?:need|want|am after|'?m after|after|looking for|"
    r"'?m looking for|am looking for|buy|get me|find me|shopping for) (?:a|an|some|any|new|the)|"
    r"(?:do|does) (?:you|the shop) (?:have|sell|stock|carry|do)|(?:have you |you )?got any|any)\b"
)
#: the clause that says why, after what is wished for: ', flying out soon', 'as we fly monday'
_WHY_AFTER = re.compile(r"\s*[,;]\s*|[.?!]\s+|\s+-+\s+|\s+(?:as|since|because|cause|cos|coz)\s+")
#: what names a trip itself, never a thing bought for one
_TRIP_ASKED = re.compile(
    r"\b(?:flights?|hotels?|rooms?|seats?|tickets?|fares?|airfares?|stays?|book|booking|"
    r"reserve|reservation|nights?|accomm?odation)\b"
)


def bought_for_a_trip(text: str) -> bool:
    """Whether the line asks for a thing to buy and says the trip only as why ('need a travel
    adapter for Europe, flying out soon'): the shop searches it, no flight is asked for."""
    parts = _WHY_AFTER.split(text, maxsplit=1)
    if len(parts) != 2 or not _WISH_FIRST.search(parts[0]):
        return False
    return not (_TRIP_ASKED.search(parts[0]) or route(parts[0]))


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
    return bool(
        route(text)
        or days_in(text)
        or re.search(r"\b(?:in|at|near)\s+(?!the\b|that\b|this\b|it\b|my\b)[a-z]", text)
    )
