"""Catalog search: words, price range, options, availability, limit and order."""

from __future__ import annotations

from connectors.shop import ShopConnector


def _order_key(hit: dict) -> tuple[str, float]:
    return hit["name"].lower(), hit["price"]


async def test_plural_words_find_the_product(shop: ShopConnector) -> None:
    found = await shop.search(q="keyboards", limit=100)
    assert found["total"] > 0
    assert {hit["name"] for hit in found["results"]} == {"Mechanical Keyboard"}
    assert found["results"] == sorted(found["results"], key=_order_key)
    assert set(found["results"][0]) == {
        "product_id",
        "name",
        "item_id",
        "options",
        "price",
        "available",
    }


async def test_every_word_must_match_name_or_option_value(shop: ShopConnector) -> None:
    found = await shop.search(q="RED t-shirt")
    assert found["total"] == 3
    assert all(hit["name"] == "T-Shirt" for hit in found["results"])
    assert all(hit["options"]["color"] == "red" for hit in found["results"])
    assert (await shop.search(q="red t-shirt XL"))["total"] == 0


async def test_price_option_and_availability_filters(shop: ShopConnector) -> None:
    cheap = await shop.search(max_price=30.0, limit=100)
    assert [hit["item_id"] for hit in cheap["results"]] == [
        "6574183535",
        "9799386954",
        "7579176349",
    ]
    ranged = await shop.search(q="notebook", min_price=29.0, max_price=33.0)
    assert [hit["price"] for hit in ranged["results"]] == [29.28, 32.29, 32.37]
    in_stock = await shop.search(q="notebook", min_price=29.0, max_price=33.0, available_only=True)
    assert [hit["price"] for hit in in_stock["results"]] == [29.28, 32.29]
    black_xxl = await shop.search(q="shirt", options={"Color": "Black", "size": "xxl"})
    assert {hit["options"]["material"] for hit in black_xxl["results"]} == {"cotton", "polyester"}
    assert all(hit["options"]["color"] == "black" for hit in black_xxl["results"])
    prices = [hit["price"] for hit in black_xxl["results"]]
    assert prices == sorted(prices)


async def test_limit_cuts_results_but_not_the_total(shop: ShopConnector) -> None:
    everything = await shop.search(limit=5)
    assert len(everything["results"]) == 5
    assert everything["total"] == 591
    assert everything["results"][0]["name"] == "Action Camera"
