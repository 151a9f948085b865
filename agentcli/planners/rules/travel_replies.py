"""Sentences about trips, composed from the trips vendor's answers only."""

from __future__ import annotations

from typing import Any

from agentcli.conversation import Observation

Record = dict[str, Any]
SHOWN = 8


def dollars(minor: int | float) -> str:
    return f"${minor / 100:,.2f}"


def when(iso: str) -> str:
    return iso.replace("T", " ")[:16] + " UTC"


def _city(data: Record) -> str:
    return str(data.get("city_name") or data["city"])


def _route(data: Record) -> str:
    start = data.get("origin_name") or data["origin"]
    end = data.get("destination_name") or data["destination"]
    return f"{start} to {end}"


def hotel_line(n: int, o: Record) -> str:
    hotel = o["hotel"]
    return (
        f"{n}. {hotel['name']} ({hotel['stars']} stars, rated {hotel['rating']}), "
        f"{o['room']['name']} - {dollars(o['price_minor'])} for {o['nights']} "
        f"night{'s' if o['nights'] != 1 else ''}; free cancellation until "
        f"{when(o['cancellation']['free_until'])}"
    )


def flight_line(n: int, o: Record) -> str:
    hours, minutes = divmod(o["duration_minutes"], 60)
    return (
        f"{n}. {o['flight']['number']} {o['flight']['airline']}, departs "
        f"{when(o['departs_at'])}, arrives {when(o['arrives_at'])} "
        f"({hours}h{minutes:02d}) - {dollars(o['fare_minor'])} per traveller"
    )


def offer_answer(kind: str, offers: list[Record], offer: Record | None, cheaper: bool) -> str:
    """An answer about the offers shown: the one asked after, or that none is cheaper."""
    price = "price_minor" if kind == "hotel" else "fare_minor"
    if cheaper:
        offer = min(offers, key=lambda o: o.get(price, 0))
    if offer is None:
        return f"Which {kind}? Say its number in the list ({len(offers)} shown)."
    n = offers.index(offer) + 1
    line = (hotel_line if kind == "hotel" else flight_line)(n, offer)
    lead = "Nothing cheaper came up in that search; the cheapest is:\n" if cheaper else ""
    terms = offer.get("cancellation") or {}
    tail = ""
    if kind == "flight" and terms.get("free_until"):
        tail = f"; free cancellation until {when(terms['free_until'])}"
    return f'{lead}{line}{tail}.\nSay "book number {n}" to book it.'


def hotels_reply(data: Record) -> str:
    offers = data["offers"]
    if not offers:
        return (
            f"I found no free room in {_city(data)} from {data['check_in']} to "
            f"{data['check_out']} for {data['guests']}. Try other dates."
        )
    lines = [hotel_line(n, o) for n, o in enumerate(offers[:SHOWN], 1)]
    more = f"; here are the first {SHOWN}" if len(offers) > SHOWN else ""
    return (
        f"I found {len(offers)} hotel offer{'s' if len(offers) != 1 else ''} in "
        f"{_city(data)} from {data['check_in']} to {data['check_out']}{more}:\n"
        + "\n".join(lines)
        + '\nSay "book the first hotel" (and a flight, if you like).'
    )


def flights_reply(data: Record, first: int = 1, hint: bool = True) -> str:
    offers = data["offers"]
    if not offers:
        return (
            f"I found no flight from {_route(data)} on "
            f"{data['date']} with seats for {data['passengers']}. Try another day."
        )
    lines = [flight_line(n, o) for n, o in enumerate(offers[:SHOWN], first)]
    return (
        f"I found {len(offers)} flight{'s' if len(offers) != 1 else ''} from "
        f"{_route(data)} on {data['date']}:\n"
        + "\n".join(lines)
        + (
            '\nSay "book the second flight for 2 travellers".'
            if hint and first + len(offers[:SHOWN]) > 2
            else ('\nSay "book the first flight".' if hint else "")
        )
    )


def within(data: Record, cap: float | None) -> tuple[Record, str]:
    """The flights whose fare is within a traveller's budget, and a note of what was left
    out; when none is, all of them, and a note of the cheapest."""
    offers = data["offers"]
    if cap is None or not offers:
        return data, ""
    kept = [o for o in offers if o["fare_minor"] <= cap * 100]
    limit = dollars(cap * 100)
    if not kept:
        cheapest = dollars(min(o["fare_minor"] for o in offers))
        return data, f"(None is within {limit} a traveller; the cheapest is {cheapest}.)\n"
    if len(kept) == len(offers):
        return data, ""
    left = len(offers) - len(kept)
    note = f"({left} more {'is' if left == 1 else 'are'} over {limit} a traveller.)\n"
    return {**data, "offers": kept}, note


def cabin_note(asked: str | None, offers: list[Record]) -> str:
    """Said when the cabin asked for is not the one every fare shown is sold in."""
    sold = {str(o.get("cabin") or "economy") for o in offers}
    if not asked or not offers or sold == {asked}:
        return ""
    return f"(Every fare here is {' or '.join(sorted(sold))}; none is sold in {asked} class.)\n"


def booked_reply(obs: Observation) -> str:
    outputs = obs.data["outputs"]
    booking = outputs["book_trip"]
    items = "; ".join(i["description"] for i in booking["items"])
    charged = outputs["capture_payment"]["amount_received"]
    return (
        f"Done: booking {booking['booking_id']} is confirmed ({items}), and "
        f'{dollars(charged)} was charged. Say "cancel booking {booking["booking_id"]}" '
        "if your plans change."
    )


def cancelled_reply(obs: Observation) -> str:
    outputs = obs.data["outputs"]
    cancel, refund = outputs["cancel_booking"], outputs.get("refund_payment") or {}
    fee = cancel["fee_minor"]
    refunded = refund.get("amount", 0) if refund.get("action") in ("refunded", "voided") else 0
    text = f"Booking {cancel['booking_id']} is cancelled. "
    if fee:
        text += f"A fee of {dollars(fee)} was kept under the fare rules; "
    return text + f"{dollars(refunded)} was refunded to your payment method."


def booking_reply(booking: Record) -> str:
    items = "; ".join(
        f"{i['kind']}: {i['description']} ({i['price']['amount']} {i['price']['currency']})"
        for i in booking["items"]
    )
    text = (
        f"Booking {booking['booking_id']} is {booking['status']}: {items}. Total "
        f"{booking['total']['amount']} {booking['total']['currency']}."
    )
    terms = booking.get("cancellation")
    if terms:
        text += (
            f" Cancelled at {when(terms['cancelled_at'])}: fee {terms['fee']['amount']}, "
            f"refund {terms['refund']['amount']}."
        )
    return text


def failure_reply(obs: Observation) -> str:
    error = obs.error or {}
    message = error.get("message") or "something went wrong"
    if error.get("code") == "NOT_AUTHENTICATED":
        return message[0].upper() + message[1:] + "."
    if error.get("saga_status") == "needs_attention":
        return (
            f"I could not complete that ({message}) and could not undo every step; a "
            "human operator has been alerted. Reference: "
            f"{(obs.data or {}).get('saga_id', 'unknown')}."
        )
    notes = [n for n in error.get("undone") or [] if n]
    if error.get("saga_status") == "compensated":
        tail = (", so I " + " and ".join(notes)) if notes else ""
        return f"I could not complete that: {message}{tail}; nothing was charged."
    if error.get("code") in ("UNAVAILABLE", "TIMEOUT", "RATE_LIMITED"):
        return f"The travel service is not answering right now ({message}); please try again."
    return f"I could not do that: {message}."
