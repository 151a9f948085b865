"""Read tools through the connector: users, products, items, orders."""

from __future__ import annotations

from shop_helpers import refused

from connectors.errors import ErrorCode
from connectors.shop import ShopConnector


async def test_find_user_by_email_ignores_case(shop: ShopConnector) -> None:
    assert await shop.find_user_by_email("NOAH.Brown7922@example.com") == "noah_brown_6181"
    await refused(shop, ErrorCode.NOT_FOUND, shop.find_user_by_email("nobody@example.com"))


async def test_find_user_by_name_zip(shop: ShopConnector) -> None:
    assert await shop.find_user_by_name_zip("emma", "SANTOS", "78228") == "emma_santos_9753"
    await refused(shop, ErrorCode.NOT_FOUND, shop.find_user_by_name_zip("Emma", "Santos", "1"))


async def test_get_user(shop: ShopConnector) -> None:
    user = await shop.get_user("ava_nguyen_6646")
    assert user["payment_methods"]["gift_card_1994993"]["balance"] == 78.0
    assert user["orders"][0] == "#W8367380"
    await refused(shop, ErrorCode.NOT_FOUND, shop.get_user("ghost_0000"))


async def test_list_product_types_is_sorted_and_complete(shop: ShopConnector) -> None:
    types = await shop.list_product_types()
    assert len(types) == 50
    assert list(types) == sorted(types)
    assert types["T-Shirt"] == "9523456873"


async def test_get_product_and_item(shop: ShopConnector) -> None:
    product = await shop.get_product("9523456873")
    assert product["name"] == "T-Shirt"
    assert len(product["variants"]) == 12
    item = await shop.get_item("9612497925")
    assert item == product["variants"]["9612497925"]
    await refused(shop, ErrorCode.NOT_FOUND, shop.get_product("9612497925"))
    await refused(shop, ErrorCode.NOT_FOUND, shop.get_item("9523456873"))


async def test_get_order_with_or_without_hash(shop: ShopConnector) -> None:
    order = await shop.get_order("#W2611340")
    assert await shop.get_order("W2611340") == order
    assert order["status"] == "processed"
    assert len(order) == 14
    assert order["cancel_reason"] is None
    await refused(shop, ErrorCode.NOT_FOUND, shop.get_order("#9502126"))
