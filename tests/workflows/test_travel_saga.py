"""book_trip and cancel_booking against the real vendors, with faults and a moving clock.

A completed booking is captured once, for exactly the booking's total; a compensated one has
no money taken, no confirmed booking and no hold left active. A cancellation refunds exactly
the total minus the fee the fare rules keep.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from agentcli.actions.travel import BookTrip, CancelBooking
from agentcli.orchestrator.desk import ActionRefused
from agentcli.workflows.travel import BOOK_TRIP, CANCEL_BOOKING
from connectors.trips import TripsConnector, amount_minor
from tests.workflows.market_bench import (
    HARPER,
    HARPER_CARD,
    NYC_PARIS,
    PARIS_HOTEL,
    Bench,
    moment,
    open_bench,
)

TRIP = BookTrip(
    action="book_trip",
    hotel_offer_id=PARIS_HOTEL,
    flight_offer_id=NYC_PARIS,
    travellers=2,
    payment_method_id=HARPER_CARD,
)
TOTAL = 32000 + 2 * 57499


@pytest.fixture
async def bench(tmp_path: Path) -> AsyncIterator[Bench]:
    bench = open_bench(tmp_path)
    yield bench
    await bench.close()


def _trips(bench: Bench) -> TripsConnector:
    assert bench.services.trips is not None
    return bench.services.trips


async def _book(bench: Bench, saga_id: str) -> Any:
    preview = await bench.orchestrator.preview(TRIP, bench.conv)
    assert preview.saga_input["expected_total_minor"] == TOTAL
    return await bench.engine.run(BOOK_TRIP, saga_id, preview.saga_input)


async def _assert_invariants(bench: Bench, status: str, rivals: int = 0) -> None:
    """`rivals`: holds other travellers keep (a stock race), left out of the check."""
    intents = await bench.services.pay.list_intents(HARPER)
    bookings = await _trips(bench).list_bookings(HARPER)
    state = await _trips(bench).state()
    assert [i for i in intents if i["status"] == "requires_capture"] == []
    net = sum(i["amount_received"] - i["amount_refunded"] for i in intents)
    live = [b for b in bookings if b["status"] == "confirmed"]
    active = [
        h
        for h in state["holds"].values()
        if h["status"] == "active" and h["expires_at"] > bench.clock.now
    ]
    assert len(active) == rivals
    if status == "completed":
        [booking] = live
        assert net == amount_minor(booking["total"]) == TOTAL
        [intent] = [i for i in intents if i["amount_received"]]
        assert booking["payment_reference"] == intent["id"]
    else:
        assert status == "compensated"
        assert net == 0 and live == []


async def test_hold_hold_authorise_book_capture(bench: Bench) -> None:
    result = await _book(bench, "t-ok")
    assert result.status == "completed", result
    assert set(result.outputs) == {
        "hold_hotel",
        "hold_flight",
        "authorize_payment",
        "book_trip",
        "capture_payment",
    }
    await _assert_invariants(bench, "completed")
    booking = await _trips(bench).get_booking(result.outputs["book_trip"]["booking_id"])
    assert [i["kind"] for i in booking["items"]] == ["hotel", "flight"]


async def test_flight_sold_out_while_holding_releases_the_hotel(bench: Bench) -> None:
    bench.faults(
        "rules:\n  - {vendor: trips, endpoint: POST /v1/holds, fault: stock_race, skip: 1}\n"
    )
    result = await _book(bench, "t-race")
    assert (result.status, result.failed_step) == ("compensated", "hold_flight")
    assert result.compensated == ("hold_hotel",)
    assert await bench.services.pay.list_intents(HARPER) == []
    hold = await _trips(bench).get_hold(result.outputs["hold_hotel"]["hold_id"])
    assert hold["status"] == "released"
    await _assert_invariants(bench, "compensated", rivals=1)


async def test_capture_refused_cancels_the_booking_for_free_and_voids(bench: Bench) -> None:
    bench.faults(
        "rules:\n  - {vendor: pay, endpoint: POST /v1/payment_intents/*/capture, "
        "fault: status, status: 409}\n"
    )
    result = await _book(bench, "t-capture")
    assert (result.status, result.failed_step) == ("compensated", "capture_payment")
    booking_id = result.outputs["book_trip"]["booking_id"]
    booking = await _trips(bench).get_booking(booking_id)
    assert booking["status"] == "cancelled"
    assert amount_minor(booking["cancellation"]["fee"]) == 0  # inside the void window
    assert [i["status"] for i in await bench.services.pay.list_intents(HARPER)] == ["canceled"]
    await _assert_invariants(bench, "compensated")


async def test_a_hold_that_expires_before_booking_books_nothing(bench: Bench) -> None:
    pay = bench.services.pay
    authorize = pay.authorize

    async def slow_authorize(*args: Any, **kwargs: Any) -> Any:
        bench.clock.now += 16 * 60  # the card network takes longer than the hold lasts
        return await authorize(*args, **kwargs)

    pay.authorize = slow_authorize  # type: ignore[method-assign]
    result = await _book(bench, "t-expired")
    assert (result.status, result.failed_step) == ("compensated", "book_trip")
    assert result.error is not None and "expired" in result.error.message
    await _assert_invariants(bench, "compensated")


@pytest.mark.parametrize(
    "plan",
    [
        "rules:\n  - {vendor: trips, endpoint: POST /v1/bookings, fault: status, status: 503, "
        "when: after, count: 1}\n",
        "rules:\n  - {vendor: trips, endpoint: POST /v1/holds, fault: timeout, when: after, "
        "hang: 0.01, count: 1}\n",
        "rules:\n  - {vendor: pay, endpoint: POST /v1/payment_intents, fault: status, status: 502, "
        "when: after, count: 1}\n",
    ],
)
async def test_lost_answers_are_replayed_not_repeated(bench: Bench, plan: str) -> None:
    bench.faults(plan)
    result = await _book(bench, "t-lost")
    assert result.status == "completed", result
    await _assert_invariants(bench, "completed")
    assert len(await _trips(bench).list_bookings(HARPER)) == 1


@pytest.mark.parametrize(
    "plan",
    [
        "rules:\n  - {vendor: trips, endpoint: POST /v1/bookings, fault: status, status: 500}\n",
        "rules:\n  - {vendor: pay, endpoint: POST /v1/payment_intents, fault: decline}\n",
    ],
)
async def test_refusals_leave_no_money_and_no_holds(bench: Bench, plan: str) -> None:
    bench.faults(plan)
    result = await _book(bench, "t-no")
    bench.faults("rules: []\n")
    if result.status == "needs_attention":
        result = await bench.engine.resume(BOOK_TRIP, "t-no")
    assert result.status == "compensated", result
    await _assert_invariants(bench, "compensated")


async def _cancel(bench: Bench, booking_id: str, saga_id: str) -> Any:
    action = CancelBooking(action="cancel_booking", booking_id=booking_id)
    preview = await bench.orchestrator.preview(action, bench.conv)
    return preview, await bench.engine.run(CANCEL_BOOKING, saga_id, preview.saga_input)


async def test_cancelling_after_the_deadlines_refunds_the_total_minus_the_fees(
    bench: Bench,
) -> None:
    booked = await _book(bench, "t-book")
    booking_id = booked.outputs["book_trip"]["booking_id"]
    bench.clock.now = moment("2026-12-09T20:00")
    preview, result = await _cancel(bench, booking_id, "t-cancel")
    fee = 14900 + 2 * 15000
    assert "$449.00 is kept as a fee" in preview.summary
    assert result.status == "completed", result
    assert result.outputs["cancel_booking"]["fee_minor"] == fee
    [intent] = await bench.services.pay.list_intents(HARPER)
    assert intent["amount_refunded"] == TOTAL - fee
    assert intent["amount_received"] - intent["amount_refunded"] == fee
    assert (await _trips(bench).get_booking(booking_id))["status"] == "cancelled"


async def test_a_fee_that_grew_after_the_yes_cancels_nothing(bench: Bench) -> None:
    booked = await _book(bench, "t-book2")
    booking_id = booked.outputs["book_trip"]["booking_id"]
    bench.clock.now = moment("2026-12-01T09:00")
    action = CancelBooking(action="cancel_booking", booking_id=booking_id)
    preview = await bench.orchestrator.preview(action, bench.conv)
    assert "free to cancel now" in preview.summary
    bench.clock.now = moment("2026-12-09T20:00")  # the customer took a week to say yes
    result = await bench.engine.run(CANCEL_BOOKING, "t-late", preview.saga_input)
    assert (result.status, result.failed_step) == ("compensated", "check_terms")
    assert (await _trips(bench).get_booking(booking_id))["status"] == "confirmed"
    [intent] = await bench.services.pay.list_intents(HARPER)
    assert intent["amount_refunded"] == 0


async def test_someone_elses_booking_is_not_found(bench: Bench) -> None:
    booked = await _book(bench, "t-mine")
    booking_id = booked.outputs["book_trip"]["booking_id"]
    bench.conv.user_id = "sofia_rossi_8776"
    with pytest.raises(ActionRefused) as refused:
        await bench.orchestrator.preview(
            CancelBooking(action="cancel_booking", booking_id=booking_id), bench.conv
        )
    assert refused.value.code == "NOT_FOUND"


async def test_a_lost_refund_answer_is_replayed_not_sent_twice(bench: Bench) -> None:
    booked = await _book(bench, "t-book3")
    booking_id = booked.outputs["book_trip"]["booking_id"]
    bench.clock.now = moment("2026-12-09T20:00")
    action = CancelBooking(action="cancel_booking", booking_id=booking_id)
    preview = await bench.orchestrator.preview(action, bench.conv)
    bench.faults(
        "rules:\n  - {vendor: pay, endpoint: POST /v1/refunds, fault: status, "
        "status: 503, when: after, count: 1}\n"
    )
    result = await bench.engine.run(CANCEL_BOOKING, "t-refund-lost", preview.saga_input)
    assert result.status == "completed", result
    [intent] = await bench.services.pay.list_intents(HARPER)
    assert intent["amount_refunded"] == TOTAL - (14900 + 2 * 15000)
    assert len(await bench.services.pay.list_refunds(intent["id"])) == 1
