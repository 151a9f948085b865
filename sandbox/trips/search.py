"""Searches: hotel stays in a city and flights between two cities on a day."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from sandbox.trips import holds, offers
from sandbox.trips.errors import TripsError
from sandbox.trips.money import today

Record = dict[str, Any]


def _future(day: date, now: float, name: str) -> None:
    if day < today(now):
        raise TripsError("invalid-request", f"{name} {day.isoformat()} is in the past", param=name)


def hotels(
    conn: sqlite3.Connection,
    city: str,
    check_in: date,
    check_out: date,
    guests: int,
    max_price_minor: int | None,
    now: float,
) -> Record:
    """Every room that sleeps `guests` and has a room free each night, cheapest first."""
    _future(check_in, now, "check_in")
    nights = (check_out - check_in).days
    if not 1 <= nights <= offers.MAX_NIGHTS:
        raise TripsError(
            "invalid-request",
            f"check_out must be 1 to {offers.MAX_NIGHTS} nights after check_in",
            param="check_out",
        )
    code = offers.city_code(city)
    found = []
    for offer_id in offers.hotel_offer_ids(code, check_in, nights):
        try:
            offer = offers.offer(offer_id, guests)
        except TripsError:
            continue  # the room is too small for the party
        left = holds.available(conn, offer, now)
        if left < 1 or (max_price_minor is not None and offer.price_minor > max_price_minor):
            continue
        found.append((offer.price_minor, offer_id, offer.view(available=left)))
    return {
        "city": code,
        "city_name": offers.city_name(code),
        "check_in": check_in.isoformat(),
        "check_out": check_out.isoformat(),
        "guests": guests,
        "offers": [view for _, _, view in sorted(found)],
    }


def flights(
    conn: sqlite3.Connection, origin: str, destination: str, day: date, passengers: int, now: float
) -> Record:
    """Every flight of the day with seats for everyone, by departure time."""
    _future(day, now, "date")
    start, end = offers.city_code(origin), offers.city_code(destination)
    if start == end:
        raise TripsError(
            "invalid-request", "origin and destination are the same city", param="destination"
        )
    found = []
    for offer_id in offers.flight_offer_ids(start, end, day):
        offer = offers.offer(offer_id, passengers)
        left = holds.available(conn, offer, now)
        if offer.starts_at > now and left >= passengers:
            found.append(offer.view(available=left))
    return {
        "origin": start,
        "origin_name": offers.city_name(start),
        "destination": end,
        "destination_name": offers.city_name(end),
        "date": day.isoformat(),
        "passengers": passengers,
        "offers": found,
    }
