"""Every BazaarConnector call against the real bazaar app: what a client gets back."""

from __future__ import annotations

from bazaar_helpers import KETTLE, NOTEBOOK

from connectors.bazaar import BazaarConnector

BUYER = "sofia_rossi_8776"


async def test_search_pages_through_a_cursor_without_gaps(bazaar: BazaarConnector) -> None:
    first = await bazaar.search("notebook", limit=4)
    assert first["page"]["total"] == 7
    seen = [listing["sku"] for listing in first["data"]]
    cursor = first["page"]["next_cursor"]
    while cursor:
        page = await bazaar.search("notebook", limit=4, cursor=cursor)
        seen += [listing["sku"] for listing in page["data"]]
        cursor = page["page"]["next_cursor"]
    assert len(seen) == len(set(seen)) == 7
    assert seen == [listing["sku"] for listing in await bazaar.search_all("notebook")]


async def test_search_results_speak_the_bazaar_dialect(bazaar: BazaarConnector) -> None:
    page = await bazaar.search("notebook", limit=2, in_stock=True)
    listing = page["data"][0]
    assert isinstance(listing["price_minor"], int) and listing["currency"] == "USD"
    assert listing["sku"].startswith("BZ-NTBK-")
    assert set(listing["seller"]) == {"id", "name", "rating", "rating_count"}
    assert listing["in_stock"] is (listing["stock"] > 0)


async def test_search_filters_by_price_attribute_category_and_seller(
    bazaar: BazaarConnector,
) -> None:
    cheap = await bazaar.search_all("notebook", max_price_minor=2500)
    assert cheap and all(item["price_minor"] <= 2500 for item in cheap)
    a5 = await bazaar.search_all(attributes={"size": "a5"}, category="stationery")
    assert a5 and all(item["attributes"]["size"] == "A5" for item in a5)
    assert all(item["category"] == "stationery.notebooks" for item in a5)
    seller = await bazaar.search_all("notebook", seller="S07")
    assert seller and {item["seller"]["id"] for item in seller} == {"S07"}
    assert await bazaar.search_all("notebook", min_price_minor=10**8) == []


async def test_listing_seller_categories_and_promotions(bazaar: BazaarConnector) -> None:
    listing = await bazaar.get_listing(KETTLE)
    assert listing["price_minor"] == 14499 and listing["category"] == "kitchen.kettles.electric"
    assert "PR-KITCHEN15" in [p["promotion_id"] for p in listing["promotions"]]
    assert "PR-SUMMER25" not in [p["promotion_id"] for p in listing["promotions"]]  # ended
    seller = await bazaar.get_seller(listing["seller"]["id"])
    assert seller["rating"] == listing["seller"]["rating"]
    categories = {c["id"]: c for c in await bazaar.categories()}
    assert categories["stationery.notebooks"] == {
        "id": "stationery.notebooks",
        "name": "Notebooks",
        "listings": 7,
    }
    assert {p["code"] for p in await bazaar.promotions()} >= {"WELCOME10", "FIVEOFF", None}


async def test_cart_add_remove_and_promo_code(bazaar: BazaarConnector) -> None:
    assert (await bazaar.get_cart(BUYER))["lines"] == []
    cart = await bazaar.add_to_cart(BUYER, NOTEBOOK, 2)
    assert [(line["sku"], line["qty"]) for line in cart["lines"]] == [(NOTEBOOK, 2)]
    assert cart["total_minor"] == cart["subtotal_minor"] == 2 * 2849
    cart = await bazaar.apply_promo(BUYER, "fiveoff")
    assert (cart["promo_code"], cart["discount_minor"], cart["total_minor"]) == (
        "FIVEOFF",
        500,
        2 * 2849 - 500,
    )
    cart = await bazaar.clear_promo(BUYER)
    assert cart["promo_code"] is None and cart["discount_minor"] == 0
    cart = await bazaar.remove_from_cart(BUYER, NOTEBOOK, 1)
    assert cart["lines"][0]["qty"] == 1
    cart = await bazaar.remove_from_cart(BUYER, NOTEBOOK)
    assert cart["lines"] == [] and cart["total_minor"] == 0


async def test_order_from_cart_then_cancel_owes_a_refund(bazaar: BazaarConnector) -> None:
    await bazaar.add_to_cart(BUYER, NOTEBOOK, 3)
    order = await bazaar.create_order(
        BUYER, "pi_test_1", from_cart=True, expected_total_minor=3 * 2849, idempotency_key="o-1"
    )
    assert order["status"] == "placed" and order["order_id"].startswith("BZO-")
    assert order["total_minor"] == 3 * 2849 and order["payment_ref"] == "pi_test_1"
    assert (await bazaar.get_cart(BUYER))["lines"] == []
    assert (await bazaar.get_listing(NOTEBOOK))["stock"] == 16 - 3
    assert (await bazaar.get_order(order["order_id"]))["lines"] == order["lines"]
    assert [o["order_id"] for o in await bazaar.list_orders(BUYER)] == [order["order_id"]]

    cancelled = await bazaar.cancel_order(order["order_id"], "buyer_request")
    assert cancelled["status"] == "cancelled"
    assert cancelled["refund"]["amount_minor"] == 3 * 2849
    assert cancelled["refund"]["payment_ref"] == "pi_test_1"
    assert (await bazaar.get_listing(NOTEBOOK))["stock"] == 16


async def test_explicit_lines_and_partial_cancellation(bazaar: BazaarConnector) -> None:
    order = await bazaar.create_order(
        BUYER,
        "pi_test_2",
        lines=[(NOTEBOOK, 1), (KETTLE, 1)],
        ship_to={"name": "Sofia Rossi", "city": "Austin"},
    )
    assert order["ship_to"] == {"name": "Sofia Rossi", "city": "Austin"}
    partial = await bazaar.cancel_order(order["order_id"], "other", skus=[NOTEBOOK])
    assert partial["status"] == "partially_cancelled"
    assert partial["refund"]["amount_minor"] == 2849
    rest = await bazaar.cancel_order(order["order_id"], "other")
    assert rest["status"] == "cancelled"
    assert rest["refund"]["amount_minor"] == 14499
    assert rest["refunded_minor"] == order["total_minor"]


async def test_orders_list_follows_the_cursor_newest_first(bazaar: BazaarConnector) -> None:
    placed = []
    for n in range(3):
        order = await bazaar.create_order(BUYER, f"pi_list_{n}", lines=[(NOTEBOOK, 1)])
        placed.append(order["order_id"])
    page = await bazaar.request("GET", f"/v2/buyers/{BUYER}/orders", params={"limit": 2})
    assert [o["order_id"] for o in page["data"]] == placed[::-1][:2]
    assert page["page"]["next_cursor"] == placed[1]
    assert [o["order_id"] for o in await bazaar.list_orders(BUYER)] == placed[::-1]


async def test_state_document_and_hash_follow_changes(bazaar: BazaarConnector) -> None:
    before = await bazaar.state_hash()
    assert (await bazaar.state())["orders"] == {}
    await bazaar.add_to_cart(BUYER, NOTEBOOK)
    assert await bazaar.state_hash() != before
    assert (await bazaar.state())["carts"] == {BUYER: {NOTEBOOK: 1}}
