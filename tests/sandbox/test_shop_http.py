"""The shop over raw HTTP: malformed input is a 422 envelope, unknown routes a 404, never a 500."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from shop_helpers import INITIAL_HASH

WRITES = [
    ("PUT", "/users/ava_nguyen_6646/address"),
    ("POST", "/carts/ava_nguyen_6646/items"),
    ("POST", "/orders"),
    ("POST", "/orders/W8367380/cancel"),
    ("POST", "/orders/W8367380/address"),
    ("POST", "/orders/W8367380/payment"),
    ("POST", "/orders/W8367380/items"),
    ("POST", "/orders/W3113816/exchange"),
    ("POST", "/orders/W3113816/return"),
]
MALFORMED = [b"", b"{bad", b"[1, 2]", b'"text"', b'{"a": NaN}', b"\xff\xfe"]
ADDRESS = {
    "address1": "1 A St",
    "address2": "",
    "city": "Reno",
    "country": "USA",
    "state": "NV",
    "zip": "89501",
}
WRONG_TYPES: list[tuple[str, str, Any]] = [
    ("PUT", "/users/ava_nguyen_6646/address", {**ADDRESS, "zip": 89501}),
    ("PUT", "/users/ava_nguyen_6646/address", {"address1": "1 A St"}),
    ("POST", "/carts/ava_nguyen_6646/items", {"item_id": "8733974883", "quantity": "two"}),
    ("POST", "/carts/ava_nguyen_6646/items", {"item_id": "8733974883", "quantity": True}),
    ("POST", "/carts/ava_nguyen_6646/items", {"item_id": 8733974883}),
    ("POST", "/orders", {"user_id": "ava_nguyen_6646", "items": "8733974883"}),
    (
        "POST",
        "/orders",
        {
            "user_id": "ava_nguyen_6646",
            "items": [{"item_id": "8733974883", "quantity": -1}],
            "payment_method_id": "credit_card_5683823",
        },
    ),
    ("POST", "/orders", {"user_id": "ava_nguyen_6646", "from_cart": "yes"}),
    ("POST", "/orders/W8367380/cancel", {"reason": None}),
    ("POST", "/orders/W8367380/cancel", {"reason": "no longer needed", "extra": 1}),
    ("POST", "/orders/W8367380/payment", {}),
    (
        "POST",
        "/orders/W8367380/items",
        {"item_ids": "2444431651", "new_item_ids": ["8068777068"], "payment_method_id": "x"},
    ),
    ("POST", "/orders/W3113816/return", {"item_ids": [1], "payment_method_id": "x"}),
]
BAD_QUERIES = [
    "/search?limit=abc",
    "/search?limit=0",
    "/search?min_price=cheap",
    "/search?max_price=nan",
    "/search?option=colour",
    "/search?available=maybe",
    "/users/by-email",
    "/users/by-name-zip?first_name=Ava&last_name=Nguyen",
]


async def _unchanged(http: httpx.AsyncClient) -> None:
    assert (await http.get("/_state/hash")).json() == {"hash": INITIAL_HASH}


def _assert_envelope(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert isinstance(response.json()["error"]["message"], str)


@pytest.mark.parametrize(("method", "path"), WRITES)
@pytest.mark.parametrize("content", MALFORMED)
async def test_malformed_bodies_are_422(
    shop_http: httpx.AsyncClient, method: str, path: str, content: bytes
) -> None:
    headers = {"content-type": "application/json"}
    response = await shop_http.request(method, path, content=content, headers=headers)
    _assert_envelope(response, 422, "invalid_request")
    await _unchanged(shop_http)


@pytest.mark.parametrize(("method", "path", "body"), WRONG_TYPES)
async def test_wrong_types_are_422(
    shop_http: httpx.AsyncClient, method: str, path: str, body: Any
) -> None:
    response = await shop_http.request(method, path, json=body)
    _assert_envelope(response, 422, "invalid_request")
    await _unchanged(shop_http)


@pytest.mark.parametrize("url", BAD_QUERIES)
async def test_bad_query_strings_are_422(shop_http: httpx.AsyncClient, url: str) -> None:
    _assert_envelope(await shop_http.get(url), 422, "invalid_request")


@pytest.mark.parametrize("quantity", ["abc", "0", "-1", "1.5"])
async def test_bad_cart_removal_quantity_is_422(
    shop_http: httpx.AsyncClient, quantity: str
) -> None:
    url = f"/carts/ava_nguyen_6646/items/8733974883?quantity={quantity}"
    _assert_envelope(await shop_http.delete(url), 422, "invalid_request")


async def test_unknown_routes_and_methods_use_the_envelope(shop_http: httpx.AsyncClient) -> None:
    _assert_envelope(await shop_http.get("/nowhere"), 404, "not_found")
    _assert_envelope(await shop_http.get("/orders/a%2Fb"), 404, "not_found")
    _assert_envelope(await shop_http.delete("/orders/W8367380"), 405, "invalid_request")


async def test_product_types_and_state_document(shop_http: httpx.AsyncClient) -> None:
    types = (await shop_http.get("/products")).json()
    assert list(types) == sorted(types)
    state = await shop_http.get("/_state")
    assert state.headers["content-type"].startswith("application/json")
    assert set(state.json()) == {"orders", "products", "users"}
