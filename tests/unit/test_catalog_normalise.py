"""SKU and attribute normalisation: the same product gets the same canonical id everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agentcli.catalog.model import bazaar_offer, shop_offer
from agentcli.catalog.normalise import (
    attribute_key,
    attribute_value,
    canonical_id,
    marketplace_of,
    type_key,
)
from sandbox import TAU2_RETAIL_DATA
from sandbox.bazaar import make_catalog

ROOT = Path(__file__).resolve().parents[2]
SHOP_DB = TAU2_RETAIL_DATA / "db.json"


@pytest.mark.parametrize(("shop_name", "bazaar"), list(make_catalog.SHARED_TYPES.items()))
def test_every_shared_type_has_one_key(shop_name: str, bazaar: tuple[str, str, str]) -> None:
    assert type_key(shop_name) == type_key(bazaar[1])


@pytest.mark.parametrize(
    ("shop", "bazaar", "canonical"),
    [
        ("13-inch", '13"', "13in"),
        ("10 inches", '10"', "10in"),
        ("1000ml", "1000 mL", "1000ml"),
        ("1.5L", "1.5 L", "1.5l"),
        ("1 liter", "1 Liter", "1l"),
        ("256GB SSD", "256 GB SSD", "256gb ssd"),
        ("100ft", "100 ft", "100ft"),
        ("4mm", "4 mm", "4mm"),
        ("20000mAh", "20000 mAh", "20000mah"),
        ("soft cover", "Soft Cover", "soft cover"),
        ("Wi-Fi + Cellular", "Wi-Fi + Cellular", "wi-fi + cellular"),
    ],
)
def test_values_in_both_dialects_meet(shop: str, bazaar: str, canonical: str) -> None:
    assert attribute_value(shop) == attribute_value(bazaar) == canonical


def test_keys_in_both_dialects_meet() -> None:
    assert attribute_key("screen size") == attribute_key("screen_size") == "screen size"
    assert attribute_key("colour") == attribute_key("Color") == "color"
    assert attribute_key("RAM") == attribute_key("ram")


def test_canonical_ids_are_shaped_and_order_free() -> None:
    one = canonical_id("Notebook", {"size": "A4", "cover type": "soft cover"})
    two = canonical_id("Notebooks", {"cover_type": "Soft Cover", "size": "a4"})
    assert one == two and one.startswith("cp-notebook-") and len(one.split("-")[-1]) == 10
    assert one != canonical_id("Notebook", {"size": "A5", "cover type": "soft cover"})


def test_many_bazaar_listings_are_the_same_product_as_a_shop_variant() -> None:
    shop = json.loads(SHOP_DB.read_text("utf-8"))
    shop_ids = {
        shop_offer(
            {**variant, "product_id": product["product_id"], "name": product["name"]}, 1
        ).canonical_id
        for product in shop["products"].values()
        for variant in product["variants"].values()
    }
    catalog = make_catalog.build()
    sellers = {s["seller_id"]: s for s in catalog["sellers"]}
    bazaar_ids = {
        bazaar_offer(
            {
                **listing,
                "in_stock": listing["stock"] > 0,
                "seller": {
                    "id": listing["seller_id"],
                    "rating": sellers[listing["seller_id"]]["rating"],
                },
            }
        ).canonical_id
        for listing in catalog["listings"]
    }
    assert len(shop_ids & bazaar_ids) >= 100


def test_the_sku_scheme_names_the_marketplace() -> None:
    assert marketplace_of("9799386954") == "shop"
    assert marketplace_of("BZ-NTBK-0023-WLC") == "bazaar"
    assert marketplace_of("HO-PAR02-STD-20261210-2") is None
