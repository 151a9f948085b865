"""Order tools that touch status, address and payment: cancel, address, payment, user address."""

from __future__ import annotations

from shop_helpers import refused

from connectors.errors import ErrorCode
from connectors.shop import ShopConnector

GIFT_CARD_ORDER = "#W6779827"  # pending, 4079.45 paid by gift_card_7219486 (balance 49.0)
GIFT_CARD_OWNER = "ethan_lopez_6291"
CARD_ORDER = "#W8367380"  # pending, paid by credit_card_5683823; owner also has gift_card_1994993
CARD_OWNER = "ava_nguyen_6646"
PROCESSED_ORDER = "#W2611340"
ADDRESS = {
    "address1": "1 Test Street",
    "address2": "Apt 2",
    "city": "Austin",
    "state": "TX",
    "country": "USA",
    "zip": "73301",
}


async def balance(shop: ShopConnector, user_id: str, method_id: str) -> float:
    user = await shop.get_user(user_id)
    return float(user["payment_methods"][method_id]["balance"])


async def test_cancel_refunds_a_gift_card(shop: ShopConnector) -> None:
    order = await shop.cancel_order(GIFT_CARD_ORDER, "no longer needed")
    assert order["status"] == "cancelled"
    assert order["cancel_reason"] == "no longer needed"
    assert order["payment_history"][-1] == {
        "transaction_type": "refund",
        "amount": 4079.45,
        "payment_method_id": "gift_card_7219486",
    }
    assert await balance(shop, GIFT_CARD_OWNER, "gift_card_7219486") == round(49.0 + 4079.45, 2)
    assert await shop.get_order(GIFT_CARD_ORDER) == order


async def test_cancel_refusals_change_nothing(shop: ShopConnector) -> None:
    await refused(shop, ErrorCode.INVALID_REQUEST, shop.cancel_order(CARD_ORDER, "changed mind"))
    await refused(
        shop, ErrorCode.INVALID_STATE, shop.cancel_order(PROCESSED_ORDER, "no longer needed")
    )
    await refused(shop, ErrorCode.NOT_FOUND, shop.cancel_order("#W0000000", "no longer needed"))
    await shop.cancel_order(CARD_ORDER, "ordered by mistake")
    await refused(
        shop, ErrorCode.INVALID_STATE, shop.cancel_order(CARD_ORDER, "ordered by mistake")
    )


async def test_modify_order_address_leaves_the_user_alone(shop: ShopConnector) -> None:
    before = await shop.get_user(CARD_OWNER)
    order = await shop.modify_order_address(CARD_ORDER, **ADDRESS)
    assert order["address"] == {key: ADDRESS[key] for key in order["address"]}
    assert list(order["address"]) == ["address1", "address2", "city", "country", "state", "zip"]
    assert order["status"] == "pending"
    assert await shop.get_user(CARD_OWNER) == before


async def test_modify_order_address_refusals(shop: ShopConnector) -> None:
    await refused(
        shop, ErrorCode.INVALID_STATE, shop.modify_order_address(PROCESSED_ORDER, **ADDRESS)
    )
    await refused(shop, ErrorCode.NOT_FOUND, shop.modify_order_address("#W0000000", **ADDRESS))


async def test_modify_payment_from_gift_card_to_credit_card(shop: ShopConnector) -> None:
    order = await shop.modify_order_payment(GIFT_CARD_ORDER, "credit_card_9789590")
    assert order["status"] == "pending"
    assert [(p["transaction_type"], p["payment_method_id"]) for p in order["payment_history"]] == [
        ("payment", "gift_card_7219486"),
        ("payment", "credit_card_9789590"),
        ("refund", "gift_card_7219486"),
    ]
    assert {p["amount"] for p in order["payment_history"]} == {4079.45}
    assert await balance(shop, GIFT_CARD_OWNER, "gift_card_7219486") == round(49.0 + 4079.45, 2)
    again = shop.modify_order_payment(GIFT_CARD_ORDER, "gift_card_7219486")
    await refused(shop, ErrorCode.INVALID_STATE, again)


async def test_modify_payment_refusals(shop: ShopConnector) -> None:
    too_poor = shop.modify_order_payment(CARD_ORDER, "gift_card_1994993")
    await refused(shop, ErrorCode.INSUFFICIENT_FUNDS, too_poor)
    same = shop.modify_order_payment(CARD_ORDER, "credit_card_5683823")
    await refused(shop, ErrorCode.INVALID_REQUEST, same)
    await refused(shop, ErrorCode.NOT_FOUND, shop.modify_order_payment(CARD_ORDER, "paypal_1"))
    processed = shop.modify_order_payment(PROCESSED_ORDER, "paypal_1")
    await refused(shop, ErrorCode.INVALID_STATE, processed)


async def test_modify_user_address(shop: ShopConnector) -> None:
    order_before = await shop.get_order(CARD_ORDER)
    user = await shop.modify_user_address(CARD_OWNER, **ADDRESS)
    assert user["address"]["city"] == "Austin"
    assert await shop.get_user(CARD_OWNER) == user
    assert await shop.get_order(CARD_ORDER) == order_before
    await refused(shop, ErrorCode.NOT_FOUND, shop.modify_user_address("ghost_0000", **ADDRESS))
