"""The trips vendor's connector: hotels and flights, holds, bookings, cancellations.

Trips answers errors as RFC 7807 problem documents; the problem `type` decides the canonical
code. Money arrives as decimal strings (`{"amount": "320.00", "currency": "USD"}`);
`amount_minor` turns one into integer cents, refusing anything else as a protocol error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any
from urllib.parse import quote

import httpx

from connectors import market_shapes as shapes
from connectors.base import Connector
from connectors.errors import ErrorCode, VendorError

TRIPS_ERRORS: dict[str, ErrorCode] = {
    "malformed-request": ErrorCode.INVALID_REQUEST,
    "invalid-request": ErrorCode.INVALID_REQUEST,
    "not-found": ErrorCode.NOT_FOUND,
    "sold-out": ErrorCode.OUT_OF_STOCK,
    "hold-expired": ErrorCode.INVALID_STATE,
    "hold-not-active": ErrorCode.INVALID_STATE,
    "already-cancelled": ErrorCode.INVALID_STATE,
    "trip-started": ErrorCode.INVALID_STATE,
    "payment-reference-used": ErrorCode.CONFLICT,
    "idempotency-conflict": ErrorCode.CONFLICT,
}
"""The last segment of a problem's `type` → canonical code."""

AMOUNT = re.compile(r"-?\d{1,12}\.\d{2}")

Record = dict[str, Any]


def amount_minor(value: Any) -> int:
    """{"amount": "320.00", "currency": "USD"} → 32000; anything else is a PROTOCOL error."""
    amount = value.get("amount") if isinstance(value, dict) else None
    if not isinstance(amount, str) or not AMOUNT.fullmatch(amount):
        raise VendorError(
            ErrorCode.PROTOCOL,
            f"trips sent a malformed amount: {value!r}",
            vendor="trips",
            raw=value,
        )
    negative = amount.startswith("-")
    whole, cents = amount.lstrip("-").split(".")
    minor = int(whole) * 100 + int(cents)
    return -minor if negative else minor


def problem_kind(body: Any) -> str | None:
    kind = body.get("type") if isinstance(body, dict) else None
    return kind.rstrip("/").rsplit("/", 1)[-1] if isinstance(kind, str) else None


def _segment(value: str) -> str:
    return quote(value, safe="")


class TripsConnector(Connector):
    """Search, hold, book and cancel hotel stays and flights."""

    vendor = "trips"

    def error_from(self, response: httpx.Response, body: Any) -> VendorError | None:
        status = response.status_code
        if status < 400:
            if isinstance(body, dict):
                return None
            return self._protocol(
                "trips answered with something that is not a JSON object", body, status
            )
        base = super().error_from(response, body)
        code = TRIPS_ERRORS.get(problem_kind(body) or "") if status < 500 else None
        if code is None or base is None:
            return base
        assert isinstance(body, dict)
        detail = body.get("detail")
        return VendorError(
            code,
            detail if isinstance(detail, str) else base.message,
            vendor=self.vendor,
            status=status,
            raw=body,
            retry_after=base.retry_after,
        )

    # -- search ---------------------------------------------------------------------------------

    async def cities(self) -> list[Record]:
        answer = await self.request("GET", "/v1/cities")
        return self._list(answer, "cities")

    async def search_hotels(
        self,
        city: str,
        check_in: date,
        check_out: date,
        guests: int = 1,
        max_price_minor: int | None = None,
    ) -> Record:
        """Rooms for `guests` free every night, cheapest first: `{"offers": [...], ...}`."""
        query = {
            "city": city,
            "check_in": check_in.isoformat(),
            "check_out": check_out.isoformat(),
            "guests": guests,
            "max_price_minor": max_price_minor,
        }
        answer = await self.request("GET", "/v1/hotels", params=query)
        self._offers(answer)
        return answer

    async def search_flights(
        self, origin: str, destination: str, day: date, passengers: int = 1
    ) -> Record:
        """Flights of the day with seats for everyone: `{"offers": [...], ...}`."""
        query = {
            "origin": origin,
            "destination": destination,
            "date": day.isoformat(),
            "passengers": passengers,
        }
        answer = await self.request("GET", "/v1/flights", params=query)
        self._offers(answer)
        return answer

    async def get_offer(self, offer_id: str, travellers: int = 1) -> Record:
        """The offer priced for `travellers`, with what is still `available`."""
        answer = await self.request(
            "GET", f"/v1/offers/{_segment(offer_id)}", params={"travellers": travellers}
        )
        amount_minor(answer.get("total"))
        return self._record(answer, shapes.TripOffer)

    # -- holds ----------------------------------------------------------------------------------

    async def hold(
        self, offer_id: str, travellers: int, idempotency_key: str | None = None
    ) -> Record:
        """Set the offer aside at a locked price until the hold's `expires_at`."""
        answer = await self.request(
            "POST",
            "/v1/holds",
            json_body={"offer_id": offer_id, "travellers": travellers},
            idempotency_key=idempotency_key,
        )
        amount_minor(answer.get("price"))
        return self._record(answer, shapes.Hold)

    async def get_hold(self, hold_id: str) -> Record:
        return self._record(
            await self.request("GET", f"/v1/holds/{_segment(hold_id)}"), shapes.Hold
        )

    async def release_hold(self, hold_id: str, idempotency_key: str | None = None) -> Record:
        """Give a hold back; one already expired or released is returned as it is."""
        answer = await self.request(
            "DELETE", f"/v1/holds/{_segment(hold_id)}", idempotency_key=idempotency_key
        )
        return self._record(answer, shapes.Hold)

    # -- bookings -------------------------------------------------------------------------------

    async def book(
        self,
        hold_ids: Sequence[str],
        customer: str,
        payment_reference: str,
        traveller_names: Sequence[str] | None = None,
        idempotency_key: str | None = None,
    ) -> Record:
        """Confirm all the holds in one booking paid by `payment_reference`, or none."""
        body: Record = {
            "hold_ids": list(hold_ids),
            "customer": customer,
            "payment_reference": payment_reference,
        }
        if traveller_names is not None:
            body["traveller_names"] = list(traveller_names)
        answer = await self.request(
            "POST", "/v1/bookings", json_body=body, idempotency_key=idempotency_key
        )
        amount_minor(answer.get("total"))
        return self._record(answer, shapes.Booking)

    async def get_booking(self, booking_id: str) -> Record:
        answer = await self.request("GET", f"/v1/bookings/{_segment(booking_id)}")
        return self._record(answer, shapes.Booking)

    async def list_bookings(self, customer: str) -> list[Record]:
        answer = await self.request("GET", "/v1/bookings", params={"customer": customer})
        return [self._record(b, shapes.Booking) for b in self._list(answer, "bookings")]

    async def cancellation_quote(self, booking_id: str) -> Record:
        """What cancelling now would cost: `cancellable`, `fee`, `refund` (or a `reason`)."""
        answer = await self.request("GET", f"/v1/bookings/{_segment(booking_id)}/cancellation")
        if answer.get("cancellable") is True:
            amount_minor(answer.get("fee"))
            amount_minor(answer.get("refund"))
        elif answer.get("cancellable") is not False:
            raise self._protocol("the cancellation quote does not say if it is possible", answer)
        return answer

    async def cancel_booking(
        self, booking_id: str, reason: str | None = None, idempotency_key: str | None = None
    ) -> Record:
        """Cancel the booking; its `cancellation` says the fee kept and the refund owed."""
        body = {"reason": reason} if reason else {}
        answer = await self.request(
            "POST",
            f"/v1/bookings/{_segment(booking_id)}/cancel",
            json_body=body,
            idempotency_key=idempotency_key,
        )
        terms = answer.get("cancellation")
        if not isinstance(terms, dict):
            raise self._protocol("trips cancelled without saying the fee and refund", answer)
        amount_minor(terms.get("fee"))
        amount_minor(terms.get("refund"))
        return self._record(answer, shapes.Booking)

    # -- state ----------------------------------------------------------------------------------

    async def state(self) -> Record:
        answer = await self.request("GET", "/_state")
        if not isinstance(answer.get("bookings"), dict):
            raise self._protocol("/_state is not the trips state document", answer)
        return answer

    async def state_hash(self) -> str:
        answer = await self.request("GET", "/_state/hash")
        if not isinstance(answer.get("hash"), str):
            raise self._protocol("the state hash answer has no hash", answer)
        return str(answer["hash"])

    # -- helpers --------------------------------------------------------------------------------

    def _record(self, answer: Any, shape: type) -> Record:
        """The answer, once it has the record's shape (else PROTOCOL naming the field)."""
        record: Record = shapes.checked(answer, shape, self.vendor)
        return record

    def _offers(self, answer: Record) -> None:
        for offer in self._list(answer, "offers"):
            shapes.checked(offer, shapes.TripOffer, self.vendor)
            amount_minor(offer["total"])

    def _list(self, answer: Record, field: str) -> list[Record]:
        value = answer.get(field)
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self._protocol(f"trips answered without a list of {field}", answer)
        return value

    def _protocol(self, message: str, raw: Any, status: int | None = None) -> VendorError:
        if isinstance(raw, str):
            raw = raw[:2000]
        return VendorError(ErrorCode.PROTOCOL, message, vendor=self.vendor, status=status, raw=raw)
