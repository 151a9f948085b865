"""Every TripsConnector call and error code against trips, in-process and over sockets."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date
from typing import Any

import pytest

from connectors.auth import ClientCredentials, TokenAuth
from connectors.base import RetryPolicy
from connectors.errors import ErrorCode, VendorError
from connectors.trips import TripsConnector, amount_minor
from tests.fleet.env import NO_WAIT, Vendors

CUSTOMER = "harper_khan_9597"
CHECK_IN, CHECK_OUT = date(2030, 12, 10), date(2030, 12, 12)  # far ahead: real clocks apply
HOTEL = "HO-PAR02-STD-20301210-2"  # $298.00
FLIGHT = "FO-BL106-20301210"  # $656.99 a seat
SMALL_FLIGHT = "FO-SK107-20301210"  # 4 seats
ONCE = RetryPolicy(attempts=1)


def trips(vendors: Vendors, **kwargs: Any) -> TripsConnector:
    return TripsConnector(
        vendors.client("trips", **kwargs), retry=NO_WAIT, observer=vendors.exchanges.append
    )


async def code_of(call: Awaitable[Any]) -> ErrorCode:
    with pytest.raises(VendorError) as caught:
        await call
    return caught.value.code


async def test_search_hold_book_cancel_and_state(vendors: Vendors) -> None:
    tr = trips(vendors)
    assert any(c["code"] == "PAR" for c in await tr.cities())
    hotels = await tr.search_hotels("Paris", CHECK_IN, CHECK_OUT, guests=2)
    assert hotels["offers"][0]["offer_id"] == HOTEL
    flights = await tr.search_flights("New York", "PAR", CHECK_IN, passengers=2)
    assert flights["offers"][0]["offer_id"] == FLIGHT
    assert amount_minor((await tr.get_offer(FLIGHT, 2))["total"]) == 2 * 65699
    hotel = await tr.hold(HOTEL, 2, idempotency_key="k-h")
    flight = await tr.hold(FLIGHT, 2, idempotency_key="k-f")
    assert (await tr.get_hold(hotel["hold_id"]))["status"] == "active"
    spare = await tr.hold(SMALL_FLIGHT, 1)
    assert (await tr.release_hold(spare["hold_id"], idempotency_key="k-r"))["status"] == "released"
    booking = await tr.book(
        [hotel["hold_id"], flight["hold_id"]], CUSTOMER, "pi_fleet", idempotency_key="k-b"
    )
    assert amount_minor(booking["total"]) == 29800 + 2 * 65699
    assert (await tr.get_booking(booking["booking_id"]))["status"] == "confirmed"
    assert len(await tr.list_bookings(CUSTOMER)) == 1
    quote = await tr.cancellation_quote(booking["booking_id"])
    assert quote["cancellable"] and amount_minor(quote["fee"]) == 0
    cancelled = await tr.cancel_booking(booking["booking_id"], idempotency_key="k-c")
    assert cancelled["status"] == "cancelled"
    assert (await tr.state())["bookings"][booking["booking_id"]]["status"] == "cancelled"
    assert len(await tr.state_hash()) == 64


async def test_real_refusals_map_to_canonical_codes(vendors: Vendors) -> None:
    tr = trips(vendors)
    assert await code_of(tr.search_hotels("Atlantis", CHECK_IN, CHECK_OUT)) is ErrorCode.NOT_FOUND
    assert await code_of(tr.hold(HOTEL, 5)) is ErrorCode.INVALID_REQUEST
    await tr.hold(SMALL_FLIGHT, 4)
    assert await code_of(tr.hold(SMALL_FLIGHT, 1)) is ErrorCode.OUT_OF_STOCK
    hold = await tr.hold(FLIGHT, 1)
    booking = await tr.book([hold["hold_id"]], CUSTOMER, "pi_once")
    assert await code_of(tr.release_hold(hold["hold_id"])) is ErrorCode.INVALID_STATE
    other = await tr.hold(HOTEL, 1)
    assert await code_of(tr.book([other["hold_id"]], CUSTOMER, "pi_once")) is ErrorCode.CONFLICT
    await tr.cancel_booking(booking["booking_id"])
    assert await code_of(tr.cancel_booking(booking["booking_id"])) is ErrorCode.INVALID_STATE


async def test_unauthorized_with_wrong_credentials(vendors: Vendors) -> None:
    wrong = TokenAuth(ClientCredentials("agentcli-trips", "not-the-secret"))
    tr = TripsConnector(vendors.client("trips", auth=wrong), retry=ONCE)
    assert await code_of(tr.cities()) is ErrorCode.UNAUTHORIZED


async def test_injected_faults(vendors: Vendors) -> None:
    tr = trips(vendors)
    vendors.faults("rules: [{vendor: trips, fault: status, status: 502}]")
    assert await code_of(tr.cities()) is ErrorCode.UNAVAILABLE
    vendors.faults("rules: [{vendor: trips, fault: status, status: 429, retry_after: 120}]")
    assert await code_of(tr.cities()) is ErrorCode.RATE_LIMITED
    vendors.faults("rules: [{vendor: trips, fault: timeout}]")
    slow = TripsConnector(vendors.client("trips", timeout=0.3), retry=ONCE)
    assert await code_of(slow.cities()) is ErrorCode.TIMEOUT
    vendors.faults(
        "rules: [{vendor: trips, endpoint: POST /v1/holds, fault: malformed, "
        "shape: wrong_type, field: price.amount}]"
    )
    assert await code_of(tr.hold(HOTEL, 1)) is ErrorCode.PROTOCOL


async def test_a_stock_race_takes_the_last_rooms(vendors: Vendors) -> None:
    vendors.faults("rules: [{vendor: trips, endpoint: POST /v1/holds, fault: stock_race}]")
    assert await code_of(trips(vendors).hold(HOTEL, 1)) is ErrorCode.OUT_OF_STOCK


@pytest.mark.parametrize(
    ("field", "named"),
    [("items.0.price", "items.0.price"), ("total.amount", "total.amount"), ("status", "status")],
)
async def test_a_malformed_booking_is_protocol_naming_the_field(
    vendors: Vendors,
    field: str,
    named: str,
) -> None:
    tr = trips(vendors)
    hold = await tr.hold(HOTEL, 1)
    booking = await tr.book([hold["hold_id"]], CUSTOMER, "pi_shape")
    vendors.faults(
        f"rules: [{{vendor: trips, endpoint: GET /v1/bookings/*, fault: malformed, "
        f"shape: wrong_type, field: {field}}}]"
    )
    with pytest.raises(VendorError) as caught:
        await tr.get_booking(booking["booking_id"])
    assert caught.value.code is ErrorCode.PROTOCOL and named in caught.value.message
