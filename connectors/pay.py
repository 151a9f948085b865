"""The pay vendor's connector: Stripe-style payment intents, refunds, and cents helpers."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote

import httpx

from connectors.base import Connector
from connectors.errors import ErrorCode, VendorError
from connectors.shapes import Intent, Refund, checked

PAY_ERRORS: dict[str, ErrorCode] = {
    "resource_missing": ErrorCode.NOT_FOUND,
    "parameter_invalid": ErrorCode.INVALID_REQUEST,
    "payment_intent_unexpected_state": ErrorCode.INVALID_STATE,
    "amount_too_large": ErrorCode.INVALID_REQUEST,
    "card_declined": ErrorCode.PAYMENT_DECLINED,
    "insufficient_funds": ErrorCode.INSUFFICIENT_FUNDS,
    "idempotency_key_reused": ErrorCode.CONFLICT,
}
"""Envelope `code` (or a card error's `decline_code`) → canonical code."""

PAGE_SIZE = 100
CENT = Decimal("0.01")


def to_cents(amount: float | Decimal) -> int:
    """Dollars to integer cents, halves rounded away from zero (19.995 → 2000).

    `Decimal(str(x))` starts from the shortest decimal that reads back as the float, i.e. what
    was written; `round(x * 100)` would see 19.995 as 1999.4999… and bankers-round it.
    """
    if isinstance(amount, bool) or not isinstance(amount, int | float | Decimal):
        raise TypeError(f"amount must be a number, not {type(amount).__name__}")
    exact = Decimal(str(amount))
    if not exact.is_finite():
        raise ValueError(f"amount must be finite, not {amount}")
    try:
        return int(exact.quantize(CENT, rounding=ROUND_HALF_UP) * 100)
    except InvalidOperation as exc:  # more digits than the decimal context holds
        raise ValueError(f"amount is too large to convert: {amount}") from exc


def from_cents(cents: int) -> float:
    """Integer cents to dollars as the nearest float (146370 → 1463.7)."""
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise TypeError(f"cents must be an int, not {type(cents).__name__}")
    return cents / 100


def _pay_code(envelope: Any) -> ErrorCode | None:
    if not isinstance(envelope, dict):
        return None
    for field in ("decline_code", "code"):
        value = envelope.get(field)
        if isinstance(value, str) and value in PAY_ERRORS:
            return PAY_ERRORS[value]
    return None


def _segment(object_id: str) -> str:
    return quote(object_id, safe="")


class PayConnector(Connector):
    """Payment intents on the pay vendor: authorise, capture, void, refund, read."""

    vendor = "pay"

    def error_from(self, response: httpx.Response, body: Any) -> VendorError | None:
        status = response.status_code
        if status < 400:
            if isinstance(body, dict):
                return None
            return VendorError(
                ErrorCode.PROTOCOL,
                "pay answered with something that is not a JSON object",
                vendor=self.vendor,
                status=status,
                raw=body[:2000] if isinstance(body, str) else body,
            )
        envelope = body.get("error") if isinstance(body, dict) else None
        code = _pay_code(envelope)
        if code is None:
            return super().error_from(response, body)
        assert isinstance(envelope, dict)
        message = envelope.get("message")
        return VendorError(
            code,
            message if isinstance(message, str) else f"pay answered HTTP {status}",
            vendor=self.vendor,
            status=status,
            raw=body,
        )

    async def authorize(
        self,
        amount_cents: int,
        currency: str,
        payment_method: str,
        customer: str,
        description: str | None = None,
        metadata: dict[str, str] | None = None,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        """Hold `amount_cents` on the payment method; the intent then `requires_capture`."""
        body: dict[str, Any] = {
            "amount": amount_cents,
            "currency": currency,
            "payment_method": payment_method,
            "customer": customer,
        }
        if description is not None:
            body["description"] = description
        if metadata is not None:
            body["metadata"] = metadata
        answer = await self.request(
            "POST", "/v1/payment_intents", json_body=body, idempotency_key=idempotency_key
        )
        return self._shaped(answer, Intent)

    async def capture(
        self, intent_id: str, amount_cents: int | None = None, idempotency_key: str | None = None
    ) -> dict[str, Any]:
        """Capture the whole hold, or only `amount_cents` of it (the rest is released)."""
        body = None if amount_cents is None else {"amount_to_capture": amount_cents}
        answer = await self.request(
            "POST",
            f"/v1/payment_intents/{_segment(intent_id)}/capture",
            json_body=body,
            idempotency_key=idempotency_key,
        )
        return self._shaped(answer, Intent)

    async def void(self, intent_id: str, idempotency_key: str | None = None) -> dict[str, Any]:
        """Cancel an authorisation that has not been captured."""
        answer = await self.request(
            "POST",
            f"/v1/payment_intents/{_segment(intent_id)}/cancel",
            idempotency_key=idempotency_key,
        )
        return self._shaped(answer, Intent)

    async def refund(
        self, intent_id: str, amount_cents: int | None = None, idempotency_key: str | None = None
    ) -> dict[str, Any]:
        """Refund `amount_cents` of a captured intent, or all that is still refundable."""
        body: dict[str, Any] = {"payment_intent": intent_id}
        if amount_cents is not None:
            body["amount"] = amount_cents
        answer = await self.request(
            "POST", "/v1/refunds", json_body=body, idempotency_key=idempotency_key
        )
        return self._shaped(answer, Refund)

    async def get_intent(self, intent_id: str) -> dict[str, Any]:
        answer = await self.request("GET", f"/v1/payment_intents/{_segment(intent_id)}")
        return self._shaped(answer, Intent)

    async def list_intents(self, customer: str) -> list[dict[str, Any]]:
        """All of a customer's intents, newest first."""
        return await self._list_all("/v1/payment_intents", {"customer": customer})

    async def list_refunds(self, intent_id: str) -> list[dict[str, Any]]:
        """All refunds of one intent, newest first."""
        return await self._list_all("/v1/refunds", {"payment_intent": intent_id})

    async def state(self) -> dict[str, Any]:
        """The vendor's canonical state document (all intents and refunds)."""
        return await self.request("GET", "/_state")

    async def state_hash(self) -> str:
        answer = await self.request("GET", "/_state/hash")
        if not isinstance(answer.get("hash"), str):
            raise self._protocol("the state hash answer has no hash", answer)
        return str(answer["hash"])

    async def _list_all(self, path: str, filters: dict[str, str]) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        starting_after: str | None = None
        while True:
            query = {**filters, "limit": PAGE_SIZE, "starting_after": starting_after}
            page = await self.request("GET", path, params=query)
            data = page.get("data")
            if not isinstance(data, list) or not all(isinstance(i, dict) for i in data):
                raise self._protocol(f"{path} answered without a list of objects", page)
            items.extend(data)
            if not page.get("has_more") or not data:
                return items
            starting_after = str(data[-1].get("id"))

    def _shaped(self, answer: Any, shape: type) -> dict[str, Any]:
        """The answer, once it has the shape of a `shape` (else PROTOCOL naming the field)."""
        record: dict[str, Any] = checked(answer, shape, self.vendor)
        return record

    def _protocol(self, message: str, raw: Any) -> VendorError:
        return VendorError(ErrorCode.PROTOCOL, message, vendor=self.vendor, raw=raw)
