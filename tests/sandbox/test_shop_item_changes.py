"""Item tools: modify a pending order's items, exchange or return a delivered order's items."""

from __future__ import annotations

from pathlib import Path

from shop_helpers import connector, refused, shop_client

from connectors.errors import ErrorCode
from connectors.shop import ShopConnector

CARD_ORDER = "#W8367380"  # pending: dumbbells 2444431651, speaker 1689914594, jacket 8733974883
CARD = "credit_card_5683823"
GIFT_CARD_ORDER = "#W6779827"  # pending; owner's gift_card_7219486 holds 49.0
DELIVERED = "#W3113816"  # delivered, paid by credit_card_5869505; owner has gift_card_6023546
DELIVERED_CARD = "credit_card_5869505"
DELIVERED_GIFT_CARD = "gift_card_6023546"  # balance 36.0


async def test_modify_items_refunds_a_cheaper_variant(shop: ShopConnector) -> None:
    order = await shop.modify_order_items(CARD_ORDER, ["2444431651"], ["8068777068"], CARD)
    assert order["status"] == "pending (item modified)"
    assert order["payment_history"][-1] == {
        "transaction_type": "refund",
        "amount": abs(0 + (507.13 - 534.84)),
        "payment_method_id": CARD,
    }
    new_variant = await shop.get_item("8068777068")
    item = order["items"][0]
    assert (item["item_id"], item["price"], item["options"]) == (
        "8068777068",
        507.13,
        new_variant["options"],
    )
    assert item["name"] == "Dumbbell Set"


async def test_modify_items_refusals_change_nothing(shop: ShopConnector) -> None:
    cases = [
        (ErrorCode.INVALID_REQUEST, ["2444431651"], ["2444431651"], CARD),
        (ErrorCode.NOT_FOUND, ["8590708195"], ["9385662952"], CARD),
        (ErrorCode.NOT_FOUND, ["1689914594"], ["8590708195"], CARD),
        (ErrorCode.OUT_OF_STOCK, ["1689914594"], ["5967152432"], CARD),
        (ErrorCode.INVALID_REQUEST, ["1689914594"], [], CARD),
        (ErrorCode.NOT_FOUND, ["1689914594"], ["7751905257"], "paypal_0000000"),
    ]
    for code, item_ids, new_item_ids, method in cases:
        call = shop.modify_order_items(CARD_ORDER, item_ids, new_item_ids, method)
        await refused(shop, code, call)
    too_poor = shop.modify_order_items(
        GIFT_CARD_ORDER, ["7896397433"], ["2444431651"], "gift_card_7219486"
    )
    await refused(shop, ErrorCode.INSUFFICIENT_FUNDS, too_poor)
    processed = shop.modify_order_items("#W2611340", ["6469567736"], ["6469567736"], CARD)
    await refused(shop, ErrorCode.INVALID_STATE, processed)


async def test_a_modified_order_is_no_longer_exactly_pending(shop: ShopConnector) -> None:
    await shop.modify_order_items(CARD_ORDER, ["2444431651"], ["8068777068"], CARD)
    again = shop.modify_order_items(CARD_ORDER, ["1689914594"], ["7751905257"], CARD)
    await refused(shop, ErrorCode.INVALID_STATE, again)
    await refused(shop, ErrorCode.INVALID_STATE, shop.cancel_order(CARD_ORDER, "no longer needed"))
    moved = await shop.modify_order_address(CARD_ORDER, "1 A St", "", "Reno", "NV", "USA", "89501")
    assert moved["address"]["city"] == "Reno"


async def _two_pair_modify(shop: ShopConnector) -> dict:
    return await shop.modify_order_items(
        CARD_ORDER, ["1689914594", "8733974883"], ["7751905257", "9385662952"], CARD
    )


async def test_multi_pair_modify_reproduces_the_reference_quirk_on_request(
    shop_path: Path,
) -> None:
    async with shop_client(shop_path, reproduce_quirk=True) as http:
        shop = connector(http)
        order = await _two_pair_modify(shop)
        last = await shop.get_item("9385662952")
    speaker, jacket = order["items"][1], order["items"][2]
    assert (speaker["item_id"], jacket["item_id"]) == ("7751905257", "9385662952")
    assert speaker["price"] == jacket["price"] == 159.92
    assert speaker["options"] == jacket["options"] == last["options"]
    assert order["payment_history"][-1]["amount"] == 0 + (321.18 - 315.2) + (159.92 - 153.18)


async def test_multi_pair_modify_gives_each_item_its_own_variant(shop: ShopConnector) -> None:
    order = await _two_pair_modify(shop)
    speaker, jacket = order["items"][1], order["items"][2]
    assert (speaker["price"], jacket["price"]) == (321.18, 159.92)
    assert speaker["options"] == (await shop.get_item("7751905257"))["options"]


async def test_exchange_records_the_request_only(shop: ShopConnector) -> None:
    before = await shop.get_order(DELIVERED)
    order = await shop.exchange_items(
        DELIVERED, ["6243148452", "4274709903"], ["4953074738", "4274709903"], DELIVERED_CARD
    )
    assert order["status"] == "exchange requested"
    assert order["exchange_items"] == ["4274709903", "6243148452"]
    assert order["exchange_new_items"] == ["4274709903", "4953074738"]
    assert order["exchange_payment_method_id"] == DELIVERED_CARD
    assert order["exchange_price_difference"] == round(226.02 - 247.0, 2)
    assert order["items"] == before["items"]
    assert order["payment_history"] == before["payment_history"]


async def test_exchange_refusals_change_nothing(shop: ShopConnector) -> None:
    too_poor = shop.exchange_items(DELIVERED, ["4422467033"], ["2444431651"], DELIVERED_GIFT_CARD)
    await refused(shop, ErrorCode.INSUFFICIENT_FUNDS, too_poor)
    pending = shop.exchange_items(CARD_ORDER, ["2444431651"], ["8068777068"], CARD)
    await refused(shop, ErrorCode.INVALID_STATE, pending)
    twice = shop.exchange_items(
        DELIVERED, ["6243148452", "6243148452"], ["4953074738", "4953074738"], DELIVERED_CARD
    )
    await refused(shop, ErrorCode.NOT_FOUND, twice)
    unavailable = shop.exchange_items(DELIVERED, ["2206116040"], ["2206116040"], DELIVERED_CARD)
    await refused(shop, ErrorCode.OUT_OF_STOCK, unavailable)


async def test_return_to_the_original_method_or_a_gift_card(shop: ShopConnector) -> None:
    order = await shop.return_items(DELIVERED, ["6243148452", "2206116040"], DELIVERED_GIFT_CARD)
    assert order["status"] == "return requested"
    assert order["return_items"] == ["2206116040", "6243148452"]
    assert order["return_payment_method_id"] == DELIVERED_GIFT_CARD
    again = shop.return_items(DELIVERED, ["6243148452"], DELIVERED_CARD)
    await refused(shop, ErrorCode.INVALID_STATE, again)


async def test_return_refusals_change_nothing(shop: ShopConnector) -> None:
    other_method = shop.return_items("#W7303089", ["2492465580"], "paypal_2568958")
    await refused(shop, ErrorCode.INVALID_REQUEST, other_method)
    missing = shop.return_items(DELIVERED, ["6243148452", "6243148452"], DELIVERED_CARD)
    await refused(shop, ErrorCode.NOT_FOUND, missing)
    pending = shop.return_items(CARD_ORDER, ["2444431651"], CARD)
    await refused(shop, ErrorCode.INVALID_STATE, pending)
    unknown = shop.return_items(DELIVERED, ["6243148452"], "gift_card_0000000")
    await refused(shop, ErrorCode.NOT_FOUND, unknown)
