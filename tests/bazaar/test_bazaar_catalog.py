"""The shipped catalog: deterministic, big enough, and comparable with the shop's."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sandbox import TAU2_RETAIL_DATA
from sandbox.bazaar import make_catalog

ROOT = Path(__file__).resolve().parents[2]
SHOP_DB = TAU2_RETAIL_DATA / "db.json"


def test_the_shipped_file_is_what_the_script_makes() -> None:
    assert make_catalog.OUTPUT.read_text("utf-8") == make_catalog.render(make_catalog.build())


def test_at_least_300_products_with_bazaar_skus_and_integer_prices() -> None:
    catalog = json.loads(make_catalog.OUTPUT.read_text("utf-8"))
    listings = catalog["listings"]
    assert len(listings) >= 300
    assert len({item["sku"] for item in listings}) == len(listings)
    assert all(re.fullmatch(r"BZ-[A-Z]{4}-\d{4}-[A-Z0-9]{3}", item["sku"]) for item in listings)
    assert all(
        isinstance(item["price_minor"], int) and item["price_minor"] > 0 for item in listings
    )
    sellers = {s["seller_id"] for s in catalog["sellers"]}
    assert {item["seller_id"] for item in listings} <= sellers
    assert any(item["stock"] == 0 for item in listings)


def test_most_shop_product_types_are_sold_on_the_bazaar_too() -> None:
    shop = {p["name"] for p in json.loads(SHOP_DB.read_text("utf-8"))["products"].values()}
    assert set(make_catalog.SHARED_TYPES) <= shop
    assert len(make_catalog.SHARED_TYPES) >= 30
