"""Every BazaarConnector call and error code against the bazaar, in-process and over sockets."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import pytest

from connectors.auth import ClientCredentials, TokenAuth
from connectors.base import RetryPolicy
from connectors.bazaar import BazaarConnector
from connectors.errors import ErrorCode, VendorError
from tests.fleet.env import NO_WAIT, Vendors

BUYER = "harper_khan_9597"
NOTEBOOK = "BZ-NTBK-0023-WLC"  # $28.49, 16 in stock
KETTLE = "BZ-EKTL-0059-8TE"  # $144.99, 52 in stock
LAST_CANDLE = "BZ-CNDL-0118-S89"  # 1 in stock
ONCE = RetryPolicy(attempts=1)


def bazaar(vendors: Vendors) -> BazaarConnector:
    return BazaarConnector(
        vendors.client("bazaar"), retry=NO_WAIT, observer=vendors.exchanges.append
    )


async def code_of(call: Awaitable[Any]) -> ErrorCode:
    with pytest.raises(VendorError) as caught:
        await call
    return caught.value.code


async def test_catalog_reads(vendors: Vendors) -> None:
    bz = bazaar(vendors)
    page = await bz.search("notebook", limit=3)
    assert page["page"]["total"] == 7 and page["page"]["next_cursor"]
    assert len(await bz.search_all("notebook")) == 7
    listing = await bz.get_listing(NOTEBOOK)
    assert listing["price_minor"] == 2849
    assert (await bz.get_seller(listing["seller"]["id"]))["name"] == "Brightside Home"
    assert any(c["id"] == "stationery.notebooks" for c in await bz.categories())
    assert len(await bz.promotions()) == 5


async def test_cart_promo_order_cancel_and_state(vendors: Vendors) -> None:
    bz = bazaar(vendors)
    before = await bz.state_hash()
    await bz.add_to_cart(BUYER, NOTEBOOK, 3, idempotency_key="k-add")
    await bz.remove_from_cart(BUYER, NOTEBOOK, 1, idempotency_key="k-rm")
    cart = await bz.apply_promo(BUYER, "FIVEOFF", idempotency_key="k-promo")
    assert cart["total_minor"] == 2 * 2849 - 500
    assert (await bz.clear_promo(BUYER, idempotency_key="k-clear"))["discount_minor"] == 0
    assert (await bz.get_cart(BUYER))["lines"][0]["qty"] == 2
    order = await bz.create_order(
        BUYER, "pi_fleet", from_cart=True, expected_total_minor=5698, idempotency_key="k-order"
    )
    assert (await bz.get_order(order["order_id"]))["status"] == "placed"
    assert [o["order_id"] for o in await bz.list_orders(BUYER)] == [order["order_id"]]
    cancelled = await bz.cancel_order(order["order_id"], idempotency_key="k-cancel")
    assert cancelled["refund"]["amount_minor"] == 5698
    assert (await bz.state())["orders"][order["order_id"]]["status"] == "cancelled"
    assert await bz.state_hash() != before


async def test_real_refusals_map_to_canonical_codes(vendors: Vendors) -> None:
    bz = bazaar(vendors)
    assert await code_of(bz.get_order("BZO-000000")) is ErrorCode.NOT_FOUND
    assert await code_of(bz.add_to_cart(BUYER, "BZ-XXXX-0000-AAA")) is ErrorCode.NOT_FOUND
    assert await code_of(bz.search("x", cursor="garbage")) is ErrorCode.INVALID_REQUEST
    assert await code_of(bz.create_order(BUYER, "pi_e", from_cart=True)) is ErrorCode.INVALID_STATE
    await bz.create_order("someone_else", "pi_c1", lines=[(LAST_CANDLE, 1)])
    assert await code_of(bz.add_to_cart(BUYER, LAST_CANDLE)) is ErrorCode.OUT_OF_STOCK
    assert await code_of(bz.create_order(BUYER, "pi_c1", lines=[(KETTLE, 1)])) is ErrorCode.CONFLICT


async def test_unauthorized_with_wrong_credentials(vendors: Vendors) -> None:
    wrong = TokenAuth(ClientCredentials("agentcli-bazaar", "not-the-secret"))
    bz = BazaarConnector(vendors.client("bazaar", auth=wrong), retry=ONCE)
    assert await code_of(bz.get_listing(NOTEBOOK)) is ErrorCode.UNAUTHORIZED


async def test_injected_faults(vendors: Vendors) -> None:
    bz = bazaar(vendors)
    vendors.faults("rules: [{vendor: bazaar, fault: status, status: 503}]")
    assert await code_of(bz.get_listing(NOTEBOOK)) is ErrorCode.UNAVAILABLE
    vendors.faults("rules: [{vendor: bazaar, fault: status, status: 429, retry_after: 120}]")
    assert await code_of(bz.get_listing(NOTEBOOK)) is ErrorCode.RATE_LIMITED
    vendors.faults("rules: [{vendor: bazaar, fault: timeout}]")
    slow = BazaarConnector(vendors.client("bazaar", timeout=0.3), retry=ONCE)
    assert await code_of(slow.get_listing(NOTEBOOK)) is ErrorCode.TIMEOUT
    vendors.faults(
        "rules: [{vendor: bazaar, fault: malformed, shape: missing_field, field: data.sku}]"
    )
    assert await code_of(bz.get_listing(NOTEBOOK)) is ErrorCode.PROTOCOL
    vendors.faults("rules: [{vendor: bazaar, fault: malformed, shape: html, status: 200}]")
    assert await code_of(bz.get_listing(NOTEBOOK)) is ErrorCode.PROTOCOL


async def test_a_stock_race_sells_out_the_cart_at_order_time(vendors: Vendors) -> None:
    bz = bazaar(vendors)
    await bz.add_to_cart(BUYER, NOTEBOOK, 2)
    vendors.faults("rules: [{vendor: bazaar, endpoint: POST /v2/orders, fault: stock_race}]")
    assert await code_of(bz.create_order(BUYER, "pi_r", from_cart=True)) is ErrorCode.OUT_OF_STOCK
    assert (await bz.get_listing(NOTEBOOK))["stock"] == 0


@pytest.mark.parametrize(
    ("field", "named"),
    [
        ("data.price_minor", "price_minor"),
        ("data.seller.rating", "seller.rating"),
        ("data.attributes", "attributes"),
    ],
)
async def test_a_malformed_listing_is_protocol_naming_the_field(
    vendors: Vendors,
    field: str,
    named: str,
) -> None:
    vendors.faults(
        f"rules: [{{vendor: bazaar, endpoint: GET /v2/catalog/listings/*, "
        f"fault: malformed, shape: wrong_type, field: {field}}}]"
    )
    with pytest.raises(VendorError) as caught:
        await bazaar(vendors).get_listing(NOTEBOOK)
    assert caught.value.code is ErrorCode.PROTOCOL and named in caught.value.message
