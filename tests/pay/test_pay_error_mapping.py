"""PayConnector.error_from on answers the sandbox never gives: other Stripe dialects, junk."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from pay_helpers import BASE_URL, connector

from connectors.errors import ErrorCode, VendorError
from connectors.pay import PayConnector


def answering(status: int, *, json: Any = None, content: bytes | None = None) -> PayConnector:
    """A connector whose vendor always gives this one answer."""

    def handler(request: httpx.Request) -> httpx.Response:
        if content is not None:
            return httpx.Response(status, content=content)
        return httpx.Response(status, json=json)

    return connector(httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url=BASE_URL))


async def failure(pay: PayConnector) -> VendorError:
    with pytest.raises(VendorError) as caught:
        await pay.get_intent("pi_1")
    return caught.value


def envelope(code: Any, **extra: Any) -> dict[str, Any]:
    return {"error": {"type": "card_error", "code": code, "message": "no", **extra}}


@pytest.mark.parametrize(
    ("status", "body", "code"),
    [
        (402, envelope("insufficient_funds"), ErrorCode.INSUFFICIENT_FUNDS),
        (
            402,
            envelope("card_declined", decline_code="insufficient_funds"),
            ErrorCode.INSUFFICIENT_FUNDS,
        ),
        (402, envelope("card_declined", decline_code="do_not_honor"), ErrorCode.PAYMENT_DECLINED),
        (400, envelope("amount_too_large"), ErrorCode.INVALID_REQUEST),
        (409, envelope("payment_intent_unexpected_state"), ErrorCode.INVALID_STATE),
    ],
)
async def test_envelope_codes(status: int, body: Any, code: ErrorCode) -> None:
    error = await failure(answering(status, json=body))
    assert (error.code, error.message, error.status, error.raw) == (code, "no", status, body)


@pytest.mark.parametrize(
    ("status", "body", "code"),
    [
        (404, envelope("something_new"), ErrorCode.NOT_FOUND),
        (409, envelope(["resource_missing"]), ErrorCode.CONFLICT),
        (400, {"error": "resource_missing"}, ErrorCode.INVALID_REQUEST),
        (402, {"detail": "declined"}, ErrorCode.PAYMENT_DECLINED),
        (429, envelope("rate_limit"), ErrorCode.RATE_LIMITED),
        (503, ["oops"], ErrorCode.UNAVAILABLE),
    ],
)
async def test_unknown_or_malformed_errors_fall_back_to_the_status(
    status: int, body: Any, code: ErrorCode
) -> None:
    error = await failure(answering(status, json=body))
    assert (error.code, error.status) == (code, status)


async def test_non_json_error_falls_back_to_the_status() -> None:
    error = await failure(answering(502, content=b"<html>Bad gateway</html>"))
    assert error.code is ErrorCode.UNAVAILABLE


async def test_error_message_falls_back_when_it_is_not_text() -> None:
    error = await failure(answering(404, json=envelope("resource_missing", message=None)))
    assert (error.code, error.message) == (ErrorCode.NOT_FOUND, "pay answered HTTP 404")


@pytest.mark.parametrize(
    "content", [b"[]", b'"pi_1"', b"42", b"null", b"", b"not json at all", b"\xff\xfe"]
)
async def test_success_that_is_not_a_json_object_is_protocol(content: bytes) -> None:
    error = await failure(answering(200, content=content))
    assert (error.code, error.status) == (ErrorCode.PROTOCOL, 200)


async def test_state_hash_without_a_hash_is_protocol() -> None:
    with pytest.raises(VendorError) as caught:
        await answering(200, json={"sha": "x"}).state_hash()
    assert caught.value.code is ErrorCode.PROTOCOL


async def test_a_list_answer_without_data_is_protocol() -> None:
    with pytest.raises(VendorError) as caught:
        await answering(200, json={"object": "list"}).list_intents("c")
    assert caught.value.code is ErrorCode.PROTOCOL
