"""The rules planner's travel intents: find hotels and flights, book them, cancel a booking.

"find a hotel in Paris from 2026-12-10 to 2026-12-12", "find a flight from NYC to Paris on
2026-12-10", "book the first hotel and the second flight for 2 travellers with my credit
card", "cancel booking BK482913". Offers are picked from the last search's answers only.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from agentcli.conversation import Observation
from agentcli.conversation.wording import describe_method
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules import travel_replies
from agentcli.planners.rules import trip_drafts as drafts
from agentcli.planners.rules.change_methods import matching_methods
from agentcli.planners.rules.outputs import ask, do, say
from agentcli.planners.rules.phrases import Intent
from agentcli.planners.rules.trip_dates import parse_date
from agentcli.planners.rules.trip_intents import parse
from agentcli.planners.rules.trip_picks import choose, fitting

__all__ = ["ACTIONS", "KINDS", "after", "parse", "parse_date", "start"]

Record = dict[str, Any]
KINDS = frozenset(
    {
        "hotel_search",
        "flight_search",
        "trip_book",
        "booking_cancel",
        "booking_show",
        "trip_unclear",
        "trip_plan",
        "offer_question",
        "booking_change",
        drafts.AWAITING,
    }
)
ACTIONS = frozenset(
    {"search_hotels", "search_flights", "book_trip", "cancel_booking", "get_booking"}
)


# -- the first step ------------------------------------------------------------------------------


def start(ctx: PlanningContext, intent: Intent) -> PlannerOutput:
    memory, p = ctx.conversation.memory, intent.params
    if intent.kind == "trip_plan":
        return _plan(ctx, p)
    if intent.kind == "booking_change":
        booked = p["booking_id"] or "your booking"
        return say(
            f"A booking cannot be changed once it is made. I can cancel {booked} under its fare "
            f'rules (say "cancel booking {p["booking_id"] or "BK…"}") and then book new '
            "offers: tell me the new dates and I will search them.",
            "a booking cannot be changed",
        )
    if intent.kind == "offer_question":
        shown = str(memory.get("last_list") or "hotel_offers")
        kind, offers = shown.split("_")[0], memory.get(shown) or []
        offer = choose(offers, kind, p["pick"])
        if not offers:
            return ask("Which offer? Search first.", "no offers shown")
        return say(travel_replies.offer_answer(kind, offers, offer, p["cheaper"]), "about an offer")
    if intent.kind == drafts.AWAITING:
        filled = drafts.fill(memory, p)
        if filled is None:
            return ask(drafts.missing("flight_search", {}) or "", "nothing to fill")
        return start(ctx, filled)
    question = drafts.missing(intent.kind, p) if intent.kind.endswith("_search") else None
    if question is not None:
        drafts.keep(memory, intent.kind, p)
        return ask(question, f"{intent.kind} details missing")
    if intent.kind == "hotel_search":
        action = {
            "action": "search_hotels",
            "city": p["city"],
            "check_in": p["check_in"].isoformat(),
            "check_out": p["check_out"].isoformat(),
            "guests": p["guests"] or 1,
        }
        if p.get("max_price") is not None:
            action["max_price"] = p["max_price"]
        return do(action, "customer is looking for a hotel")
    if intent.kind == "flight_search":
        memory.pop("outbound", None)
        memory["cabin"] = p.get("cabin")
        stay = p.get("then_stay")
        if stay and not drafts.missing("hotel_search", stay):
            memory["then_stay"] = {
                "action": "search_hotels",
                **{k: v.isoformat() if isinstance(v, date) else v for k, v in stay.items()},
                "guests": stay["guests"] or 1,
            }
        memory["fare_cap"] = p.get("max_fare")
        action = {
            "action": "search_flights",
            "origin": p["origin"],
            "destination": p["destination"],
            "date": p["date"].isoformat(),
            "passengers": p["passengers"] or 1,
        }
        if p.get("return_date") and p["return_date"] > p["date"]:  # the way back comes next
            memory["return_leg"] = {
                **action,
                "origin": p["destination"],
                "destination": p["origin"],
                "date": p["return_date"].isoformat(),
            }
        return do(action, "customer is looking for a flight")
    if intent.kind in ("booking_cancel", "booking_show"):
        if p["booking_id"] is None:
            return ask("Which booking? Give its id, like BK482913.", "booking id missing")
        name = "cancel_booking" if intent.kind == "booking_cancel" else "get_booking"
        return do({"action": name, "booking_id": p["booking_id"]}, f"customer asks to {name}")
    return _book(ctx, memory.pop("trip_request", None) if p.get("resume") else p, p.get("method"))


def _plan(ctx: PlanningContext, p: Record) -> PlannerOutput:
    """A trip named by where it goes: a flight once its start and day are known, else the
    question for them (or for the dates of a stay there)."""
    days = [date.fromisoformat(d) for d in p["days"]]
    if p["origin"]:
        flight = {
            "origin": p["origin"],
            "destination": p["destination"],
            "date": days[0] if days else None,
            "passengers": p["party"],
        }
        if len(days) > 1 and days[1] > days[0]:
            flight["return_date"] = days[1]
        return start(ctx, Intent("flight_search", flight))
    drafts.keep(ctx.conversation.memory, "trip", p)
    return ask(drafts.plan_question(p), "a trip with its destination only")


def _pick(memory: Record, kind: str, n: int | str | None) -> Record | None:
    return choose(memory.get(f"{kind}_offers") or [], kind, n)


def _book(
    ctx: PlanningContext, request: Record | None, hint: dict[str, str] | None
) -> PlannerOutput:
    conv, memory = ctx.conversation, ctx.conversation.memory
    if request is None:
        return ask(
            'Which hotel or flight should I book? Search first, then say "book the '
            'first hotel and the second flight".',
            "nothing to book",
        )
    if conv.user is None:
        return ask(
            "Before booking I need to know who you are: what is your email?", "not signed in"
        )
    hotel, flight = (
        _pick(memory, "hotel", request["hotel"]),
        _pick(memory, "flight", request["flight"]),
    )
    for kind in ("hotel", "flight"):
        if request[kind] is not None and (hotel if kind == "hotel" else flight) is None:
            count = len(memory.get(f"{kind}_offers") or [])
            which = request[kind]
            several = fitting(memory.get(f"{kind}_offers") or [], kind, which)
            if len(several) > 1:
                listed = ", ".join(str(n) for n in several[:-1]) + f" and {several[-1]}"
                return ask(
                    f"Which {kind}? Numbers {listed} all fit: say its number.",
                    f"several {kind}s fit",
                )
            said = f"number {which}" if isinstance(which, int) and which > 0 else "like that"
            return ask(
                f"There is no {kind} {said} in the last {kind} search ({count} found): "
                f"say its number, or search again.",
                f"no such {kind}",
            )
    methods = [
        m for m in (conv.user.get("payment_methods") or {}).values() if m["source"] != "gift_card"
    ]
    matching = matching_methods(methods, hint)
    if len(matching) != 1:
        memory["awaiting"] = "trip_payment"
        memory["trip_request"] = request
        listed = "; ".join(describe_method(m) for m in methods) or "none"
        return ask(
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
    return do(action, "book the chosen offers")


def _flights(memory: Record, data: Record) -> PlannerOutput:
    """The flights found; on a return trip the way out is kept while the way back is searched,
    then both are shown in one list numbered on from the way out."""
    data, capped = travel_replies.within(data, memory.get("fare_cap"))
    offers = data["offers"][: travel_replies.SHOWN]
    leg = memory.pop("return_leg", None)
    if leg is not None:
        memory["outbound_note"] = capped
        memory["outbound"] = {
            "offers": offers,
            "reply": travel_replies.flights_reply(data, hint=False),
        }
        return do(leg, "the way back of a return trip")
    outbound = memory.pop("outbound", None) or {"offers": [], "reply": ""}
    first = len(outbound["offers"]) + 1
    memory["flight_offers"] = outbound["offers"] + offers
    memory["last_list"] = "flight_offers"
    memory["party"] = data.get("passengers")
    reply = travel_replies.flights_reply(data, first)
    memory.pop("fare_cap", None)
    stay = memory.pop("then_stay", None)
    if stay is not None:  # the stay asked for beside the flight is searched next
        memory["flights_said"] = f"{outbound['reply']}\n{reply}".strip()
        return do(stay, "the stay asked for with the flight")
    note = (
        memory.pop("city_note", "")
        + memory.pop("outbound_note", "")
        + capped
        + travel_replies.cabin_note(memory.pop("cabin", None), memory["flight_offers"])
    )
    return say(note + f"{outbound['reply']}\n{reply}".strip(), "flight offers")


#: the trips vendor's answer to a place it does not know, with the city it suggests
UNKNOWN_CITY = re.compile(r"no city called '(.+?)'; did you mean (.+?)\?")


def _respelt(memory: Record, obs: Observation) -> PlannerOutput | None:
    """A search for a place the vendor does not know ('lisbn', 'left rome') tried again with
    the city it suggests, once per place; the reply says what was searched instead."""
    said = UNKNOWN_CITY.search(str((obs.error or {}).get("message") or ""))
    if obs.action not in ("search_hotels", "search_flights") or said is None:
        return None
    fields = [k for k in ("city", "origin", "destination") if obs.arguments.get(k) == said[1]]
    if not fields or said[2].lower() == said[1].lower():
        return None
    memory["city_note"] = (
        memory.get("city_note", "") + f"(I know no city called '{said[1]}', so I searched "
        f"{said[2]}.)\n"
    )
    return do({**obs.arguments, "action": obs.action, fields[0]: said[2]}, "a city respelt")


# -- after an action ran -------------------------------------------------------------------------


def after(ctx: PlanningContext, obs: Observation) -> PlannerOutput | None:
    if obs.action not in ACTIONS:
        return None
    memory = ctx.conversation.memory
    if not obs.ok:
        again = _respelt(memory, obs)
        if again is not None:
            return again
        memory.pop("city_note", None)
        memory.pop("fare_cap", None)
        memory.pop("then_stay", None)
        said = memory.pop("flights_said", "")
        if said:
            return say(f"{said}\n{travel_replies.failure_reply(obs)}", f"{obs.action} failed")
        memory.pop("return_leg", None)
        memory.pop("outbound", None)
        return say(travel_replies.failure_reply(obs), f"{obs.action} failed")
    match obs.action:
        case "search_hotels":
            memory["hotel_offers"] = obs.data["offers"][: travel_replies.SHOWN]
            memory["last_list"] = "hotel_offers"
            memory["party"] = obs.data.get("guests")
            note = memory.pop("city_note", "")
            flights = memory.pop("flights_said", "")
            if flights:  # both lists stand; the hotels are the one shown last
                note += flights + "\n"
            return say(note + travel_replies.hotels_reply(obs.data), "hotel offers")
        case "search_flights":
            return _flights(memory, obs.data)
        case "book_trip":
            memory["last_booking"] = obs.data["outputs"]["book_trip"]["booking_id"]
            memory["last_list"] = "booking"  # 'cancel it' now means this booking
            return say(travel_replies.booked_reply(obs), "trip booked")
        case "cancel_booking":
            return say(travel_replies.cancelled_reply(obs), "booking cancelled")
    memory["last_list"] = "booking"
    return say(travel_replies.booking_reply(obs.data), "booking details")
