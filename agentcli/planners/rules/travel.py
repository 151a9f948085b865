"""The rules planner's travel intents: find hotels and flights, book them, cancel a booking.

"find a hotel in Paris from 2026-12-10 to 2026-12-12", "find a flight from NYC to Paris on
2026-12-10", "book the first hotel and the second flight for 2 travellers with my credit
card", "cancel booking BK482913". Offers are picked from the last search's answers only.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from agentcli.conversation import Observation
from agentcli.conversation.answers import normalise
from agentcli.conversation.wording import describe_method
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules import travel_replies
from agentcli.planners.rules.phrases import Intent, ordinal, payment_hint
from agentcli.planners.rules.reading import CHEAPEST, DEAREST, NUMBERS, position

Record = dict[str, Any]
KINDS = frozenset(
    {"hotel_search", "flight_search", "trip_book", "booking_cancel", "booking_show", "trip_unclear"}
)
ACTIONS = frozenset(
    {"search_hotels", "search_flights", "book_trip", "cancel_booking", "get_booking"}
)
BOOKING = re.compile(r"\b(BK\d{6})\b", re.IGNORECASE)
MONTHS = {
    m: n
    for n, m in enumerate(
        (
            "january february march april may june july august september october november december"
        ).split(),
        1,
    )
}
MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE = (
    rf"(\d{{4}}-\d{{2}}-\d{{2}}|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:,?\s+\d{{4}})?)"
)
#: '3-6 may 2031', 'may 3-6', '3 to 6 May': a stay's two days in one month
DAY_RANGE = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to|until|till)\s*(\d{{1,2}})(?:st|nd|rd|th)?\s+"
    rf"(?:of\s+)?{MONTH}(?:,?\s+(\d{{4}}))?|\b{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*"
    rf"(?:-|–|to|until|till)\s*(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?"
)
PARTY = re.compile(
    r"\b(?:for\s+)?(\d|one|two|three|four|five|six|seven|eight|nine)\s+"
    r"(?:travell?ers?|people|ppl|persons?|pax|guests?|adults?|passengers?|of us)\b|"
    r"\bfor\s+(\d|one|two|three|four|five|six|seven|eight|nine)\s*(?:[,.!?]|$)"
)
#: 'both of us', 'the two of us', 'me and my wife': two
COUPLE = re.compile(
    r"\b(?:both of us|the two of us|us two|me and my \w+|my \w+ and (?:me|i)|a couple)\b"
)
PLACE = r"([a-z][a-z .'-]*?)"
STOP = (
    r"(?=\s+(?:from|on|for|to|between|departing|leaving|checking|with|next|this|tomorrow)\b|"
    rf"\s+{MONTH}\s*\d|\s+\d|[,.!?]|$)"
)
#: 'a room in Rome', 'book a room', 'a room for 3 nights' are hotels; 'for a big room' is not
#: 'book the first one', "I'll take the cheapest", 'reserve number 2': a pick of the offers shown
OFFER_PICK = re.compile(
    r"^(?:(?:ok|okay|great|yes|yeah|then|so)[,!.]?\s+)*(?:please\s+)?(?:book|reserve|i'?ll take|"
    r"take|go with|let'?s (?:book|do|go with|take)|i'?d like|i want)\b"
    r"(?!.*\b(?:hotels?|flights?)\b)"
    r".*\b(?:one|first|second|third|fourth|fifth|last|cheapest|number|#|\d)\b"
)
ROOM = re.compile(
    r"\brooms?\s+(?:in|at|from|for\s+\d+\s+nights?)\b|\b(?:book|reserve)\b.*\brooms?\b"
)


def _say(message: str, why: str) -> PlannerOutput:
    return PlannerOutput([{"action": "reply", "message": message}], rationale=why)


def _ask(question: str, why: str) -> PlannerOutput:
    return PlannerOutput([{"action": "ask_clarification", "question": question}], rationale=why)


def _do(action: Record, why: str) -> PlannerOutput:
    return PlannerOutput([action], rationale=why)


def parse_date(text: str, today: date | None = None) -> date | None:
    """'2026-12-10', 'December 10', 'Dec 10, 2026', '10 December' (next such day if no year)."""
    today = today or date.today()
    text = text.strip().rstrip(".,").lower()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    words = re.findall(r"[a-z]+|\d+", text)
    month = next(
        (n for m, n in MONTHS.items() for w in words if len(w) >= 3 and m.startswith(w)), None
    )
    numbers = [int(w) for w in words if w.isdigit()]
    if month is None or not numbers:
        return None
    day, year = numbers[0], numbers[1] if len(numbers) > 1 else None
    try:
        found = date(year or today.year, month, day)
    except ValueError:
        return None
    if year is None and found < today:
        found = found.replace(year=today.year + 1)
    return found


def _party(text: str) -> int | None:
    match = PARTY.search(text)
    if not match:
        return 2 if COUPLE.search(text) else None
    raw = match.group(1) or match.group(2)
    return int(raw) if raw.isdigit() else NUMBERS[raw]


def _dates(text: str) -> list[date | None]:
    """The dates a line names, in order; a range in one month ('3-6 may 2031') gives two, and
    a date without its year takes the year of the other ('Dec 1 to Dec 4 2030')."""
    days = DAY_RANGE.search(text)
    if days:
        first, last, month, year = (
            (days.group(1), days.group(2), days.group(3), days.group(4))
            if days.group(1)
            else (days.group(6), days.group(7), days.group(5), days.group(8))
        )
        tail = f" {year}" if year else ""
        found = [parse_date(f"{month} {first}{tail}"), parse_date(f"{month} {last}{tail}")]
    else:
        found = [parse_date(d[0]) for d in re.findall(DATE, text)]
    years = {re.search(r"\b\d{4}\b", d[0]) is not None for d in re.findall(DATE, text)}
    dated = [d for d in found if d is not None]
    if len(dated) == 2 and False in years and True in years and not days:
        year = max(d.year for d in dated)
        found = [d.replace(year=year) if d is not None and d.year != year else d for d in found]
    return found


def _hotel(text: str) -> Intent:
    city = re.search(rf"\bin\s+{PLACE}{STOP}", text) or re.search(
        rf"\bhotels?\s+(?!(?:in|for|from|near|on|at|with|room|rooms|booking)\b){PLACE}{STOP}", text
    )
    dates = _dates(text)
    nights = re.search(r"\b(?:for\s+)?(\d{1,2})\s+nights?\b", text)
    check_in = dates[0] if dates else None
    check_out = (
        dates[1]
        if len(dates) > 1
        else (check_in + timedelta(days=int(nights.group(1))) if check_in and nights else None)
    )
    return Intent(
        "hotel_search",
        {
            "city": city.group(1).strip() if city else None,
            "check_in": check_in,
            "check_out": check_out,
            "guests": _party(text),
        },
    )


def _flight(text: str) -> Intent:
    route = re.search(rf"\bfrom\s+{PLACE}\s+to\s+{PLACE}{STOP}", text) or re.search(
        rf"\b(?:flights?|fly(?:ing)?)\s+{PLACE}\s+to\s+{PLACE}{STOP}", text
    )
    day = re.search(rf"\bon\s+(?:the\s+)?{DATE}", text) or re.search(DATE, text)
    return Intent(
        "flight_search",
        {
            "origin": route.group(1).strip() if route else None,
            "destination": route.group(2).strip() if route else None,
            "date": parse_date(day.group(1)) if day else None,
            "passengers": _party(text),
        },
    )


def _which(text: str, noun: str) -> int | None:
    """'the second flight' → 2, 'flight 3' → 3, 'the flight' → 1 when only one is named."""
    numbered = re.search(rf"\b{noun}s?\s+(?:number\s+|no\.?\s*|#)?(\d{{1,2}})\b", text)
    if numbered:
        return int(numbered.group(1))
    match = re.search(rf"\b(\w+)\s+{noun}s?\b", text)
    if not match:
        return None
    return ordinal(match.group(1)) or 1


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
    return bool(definite)


#: 'NYC -> Tokyo', 'NYC → Tokyo', 'nyc > tokyo', 'NYC - Tokyo': a route's "to"
ROUTE_SIGN = re.compile(
    r"(?<=[a-z.])\s*(?:-+>|=+>|\u2192|\u27f6|\u27a1\ufe0f?|>)\s*(?=[a-z])|"
    r"(?<=[a-z.])\s+(?:-|\u2013|\u2014)\s+(?=[a-z])"
)


def parse(line: str, awaiting: str | None = None, shown: str | None = None) -> Intent | None:
    """A travel intent, or None when the line is about something else; `shown` is the list
    the customer saw last ('book the first one' after hotels books a hotel)."""
    text = normalise(line)
    if re.search(r"\b(?:fly|flying|flights?|travel|trip|get)\b", text):
        text = ROUTE_SIGN.sub(" to ", text)
    if awaiting == "trip_payment" and payment_hint(text):
        return Intent("trip_book", {"method": payment_hint(text), "resume": True})
    booking = BOOKING.search(line)
    if booking and re.search(r"\bcancel", text):
        return Intent("booking_cancel", {"booking_id": booking.group(1).upper()})
    if booking:
        return Intent("booking_show", {"booking_id": booking.group(1).upper()})
    if re.search(r"\bcancel\b.*\bbooking\b", text):
        return Intent("booking_cancel", {"booking_id": None})
    booking_one = re.search(r"^(please\s+)?(book|reserve)\b", text) or re.search(
        r"\b(?:i'?d like to|i want to|i'?ll|let'?s|can you|could you) (?:book|reserve)\b", text
    )
    if booking_one and re.search(r"\b(hotel|flight)", text) and _names_an_offer(text):
        return Intent(
            "trip_book",
            {
                "hotel": _which(text, "hotel"),
                "flight": _which(text, "flight"),
                "travellers": _party(text),
                "method": payment_hint(text),
            },
        )
    if shown in ("hotel_offers", "flight_offers") and OFFER_PICK.search(text):
        kind = shown.split("_")[0]
        n = position(text)
        return Intent(
            "trip_book",
            {
                "hotel": n if kind == "hotel" else None,
                "flight": n if kind == "flight" else None,
                "travellers": _party(text),
                "method": payment_hint(text),
            },
        )
    if (re.search(r"\bhotels?\b", text) or ROOM.search(text)) and not re.search(r"\bcart\b", text):
        return _hotel(text)
    if re.search(r"\bflights?\b|\bfly\b", text) and not re.search(r"\bcart\b", text):
        return _flight(text)
    journey = re.search(rf"\bfrom\s+{PLACE}\s+to\s+{PLACE}{STOP}", text)
    if journey and re.search(DATE, text) and not re.search(r"\b(cart|order|address)\b", text):
        return _flight(text)  # 'I need to get from New York to London on December 10
    return None


# -- the first step ------------------------------------------------------------------------------


def start(ctx: PlanningContext, intent: Intent) -> PlannerOutput:
    memory, p = ctx.conversation.memory, intent.params
    if intent.kind == "hotel_search":
        if not p["city"] or not p["check_in"] or not p["check_out"]:
            return _ask(
                'Where and when? For example: "find a hotel in Paris from 2026-12-10 '
                'to 2026-12-12".',
                "hotel search details missing",
            )
        action = {
            "action": "search_hotels",
            "city": p["city"],
            "check_in": p["check_in"].isoformat(),
            "check_out": p["check_out"].isoformat(),
            "guests": p["guests"] or 1,
        }
        return _do(action, "customer is looking for a hotel")
    if intent.kind == "flight_search":
        if not p["origin"] or not p["destination"] or not p["date"]:
            return _ask(
                'From where, to where and on which day? For example: "find a flight '
                'from NYC to Paris on 2026-12-10".',
                "flight search details missing",
            )
        return _do(
            {
                "action": "search_flights",
                "origin": p["origin"],
                "destination": p["destination"],
                "date": p["date"].isoformat(),
                "passengers": p["passengers"] or 1,
            },
            "customer is looking for a flight",
        )
    if intent.kind in ("booking_cancel", "booking_show"):
        if p["booking_id"] is None:
            return _ask("Which booking? Give its id, like BK482913.", "booking id missing")
        name = "cancel_booking" if intent.kind == "booking_cancel" else "get_booking"
        return _do({"action": name, "booking_id": p["booking_id"]}, f"customer asks to {name}")
    return _book(ctx, memory.pop("trip_request", None) if p.get("resume") else p, p.get("method"))


def _pick(memory: Record, kind: str, n: int | None) -> Record | None:
    offers = memory.get(f"{kind}_offers") or []
    if n is None or not offers:
        return None
    if n == -1:
        return offers[-1]
    if n in (CHEAPEST, DEAREST):
        price = "price_minor" if kind == "hotel" else "fare_minor"
        return (min if n == CHEAPEST else max)(offers, key=lambda o: o.get(price, 0))
    return offers[n - 1] if 1 <= n <= len(offers) else None


def _book(
    ctx: PlanningContext, request: Record | None, hint: dict[str, str] | None
) -> PlannerOutput:
    conv, memory = ctx.conversation, ctx.conversation.memory
    if request is None:
        return _ask(
            'Which hotel or flight should I book? Search first, then say "book the '
            'first hotel and the second flight".',
            "nothing to book",
        )
    if conv.user is None:
        return _ask(
            "Before booking I need to know who you are: what is your email?", "not signed in"
        )
    hotel, flight = (
        _pick(memory, "hotel", request["hotel"]),
        _pick(memory, "flight", request["flight"]),
    )
    for kind in ("hotel", "flight"):
        if request[kind] is not None and (hotel if kind == "hotel" else flight) is None:
            count = len(memory.get(f"{kind}_offers") or [])
            return _ask(
                f"There is no {kind} number {request[kind]} in the last {kind} search "
                f"({count} found). Search again, or pick another one.",
                f"no such {kind}",
            )
    methods = [
        m for m in (conv.user.get("payment_methods") or {}).values() if m["source"] != "gift_card"
    ]
    matching = [
        m
        for m in methods
        if hint is None
        or (
            m["source"] == hint["source"]
            and all(m.get(k) == v for k, v in hint.items() if k != "source")
        )
    ]
    if len(matching) != 1:
        memory["awaiting"] = "trip_payment"
        memory["trip_request"] = request
        listed = "; ".join(describe_method(m) for m in methods) or "none"
        return _ask(
            f"Which payment method should I use for the trip? Travel takes a card or "
            f"PayPal; you have: {listed}.",
            "payment method unclear",
        )
    travellers = request.get("travellers") or memory.get("party") or 1
    action: Record = {
        "action": "book_trip",
        "travellers": travellers,
        "payment_method_id": matching[0]["id"],
    }
    if hotel is not None:
        action["hotel_offer_id"] = hotel["offer_id"]
    if flight is not None:
        action["flight_offer_id"] = flight["offer_id"]
    return _do(action, "book the chosen offers")


# -- after an action ran -------------------------------------------------------------------------


def after(ctx: PlanningContext, obs: Observation) -> PlannerOutput | None:
    if obs.action not in ACTIONS:
        return None
    memory = ctx.conversation.memory
    if not obs.ok:
        return _say(travel_replies.failure_reply(obs), f"{obs.action} failed")
    match obs.action:
        case "search_hotels":
            memory["hotel_offers"] = obs.data["offers"][: travel_replies.SHOWN]
            memory["last_list"] = "hotel_offers"
            memory["party"] = obs.data.get("guests")
            return _say(travel_replies.hotels_reply(obs.data), "hotel offers")
        case "search_flights":
            memory["flight_offers"] = obs.data["offers"][: travel_replies.SHOWN]
            memory["last_list"] = "flight_offers"
            memory["party"] = obs.data.get("passengers")
            return _say(travel_replies.flights_reply(obs.data), "flight offers")
        case "book_trip":
            return _say(travel_replies.booked_reply(obs), "trip booked")
        case "cancel_booking":
            return _say(travel_replies.cancelled_reply(obs), "booking cancelled")
    return _say(travel_replies.booking_reply(obs.data), "booking details")
