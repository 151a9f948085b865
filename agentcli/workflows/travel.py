"""The travel sagas: book a trip (hotel and/or flight), cancel a booking (fee kept, rest refunded).

book_trip: hold the hotel → hold the flight → authorise the held total → book both holds at
once → capture. Compensations release the holds, cancel the booking (free inside the vendor's
void window) and void or refund the payment. The authorisation is for what the holds locked,
and never more than the total the customer agreed to.

cancel_booking: re-read the cancellation terms (the fee must not have grown since the customer
agreed) → cancel at the vendor → refund exactly the vendor's refund (the total minus the fee).
"""

from __future__ import annotations

from typing import Any

from agentcli.workflows import payments
from agentcli.workflows.marketplace import refund_part
from agentcli.workflows.saga import SagaDefinition, Step, StepContext
from connectors.errors import ErrorCode, VendorError
from connectors.trips import TripsConnector, amount_minor

NOTHING = {"nothing_to_undo": True}


def _trips(ctx: StepContext) -> TripsConnector:
    trips: TripsConnector | None = ctx.services.trips
    if trips is None:
        raise VendorError(
            ErrorCode.UNAVAILABLE, "trips is not configured for this run", vendor="trips"
        )
    return trips


def _money(minor: int) -> str:
    return f"${minor / 100:,.2f}"


# -- book_trip -----------------------------------------------------------------------------------


def _hold(kind: str) -> Any:
    async def run(ctx: StepContext) -> dict[str, Any]:
        offer_id = ctx.input.get(f"{kind}_offer_id")
        if not offer_id:
            return {"skipped": f"no {kind} in this trip"}
        hold = await _trips(ctx).hold(
            offer_id, ctx.input["travellers"], idempotency_key=ctx.idempotency_key
        )
        return {
            "hold_id": hold["hold_id"],
            "offer_id": offer_id,
            "status": hold["status"],
            "amount_minor": amount_minor(hold["price"]),
            "expires_at": hold["expires_at"],
        }

    return run


def _release_hold(kind: str) -> Any:
    async def compensate(ctx: StepContext) -> dict[str, Any]:
        held = ctx.outputs.get(f"hold_{kind}") or {}
        if "hold_id" not in held:
            return dict(NOTHING)
        try:
            hold = await _trips(ctx).release_hold(
                held["hold_id"], idempotency_key=ctx.key("release")
            )
        except VendorError as error:
            if error.code is ErrorCode.NOT_FOUND:
                return {"hold_id": held["hold_id"], "status": "not found"}
            raise
        return {"hold_id": held["hold_id"], "status": hold["status"]}

    return compensate


def _held_minor(ctx: StepContext) -> int:
    return sum(
        int(ctx.outputs.get(f"hold_{kind}", {}).get("amount_minor", 0))
        for kind in ("hotel", "flight")
    )


async def _authorize(ctx: StepContext) -> dict[str, Any]:
    held, agreed = _held_minor(ctx), int(ctx.input["expected_total_minor"])
    if held > agreed:
        raise VendorError(
            ErrorCode.INVALID_STATE,
            f"the trip now costs {_money(held)}, more than the {_money(agreed)} you agreed to",
            vendor="trips",
        )
    return await payments.authorize(
        ctx, held / 100, ctx.input["payment_method_id"], ctx.input["user_id"], "trip booking"
    )


def _intent(ctx: StepContext) -> str:
    return str(ctx.outputs["authorize_payment"]["intent_id"])


async def _release_payment(ctx: StepContext) -> dict[str, Any]:
    return await payments.release(ctx, _intent(ctx))


async def _book(ctx: StepContext) -> dict[str, Any]:
    hold_ids = [
        ctx.outputs[f"hold_{kind}"]["hold_id"]
        for kind in ("hotel", "flight")
        if "hold_id" in ctx.outputs.get(f"hold_{kind}", {})
    ]
    booking = await _trips(ctx).book(
        hold_ids, ctx.input["user_id"], _intent(ctx), idempotency_key=ctx.idempotency_key
    )
    return {
        "booking_id": booking["booking_id"],
        "status": booking["status"],
        "total_minor": amount_minor(booking["total"]),
        "items": [{"kind": i["kind"], "description": i["description"]} for i in booking["items"]],
    }


async def _cancel_new_booking(ctx: StepContext) -> dict[str, Any]:
    booking_id = ctx.outputs.get("book_trip", {}).get("booking_id")
    if not booking_id:
        return dict(NOTHING)
    trips = _trips(ctx)
    try:
        booking = await trips.cancel_booking(
            booking_id, "booking could not be completed", idempotency_key=ctx.key("cancel")
        )
    except VendorError as error:
        if error.code is ErrorCode.NOT_FOUND:
            return {"booking_id": booking_id, "status": "not found"}
        if error.code is not ErrorCode.INVALID_STATE:
            raise
        booking = await trips.get_booking(booking_id)
        if booking["status"] != "cancelled":
            raise VendorError(
                ErrorCode.INVALID_STATE,
                f"booking {booking_id} is {booking['status']} and cannot be cancelled",
                vendor="trips",
            ) from error
    terms = booking.get("cancellation") or {}
    fee = amount_minor(terms["fee"]) if "fee" in terms else 0
    return {"booking_id": booking_id, "status": booking["status"], "fee_minor": fee}


async def _capture(ctx: StepContext) -> dict[str, Any]:
    return await payments.capture(ctx, _intent(ctx))


def _released_note(result: dict[str, Any]) -> str:
    return f"released hold {result['hold_id']}" if result.get("status") == "released" else ""


def _cancelled_note(result: dict[str, Any]) -> str:
    if result.get("status") != "cancelled":
        return ""
    return f"cancelled booking {result['booking_id']}"


BOOK_TRIP = SagaDefinition(
    "book_trip",
    (
        Step(
            "hold_hotel",
            _hold("hotel"),
            _release_hold("hotel"),
            title="hold the hotel room",
            events=lambda c, r: [] if "skipped" in r else [("trip.hotel_held", r)],
            undo_note=_released_note,
        ),
        Step(
            "hold_flight",
            _hold("flight"),
            _release_hold("flight"),
            title="hold the flight seats",
            events=lambda c, r: [] if "skipped" in r else [("trip.flight_held", r)],
            undo_note=_released_note,
        ),
        Step(
            "authorize_payment",
            _authorize,
            _release_payment,
            title="authorise the payment",
            events=lambda c, r: [("payment.authorized", r)],
            undo_events=payments.release_events,
            undo_note=payments.release_note,
        ),
        Step(
            "book_trip",
            _book,
            _cancel_new_booking,
            title="book the trip",
            events=lambda c, r: [("trip.booked", r)],
            undo_events=lambda c, r: (
                [("trip.cancelled", r)] if r.get("status") == "cancelled" else []
            ),
            undo_note=_cancelled_note,
        ),
        Step(
            "capture_payment",
            _capture,
            _release_payment,
            title="take the payment",
            charges=True,
            undo_without_result=True,
            events=lambda c, r: [("payment.captured", r)],
            undo_events=payments.release_events,
            undo_note=payments.release_note,
        ),
    ),
    title="book the trip",
)


# -- cancel_booking ------------------------------------------------------------------------------


async def _check_terms(ctx: StepContext) -> dict[str, Any]:
    """The fee must not have grown since the customer agreed (a deadline may have passed)."""
    quote = await _trips(ctx).cancellation_quote(ctx.input["booking_id"])
    if not quote["cancellable"]:
        raise VendorError(
            ErrorCode.INVALID_STATE,
            f"booking {ctx.input['booking_id']} can no longer be cancelled: {quote.get('reason')}",
            vendor="trips",
        )
    fee, agreed = amount_minor(quote["fee"]), int(ctx.input["expected_fee_minor"])
    if fee > agreed:
        raise VendorError(
            ErrorCode.INVALID_STATE,
            f"the cancellation fee is now {_money(fee)}, not the {_money(agreed)} "
            "you agreed to; nothing was cancelled",
            vendor="trips",
        )
    return {"fee_minor": fee, "refund_minor": amount_minor(quote["refund"])}


async def _cancel_booking(ctx: StepContext) -> dict[str, Any]:
    booking = await _trips(ctx).cancel_booking(
        ctx.input["booking_id"], "cancelled by the customer", idempotency_key=ctx.idempotency_key
    )
    terms = booking["cancellation"]
    return {
        "booking_id": booking["booking_id"],
        "status": booking["status"],
        "fee_minor": amount_minor(terms["fee"]),
        "refund_minor": amount_minor(terms["refund"]),
    }


async def _refund(ctx: StepContext) -> dict[str, Any]:
    """Refund exactly what the vendor says is owed; a payment never captured is voided."""
    intent_id = ctx.input.get("payment_intent_id")
    owed = int(ctx.outputs["cancel_booking"]["refund_minor"])
    if not intent_id:
        return {"skipped": "the booking was not paid through pay"}
    if owed <= 0:
        return {"intent_id": intent_id, "action": "none", "amount": 0}
    return await refund_part(ctx, intent_id, owed)


CANCEL_BOOKING = SagaDefinition(
    "cancel_booking",
    (
        Step("check_terms", _check_terms, title="check the cancellation terms"),
        Step(
            "cancel_booking",
            _cancel_booking,
            irreversible=True,
            title="cancel the booking",
            events=lambda c, r: [("trip.cancelled", r)],
        ),
        Step(
            "refund_payment",
            _refund,
            irreversible=True,
            title="refund the payment",
            events=lambda c, r: payments.release_events(c, r) if "action" in r else [],
        ),
    ),
    title="cancel the booking",
)
