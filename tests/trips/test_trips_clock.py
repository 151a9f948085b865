"""Time decides: holds expire, the void window closes, deadlines make fees, trips start."""

from __future__ import annotations

from trips_helpers import NYC_PARIS, PARIS_STD, Clock, moment, refused

from connectors.errors import ErrorCode
from connectors.trips import TripsConnector, amount_minor

CUSTOMER = "mei_ahmed_4909"


async def _book(trips: TripsConnector, reference: str = "pi_t") -> dict:
    hotel = await trips.hold(PARIS_STD, 2)
    flight = await trips.hold(NYC_PARIS, 2)
    return await trips.book([hotel["hold_id"], flight["hold_id"]], CUSTOMER, reference)


async def test_a_hold_expires_after_fifteen_minutes_and_frees_its_seats(
    trips: TripsConnector,
    clock: Clock,
) -> None:
    hold = await trips.hold(NYC_PARIS, 2)
    assert (await trips.get_offer(NYC_PARIS))["available"] == 6
    clock.advance(15 * 60 - 1)
    assert (await trips.get_hold(hold["hold_id"]))["status"] == "active"
    clock.advance(1)
    assert (await trips.get_hold(hold["hold_id"]))["status"] == "expired"
    assert (await trips.get_offer(NYC_PARIS))["available"] == 8
    error = await refused(
        trips.book([hold["hold_id"]], CUSTOMER, "pi_late"), ErrorCode.INVALID_STATE
    )
    assert error.status == 410 and "expired" in error.message
    assert (await trips.release_hold(hold["hold_id"]))["status"] == "expired"


async def test_one_expired_hold_books_nothing(trips: TripsConnector, clock: Clock) -> None:
    early = await trips.hold(PARIS_STD, 1)
    clock.advance(10 * 60)
    late = await trips.hold(NYC_PARIS, 1)
    clock.advance(6 * 60)
    await refused(
        trips.book([early["hold_id"], late["hold_id"]], CUSTOMER, "pi_m"), ErrorCode.INVALID_STATE
    )
    assert (await trips.get_hold(late["hold_id"]))["status"] == "active"
    assert await trips.list_bookings(CUSTOMER) == []


async def test_free_until_the_deadline_once_the_void_window_has_closed(
    trips: TripsConnector,
    clock: Clock,
) -> None:
    booking = await _book(trips)
    clock.advance(31 * 60)
    quote = await trips.cancellation_quote(booking["booking_id"])
    assert quote["cancellable"] and amount_minor(quote["fee"]) == 0
    assert quote["free_reason"] is None


async def test_after_the_deadlines_the_fees_are_kept(trips: TripsConnector, clock: Clock) -> None:
    booking = await _book(trips)
    total = amount_minor(booking["total"])
    clock.now = moment("2026-12-08T16:00")  # hotel deadline (12-08 15:00) passed, flight's not
    quote = await trips.cancellation_quote(booking["booking_id"])
    assert amount_minor(quote["fee"]) == 14900  # the first night
    clock.now = moment("2026-12-09T20:00")  # both deadlines passed
    cancelled = await trips.cancel_booking(booking["booking_id"])
    terms = cancelled["cancellation"]
    assert amount_minor(terms["fee"]) == 14900 + 2 * 15000
    assert amount_minor(terms["refund"]) == total - 14900 - 30000


async def test_the_void_window_makes_even_a_late_booking_free(
    trips: TripsConnector,
    clock: Clock,
) -> None:
    clock.now = moment("2026-12-09T20:00")
    booking = await _book(trips, "pi_v")
    quote = await trips.cancellation_quote(booking["booking_id"])
    assert amount_minor(quote["fee"]) == 0 and quote["free_reason"] == "void window"
    clock.advance(30 * 60)
    assert amount_minor((await trips.cancellation_quote(booking["booking_id"]))["fee"]) > 0


async def test_a_started_trip_cannot_be_cancelled(trips: TripsConnector, clock: Clock) -> None:
    booking = await _book(trips)
    clock.now = moment("2026-12-10T11:00")  # the flight left at 10:35
    quote = await trips.cancellation_quote(booking["booking_id"])
    assert quote == {**quote, "cancellable": False, "reason": "the trip has started"}
    error = await refused(trips.cancel_booking(booking["booking_id"]), ErrorCode.INVALID_STATE)
    assert error.raw["type"].endswith("/trip-started")


async def test_offers_that_have_left_cannot_be_held(trips: TripsConnector, clock: Clock) -> None:
    clock.now = moment("2026-12-10T12:00")
    await refused(trips.hold(NYC_PARIS, 1), ErrorCode.INVALID_REQUEST)
