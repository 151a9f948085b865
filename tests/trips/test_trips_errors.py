"""Each canonical error code, from a real trips answer (RFC 7807 problem documents)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from trips_helpers import (
    BASE_URL,
    CHECK_IN,
    CHECK_OUT,
    NYC_PARIS,
    PARIS_STD,
    SMALL_FLIGHT,
    connector,
    refused,
)

from connectors.errors import ErrorCode, Recovery
from connectors.trips import TripsConnector, amount_minor

CUSTOMER = "harper_khan_9597"


async def test_unknown_city_offer_hold_and_booking_are_not_found(trips: TripsConnector) -> None:
    city = await refused(trips.search_hotels("Atlantis", CHECK_IN, CHECK_OUT), ErrorCode.NOT_FOUND)
    assert city.status == 404 and city.raw["param"] == "city"
    await refused(trips.get_offer("HO-XXX01-STD-20261210-2"), ErrorCode.NOT_FOUND)
    await refused(trips.hold("FO-ZZ999-20261210", 1), ErrorCode.NOT_FOUND)
    await refused(trips.get_hold("HLD-000000"), ErrorCode.NOT_FOUND)
    await refused(trips.book(["HLD-000000"], CUSTOMER, "pi_x"), ErrorCode.NOT_FOUND)
    await refused(trips.cancel_booking("BK000000"), ErrorCode.NOT_FOUND)


async def test_bad_requests_are_invalid(
    trips: TripsConnector, trips_http: httpx.AsyncClient
) -> None:
    past = await refused(
        trips.search_hotels("Paris", CHECK_IN.replace(year=2025), CHECK_OUT),
        ErrorCode.INVALID_REQUEST,
    )
    assert "in the past" in past.message and past.status == 422
    await refused(trips.search_hotels("Paris", CHECK_OUT, CHECK_IN), ErrorCode.INVALID_REQUEST)
    await refused(trips.search_flights("Paris", "CDG", CHECK_IN), ErrorCode.INVALID_REQUEST)
    crowd = await refused(trips.hold(PARIS_STD, 3), ErrorCode.INVALID_REQUEST)
    assert "sleeps at most 2" in crowd.message
    malformed = await trips_http.post("/v1/holds", content=b"{nope")
    assert malformed.status_code == 400
    assert malformed.headers["content-type"] == "application/problem+json"
    await refused(
        trips.request("GET", "/v1/hotels", params={"city": "Paris"}), ErrorCode.INVALID_REQUEST
    )


async def test_sold_out_is_out_of_stock(trips: TripsConnector) -> None:
    await trips.hold(SMALL_FLIGHT, 3)
    error = await refused(trips.hold(SMALL_FLIGHT, 2), ErrorCode.OUT_OF_STOCK)
    assert error.raw["available"] == 1 and error.recovery is Recovery.ASK_USER
    offers = (await trips.search_flights("NYC", "PAR", CHECK_IN, passengers=2))["offers"]
    assert SMALL_FLIGHT not in [o["offer_id"] for o in offers]


async def test_used_or_booked_holds_are_invalid_state(trips: TripsConnector) -> None:
    hold = await trips.hold(NYC_PARIS, 1)
    booking = await trips.book([hold["hold_id"]], CUSTOMER, "pi_1")
    again = await refused(trips.book([hold["hold_id"]], CUSTOMER, "pi_2"), ErrorCode.INVALID_STATE)
    assert "is booked" in again.message
    await refused(trips.release_hold(hold["hold_id"]), ErrorCode.INVALID_STATE)
    released = await trips.hold(PARIS_STD, 1)
    await trips.release_hold(released["hold_id"])
    await refused(trips.book([released["hold_id"]], CUSTOMER, "pi_3"), ErrorCode.INVALID_STATE)
    await trips.cancel_booking(booking["booking_id"])
    twice = await refused(trips.cancel_booking(booking["booking_id"]), ErrorCode.INVALID_STATE)
    assert twice.raw["type"].endswith("/already-cancelled")


async def test_reused_payment_reference_and_idempotency_key_are_conflicts(
    trips: TripsConnector,
) -> None:
    first = await trips.hold(NYC_PARIS, 1)
    second = await trips.hold(PARIS_STD, 1)
    await trips.book([first["hold_id"]], CUSTOMER, "pi_same")
    used = await refused(trips.book([second["hold_id"]], CUSTOMER, "pi_same"), ErrorCode.CONFLICT)
    assert used.raw["type"].endswith("/payment-reference-used")
    replay = await trips.hold(PARIS_STD, 1, idempotency_key="k")
    assert await trips.hold(PARIS_STD, 1, idempotency_key="k") == replay
    other = await refused(trips.hold(NYC_PARIS, 1, idempotency_key="k"), ErrorCode.CONFLICT)
    assert other.recovery is Recovery.ESCALATE


def _answering(status: int, **response: Any) -> TripsConnector:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, **response)

    return connector(httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url=BASE_URL))


@pytest.mark.parametrize(
    ("status", "response", "code"),
    [
        (200, {"content": b"<html>hi</html>"}, ErrorCode.PROTOCOL),
        (200, {"json": ["not", "an", "object"]}, ErrorCode.PROTOCOL),
        (201, {"json": {"hold_id": "HLD-1", "price": {"amount": 12.5}}}, ErrorCode.PROTOCOL),
        (201, {"json": {"price": {"amount": "1.00", "currency": "USD"}}}, ErrorCode.PROTOCOL),
        (502, {"content": b"<html>Bad gateway</html>"}, ErrorCode.UNAVAILABLE),
        (409, {"json": {"type": "https://trips.sandbox/problems/brand-new"}}, ErrorCode.CONFLICT),
        (
            410,
            {"json": {"type": "https://trips.sandbox/problems/hold-expired", "detail": "x"}},
            ErrorCode.INVALID_STATE,
        ),
    ],
)
async def test_malformed_or_unknown_answers_never_pass_as_success(
    status: int, response: dict[str, Any], code: ErrorCode
) -> None:
    await refused(_answering(status, **response).hold(NYC_PARIS, 1), code)


def test_amounts_are_exact_cents() -> None:
    assert amount_minor({"amount": "1149.98", "currency": "USD"}) == 114998
    assert amount_minor({"amount": "-0.05", "currency": "USD"}) == -5
