"""Generate the trips inventory: `python -m sandbox.trips.make_data` (deterministic).

Cities with their codes and aliases, hotels with room types, nightly rates and cancellation
windows, and a daily flight schedule between every pair of cities with fares and seat counts.
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path
from typing import Any

OUTPUT = Path(__file__).resolve().parent / "inventory.json"
SEED = 20261212

# code, name, aliases, latitude, longitude
CITIES: list[tuple[str, str, list[str], float, float]] = [
    ("NYC", "New York", ["new york city", "nyc", "jfk", "manhattan"], 40.7, -74.0),
    ("PAR", "Paris", ["cdg", "orly"], 48.9, 2.4),
    ("LON", "London", ["lhr", "heathrow"], 51.5, -0.1),
    ("ROM", "Rome", ["roma", "fco"], 41.9, 12.5),
    ("BER", "Berlin", ["ber"], 52.5, 13.4),
    ("MAD", "Madrid", ["mad"], 40.4, -3.7),
    ("AMS", "Amsterdam", ["ams", "schiphol"], 52.4, 4.9),
    ("BCN", "Barcelona", ["bcn"], 41.4, 2.2),
    ("LIS", "Lisbon", ["lisboa", "lis"], 38.7, -9.1),
    ("TYO", "Tokyo", ["hnd", "nrt"], 35.7, 139.7),
    ("SFO", "San Francisco", ["sf", "sfo"], 37.8, -122.4),
    ("LAX", "Los Angeles", ["la", "lax"], 34.1, -118.2),
    ("CHI", "Chicago", ["ord", "chi"], 41.9, -87.6),
    ("BOS", "Boston", ["bos"], 42.4, -71.1),
]

HOTEL_FIRST = [
    "Grand",
    "Royal",
    "Riverside",
    "Central",
    "Garden",
    "Harbour",
    "Park",
    "Old Town",
    "Skyline",
    "Maison",
    "Station",
    "Lantern",
]
HOTEL_LAST = ["Hotel", "Inn", "Suites", "Residence", "Palace", "House"]
ROOM_TYPES = [
    ("STD", "Standard Room", 2, 1.0),
    ("DBL", "Deluxe Double", 2, 1.3),
    ("FAM", "Family Room", 4, 1.6),
    ("STE", "Junior Suite", 3, 2.1),
]
AIRLINES = [
    ("TA", "Trans Atlas"),
    ("SK", "Skylark Airways"),
    ("NR", "Northern Air"),
    ("BL", "Blue Lagoon Air"),
]


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def _hotels(rng: random.Random) -> list[dict[str, Any]]:
    hotels = []
    for code, name, _, _, _ in CITIES:
        names = rng.sample([f"{a} {b}" for a in HOTEL_FIRST for b in HOTEL_LAST], k=5)
        for n, hotel_name in enumerate(sorted(names), 1):
            stars = rng.randint(2, 5)
            base = 6000 + stars * 3500 + rng.randint(0, 40) * 100
            rooms = [
                {
                    "code": rc,
                    "name": rn,
                    "max_guests": guests,
                    "rooms": rng.randint(2, 8),
                    "rate_minor": int(round(base * factor, -2)),
                }
                for rc, rn, guests, factor in ROOM_TYPES
                if rc == "STD" or rng.random() < 0.7
            ]
            hotels.append(
                {
                    "hotel_id": f"{code}{n:02d}",
                    "name": f"{hotel_name} {name}",
                    "city": code,
                    "stars": stars,
                    "rating": round(rng.uniform(6.8, 9.6), 1),
                    "free_cancellation_hours": rng.choice((24, 48, 72)),
                    "rooms": rooms,
                }
            )
    return hotels


def _flights(rng: random.Random) -> list[dict[str, Any]]:
    flights = []
    numbers: dict[str, int] = {}
    for origin, _, _, lat1, lon1 in CITIES:
        for destination, _, _, lat2, lon2 in CITIES:
            if origin == destination:
                continue
            km = distance_km((lat1, lon1), (lat2, lon2))
            minutes = round((km / 820 + 0.6) * 60 / 5) * 5
            fare = round((45 + km * 0.085) * rng.uniform(0.85, 1.2)) * 100 - 1
            for departure in sorted(rng.sample(range(6 * 60, 22 * 60, 25), k=rng.randint(2, 3))):
                carrier, airline = rng.choice(AIRLINES)
                numbers[carrier] = numbers.get(carrier, 100) + rng.randint(1, 9)
                flights.append(
                    {
                        "flight": f"{carrier}{numbers[carrier]}",
                        "airline": airline,
                        "origin": origin,
                        "destination": destination,
                        "departs": f"{departure // 60:02d}:{departure % 60:02d}",
                        "duration_minutes": minutes,
                        "fare_minor": fare + rng.choice((0, 2000, 4000)),
                        "seats": rng.randint(4, 12),
                    }
                )
    return flights


def build() -> dict[str, Any]:
    rng = random.Random(SEED)
    return {
        "version": 1,
        "seed": SEED,
        "currency": "USD",
        "cities": [{"code": c, "name": n, "aliases": a} for c, n, a, _, _ in CITIES],
        "hotels": _hotels(rng),
        "flights": _flights(rng),
        "policies": {
            "hold_minutes": 15,
            "void_minutes": 30,
            "hotel_check_in": "15:00",
            "flight_free_cancellation_hours": 24,
            "flight_cancellation_fee_minor": 15000,
        },
    }


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    data = build()
    OUTPUT.write_text(render(data), encoding="utf-8")
    print(f"wrote {OUTPUT} ({len(data['hotels'])} hotels, {len(data['flights'])} flights)")


if __name__ == "__main__":
    main()
