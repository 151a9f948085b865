"""Carts and `POST /orders`: the shop's own features beyond the τ² tools."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from shop_helpers import connector, refused, shop_client

from connectors.errors import ErrorCode, VendorError
from connectors.shop import ShopConnector
from sandbox.shop import init_db

USER = "ava_nguyen_6646"  # gift_card_1994993 holds 78.0; also credit_card_5683823
GIFT_CARD = "gift_card_1994993"
CARD = "credit_card_5683823"
NOTEBOOK = "9799386954"  # 28.59, available
JACKET = "8733974883"  # 153.18, available
UNAVAILABLE = "6574183535"  # a notebook that is out of stock


async def test_cart_add_and_remove(shop: ShopConnector) -> None:
    cart = await shop.add_to_cart(USER, NOTEBOOK, 2)
    cart = await shop.add_to_cart(USER, JACKET)
    cart = await shop.add_to_cart(USER, NOTEBOOK, 1)
    assert [(line["item_id"], line["quantity"]) for line in cart["items"]] == [
        (NOTEBOOK, 3),
        (JACKET, 1),
    ]
    assert cart["items"][0]["name"] == "Notebook"
    assert cart["total"] == round(28.59 * 3 + 153.18, 2)
    cart = await shop.remove_from_cart(USER, NOTEBOOK, 2)
    assert cart["items"][0]["quantity"] == 1
    cart = await shop.remove_from_cart(USER, NOTEBOOK)
    assert [line["item_id"] for line in cart["items"]] == [JACKET]
    assert await shop.get_cart(USER) == cart


async def test_cart_refusals(shop: ShopConnector) -> None:
    await shop.add_to_cart(USER, JACKET)
    before = await shop.get_cart(USER)
    await refused(shop, ErrorCode.NOT_FOUND, shop.add_to_cart(USER, "0000000000"))
    await refused(shop, ErrorCode.OUT_OF_STOCK, shop.add_to_cart(USER, UNAVAILABLE))
    await refused(shop, ErrorCode.NOT_FOUND, shop.add_to_cart("ghost_0000", JACKET))
    await refused(shop, ErrorCode.NOT_FOUND, shop.remove_from_cart(USER, NOTEBOOK))
    await refused(shop, ErrorCode.INVALID_REQUEST, shop.add_to_cart(USER, JACKET, 0))
    await refused(shop, ErrorCode.NOT_FOUND, shop.get_cart("ghost_0000"))
    assert await shop.get_cart(USER) == before


async def test_checkout_creates_a_pending_order(shop: ShopConnector) -> None:
    user = await shop.get_user(USER)
    order = await shop.create_order(
        USER, [{"item_id": JACKET, "quantity": 2}], CARD, payment_reference="pi_123"
    )
    assert re.fullmatch(r"#W\d{7}", order["order_id"])
    assert order["status"] == "pending"
    assert [item["item_id"] for item in order["items"]] == [JACKET, JACKET]
    assert order["items"][0]["name"] == "Fleece Jacket"
    assert order["payment_history"] == [
        {
            "transaction_type": "payment",
            "amount": round(153.18 + 153.18, 2),
            "payment_method_id": CARD,
        }
    ]
    assert order["address"] == user["address"]
    assert order["fulfillments"] == []
    assert order["payment_reference"] == "pi_123"
    assert await shop.get_order(order["order_id"]) == order
    after = await shop.get_user(USER)
    assert after["orders"] == [*user["orders"], order["order_id"]]
    state = await shop.state()
    assert "payment_reference" not in state["orders"][order["order_id"]]
    assert len(state["orders"][order["order_id"]]) == 14


async def test_checkout_debits_a_gift_card(shop: ShopConnector) -> None:
    address = {
        "address1": "9 Elm St",
        "address2": "",
        "city": "Oakland",
        "country": "USA",
        "state": "CA",
        "zip": "94601",
    }
    order = await shop.create_order(
        USER, [{"item_id": NOTEBOOK, "quantity": 1}], GIFT_CARD, None, address=address
    )
    assert order["address"] == address
    user = await shop.get_user(USER)
    assert user["payment_methods"][GIFT_CARD]["balance"] == round(78.0 - 28.59, 2)


async def test_checkout_refusals_change_nothing(shop: ShopConnector) -> None:
    three = [{"item_id": NOTEBOOK, "quantity": 3}]  # 85.77 > 78.0
    await refused(
        shop, ErrorCode.INSUFFICIENT_FUNDS, shop.create_order(USER, three, GIFT_CARD, None)
    )
    mixed = [{"item_id": NOTEBOOK, "quantity": 1}, {"item_id": UNAVAILABLE, "quantity": 1}]
    await refused(shop, ErrorCode.OUT_OF_STOCK, shop.create_order(USER, mixed, CARD, None))
    one = [{"item_id": NOTEBOOK, "quantity": 1}]
    await refused(shop, ErrorCode.NOT_FOUND, shop.create_order(USER, one, "paypal_0", None))
    await refused(shop, ErrorCode.NOT_FOUND, shop.create_order("ghost_0000", one, CARD, None))
    await refused(shop, ErrorCode.INVALID_REQUEST, shop.create_order(USER, [], CARD, None))
    not_in_cart = shop.create_order(USER, one, CARD, None, from_cart=True)
    await refused(shop, ErrorCode.INVALID_REQUEST, not_in_cart)


async def test_checkout_from_cart_takes_the_ordered_units_out(shop: ShopConnector) -> None:
    await shop.add_to_cart(USER, NOTEBOOK, 3)
    await shop.add_to_cart(USER, JACKET, 1)
    await shop.create_order(
        USER, [{"item_id": NOTEBOOK, "quantity": 2}], CARD, None, from_cart=True
    )
    cart = await shop.get_cart(USER)
    assert [(line["item_id"], line["quantity"]) for line in cart["items"]] == [
        (NOTEBOOK, 1),
        (JACKET, 1),
    ]


async def test_checkout_of_the_whole_cart(
    shop_http: httpx.AsyncClient, shop: ShopConnector
) -> None:
    await shop.add_to_cart(USER, NOTEBOOK, 2)
    await shop.add_to_cart(USER, JACKET, 1)
    response = await shop_http.post(
        "/orders", json={"user_id": USER, "payment_method_id": CARD, "from_cart": True}
    )
    assert response.status_code == 201
    assert [item["item_id"] for item in response.json()["items"]] == [NOTEBOOK, NOTEBOOK, JACKET]
    assert (await shop.get_cart(USER))["items"] == []
    with pytest.raises(VendorError) as empty:
        await shop.create_order(USER, [], CARD, None, from_cart=True)
    assert empty.value.code == ErrorCode.INVALID_REQUEST


async def test_order_ids_are_deterministic_and_new(tmp_path: Path) -> None:
    ids = []
    for name in ("a.sqlite", "b.sqlite"):
        init_db(tmp_path / name)
        async with shop_client(tmp_path / name) as http:
            shop = connector(http)
            line = [{"item_id": JACKET, "quantity": 1}]
            first = await shop.create_order(USER, line, CARD, None)
            second = await shop.create_order(USER, line, CARD, None)
            ids.append((first["order_id"], second["order_id"]))
    assert ids[0] == ids[1]
    assert ids[0][0] != ids[0][1]
