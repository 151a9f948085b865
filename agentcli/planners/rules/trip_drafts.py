"""A trip told in pieces: what is known is kept, what is missing asked, the answer fills it.

"I want to go to Rome" asks where from and when (or the dates, for a stay there); "flights
to London next friday" asks only where from; "hotel in Paris from the 10th" asks how many
nights. The next line is read as the answer ("from NYC", "boston", "3 nights", "the 12th",
"just the hotel"); anything else closes the question.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from agentcli.planners.rules.phrases import Intent
from agentcli.planners.rules.trip_routes import destination, origin, route
from agentcli.planners.rules.trip_spans import trip_days
from agentcli.planners.rules.trip_words import NOT_PLACE, nights, party

Record = dict[str, Any]
AWAITING = "trip_details"
#: words that end a destination: 'go to checkout' is the shop's, 'go to bed' nobody's
NOT_DESTINATION = frozenset(
    """
    checkout check cart basket order orders account page store shop website site bed sleep
    work school help support settings menu home it that this there here someone somebody
    person human agent manager previous next start beginning top bottom list results
    the my your a an our his her their
    be arrive turn show ship come land reach happen take get make have need want buy
    """.split()  # 'when is it going to turn up': a future, no place
)
#: a place to go named without a route: 'I want to go to Rome', 'thinking of a trip to Tokyo'
TRIP_CUE = re.compile(
    r"\b(?:go(?:ing)?|travel(?:l?ing)?|trip|head(?:ing|ed)?|get(?:ting)?|fly(?:ing)?|"
    r"vacation|holiday|getaway|honeymoon|jet(?:ting)? off|off)"
    r"(?:\s+(?:over|out|off|down|up|back))?\s+to\s+|"
    r"\b(?:vacation|holiday|getaway|honeymoon|trip|week|weekend)\s+in\s+|"
    r"\bvisit(?:ing)?\s+(?=[a-z])"
)
#: a trip wished for before its place: 'i want to travel', 'help me plan a trip'
WANDER = re.compile(
    r"\b(?:want|need|like|love|plan(?:ning)?|going|hoping|help me)\s+(?:to\s+)?"
    r"(?:travel|go (?:on )?(?:a )?(?:trip|vacation|holiday)|"
    r"(?:book|plan) (?:a|my) (?:trip|vacation|holiday)|"
    r"(?:a|on a|my) (?:trip|vacation|holiday|getaway))\b"
    r"(?!\s+(?:adapter|mug|pillow|bag|size|kit|case|insurance|bottle|pouch)\b)"
)
#: words after a trip that make the line about buying for it: 'going on a trip, need a pillow'
SHOPPING = re.compile(r"\b(?:need|buy|get|looking|find|shop|order|something|stuff|gear)\b")
#: a line that asks for someone, whatever else it says
PERSON = re.compile(r"\b(?:human|person|agent|someone|somebody|representative|manager)\b")
#: a trip named as what something is for: 'an adapter for my trip to london'
PURPOSE = re.compile(
    r"\b(?:for|during)\s+(?:(?:my|our|the|a|an|this)\s+(?:\w+\s+)?)?$|"
    r"\b(?:on|before|after)\s+(?:my|our|the|this)\s+(?:\w+\s+)?$"
)
CHOICE = re.compile(
    r"\b(?P<hotel>hotels?|a room|somewhere to stay|a place to stay|stay|accomm?odation)\b|"
    r"\b(?P<flight>flights?|fly|flying|plane|tickets?|seats?)\b"
)
FILLER = re.compile(
    r"\b(?:i'?m|i am|we'?re|we are|it'?s|its|leaving|departing|flying|starting|from|in|"
    r"just|only|pls|please|ok|okay|well|um|uh|hmm|oh|the|city|of|out)\b|[,.!?]"
)


#: words that answer no trip question: 'thanks', 'never mind', 'help'
NOT_ANSWER = frozenset(
    """
    thanks thank thx cheers ty no nope nah cancel stop help what why how never mind nevermind
    hmm lol idk dunno sorry whatever forget later wait nothing none
    """.split()
)


def planned(text: str) -> Intent | None:
    """A trip to a place named with no route and no stay word: asked for the rest."""
    cue = TRIP_CUE.search(text)
    if cue is None or route(text) or PURPOSE.search(text[: cue.start()]) or PERSON.search(text):
        return None
    after = text[cue.end() :]
    found = destination(f"to {after}")
    if not found or found.split()[0] in NOT_DESTINATION | NOT_PLACE:
        return None
    return Intent("trip_plan", {"destination": found, **_facts(text)})


def unplaced(text: str) -> Intent | None:
    """A trip wished for with no place yet: 'i want to travel next month', 'plan a trip'."""
    wish = WANDER.search(text)
    if not wish or route(text) or PERSON.search(text) or SHOPPING.search(text[wish.end() :]):
        return None
    return Intent("trip_plan", {"destination": None, **_facts(text)})


def _facts(text: str) -> Record:
    days = [d for _, d in trip_days(text) if d is not None]
    alone = re.search(r"\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b", text)
    if not days and alone:  # 'from boston, the 12th' answers 'on which day?'
        days = [d for _, d in trip_days(f"on the {alone.group(1)}th") if d is not None]
    return {
        "origin": origin(text),
        "days": [d.isoformat() for d in days],
        "nights": nights(text),
        "party": party(text),
    }


def answer(text: str) -> Intent | None:
    """What an answer to a trip question says: a route or its ends, days, nights, a party, a
    choice of hotel or flight, or a bare place ('boston', 'from nyc')."""
    way = route(text)
    found: Record = {k: v for k, v in _facts(text).items() if v}
    if way:
        found["origin"], found["destination"] = way
    elif destination(text) and not found.get("origin"):
        found["destination"] = destination(text)
    choice = CHOICE.search(text)
    if choice:
        found["choice"] = "hotel" if choice["hotel"] else "flight"
    count = re.fullmatch(r"\s*(\d{1,2})\s*", text)
    if count:
        found["count"] = int(count.group(1))
    rest = FILLER.sub(" ", CHOICE.sub(" ", text)).split()
    placed = all(re.fullmatch(r"[a-z][a-z.'-]+", w) for w in rest)
    if not found and 0 < len(rest) <= 3 and not set(rest) & (NOT_PLACE | NOT_ANSWER) and placed:
        found["place"] = " ".join(rest)
    return Intent(AWAITING, found) if found else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def keep(memory: Record, kind: str, params: Record) -> None:
    """Keep a search that lacks something as the draft the next answer fills."""
    memory["awaiting"] = AWAITING
    memory["trip_draft"] = {
        "kind": kind,
        **{k: _iso(v) if isinstance(v, date) else v for k, v in params.items()},
    }


def fill(memory: Record, said: Record) -> Intent | None:
    """The draft with the answer's facts in it, as the search it now is (it may still lack
    something; the caller asks for that)."""
    draft = memory.pop("trip_draft", None)
    if draft is None:
        return None
    kind = draft.pop("kind")
    search = said.get("search")
    if search and kind != "trip" and search["kind"] != kind:
        return Intent(search["kind"], search["params"])
    days = [date.fromisoformat(d) for d in said.get("days") or []]
    if kind == "trip" and not draft.get("destination"):  # the answer names where to
        draft["destination"] = said.pop("destination", None) or said.pop("place", None)
        if not draft["destination"]:
            return Intent("flight_search", {"origin": said.get("origin"), "destination": None})
        if not (said.get("choice") or said.get("origin") or said.get("days")):
            return Intent("trip_plan", {**draft, "origin": None})  # asked: flight or stay
    if kind == "trip":
        kind = "hotel_search" if said.get("choice") == "hotel" else "flight_search"
        kept = [date.fromisoformat(d) for d in draft.get("days") or []]
        days = days or kept
        draft = (
            {"city": draft["destination"], "guests": draft.get("party")}
            if kind == "hotel_search"
            else {
                "origin": draft.get("origin"),
                "destination": draft["destination"],
                "passengers": draft.get("party"),
            }
        )
        draft["nights"] = said.get("nights") or (draft.get("nights"))
    params = {
        k: _day(v) if k in ("date", "check_in", "check_out", "return_date") else v
        for k, v in draft.items()
    }
    if kind == "flight_search":
        return Intent(kind, _flight(params, said, days))
    return Intent("hotel_search", _stay(params, said, days))


def _day(value: Any) -> Any:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _flight(params: Record, said: Record, days: list[date]) -> Record:
    place = said.get("place")
    for end in ("origin", "destination"):
        if said.get(end):
            params[end] = said[end]
    if place:
        params["origin" if not params.get("origin") else "destination"] = place
    if days:
        params["date"] = days[0]
        if len(days) > 1 and days[1] > days[0]:
            params["return_date"] = days[1]
    params["passengers"] = said.get("party") or params.get("passengers")
    params.pop("nights", None)
    return params


def _stay(params: Record, said: Record, days: list[date]) -> Record:
    if said.get("place") or said.get("destination"):
        params["city"] = said.get("place") or said.get("destination")
    if days:
        if params.get("check_in") and not params.get("check_out") and len(days) == 1:
            params["check_out"] = days[0]
        else:
            params["check_in"] = days[0]
            params["check_out"] = days[1] if len(days) > 1 else None
    stay = said.get("nights") or said.get("count") or params.pop("nights", None)
    if stay and params.get("check_in") and not params.get("check_out"):
        params["check_out"] = params["check_in"] + timedelta(days=stay)
    params["guests"] = said.get("party") or params.get("guests")
    params.pop("nights", None)
    return params


def missing(kind: str, params: Record) -> str | None:
    """The question for what a search still lacks, or None when it can run."""
    if kind == "flight_search":
        lacks = [k for k in ("origin", "destination", "date") if not params.get(k)]
        said = {
            ("origin",): "Where are you flying from?",
            ("destination",): "Where are you flying to?",
            ("date",): "On which day?",
            ("origin", "date"): "Where are you flying from, and on which day?",
            ("destination", "date"): "Where to, and on which day?",
        }
        if not lacks:
            return None
        return said.get(
            tuple(lacks),
            'From where, to where and on which day? For example: "a '
            'flight from NYC to Paris on 2026-12-10".',
        )
    lacks = [k for k in ("city", "check_in", "check_out") if not params.get(k)]
    if not lacks:
        return None
    if lacks == ["check_out"]:
        return f"For how many nights from {params['check_in'].isoformat()}?"
    if lacks == ["city"]:
        return "In which city?"
    if "city" not in lacks:
        return f'Which dates in {params["city"]}? For example: "the 10th to the 12th".'
    return 'Where and when? For example: "a hotel in Paris from 2026-12-10 to 2026-12-12".'


def plan_question(params: Record) -> str:
    """What a trip named by its destination only (or not even that) still needs."""
    if not params["destination"]:
        return (
            "Where would you like to go? For a flight, say from where and on which day; for "
            'a hotel, the city and the dates (like "a hotel in Rome from the 10th to the 12th").'
        )
    where = (
        params["destination"].title()
        if len(params["destination"]) > 3
        else (params["destination"].upper())
    )
    days = params.get("days") or []
    if days:
        span = days[0] + (f" to {days[1]}" if len(days) > 1 else "")
        return (
            f"Where will you fly to {where} from? Or, for a place to stay in {where} "
            f'({span}), just say "hotel".'
        )
    return (
        f"Where will you fly to {where} from, and on which day? Or, for a place to stay in "
        f'{where}, say "hotel" and the dates.'
    )
