"""Idempotency-Key on the shop's writes: replay the stored answer, refuse a different request."""

from __future__ import annotations

import httpx
from shop_helpers import refused

from connectors.errors import ErrorCode
from connectors.shop import ShopConnector

USER = "ava_nguyen_6646"
CARD = "credit_card_5683823"
LINES = [{"item_id": "8733974883", "quantity": 1}]


async def test_same_key_same_order_replays_the_first_answer(
    shop_http: httpx.AsyncClient, shop: ShopConnector
) -> None:
    first = await shop.create_order(USER, LINES, CARD, "pi_1", idempotency_key="order-1")
    again = await shop.create_order(USER, LINES, CARD, "pi_1", idempotency_key="order-1")
    assert again == first
    user = await shop.get_user(USER)
    assert user["orders"].count(first["order_id"]) == 1
    assert len(user["orders"]) == 7
    body = {
        "user_id": USER,
        "items": LINES,
        "payment_method_id": CARD,
        "payment_reference": "pi_1",
        "from_cart": False,
    }
    raw = await shop_http.post("/orders", json=body, headers={"Idempotency-Key": "order-1"})
    assert raw.status_code == 201
    assert raw.headers["Idempotent-Replayed"] == "true"


async def test_same_key_other_request_is_a_conflict(shop: ShopConnector) -> None:
    await shop.create_order(USER, LINES, CARD, "pi_1", idempotency_key="order-1")
    other = shop.create_order(USER, LINES, CARD, "pi_2", idempotency_key="order-1")
    error = await refused(shop, ErrorCode.CONFLICT, other)
    assert error.status == 409
    elsewhere = shop.cancel_order("#W8367380", "no longer needed", idempotency_key="order-1")
    await refused(shop, ErrorCode.CONFLICT, elsewhere)


async def test_a_replayed_cancel_answers_like_the_first_time(shop: ShopConnector) -> None:
    first = await shop.cancel_order("#W8367380", "no longer needed", idempotency_key="c-1")
    again = await shop.cancel_order("#W8367380", "no longer needed", idempotency_key="c-1")
    assert again == first
    fresh = shop.cancel_order("#W8367380", "no longer needed", idempotency_key="c-2")
    await refused(shop, ErrorCode.INVALID_STATE, fresh)


async def test_a_refusal_is_stored_too(shop_http: httpx.AsyncClient) -> None:
    headers = {"Idempotency-Key": "bad-reason"}
    body = {"reason": "changed my mind"}
    first = await shop_http.post("/orders/W8367380/cancel", json=body, headers=headers)
    again = await shop_http.post("/orders/W8367380/cancel", json=body, headers=headers)
    assert first.status_code == again.status_code == 422
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"


async def test_cart_writes_honour_keys(shop: ShopConnector) -> None:
    await shop.add_to_cart(USER, "8733974883", 1, idempotency_key="add-1")
    cart = await shop.add_to_cart(USER, "8733974883", 1, idempotency_key="add-1")
    assert cart["items"][0]["quantity"] == 1
    await shop.remove_from_cart(USER, "8733974883", idempotency_key="rm-1")
    cart = await shop.remove_from_cart(USER, "8733974883", idempotency_key="rm-1")
    assert cart["items"] == []
