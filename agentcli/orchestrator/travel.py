"""Travel actions: hotel and flight searches, bookings and cancellations through `trips`."""

from __future__ import annotations

from typing import Any

from agentcli.actions import ActionBase
from agentcli.actions.travel import (
    BookTrip,
    CancelBooking,
    GetBooking,
    SearchFlights,
    SearchHotels,
)
from agentcli.catalog.model import vendor_data
from agentcli.conversation import Conversation
from agentcli.conversation.wording import describe_method, shown
from agentcli.orchestrator.desk import ActionRefused, Desk, Preview, customer
from agentcli.orchestrator.figures import Figures, ItemFigures
from agentcli.workflows.travel import BOOK_TRIP, CANCEL_BOOKING
from connectors.errors import ErrorCode, VendorError
from connectors.pay import to_cents
from connectors.trips import TripsConnector, amount_minor

Record = dict[str, Any]


def dollars(minor: int) -> str:
    return f"${minor / 100:,.2f}"


def when(iso: str) -> str:
    """'2026-12-08T15:00:00Z' → '2026-12-08 15:00 UTC'."""
    return shown(iso.replace("T", " ")[:16]) + " UTC"


def with_prices(offer: Record) -> Record:
    """A trips offer with integer-cent prices beside the vendor's decimal strings."""
    with vendor_data("trips", "an offer"):
        priced = {**offer, "price_minor": amount_minor(offer["total"])}
        priced["price"] = priced["price_minor"] / 100
        priced["fee_minor"] = amount_minor(offer["cancellation"]["fee"])
        if "fare_per_traveller" in offer:
            priced["fare_minor"] = amount_minor(offer["fare_per_traveller"])
        missing = [f for f in ("description", "available", "offer_id") if f not in offer]
        if missing:
            raise KeyError(missing[0])
        return priced


class TravelDesk(Desk):
    """Hotel and flight searches, bookings and their cancellations at `trips`."""

    def _trips(self) -> TripsConnector:
        if self.services.trips is None:
            raise ActionRefused("UNAVAILABLE", "travel bookings are not part of this run")
        return self.services.trips

    async def execute(
        self, action: ActionBase, conv: Conversation, saga_id: str, preview: Preview | None
    ) -> Any:
        trips = self._trips()
        match action:
            case SearchHotels():
                found = await trips.search_hotels(
                    action.city,
                    action.check_in,
                    action.check_out,
                    action.guests,
                    None if action.max_price is None else to_cents(action.max_price),
                )
                return {**found, "offers": [with_prices(o) for o in found["offers"]]}
            case SearchFlights():
                found = await trips.search_flights(
                    action.origin, action.destination, action.date, action.passengers
                )
                return {**found, "offers": [with_prices(o) for o in found["offers"]]}
            case GetBooking():
                return await self._own_booking(action.booking_id, conv)
            case BookTrip():
                preview = preview or await self.preview(action, conv)
                return await self.engine.run(BOOK_TRIP, saga_id, preview.saga_input)
            case CancelBooking():
                preview = preview or await self.preview(action, conv)
                return await self.engine.run(CANCEL_BOOKING, saga_id, preview.saga_input)
        return await super().execute(action, conv, saga_id, preview)

    async def _own_booking(self, booking_id: str, conv: Conversation) -> Record:
        """The booking, if it is the signed-in customer's; another's is 'not found'."""
        user_id = customer(conv)
        try:
            booking = await self._trips().get_booking(booking_id)
        except VendorError as error:
            if error.code is ErrorCode.NOT_FOUND:
                raise ActionRefused("NOT_FOUND", f"I cannot find booking {booking_id}") from error
            raise
        if booking["customer"] != user_id:
            raise ActionRefused("NOT_FOUND", f"I cannot find booking {booking_id} on your account")
        return booking

    async def _method(self, conv: Conversation, method_id: str) -> Record:
        user = await self.services.shop.get_user(customer(conv))
        conv.user = user
        method: Record | None = user["payment_methods"].get(method_id)
        if method is None:
            raise ActionRefused("NOT_FOUND", "that payment method is not on your account")
        return method

    async def preview(self, action: ActionBase, conv: Conversation) -> Preview:
        if isinstance(action, BookTrip):
            return await self._preview_booking(action, conv)
        if isinstance(action, CancelBooking):
            return await self._preview_cancel(action, conv)
        return await super().preview(action, conv)

    async def _preview_booking(self, action: BookTrip, conv: Conversation) -> Preview:
        method = await self._method(conv, action.payment_method_id)
        if method["source"] == "gift_card":
            raise ActionRefused(
                "INVALID_REQUEST",
                "a gift card is shop store credit and cannot pay for travel; "
                "book with a card or PayPal",
            )
        lines, evidence, items, total = [], [], [], 0
        for kind, offer_id in (
            ("hotel", action.hotel_offer_id),
            ("flight", action.flight_offer_id),
        ):
            if offer_id is None:
                continue
            try:
                offer = with_prices(await self._trips().get_offer(offer_id, action.travellers))
            except VendorError as error:
                if error.code in (ErrorCode.NOT_FOUND, ErrorCode.INVALID_REQUEST):
                    raise ActionRefused(error.code.value, error.message) from error
                raise
            need = 1 if kind == "hotel" else action.travellers
            if offer["available"] < need:
                raise ActionRefused("OUT_OF_STOCK", f"{shown(offer['description'])} is sold out")
            total += offer["price_minor"]
            each = f" ({dollars(offer['fare_minor'])} each)" if kind == "flight" else ""
            terms = offer["cancellation"]
            lines.append(
                f"  - {kind}: {shown(offer['description'])}: "
                f"{dollars(offer['price_minor'])}"
                f"{each}; free cancellation until {when(terms['free_until'])}, then a "
                f"{dollars(offer['fee_minor'])} fee"
            )
            with vendor_data("trips", "an offer"):
                items.append(
                    ItemFigures.of(
                        offer["description"],
                        1 if kind == "hotel" else action.travellers,
                        offer["price_minor"] / 100
                        if kind == "hotel"
                        else offer["fare_minor"] / 100,
                        "trips",
                        kind,
                    )
                )
            evidence.append(
                {
                    "kind": kind,
                    "offer_id": offer_id,
                    "item": offer["description"],
                    "price": offer["price"],
                    "seller": "trips",
                    "travellers": action.travellers,
                    "payment_method": describe_method(method),
                }
            )
        travellers = f"{action.travellers} traveller{'s' if action.travellers != 1 else ''}"
        figures = Figures.of(items, total=total / 100)
        summary = "\n".join(
            [
                f"book this trip for {travellers}:",
                *lines,
                f"{figures.total_shown()}, paid with {describe_method(method)}.",
            ]
        )
        saga_input = {
            "user_id": customer(conv),
            "payment_method_id": action.payment_method_id,
            "travellers": action.travellers,
            "hotel_offer_id": action.hotel_offer_id,
            "flight_offer_id": action.flight_offer_id,
            "expected_total_minor": total,
            "amount": total / 100,
            "currency": "usd",
        }
        return Preview(summary, total / 100, None, evidence, saga_input, figures=figures)

    async def _preview_cancel(self, action: CancelBooking, conv: Conversation) -> Preview:
        booking = await self._own_booking(action.booking_id, conv)
        quote = await self._trips().cancellation_quote(action.booking_id)
        if not quote["cancellable"]:
            raise ActionRefused(
                "INVALID_STATE",
                f"booking {action.booking_id} cannot be cancelled: {quote.get('reason')}",
            )
        fee, refund = amount_minor(quote["fee"]), amount_minor(quote["refund"])
        with vendor_data("trips", "a booking"):
            items = shown("; ".join(item["description"] for item in booking["items"]))
        if fee:
            terms = (
                f"the free-cancellation deadline has passed, so {dollars(fee)} is kept as "
                f"a fee and {dollars(refund)} is refunded"
            )
        else:
            terms = f"it is free to cancel now, so the full {dollars(refund)} is refunded"
        summary = f"cancel booking {shown(action.booking_id)} ({items}); {terms}."
        saga_input = {
            "booking_id": action.booking_id,
            "expected_fee_minor": fee,
            "payment_intent_id": booking.get("payment_reference"),
        }
        return Preview(
            summary,
            None,
            None,
            [
                {
                    "booking_id": action.booking_id,
                    "items": items,
                    "fee": fee / 100,
                    "refund": refund / 100,
                }
            ],
            saga_input,
        )
