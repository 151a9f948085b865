"""Travel lines read by family: days, travellers, routes, stays, picks and the booking just made."""

from __future__ import annotations

from datetime import date

import pytest

from agentcli.conversation.answers import is_yes
from agentcli.planners.rules.reading import CHEAPEST
from agentcli.planners.rules.travel import parse
from agentcli.planners.rules.trip_dates import found_dates, today
from agentcli.planners.rules.trip_picks import choose, pick_words
from agentcli.planners.rules.trip_words import party
from sandbox.trips.offers import nearest_city

WEDNESDAY = date(2030, 6, 5)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("from the 2nd to the 5th of june 2031", ["2031-06-02", "2031-06-05"]),
        ("between the 2nd and 5th of june 2031", ["2031-06-02", "2031-06-05"]),
        ("june 2nd to 5th 2031", ["2031-06-02", "2031-06-05"]),
        ("12-15 jan 2031", ["2031-01-12", "2031-01-15"]),
        ("the twenty-first of september 2030", ["2030-09-21"]),
        ("12/20/2030", ["2030-12-20"]),  # month first, as the shop's customers write
        ("20/12/2030", ["2030-12-20"]),  # 20 cannot be a month
        ("10.12.2030", ["2030-12-10"]),  # dots: day first
        ("new year's eve 2030", ["2030-12-31"]),
        ("tomorrow", ["2030-06-06"]),
        ("the day after tomorrow", ["2030-06-07"]),
        ("this friday", ["2030-06-07"]),
        ("next friday", ["2030-06-14"]),  # on a Wednesday: the Friday of next week
        ("on monday", ["2030-06-10"]),
        ("in 3 days", ["2030-06-08"]),
        ("on the 3rd", ["2030-07-03"]),  # the next 3rd: this month's has passed
        ("on the 3rd, returning the 10th", ["2030-07-03", "2030-07-10"]),
        ("from the 28th to the 2nd", ["2030-06-28", "2030-07-02"]),
        ("feb 30 2031", ["None"]),  # said but impossible: the planner asks
        ("next week", ["None"]),  # no day said
        ("book the first one", []),
        ("2 adults and 1 child, under $1000", []),
    ],
)
def test_days_in_every_form(text: str, days: list[str]) -> None:
    assert [str(d) for _, d in found_dates(text, WEDNESDAY)] == days


def test_the_session_date_is_fixed_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGENTCLI_TODAY", "2030-06-05")
    assert today() == WEDNESDAY
    assert [d for _, d in found_dates("tomorrow")] == [date(2030, 6, 6)]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("for me and my wife", 2),
        ("my husband and i", 2),
        ("me and my 2 kids", 3),
        ("2 adults and a child", 3),
        ("a family of four", 4),
        ("the three of us", 3),
        ("a couple", 2),
        ("just me", 1),
        ("need 2 seats", 2),
        ("for 3 nights", None),
    ],
)
def test_travellers_said_as_people(text: str, count: int | None) -> None:
    assert party(text) == count


@pytest.mark.parametrize(
    ("line", "origin", "destination"),
    [
        ("need 2 seats NYC to London on the 3rd", "nyc", "london"),
        ("chicago to nyc 2030-08-30 one way pls", "chicago", "nyc"),
        ("i need to get to paris from london on dec 3 2030", "london", "paris"),
        ("a couple, madrid to rome, 10/12/2030, business class", "madrid", "rome"),
        ("3 tickets boston to san francisco 2030-10-02", "boston", "san francisco"),
    ],
)
def test_flights_without_a_verb(line: str, origin: str, destination: str) -> None:
    intent = parse(line)
    assert intent is not None and intent.kind == "flight_search"
    assert (intent.params["origin"], intent.params["destination"]) == (origin, destination)
    assert intent.params["date"] is not None


def test_a_return_trip_has_a_way_back() -> None:
    intent = parse("round trip sf to nyc 2030-12-10, back 2030-12-17")
    assert intent is not None
    assert intent.params["return_date"] == date(2030, 12, 17)
    one_way = parse("sf to nyc 2030-12-10 one way")
    assert one_way is not None and "return_date" not in one_way.params


@pytest.mark.parametrize(
    "line",
    [
        "somewhere to stay in Lisbon 12-15 Jan 2031",
        "accommodation in lisbon from 2031-01-12 to 2031-01-15",
        "any hostels in lisbon 12-15 jan 2031?",
    ],
)
def test_a_stay_without_the_word_hotel(line: str) -> None:
    intent = parse(line)
    assert intent is not None and intent.kind == "hotel_search"
    assert intent.params["city"] == "lisbon"
    assert (intent.params["check_in"], intent.params["check_out"]) == (
        date(2031, 1, 12),
        date(2031, 1, 15),
    )


def test_a_nightly_budget_is_for_the_whole_stay() -> None:
    intent = parse("hotel in rome 2030-10-05 to 2030-10-08, max $200 a night")
    assert intent is not None and intent.params["max_price"] == 600
    whole = parse("hotel in barcelona for 2 adults, 12-15 august 2030, under 900 total")
    assert whole is not None and whole.params["max_price"] == 900


FLIGHTS = [
    {"offer_id": "A", "departs_at": "2030-09-14T13:05:00Z", "fare_minor": 7299},
    {"offer_id": "B", "departs_at": "2030-09-14T15:35:00Z", "fare_minor": 6399},
    {"offer_id": "C", "departs_at": "2030-09-14T08:30:00Z", "fare_minor": 9999},
]


@pytest.mark.parametrize(
    ("line", "offer"),
    [
        ("the first one pls, pay with card", "A"),
        ("2", "B"),
        ("the cheapest please", "B"),
        ("the earliest one", "C"),
        ("the 3:35pm one", "B"),
        ("the 1pm one", "A"),
        ("the morning one", "C"),
        ("the 9am one", None),  # none leaves at 9: the planner asks
    ],
)
def test_picking_a_flight_shown(line: str, offer: str | None) -> None:
    chosen = choose(FLIGHTS, "flight", pick_words(line))
    assert (chosen or {}).get("offer_id") == offer


def test_a_pick_books_only_after_offers_and_never_reads_a_search_as_one() -> None:
    picked = parse("the first one pls, pay with card", None, "hotel_offers")
    assert picked is not None and picked.kind == "trip_book"
    assert (picked.params["hotel"], picked.params["method"]) == (1, {"source": "credit_card"})
    room = parse("reserve the cheapest room for the two of us, paypal", None, "hotel_offers")
    assert room is not None and (room.params["hotel"], room.params["travellers"]) == (CHEAPEST, 2)
    search = parse("cheapest flight chicago to madrid 2030-10-01", None, "flight_offers")
    assert search is not None and search.kind == "flight_search"
    told = parse("tell me more about the first one", None, "hotel_offers")
    assert told is not None and told.kind == "offer_question"  # answered, never booked
    assert parse("the first one pls") is None  # no offers shown: not travel


def test_cancelling_the_booking_just_made() -> None:
    for line in ("actually cancel that booking", "cancel my reservation", "cancel the flight"):
        intent = parse(line, None, None, "BK123456")
        assert intent is not None and intent.params == {"booking_id": "BK123456"}, line
    assert parse("cancel it", None, None, "BK123456") is None  # 'it' may be an order
    asked = parse("cancel my booking")
    assert asked is not None and asked.params == {"booking_id": None}


@pytest.mark.parametrize(
    ("typed", "city"),
    [("lisbn", "Lisbon"), ("left rome", "Rome"), ("barcleona", "Barcelona")]
    + [("san fransisco", "San Francisco"), ("nowhereville", None)],
)
def test_the_trips_vendor_suggests_the_city_meant(typed: str, city: str | None) -> None:
    assert nearest_city(typed) == city


@pytest.mark.parametrize(
    ("line", "origin", "destination"),
    [
        ("can i get a flight out of boston to chicago on sept 12th 2030", "boston", "chicago"),
        ("any flights between paris and rome on 2030-10-03", "paris", "rome"),
        ("leaving from boston next friday to nyc", "boston", "nyc"),
        ("i need to be in madrid on 2030-09-09, flying from berlin", "berlin", "madrid"),
    ],
)
def test_routes_said_other_ways(line: str, origin: str, destination: str) -> None:
    intent = parse(line)
    assert intent is not None and intent.kind == "flight_search"
    assert (intent.params["origin"], intent.params["destination"]) == (origin, destination)


def test_two_numeric_days_read_the_way_that_makes_a_short_stay() -> None:
    assert [str(d) for _, d in found_dates("10/12/2030-12/12/2030", WEDNESDAY)] == [
        "2030-12-10",
        "2030-12-12",
    ]
    assert [str(d) for _, d in found_dates("12/10/2030 to 12/12/2030", WEDNESDAY)] == [
        "2030-12-10",
        "2030-12-12",
    ]


def test_the_booking_just_made_is_the_one_looked_up() -> None:
    shown = parse("where's my reservation at", None, None, "BK123456")
    assert shown is not None and shown.kind == "booking_show"
    assert shown.params == {"booking_id": "BK123456"}
    assert parse("i need a travel adapter for my trip to london") is None


def test_slips_of_the_trip_words_and_routes_with_no_to() -> None:
    stay = parse("hotle in rome 2030-10-05 to 2030-10-08, 2ppl")
    assert stay is not None and (stay.kind, stay.params["guests"]) == ("hotel_search", 2)
    flight = parse("flight nyc paris dec 10 2030")
    assert flight is not None
    assert (flight.params["origin"], flight.params["destination"]) == ("nyc", "paris")
    assert parse("string lights for the garden") is None  # never a flight


HOTELS = [
    {"offer_id": "H1", "hotel": {"name": "Lantern Hotel Paris", "stars": 3}, "price_minor": 1},
    {"offer_id": "H2", "hotel": {"name": "Maison Suites Paris", "stars": 4}, "price_minor": 2},
]


@pytest.mark.parametrize(
    ("line", "offer"),
    [("the lantern hotel pls", "H1"), ("the 4 star one", "H2"), ("the blue one", None)],
)
def test_picking_a_hotel_by_its_name_or_stars(line: str, offer: str | None) -> None:
    assert (choose(HOTELS, "hotel", pick_words(line)) or {}).get("offer_id") == offer
    assert parse("add the blue one", None, "hotel_offers") is None  # the shop's verb


def test_a_yes_at_the_booking_may_name_the_booking() -> None:
    assert is_yes("confirm the booking", "book_trip")
    assert is_yes("yes pls book", "book_trip")
    assert not is_yes("confirm the booking")  # with nothing of the kind pending
    assert not is_yes("no, not the booking", "book_trip")
