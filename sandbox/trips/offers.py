"""Offers: what can be held, priced deterministically from the inventory and the date.

An offer id says everything about an offer, so no search has to be remembered:
`HO-PAR03-DBL-20261210-2` (hotel PAR03, room DBL, check-in 2026-12-10, 2 nights) and
`FO-BL106-20261210` (flight BL106 on 2026-12-10).
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sandbox.trips.errors import TripsError
from sandbox.trips.money import at, iso, money

INVENTORY = Path(__file__).resolve().parent / "inventory.json"
HOTEL_OFFER = re.compile(r"HO-([A-Z]{3}\d{2})-([A-Z]{3})-(\d{8})-(\d{1,2})")
FLIGHT_OFFER = re.compile(r"FO-([A-Z]{2}\d{3,4})-(\d{8})")
MAX_TRAVELLERS = 9
MAX_NIGHTS = 30


@functools.lru_cache(maxsize=1)
def inventory() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(INVENTORY.read_text(encoding="utf-8"))
    data["hotel_by_id"] = {h["hotel_id"]: h for h in data["hotels"]}
    data["flight_by_no"] = {f["flight"]: f for f in data["flights"]}
    return data


def city_code(name: str) -> str:
    """The city code for a code, name or alias ('Paris', 'par', 'CDG' → 'PAR')."""
    wanted = " ".join(name.lower().split())
    for city in inventory()["cities"]:
        if wanted in (city["code"].lower(), city["name"].lower(), *city["aliases"]):
            return str(city["code"])
    near = nearest_city(wanted)
    if near is None:
        raise TripsError("not-found", f"no city called {name!r}", param="city")
    raise TripsError(
        "not-found", f"no city called {name!r}; did you mean {near}?", param="city", suggestion=near
    )


def nearest_city(wanted: str) -> str | None:
    """The city a name that matches none most likely means, as a search box suggests one: the
    last words of it that name a city ('seats left rome'), else the closest spelling ('lisbn')."""
    names = {
        key: str(city["name"])
        for city in inventory()["cities"]
        for key in (city["code"].lower(), city["name"].lower(), *city["aliases"])
    }
    words = wanted.split()
    for start in range(1, len(words)):
        tail = " ".join(words[start:])
        if tail in names:
            return names[tail]
    close = difflib.get_close_matches(wanted, [k for k in names if len(k) > 3], n=1, cutoff=0.75)
    return names[close[0]] if close else None


def city_name(code: str) -> str:
    return next(str(c["name"]) for c in inventory()["cities"] if c["code"] == code)


@dataclass(frozen=True)
class Offer:
    """A priced offer for some travellers; `resource` is what its holds compete for."""

    offer_id: str
    kind: str
    travellers: int
    price_minor: int
    starts_at: float
    free_until: float
    fee_minor: int
    units: list[str]  # one capacity key per night (hotel) or the flight-date
    capacity: int
    need: int  # units of capacity per key: 1 room, or one seat per traveller
    detail: dict[str, Any]
    description: str

    def view(self, available: int | None = None) -> dict[str, Any]:
        data = {
            "offer_id": self.offer_id,
            "kind": self.kind,
            "travellers": self.travellers,
            **self.detail,
            "description": self.description,
            "total": money(self.price_minor),
            "cancellation": {"free_until": iso(self.free_until), "fee": money(self.fee_minor)},
        }
        if available is not None:
            data["available"] = available
        return data


def _day(text: str) -> date:
    return datetime.strptime(text, "%Y%m%d").date()


def _factor(*parts: str) -> float:
    """A stable pseudo-random price factor between 0.90 and 1.19."""
    digest = hashlib.sha256("|".join(parts).encode()).digest()
    return 0.9 + digest[0] % 30 / 100


def nightly_minor(rate_minor: int, night: date) -> int:
    factor = 1.15 if night.weekday() in (4, 5) else 1.0
    factor *= 1.1 if night.month == 12 else 1.0
    return round(rate_minor * factor / 100) * 100


def hotel_offer(offer_id: str, travellers: int) -> Offer:
    match = HOTEL_OFFER.fullmatch(offer_id)
    hotel = inventory()["hotel_by_id"].get(match.group(1)) if match else None
    room = (
        next((r for r in hotel["rooms"] if r["code"] == match.group(2)), None)
        if hotel and match
        else None
    )
    if match is None or hotel is None or room is None:
        raise TripsError("not-found", f"no offer {offer_id}")
    check_in, nights = _day(match.group(3)), int(match.group(4))
    if not 1 <= nights <= MAX_NIGHTS:
        raise TripsError("not-found", f"no offer {offer_id}")
    if travellers > room["max_guests"]:
        raise TripsError(
            "invalid-request",
            f"a {room['name']} sleeps at most {room['max_guests']}",
            param="travellers",
        )
    stays = [check_in + timedelta(days=n) for n in range(nights)]
    prices = [nightly_minor(room["rate_minor"], night) for night in stays]
    policy = inventory()["policies"]
    starts = at(check_in, policy["hotel_check_in"])
    check_out = check_in + timedelta(days=nights)
    return Offer(
        offer_id,
        "hotel",
        travellers,
        sum(prices),
        starts,
        starts - hotel["free_cancellation_hours"] * 3600,
        prices[0],
        [f"{hotel['hotel_id']}/{room['code']}/{night.isoformat()}" for night in stays],
        room["rooms"],
        1,
        {
            "hotel": {
                "id": hotel["hotel_id"],
                "name": hotel["name"],
                "city": hotel["city"],
                "stars": hotel["stars"],
                "rating": hotel["rating"],
            },
            "room": {"code": room["code"], "name": room["name"], "max_guests": room["max_guests"]},
            "check_in": check_in.isoformat(),
            "check_out": check_out.isoformat(),
            "nights": nights,
            "nightly": [money(p) for p in prices],
        },
        f"{hotel['name']}, {room['name']}, {check_in.isoformat()} to {check_out.isoformat()} "
        f"({nights} night{'s' if nights != 1 else ''})",
    )


def flight_offer(offer_id: str, travellers: int) -> Offer:
    match = FLIGHT_OFFER.fullmatch(offer_id)
    flight = inventory()["flight_by_no"].get(match.group(1)) if match else None
    if match is None or flight is None:
        raise TripsError("not-found", f"no offer {offer_id}")
    day = _day(match.group(2))
    departs = at(day, flight["departs"])
    fare = round(flight["fare_minor"] * _factor(flight["flight"], day.isoformat()) / 100) * 100 - 1
    policy = inventory()["policies"]
    fee = min(policy["flight_cancellation_fee_minor"], fare) * travellers
    arrives = departs + flight["duration_minutes"] * 60
    route = f"{city_name(flight['origin'])} to {city_name(flight['destination'])}"
    return Offer(
        offer_id,
        "flight",
        travellers,
        fare * travellers,
        departs,
        departs - policy["flight_free_cancellation_hours"] * 3600,
        fee,
        [f"{flight['flight']}/{day.isoformat()}"],
        flight["seats"],
        travellers,
        {
            "flight": {
                "number": flight["flight"],
                "airline": flight["airline"],
                "origin": flight["origin"],
                "destination": flight["destination"],
            },
            "departs_at": iso(departs),
            "arrives_at": iso(arrives),
            "duration_minutes": flight["duration_minutes"],
            "cabin": "economy",
            "fare_per_traveller": money(fare),
        },
        f"flight {flight['flight']} ({flight['airline']}) {route}, departing "
        f"{iso(departs)[:16].replace('T', ' ')} UTC",
    )


def offer(offer_id: str, travellers: int) -> Offer:
    if not 1 <= travellers <= MAX_TRAVELLERS:
        raise TripsError(
            "invalid-request", f"travellers must be 1 to {MAX_TRAVELLERS}", param="travellers"
        )
    if offer_id.startswith("HO-"):
        return hotel_offer(offer_id, travellers)
    return flight_offer(offer_id, travellers)


def hotel_offer_ids(city: str, check_in: date, nights: int) -> list[str]:
    stamp = check_in.strftime("%Y%m%d")
    return [
        f"HO-{hotel['hotel_id']}-{room['code']}-{stamp}-{nights}"
        for hotel in inventory()["hotels"]
        if hotel["city"] == city
        for room in hotel["rooms"]
    ]


def flight_offer_ids(origin: str, destination: str, day: date) -> list[str]:
    stamp = day.strftime("%Y%m%d")
    flights = [
        f
        for f in inventory()["flights"]
        if f["origin"] == origin and f["destination"] == destination
    ]
    return [f"FO-{f['flight']}-{stamp}" for f in sorted(flights, key=lambda f: f["departs"])]
