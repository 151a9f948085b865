"""ShopConnector against scripted answers: error mapping, shape checks, URL encoding."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from shop_helpers import NO_WAIT

from connectors.errors import ErrorCode, VendorError
from connectors.shop import ShopConnector

Handler = Callable[[httpx.Request], httpx.Response]


def scripted(handler: Handler) -> ShopConnector:
    transport = httpx.MockTransport(handler)
    client = httpx.AsyncClient(transport=transport, base_url="http://shop.sandbox")
    return ShopConnector(client, retry=NO_WAIT)


def answer(status: int, body: Any = None, content: bytes | None = None) -> ShopConnector:
    if content is not None:
        return scripted(lambda request: httpx.Response(status, content=content))
    return scripted(lambda request: httpx.Response(status, json=body))


def envelope(code: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": f"shop says {code}"}}


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (404, "not_found", ErrorCode.NOT_FOUND),
        (422, "invalid_request", ErrorCode.INVALID_REQUEST),
        (409, "invalid_state", ErrorCode.INVALID_STATE),
        (409, "out_of_stock", ErrorCode.OUT_OF_STOCK),
        (402, "insufficient_funds", ErrorCode.INSUFFICIENT_FUNDS),
        (409, "idempotency_conflict", ErrorCode.CONFLICT),
    ],
)
async def test_envelope_codes_map_to_canonical_codes(
    status: int, code: str, expected: ErrorCode
) -> None:
    with pytest.raises(VendorError) as caught:
        await answer(status, envelope(code)).get_order("#W1")
    assert caught.value.code == expected
    assert caught.value.message == f"shop says {code}"
    assert caught.value.status == status
    assert caught.value.vendor == "shop"


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (409, envelope("something_new"), ErrorCode.CONFLICT),
        (402, {"error": "flat string"}, ErrorCode.PAYMENT_DECLINED),
        (404, None, ErrorCode.NOT_FOUND),
        (503, envelope("not_found"), ErrorCode.UNAVAILABLE),
        (500, {"error": {"code": "internal_error", "message": "boom"}}, ErrorCode.UNAVAILABLE),
    ],
)
async def test_unknown_or_malformed_errors_fall_back_to_http_status(
    status: int, body: Any, expected: ErrorCode
) -> None:
    with pytest.raises(VendorError) as caught:
        await answer(status, body).get_user("u")
    assert caught.value.code == expected


async def test_non_json_error_body_falls_back_too() -> None:
    with pytest.raises(VendorError) as caught:
        await answer(404, content=b"<html>nope</html>").get_user("u")
    assert caught.value.code == ErrorCode.NOT_FOUND


@pytest.mark.parametrize(
    ("body", "content"),
    [
        (None, b"not json"),
        (None, b""),
        ([1, 2], None),
        ({"unexpected": True}, None),
        ({"user_id": 7}, None),
    ],
)
async def test_unexpected_success_bodies_are_protocol_errors(body: Any, content: bytes) -> None:
    with pytest.raises(VendorError) as caught:
        await answer(200, body, content).find_user_by_email("a@example.com")
    assert caught.value.code == ErrorCode.PROTOCOL


async def test_shape_checks_per_answer() -> None:
    with pytest.raises(VendorError) as caught:
        await answer(200, {"results": "many"}).search(q="x")
    assert caught.value.code == ErrorCode.PROTOCOL
    with pytest.raises(VendorError) as caught:
        await answer(200, {"Laptop": 1}).list_product_types()
    assert caught.value.code == ErrorCode.PROTOCOL
    with pytest.raises(VendorError) as caught:
        await answer(200, {"products": {}}).state()
    assert caught.value.code == ErrorCode.PROTOCOL


async def test_paths_and_queries_are_encoded() -> None:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        address = dict.fromkeys(("address1", "address2", "city", "state", "country", "zip"), "")
        body = {
            "order_id": "#W1",
            "items": [],
            "results": [],
            "total": 0,
            "user_id": "u",
            "address": address,
            "status": "pending",
            "fulfillments": [],
            "payment_history": [],
        }
        return httpx.Response(200, json=body)

    shop = scripted(record)
    await shop.get_order("#W2611340")
    await shop.cancel_order("W2611340", "no longer needed", idempotency_key="k-1")
    await shop.remove_from_cart("a/b", "1 2", quantity=2)
    await shop.search(q="red shirt", options={"color": "red", "size": "XL"}, available_only=True)
    await shop.find_user_by_email("a+b@example.com")
    paths = [request.url.raw_path.decode() for request in seen]
    assert paths[0] == "/orders/%23W2611340"
    assert paths[1] == "/orders/W2611340/cancel"
    assert seen[1].headers["Idempotency-Key"] == "k-1"
    assert paths[2] == "/carts/a%2Fb/items/1%202?quantity=2"
    assert seen[3].url.params.get_list("option") == ["color:red", "size:XL"]
    assert seen[3].url.params["available"] == "true"
    assert "min_price" not in seen[3].url.params
    assert seen[4].url.params["email"] == "a+b@example.com"
