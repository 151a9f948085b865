"""Every ShopConnector call against the shop vendor, in-process and over sockets."""

from __future__ import annotations

import hashlib
import json

from connectors.state import export_state, state_reader
from tests.fleet.env import Vendors

HARPER = "harper_khan_9597"
HARPER_GIFT = "gift_card_6445682"
HARPER_CARD = "credit_card_1719121"
PENDING = "#W8073958"  # harper: earbuds, camera, purifier, action camera; paid by gift card
DELIVERED = "#W3134391"  # harper: espresso machine, paid by card
EARBUDS_BLUE_8H = "6077640618"
EARBUDS_BLACK_4H = "4063058357"
ESPRESSO_9BAR_1L = "7806008610"
ESPRESSO_15BAR_1L_MANUAL = "3714494375"
NOTEBOOK_A5 = "9799386954"
ADDRESS = {
    "address1": "12 Oak St",
    "address2": "Apt 3",
    "city": "Austin",
    "state": "TX",
    "country": "USA",
    "zip": "78701",
}


async def test_users_by_email_name_and_id(vendors: Vendors) -> None:
    shop = vendors.shop
    assert await shop.find_user_by_email("Harper.Khan1177@example.com") == HARPER
    assert await shop.find_user_by_name_zip("harper", "KHAN", "19029") == HARPER
    user = await shop.get_user(HARPER)
    assert user["payment_methods"][HARPER_GIFT]["balance"] == 99.0
    assert user["orders"] == [DELIVERED, PENDING]


async def test_modify_user_address(vendors: Vendors) -> None:
    user = await vendors.shop.modify_user_address(HARPER, **ADDRESS, idempotency_key="k-addr")
    assert user["address"] == ADDRESS
    assert (await vendors.shop.get_user(HARPER))["address"] == ADDRESS
    assert (await vendors.shop.get_order(PENDING))["address"]["city"] == "San Diego"


async def test_catalog_reads(vendors: Vendors) -> None:
    shop = vendors.shop
    types = await shop.list_product_types()
    assert len(types) == 50 and types["Wireless Earbuds"] == "9924732112"
    product = await shop.get_product("9924732112")
    assert EARBUDS_BLACK_4H in product["variants"]
    item = await shop.get_item(EARBUDS_BLACK_4H)
    assert item == product["variants"][EARBUDS_BLACK_4H]
    found = await shop.search(q="notebook", options={"size": "A5"}, available_only=True)
    assert [r["item_id"] for r in found["results"]] == [NOTEBOOK_A5]


async def test_cart_add_view_remove(vendors: Vendors) -> None:
    shop = vendors.shop
    cart = await shop.add_to_cart(HARPER, NOTEBOOK_A5, 2, idempotency_key="k-cart")
    assert [(i["item_id"], i["quantity"]) for i in cart["items"]] == [(NOTEBOOK_A5, 2)]
    assert (await shop.get_cart(HARPER))["total"] == round(2 * 28.59, 2)
    cart = await shop.remove_from_cart(HARPER, NOTEBOOK_A5, 1, idempotency_key="k-rm")
    assert cart["items"][0]["quantity"] == 1


async def test_create_get_and_cancel_an_order(vendors: Vendors) -> None:
    shop = vendors.shop
    order = await shop.create_order(
        HARPER,
        [{"item_id": NOTEBOOK_A5, "quantity": 1}],
        HARPER_GIFT,
        "pi_test",
        idempotency_key="k-order",
    )
    assert order["status"] == "pending" and order["payment_reference"] == "pi_test"
    assert (await shop.get_order(order["order_id"]))["items"][0]["item_id"] == NOTEBOOK_A5
    cancelled = await shop.cancel_order(
        order["order_id"], "ordered by mistake", idempotency_key="k-cancel"
    )
    assert cancelled["status"] == "cancelled"
    gift = (await shop.get_user(HARPER))["payment_methods"][HARPER_GIFT]
    assert gift["balance"] == 99.0


async def test_modify_order_address(vendors: Vendors) -> None:
    order = await vendors.shop.modify_order_address(PENDING, **ADDRESS, idempotency_key="k1")
    assert order["address"] == ADDRESS and order["status"] == "pending"


async def test_modify_order_payment_records_the_new_intent(vendors: Vendors) -> None:
    order = await vendors.shop.modify_order_payment(
        PENDING, HARPER_CARD, idempotency_key="k2", payment_reference="pi_new"
    )
    assert [p["transaction_type"] for p in order["payment_history"]] == [
        "payment",
        "payment",
        "refund",
    ]
    assert order["payment_reference"] == "pi_new"
    gift = (await vendors.shop.get_user(HARPER))["payment_methods"][HARPER_GIFT]
    assert gift["balance"] == round(99.0 + 4569.4, 2)


async def test_modify_order_items(vendors: Vendors) -> None:
    order = await vendors.shop.modify_order_items(
        PENDING, [EARBUDS_BLUE_8H], [EARBUDS_BLACK_4H], HARPER_GIFT, idempotency_key="k3"
    )
    assert order["status"] == "pending (item modified)"
    assert order["items"][0]["item_id"] == EARBUDS_BLACK_4H
    assert order["payment_history"][-1]["amount"] == 243.34 - 242.92


async def test_exchange_and_return_on_a_delivered_order(vendors: Vendors) -> None:
    shop = vendors.shop
    exchanged = await shop.exchange_items(
        DELIVERED, [ESPRESSO_9BAR_1L], [ESPRESSO_15BAR_1L_MANUAL], HARPER_CARD, idempotency_key="k4"
    )
    assert exchanged["status"] == "exchange requested"
    assert exchanged["exchange_new_items"] == [ESPRESSO_15BAR_1L_MANUAL]
    daiki = await shop.return_items(
        "#W8032761", ["8484921793"], "gift_card_2977513", idempotency_key="k5"
    )
    assert daiki["status"] == "return requested" and daiki["return_items"] == ["8484921793"]


async def test_state_export_is_the_canonical_document_and_its_hash(vendors: Vendors) -> None:
    await vendors.shop.modify_order_address(PENDING, **ADDRESS, idempotency_key="k6")
    export = await export_state(state_reader("shop", vendors.client("shop")))
    assert export.sha256 == await vendors.shop.state_hash()
    assert export.sha256 == hashlib.sha256(export.text.encode()).hexdigest()
    document = json.loads(export.text)
    assert json.dumps(document, sort_keys=True) == export.text
    assert document == await vendors.shop.state()
    assert document["orders"][PENDING]["address"] == ADDRESS
