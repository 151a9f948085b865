"""Search ranking: products named by the query come before option-only matches."""

from __future__ import annotations

from sandbox.shop.catalog import SearchQuery, search

PRODUCTS = [
    {
        "product_id": "1",
        "name": "Backpack",
        "variants": {
            "11": {
                "item_id": "11",
                "options": {"compartment": "laptop"},
                "price": 200.0,
                "available": True,
            }
        },
    },
    {
        "product_id": "2",
        "name": "Laptop",
        "variants": {
            "21": {
                "item_id": "21",
                "options": {"color": "black"},
                "price": 2000.0,
                "available": True,
            }
        },
    },
]


def test_named_products_rank_first() -> None:
    found = search(PRODUCTS, SearchQuery(words=("laptop",)))
    assert [hit["name"] for hit in found["results"]] == ["Laptop", "Backpack"]
    assert found["total"] == 2


def test_without_words_order_is_by_name_then_price() -> None:
    found = search(PRODUCTS, SearchQuery())
    assert [hit["name"] for hit in found["results"]] == ["Backpack", "Laptop"]
