"""Every TripsConnector call against the real trips app: search, hold, book, cancel."""

from __future__ import annotations

from trips_helpers import CHECK_IN, CHECK_OUT, NYC_PARIS, PARIS_STD

from connectors.trips import TripsConnector, amount_minor

CUSTOMER = "sofia_rossi_8776"


async def test_cities_are_listed_with_their_codes(trips: TripsConnector) -> None:
    cities = {c["code"]: c["name"] for c in await trips.cities()}
    assert cities["PAR"] == "Paris" and cities["NYC"] == "New York"


async def test_hotel_search_cheapest_first_for_the_party(trips: TripsConnector) -> None:
    found = await trips.search_hotels("Paris", CHECK_IN, CHECK_OUT, guests=2)
    offers = found["offers"]
    assert found["city"] == "PAR" and offers
    totals = [amount_minor(o["total"]) for o in offers]
    assert totals == sorted(totals)
    assert all(o["room"]["max_guests"] >= 2 and o["nights"] == 2 for o in offers)
    assert offers[0]["offer_id"] == PARIS_STD and totals[0] == 32000
    family = await trips.search_hotels("paris", CHECK_IN, CHECK_OUT, guests=4)
    assert {o["room"]["code"] for o in family["offers"]} == {"FAM"}
    capped = await trips.search_hotels("PAR", CHECK_IN, CHECK_OUT, max_price_minor=30000)
    assert all(amount_minor(o["total"]) <= 30000 for o in capped["offers"])


async def test_flight_search_by_departure_with_per_traveller_fares(
    trips: TripsConnector,
) -> None:
    found = await trips.search_flights("NYC", "Paris", CHECK_IN, passengers=2)
    offers = found["offers"]
    assert (found["origin"], found["destination"]) == ("NYC", "PAR")
    assert [o["departs_at"] for o in offers] == sorted(o["departs_at"] for o in offers)
    first = offers[0]
    assert first["offer_id"] == NYC_PARIS
    assert amount_minor(first["total"]) == 2 * amount_minor(first["fare_per_traveller"])


async def test_offer_quote_prices_for_the_travellers(trips: TripsConnector) -> None:
    one = await trips.get_offer(NYC_PARIS, 1)
    three = await trips.get_offer(NYC_PARIS, 3)
    assert amount_minor(three["total"]) == 3 * amount_minor(one["total"]) == 3 * 57499
    assert one["available"] == 8


async def test_hold_then_book_then_cancel_for_free_in_the_void_window(
    trips: TripsConnector,
) -> None:
    hotel = await trips.hold(PARIS_STD, 2, idempotency_key="h1")
    flight = await trips.hold(NYC_PARIS, 2, idempotency_key="h2")
    assert hotel["status"] == flight["status"] == "active"
    assert (await trips.get_offer(NYC_PARIS))["available"] == 6
    booking = await trips.book(
        [hotel["hold_id"], flight["hold_id"]],
        CUSTOMER,
        "pi_trip_1",
        traveller_names=["Sofia Rossi", "Luca Rossi"],
    )
    assert booking["status"] == "confirmed" and booking["booking_id"].startswith("BK")
    assert amount_minor(booking["total"]) == 32000 + 2 * 57499
    assert (await trips.get_hold(hotel["hold_id"]))["status"] == "booked"
    assert (await trips.get_booking(booking["booking_id"]))["items"] == booking["items"]
    assert [b["booking_id"] for b in await trips.list_bookings(CUSTOMER)] == [booking["booking_id"]]

    quote = await trips.cancellation_quote(booking["booking_id"])
    assert quote["cancellable"] and amount_minor(quote["fee"]) == 0
    cancelled = await trips.cancel_booking(booking["booking_id"], "plans changed")
    assert cancelled["status"] == "cancelled"
    assert amount_minor(cancelled["cancellation"]["refund"]) == amount_minor(booking["total"])
    assert (await trips.get_offer(NYC_PARIS))["available"] == 8


async def test_release_gives_the_capacity_back(trips: TripsConnector) -> None:
    hold = await trips.hold(NYC_PARIS, 3)
    assert (await trips.get_offer(NYC_PARIS))["available"] == 5
    released = await trips.release_hold(hold["hold_id"])
    assert released["status"] == "released"
    assert (await trips.release_hold(hold["hold_id"]))["status"] == "released"  # again: fine
    assert (await trips.get_offer(NYC_PARIS))["available"] == 8


async def test_state_document_and_hash_follow_changes(trips: TripsConnector) -> None:
    before = await trips.state_hash()
    assert await trips.state() == {"holds": {}, "bookings": {}}
    hold = await trips.hold(PARIS_STD, 1)
    assert list((await trips.state())["holds"]) == [hold["hold_id"]]
    assert await trips.state_hash() != before
