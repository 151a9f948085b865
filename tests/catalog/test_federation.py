"""Federated search and the canonical cart over the real shop and bazaar sandbox vendors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from agentcli.catalog.federation import Catalog
from agentcli.orchestrator.services import Services, sandbox_services
from connectors.errors import ErrorCode, VendorError
from connectors.harness import parse_fault_plan
from sandbox.world import SandboxWorld

HARPER = "harper_khan_9597"
SHOP_NOTEBOOK_A4_SOFT = "7579176349"
BAZAAR_NOTEBOOK_A4_SOFT = "BZ-NTBK-0023-WLC"
BAZAAR_DOWN = "rules:\n  - {vendor: bazaar, endpoint: /v2/*, fault: status, status: 503}\n"


async def _services(root: Path, plan: str | None = None) -> Services:
    faults = parse_fault_plan(plan) if plan else None
    return sandbox_services(SandboxWorld(root), faults=faults, timeout=5.0)


@pytest.fixture
async def catalog(tmp_path: Path) -> AsyncIterator[Catalog]:
    services = await _services(tmp_path / "world")
    yield Catalog(services.shop, services.bazaar)
    await services.aclose()


async def test_every_result_carries_the_canonical_fields(catalog: Catalog) -> None:
    found = await catalog.search("notebook", limit=20)
    assert found["by_marketplace"]["shop"] >= 1 and found["by_marketplace"]["bazaar"] >= 1
    for result in found["results"]:
        assert result["marketplace"] in ("shop", "bazaar")
        assert result["canonical_id"].startswith("cp-notebook-")
        assert isinstance(result["price_minor"], int) and result["currency"] == "USD"
        assert result["price"] == result["price_minor"] / 100
        assert isinstance(result["available"], bool) and result["sku"]
        assert "seller_rating" in result
    bazaar = [r for r in found["results"] if r["marketplace"] == "bazaar"]
    assert all(r["sku"].startswith("BZ-") and r["seller_rating"] for r in bazaar)
    shop = [r for r in found["results"] if r["marketplace"] == "shop"]
    assert all(r["seller_rating"] is None for r in shop)


async def test_shop_offers_lead_each_type_then_the_bazaar_by_price(catalog: Catalog) -> None:
    found = (await catalog.search("notebook", limit=20))["results"]
    places = [r["marketplace"] for r in found]
    assert places == sorted(places, key=lambda m: m != "shop")
    bazaar_prices = [r["price_minor"] for r in found if r["marketplace"] == "bazaar"]
    assert bazaar_prices == sorted(bazaar_prices)


async def test_the_same_product_on_both_marketplaces_shares_its_id(catalog: Catalog) -> None:
    found = (await catalog.search("notebook", limit=30, available_only=False))["results"]
    by_sku = {r["sku"]: r for r in found}
    shop, bazaar = by_sku[SHOP_NOTEBOOK_A4_SOFT], by_sku[BAZAAR_NOTEBOOK_A4_SOFT]
    assert shop["canonical_id"] == bazaar["canonical_id"]
    offers = await catalog.offers_of(shop["canonical_id"])
    assert {o.marketplace for o in offers} == {"shop", "bazaar"}
    prices = [o.price_minor for o in offers if o.available]
    assert prices == sorted(prices)


async def test_options_match_across_dialects(catalog: Catalog) -> None:
    found = await catalog.search("laptop", options={"screen size": "13-inch"}, limit=50)
    assert {r["marketplace"] for r in found["results"]} == {"shop", "bazaar"}
    for result in found["results"]:
        assert result["options"]["screen size"] in ("13-inch", '13"')


async def test_price_filters_apply_in_each_dialect(catalog: Catalog) -> None:
    found = await catalog.search("notebook", max_price=28.0, limit=20)
    assert found["results"] and all(r["price"] <= 28.0 for r in found["results"])
    only = await catalog.search("notebook", marketplaces=("bazaar",), limit=20)
    assert {r["marketplace"] for r in only["results"]} == {"bazaar"}


async def test_a_marketplace_that_is_down_is_named_not_fatal(tmp_path: Path) -> None:
    services = await _services(tmp_path / "world", BAZAAR_DOWN)
    try:
        found = await Catalog(services.shop, services.bazaar).search("notebook")
        assert {r["marketplace"] for r in found["results"]} == {"shop"}
        assert found["unavailable"]["bazaar"]["code"] == "UNAVAILABLE"
        with pytest.raises(VendorError) as caught:
            await Catalog(services.shop, services.bazaar).search(
                "notebook", marketplaces=("bazaar",)
            )
        assert caught.value.code is ErrorCode.UNAVAILABLE
    finally:
        await services.aclose()


async def test_one_cart_view_over_both_carts(catalog: Catalog) -> None:
    await catalog.shop.add_to_cart(HARPER, SHOP_NOTEBOOK_A4_SOFT, 1)
    assert catalog.bazaar is not None
    await catalog.bazaar.add_to_cart(HARPER, BAZAAR_NOTEBOOK_A4_SOFT, 2)
    cart = await catalog.cart(HARPER)
    assert [(i["marketplace"], i["sku"], i["quantity"]) for i in cart["items"]] == [
        ("shop", SHOP_NOTEBOOK_A4_SOFT, 1),
        ("bazaar", BAZAAR_NOTEBOOK_A4_SOFT, 2),
    ]
    shop_minor = cart["by_marketplace"]["shop"]["total_minor"]
    assert cart["total_minor"] == shop_minor + 2 * 2849
    assert cart["total"] == cart["total_minor"] / 100


@pytest.mark.parametrize(
    "spoil",
    [
        "shape: missing_field, field: data.0.price_minor",
        "shape: wrong_type, field: data.0.attributes",
        "shape: truncated",
    ],
)
async def test_a_garbled_bazaar_answer_is_named_and_the_shop_still_answers(
    tmp_path: Path,
    spoil: str,
) -> None:
    plan = (
        f"rules:\n  - {{vendor: bazaar, endpoint: GET /v2/catalog/search, fault: malformed, "
        f"{spoil}}}\n"
    )
    services = await _services(tmp_path / "world", plan)
    try:
        found = await Catalog(services.shop, services.bazaar).search("notebook")
        assert {r["marketplace"] for r in found["results"]} == {"shop"}
        assert found["unavailable"]["bazaar"]["code"] == "PROTOCOL"
    finally:
        await services.aclose()
