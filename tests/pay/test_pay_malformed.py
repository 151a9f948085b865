"""Malformed requests get `parameter_invalid` (INVALID_REQUEST), never a 500 traceback."""

from __future__ import annotations

import httpx
import pytest
from pay_helpers import card

from connectors.errors import ErrorCode, VendorError
from connectors.pay import PayConnector

JSON = {"Content-Type": "application/json"}
INTENT = b'{"amount": %s, "currency": "usd", "payment_method": "pm", "customer": "c"}'


@pytest.mark.parametrize(
    "content",
    [
        b"{bad",
        b"[]",
        b"null",
        b'"amount"',
        b"42",
        b"\xff\xfe\x00",
        b"{" * 50_000,
        b"[" * 50_000 + b"]" * 50_000,
        INTENT % b"NaN",
        INTENT % b"Infinity",
        INTENT % b"1e3",
        INTENT % (b"9" * 5000),
        b'{"amount": 100, "amount_cents": 100}',
    ],
)
@pytest.mark.parametrize("path", ["/v1/payment_intents", "/v1/refunds"])
async def test_malformed_post_bodies(client: httpx.AsyncClient, content: bytes, path: str) -> None:
    response = await client.post(path, content=content, headers={**JSON, "Idempotency-Key": "k"})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parameter_invalid"


async def test_malformed_capture_and_cancel_bodies(
    client: httpx.AsyncClient, pay: PayConnector
) -> None:
    intent = await pay.authorize(**card())
    for action, content in (("capture", b"{x"), ("cancel", b'{"reason": "x"}')):
        response = await client.post(
            f"/v1/payment_intents/{intent['id']}/{action}", content=content, headers=JSON
        )
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "parameter_invalid"
    assert (await pay.get_intent(intent["id"]))["status"] == "requires_capture"


@pytest.mark.parametrize("limit", ["abc", "0", "101", "-1", "1.5", "²", "9" * 5000])
async def test_bad_list_limits(client: httpx.AsyncClient, limit: str) -> None:
    response = await client.get("/v1/payment_intents", params={"limit": limit})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parameter_invalid"


async def test_unknown_cursor_is_not_found(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/payment_intents", params={"starting_after": "pi_x"})
    assert response.status_code == 404


async def test_wrong_types_through_the_connector_are_invalid_request(pay: PayConnector) -> None:
    with pytest.raises(VendorError) as caught:
        await pay.authorize(**card(amount_cents=[1], metadata={"a": {"b": 1}}))
    assert caught.value.code is ErrorCode.INVALID_REQUEST
    assert caught.value.status == 400


async def test_unsupported_method_answers_in_the_envelope(client: httpx.AsyncClient) -> None:
    response = await client.delete("/v1/payment_intents")
    assert response.status_code == 405
    assert response.json()["error"]["type"] == "invalid_request_error"
