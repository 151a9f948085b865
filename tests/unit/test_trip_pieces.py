"""Trips told as people tell them: spans of days, stays by length, routes with signs, a
destination alone, answers that fill a trip told in pieces, cabins, budgets and picks."""

from __future__ import annotations

from datetime import date

import pytest

from agentcli.conversation.answers import is_no, is_yes
from agentcli.planners.rules import trip_drafts
from agentcli.planners.rules.reading import CHEAPEST
from agentcli.planners.rules.travel import parse
from agentcli.planners.rules.travel_replies import cabin_note, within
from agentcli.planners.rules.trip_dates import found_dates
from agentcli.planners.rules.trip_picks import choose, fitting, pick_words
from agentcli.planners.rules.trip_routes import route, written_routes
from agentcli.planners.rules.trip_searches import cabin
from agentcli.planners.rules.trip_spans import trip_days
from agentcli.planners.rules.trip_words import nights, party, stay_budget

WEDNESDAY = date(2030, 6, 5)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("next week", "2030-06-10"),  # its Monday
        ("end of the week", "2030-06-07"),  # its Friday
        ("start of next week", "2030-06-10"),
        ("the week after next", "2030-06-17"),
        ("end of the month", "2030-06-30"),
        ("at the end of next month", "2030-07-31"),
        ("mid october", "2030-10-15"),
        ("early oct 2031", "2031-10-01"),
        ("late june", "2030-06-25"),
        ("end of may", "2031-05-31"),  # this year's has passed
        ("in a fortnight", "2030-06-19"),
        ("in two weeks", "2030-06-19"),
    ],
)
def test_spans_start_on_their_first_day(text: str, day: str) -> None:
    assert [str(d) for _, d in trip_days(text, WEDNESDAY)] == [day]


def test_spans_leave_the_dates_that_are_said_alone() -> None:
    assert [str(d) for _, d in trip_days("12-15 jan 2031", WEDNESDAY)] == [
        "2031-01-12",
        "2031-01-15",
    ]
    assert [str(d) for _, d in found_dates("next week", WEDNESDAY)] == ["None"]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("a long weekend in barcelona", 3),
        ("a fortnight in lisbon", 14),
        ("for two weeks", 14),
        ("a 3-night stay", 3),
        ("two-night stay", 2),
        ("a couple of nights", 2),
        ("a week in rome", 7),
        ("in a fortnight", None),  # a day, not a length
    ],
)
def test_stays_by_their_length(text: str, count: int | None) -> None:
    assert nights(text) == count


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("me and 2 kids", 3),
        ("me + 2 kids", 3),
        ("me, my wife and our 3 kids", 5),
        ("myself plus two friends", 3),
        ("we are 3", 3),
        ("we're a group of 5", 5),
    ],
)
def test_travellers_counted_beside_the_speaker(text: str, count: int) -> None:
    assert party(text) == count


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("nyc-london 2030-10-02", ("nyc", "london")),
        ("nyc/london 2030-10-02", ("nyc", "london")),
        ("from nyc, to london", ("nyc", "london")),
        ("NYC > LON on 2030-10-02".lower(), ("nyc", "lon")),
    ],
)
def test_routes_written_with_signs(text: str, ends: tuple[str, str]) -> None:
    assert route(written_routes(text)) == ends


@pytest.mark.parametrize("text", ["check-in on 2030-10-02", "e-reader", "one-way", "t-shirt"])
def test_joined_words_are_no_route(text: str) -> None:
    assert written_routes(text) == text


@pytest.mark.parametrize(
    "line",
    [
        "I want to go to Rome",
        "thinking about a little getaway to Amsterdam",
        "I want to head over to Berlin",
        "we're going on holiday to rome",
        "we'd love to visit barcelona",
    ],
)
def test_a_destination_alone_is_a_trip_to_plan(line: str) -> None:
    intent = parse(line)
    assert intent is not None and intent.kind == "trip_plan"


@pytest.mark.parametrize(
    "line",
    [
        "I want to go to checkout",
        "i need a travel adapter for my trip to london",
        "sunscreen for our holiday in lisbon",
    ],
)
def test_a_trip_named_as_a_purpose_or_a_shop_page_is_none(line: str) -> None:
    intent = parse(line)
    assert intent is None or intent.kind != "trip_plan"


def _answered(kind: str, params: dict[str, object], line: str) -> dict[str, object]:
    memory: dict[str, object] = {}
    trip_drafts.keep(memory, kind, params)
    said = parse(line, trip_drafts.AWAITING)
    assert said is not None and said.kind == trip_drafts.AWAITING
    filled = trip_drafts.fill(memory, said.params)
    assert filled is not None
    return filled.params


def test_the_answer_fills_what_was_asked() -> None:
    flight = {"origin": None, "destination": "london", "date": date(2030, 6, 6)}
    assert _answered("flight_search", flight, "boston")["origin"] == "boston"
    assert _answered("flight_search", flight, "out of boston")["origin"] == "boston"
    stay = {"city": "paris", "check_in": date(2030, 6, 10), "check_out": None}
    assert _answered("hotel_search", stay, "3")["check_out"] == date(2030, 6, 13)
    assert _answered("hotel_search", stay, "four nights")["check_out"] == date(2030, 6, 14)
    trip = {"destination": "rome", "origin": None, "days": [], "nights": None, "party": None}
    hotel = _answered("trip", trip, "just the hotel, 2030-10-02 to 2030-10-04")
    assert (hotel["city"], hotel["check_out"]) == ("rome", date(2030, 10, 4))
    flown = _answered("trip", trip, "from nyc on 2030-10-02")
    assert (flown["origin"], flown["destination"]) == ("nyc", "rome")


def test_only_what_is_missing_is_asked() -> None:
    asked = trip_drafts.missing("flight_search", {"destination": "london", "date": WEDNESDAY})
    assert asked == "Where are you flying from?"
    stay = {"city": "paris", "check_in": WEDNESDAY, "check_out": None}
    assert trip_drafts.missing("hotel_search", stay) == "For how many nights from 2030-06-05?"
    whole = {"origin": "nyc", "destination": "london", "date": WEDNESDAY}
    assert trip_drafts.missing("flight_search", whole) is None


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("biz class to tokyo", "business"),
        ("flying business", "business"),
        ("premium eco", "premium economy"),
        ("first class nyc-par", "first"),
        ("coach seats", "economy"),
        ("nyc to paris", None),
    ],
)
def test_cabins_in_every_word(text: str, named: str | None) -> None:
    assert cabin(text) == named


def test_a_cabin_not_sold_is_said() -> None:
    offers = [{"cabin": "economy"}]
    assert "none is sold in business class" in cabin_note("business", offers)
    assert cabin_note("economy", offers) == "" and cabin_note(None, offers) == ""


@pytest.mark.parametrize(
    ("text", "guests", "most"),
    [
        ("120 per person per night", 2, 480.0),
        ("max 150 pp a night", 2, 600.0),
        ("budget about 500 total", 1, 500.0),
        ("$300 max", 1, 300.0),
        ("nothing over $400", 1, 400.0),
    ],
)
def test_budgets_per_night_per_person_or_in_total(text: str, guests: int, most: float) -> None:
    assert stay_budget(text, date(2030, 10, 2), date(2030, 10, 4), guests) == most


def test_a_fare_cap_keeps_the_flights_within_it() -> None:
    data = {"offers": [{"fare_minor": 59299}, {"fare_minor": 65699}]}
    kept, note = within(data, 600)
    assert kept["offers"] == [{"fare_minor": 59299}] and "1 more is over $600.00" in note
    kept, note = within(data, 500)
    assert kept == data and "the cheapest is $592.99" in note


FLIGHTS = [
    {"departs_at": "2030-09-14T09:05:00Z", "fare_minor": 9000, "duration_minutes": 60},
    {"departs_at": "2030-09-14T15:35:00Z", "fare_minor": 7000, "duration_minutes": 75},
    {
        "departs_at": "2030-09-14T21:00:00Z",
        "fare_minor": 8000,
        "duration_minutes": 90,
        "flight": {"airline": "Trans Atlas", "number": "TA1"},
    },
]


@pytest.mark.parametrize(
    ("line", "index"),
    [
        ("the one leaving around 3", 1),
        ("the 3 o'clock one", 1),
        ("the cheaper one", 1),
        ("the later flight", 2),
        ("the earlier one", 0),
        ("the quickest", 0),
        ("the one with trans atlas, on my card", 2),
    ],
)
def test_an_offer_picked_by_hour_order_or_airline(line: str, index: int) -> None:
    assert choose(FLIGHTS, "flight", pick_words(line)) is FLIGHTS[index]


def test_the_top_rated_hotel() -> None:
    hotels = [{"hotel": {"rating": 8.7}}, {"hotel": {"rating": 9.4}}, {"hotel": {"rating": 7.9}}]
    assert choose(hotels, "hotel", pick_words("the top rated one")) is hotels[1]
    assert pick_words("the cheaper one") == CHEAPEST


@pytest.mark.parametrize(
    "line", ["scrap the reservation", "get rid of the booking", "call the whole trip off"]
)
def test_the_booking_just_made_called_off_in_other_words(line: str) -> None:
    intent = parse(line, None, None, "BK123456")
    assert intent is not None and intent.kind == "booking_cancel"
    assert intent.params["booking_id"] == "BK123456"


def test_cancel_it_means_the_booking_only_right_after_it() -> None:
    intent = parse("cancel it", None, "booking", "BK123456")
    assert intent is not None and intent.params["booking_id"] == "BK123456"
    assert parse("cancel it", None, "results", "BK123456") is None  # the shop's order, then


@pytest.mark.parametrize(
    ("line", "pick", "cheaper"),
    [
        ("is the 3rd one refundable", 3, False),
        ("does number 2 have free cancellation?", 2, False),
        ("which of them leaves earliest", "earliest", False),
        ("anything cheaper?", None, True),
    ],
)
def test_a_question_about_an_offer_is_no_booking(line: str, pick: object, cheaper: bool) -> None:
    intent = parse(line, None, "flight_offers")
    assert intent is not None and intent.kind == "offer_question"
    assert (intent.params["pick"], intent.params["cheaper"]) == (pick, cheaper)


def test_an_offer_named_by_its_words_after_a_booking_verb() -> None:
    picked = parse("lets go with skylark for both of us, on my card", None, "flight_offers")
    assert picked is not None and picked.kind == "trip_book"
    assert (picked.params["flight"], picked.params["travellers"]) == ("named skylark", 2)
    evening = parse("book the evening flight for 2 people", None, "flight_offers")
    assert evening is not None and evening.params["flight"] == "part evening"


def test_a_flight_and_a_stay_in_one_line() -> None:
    both = parse("flights madrid to lisbon 2030-10-01 and somewhere to stay there until 2030-10-04")
    assert both is not None and both.kind == "flight_search"
    assert both.params["then_stay"]["city"] == "lisbon"
    stay = both.params["then_stay"]
    assert (stay["check_in"], stay["check_out"]) == (date(2030, 10, 1), date(2030, 10, 4))


@pytest.mark.parametrize(
    ("line", "city", "nights_said"),
    [
        ("Amsterdam, 2 nights from Dec 12th 2030, me and my wife", "amsterdam", 2),
        ("rome 3-6 dec 2030 for 2", "rome", 3),
    ],
)
def test_a_line_that_starts_with_a_place_and_its_nights(
    line: str, city: str, nights_said: int
) -> None:
    stay = parse(line)
    assert stay is not None and stay.kind == "hotel_search" and stay.params["city"] == city
    assert (stay.params["check_out"] - stay.params["check_in"]).days == nights_said


def test_days_are_never_places() -> None:
    trip = parse("I'd like to book a trip to Berlin from December 10th to 14th")
    assert trip is not None and trip.kind == "trip_plan" and trip.params["origin"] is None
    dated = trip_days("from chicago on the 22nd, returning the 29th", date(2030, 11, 13))
    assert [str(d) for _, d in dated] == ["2030-11-22", "2030-11-29"]


def test_a_pick_that_fits_several_offers_is_asked_about() -> None:
    afternoon = pick_words("the afternoon flight")
    both = [dict(FLIGHTS[1]), {**FLIGHTS[1], "departs_at": "2030-09-14T13:05:00Z"}]
    assert choose(both, "flight", afternoon) is None
    assert fitting(both, "flight", afternoon) == [1, 2]
    assert fitting(FLIGHTS, "flight", afternoon) == [2]


def test_a_trip_wished_for_before_its_place() -> None:
    wish = parse("i want to travel next month")
    assert wish is not None and wish.kind == "trip_plan" and wish.params["destination"] is None
    assert parse("we are going on a trip, need a travel pillow") is None
    memory: dict[str, object] = {}
    trip_drafts.keep(memory, "trip", {"destination": None, "days": [], "party": None})
    said = parse("barcelona", trip_drafts.AWAITING)
    assert said is not None
    placed = trip_drafts.fill(memory, said.params)
    assert placed is not None and placed.kind == "trip_plan"
    assert placed.params["destination"] == "barcelona"


def test_a_plane_and_short_weekdays_in_a_route() -> None:
    plane = parse("NYC ✈️ LON 12/10/2030")
    assert plane is not None and (plane.params["origin"], plane.params["destination"]) == (
        "nyc",
        "lon",
    )
    seats = parse("need 3 seats to rome from paris sat")
    assert seats is not None and seats.params["origin"] == "paris"


@pytest.mark.parametrize(
    "line", ["yes please, book them both", "reserve it", "yes, book the hotel and flight"]
)
def test_a_booking_confirmed_in_its_own_words(line: str) -> None:
    assert is_yes(line, "book_trip") and not is_yes(line, "place_order")


@pytest.mark.parametrize("line", ["dont book it", "no, don't reserve anything"])
def test_a_booking_declined_in_its_own_words(line: str) -> None:
    assert is_no(line) and not is_yes(line, "book_trip")


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("can I change my flight?", "booking_change"),
        ("we need to push back the hotel to next week", "booking_change"),
        ("could i get my money back for that flight?", "booking_cancel"),
        ("can i get a refund on my hotel", "booking_cancel"),
    ],
)
def test_a_booking_changed_or_refunded(line: str, kind: str) -> None:
    intent = parse(line, None, "booking", "BK123456")
    assert intent is not None and intent.kind == kind
    assert parse("I want a refund for my order", None, None, "BK123456") is None


def test_an_offer_named_with_a_place_before_any_list_is_a_search() -> None:
    wanted = parse("i want the cheapest hotel in berlin on 2030-12-31 for 2 nights")
    assert wanted is not None and wanted.kind == "hotel_search"
    assert wanted.params["city"] == "berlin"
    picked = parse("book the cheapest hotel", None, "hotel_offers")
    assert picked is not None and picked.kind == "trip_book"


def test_a_hotel_and_a_flight_each_named_by_their_words() -> None:
    both = parse(
        "the lantern hotel and the skylark flight please, on my card", None, "flight_offers"
    )
    assert both is not None and both.kind == "trip_book"
    assert (both.params["hotel"], both.params["flight"]) == ("named lantern", "named skylark")
    airline = parse("book the trans atlas flight", None, "flight_offers")
    assert airline is not None and airline.params["flight"] == "named trans atlas"


@pytest.mark.parametrize(
    "line", ["I don't need the hotel anymore", "the trip is off", "we're not going anymore"]
)
def test_plans_called_off_without_the_verb(line: str) -> None:
    off = parse(line, None, None, "BK123456")
    assert off is not None and off.kind == "booking_cancel"
    assert off.params["booking_id"] == "BK123456"
    assert parse("i don't need the cart anymore", None, None, "BK123456") is None
