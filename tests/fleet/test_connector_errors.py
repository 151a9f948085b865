"""Every canonical error code, from a real vendor answer or an injected fault, in both modes."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import pytest

from connectors.auth import ClientCredentials, TokenAuth
from connectors.base import RetryPolicy
from connectors.errors import ErrorCode, Recovery, VendorError
from connectors.pay import PayConnector
from connectors.shop import ShopConnector
from tests.fleet.env import Vendors
from tests.fleet.test_connector_shop import (
    DELIVERED,
    HARPER,
    HARPER_GIFT,
    NOTEBOOK_A5,
    PENDING,
)

ONCE = RetryPolicy(attempts=1)
EARBUDS_SOLD_OUT = "2499294441"
ESPRESSO = "7806008610"


async def code_of(call: Awaitable[Any]) -> ErrorCode:
    with pytest.raises(VendorError) as caught:
        await call
    return caught.value.code


async def unchanged(vendors: Vendors, call: Awaitable[Any]) -> ErrorCode:
    """The call's error code, after checking that neither vendor's state moved."""
    before = (await vendors.shop.state_hash(), await vendors.pay.state_hash())
    code = await code_of(call)
    assert (await vendors.shop.state_hash(), await vendors.pay.state_hash()) == before
    return code


# -- real vendor answers -------------------------------------------------------------------


async def test_not_found(vendors: Vendors) -> None:
    assert await unchanged(vendors, vendors.shop.get_order("#W0000000")) is ErrorCode.NOT_FOUND
    assert await unchanged(vendors, vendors.pay.get_intent("pi_nope")) is ErrorCode.NOT_FOUND


async def test_invalid_request(vendors: Vendors) -> None:
    bored = vendors.shop.cancel_order(PENDING, "bored", idempotency_key="k")
    assert await unchanged(vendors, bored) is ErrorCode.INVALID_REQUEST


async def test_invalid_state(vendors: Vendors) -> None:
    late = vendors.shop.cancel_order(DELIVERED, "no longer needed", idempotency_key="k")
    assert await unchanged(vendors, late) is ErrorCode.INVALID_STATE
    intent = await vendors.pay.authorize(500, "usd", "credit_card_1", HARPER)
    await vendors.pay.void(intent["id"])
    assert await unchanged(vendors, vendors.pay.capture(intent["id"])) is ErrorCode.INVALID_STATE


async def test_out_of_stock(vendors: Vendors) -> None:
    sold_out = vendors.shop.add_to_cart(HARPER, EARBUDS_SOLD_OUT, idempotency_key="k")
    assert await unchanged(vendors, sold_out) is ErrorCode.OUT_OF_STOCK


async def test_payment_declined(vendors: Vendors) -> None:
    too_much = vendors.pay.authorize(5_000_001, "usd", "credit_card_1", HARPER)
    assert await unchanged(vendors, too_much) is ErrorCode.PAYMENT_DECLINED


async def test_insufficient_funds(vendors: Vendors) -> None:
    order = vendors.shop.create_order(
        HARPER, [{"item_id": ESPRESSO, "quantity": 1}], HARPER_GIFT, None, idempotency_key="k"
    )
    assert await unchanged(vendors, order) is ErrorCode.INSUFFICIENT_FUNDS


async def test_conflict_on_a_reused_idempotency_key(vendors: Vendors) -> None:
    await vendors.shop.add_to_cart(HARPER, NOTEBOOK_A5, 1, idempotency_key="same")
    other = vendors.shop.add_to_cart(HARPER, NOTEBOOK_A5, 2, idempotency_key="same")
    assert await unchanged(vendors, other) is ErrorCode.CONFLICT
    await vendors.pay.authorize(100, "usd", "credit_card_1", HARPER, idempotency_key="same")
    again = vendors.pay.authorize(200, "usd", "credit_card_1", HARPER, idempotency_key="same")
    assert await unchanged(vendors, again) is ErrorCode.CONFLICT


async def test_unauthorized_with_wrong_credentials(vendors: Vendors) -> None:
    wrong = TokenAuth(ClientCredentials("agentcli-shop", "not-the-secret"))
    shop = ShopConnector(vendors.client("shop", auth=wrong), retry=ONCE)
    error_code = await code_of(shop.get_user(HARPER))
    assert error_code is ErrorCode.UNAUTHORIZED
    assert VendorError(error_code, "", vendor="shop").recovery is Recovery.ESCALATE


# -- injected faults -------------------------------------------------------------------------


async def test_rate_limited_beyond_the_longest_wait_fails_at_once(vendors: Vendors) -> None:
    vendors.faults("rules: [{vendor: shop, fault: status, status: 429, retry_after: 120}]")
    assert await code_of(vendors.shop.get_user(HARPER)) is ErrorCode.RATE_LIMITED
    assert len(vendors.injected("shop")) == 1  # no retry: the vendor asked for two minutes


async def test_unavailable_on_5xx_and_on_a_reset(vendors: Vendors) -> None:
    vendors.faults("rules: [{vendor: pay, fault: status, status: 503}]")
    assert await code_of(vendors.pay.get_intent("pi_1")) is ErrorCode.UNAVAILABLE
    assert len(vendors.injected("pay")) == 3  # a read is retried
    vendors.faults("rules: [{vendor: shop, fault: reset}]")
    assert await code_of(vendors.shop.get_user(HARPER)) is ErrorCode.UNAVAILABLE


async def test_timeout(vendors: Vendors) -> None:
    vendors.faults("rules: [{vendor: shop, endpoint: GET /users/*, fault: timeout}]")
    shop, _ = vendors.connectors(timeout=0.3, retry=ONCE)
    assert await code_of(shop.get_user(HARPER)) is ErrorCode.TIMEOUT


async def test_declines_injected_at_pay(vendors: Vendors) -> None:
    vendors.faults("""
rules:
  - {vendor: pay, endpoint: POST /v1/payment_intents, fault: decline, count: 1}
  - {vendor: pay, endpoint: POST /v1/payment_intents, fault: decline,
     decline_code: insufficient_funds, count: 1}
""")
    authorize = vendors.pay.authorize
    assert await code_of(authorize(100, "usd", "pm", HARPER)) is ErrorCode.PAYMENT_DECLINED
    assert await code_of(authorize(100, "usd", "pm", HARPER)) is ErrorCode.INSUFFICIENT_FUNDS
    assert (await authorize(100, "usd", "pm", HARPER))["status"] == "requires_capture"


async def test_a_stock_race_sells_out_what_the_request_wants(vendors: Vendors) -> None:
    vendors.faults("rules: [{vendor: shop, endpoint: POST /carts/*/items, fault: stock_race}]")
    added = vendors.shop.add_to_cart(HARPER, NOTEBOOK_A5, idempotency_key="k")
    assert await code_of(added) is ErrorCode.OUT_OF_STOCK
    assert (await vendors.shop.get_item(NOTEBOOK_A5))["available"] is False


@pytest.mark.parametrize(
    ("spoil", "named"),
    [
        ("shape: truncated", "not JSON"),
        ("shape: missing_field, field: status", "status: Field required"),
        ("shape: missing_field, field: order_id", "without a order_id"),
        (
            "shape: wrong_type, field: items.0.price",
            "items.0.price: Input should be a valid number",
        ),
        (
            "shape: wrong_type, field: payment_history",
            "payment_history: Input should be a valid list",
        ),
        ("shape: html, status: 200", "not JSON"),
    ],
)
async def test_protocol_on_malformed_answers(vendors: Vendors, spoil: str, named: str) -> None:
    vendors.faults(f"rules: [{{vendor: shop, endpoint: GET /orders/*, fault: malformed, {spoil}}}]")
    with pytest.raises(VendorError) as caught:
        await vendors.shop.get_order(PENDING)
    assert caught.value.code is ErrorCode.PROTOCOL and named in caught.value.message
    assert vendors.exchanges[-1].response_body is not None  # what it said is kept for the trace


async def test_a_malformed_intent_is_protocol(vendors: Vendors) -> None:
    vendors.faults("rules: [{vendor: pay, fault: malformed, shape: wrong_type, field: amount}]")
    with pytest.raises(VendorError) as caught:
        await vendors.pay.authorize(100, "usd", "pm", HARPER)
    assert caught.value.code is ErrorCode.PROTOCOL and "amount" in caught.value.message


async def test_an_html_error_page_is_unavailable_and_kept(vendors: Vendors) -> None:
    vendors.faults("rules: [{vendor: pay, fault: malformed, shape: html}]")
    pay = PayConnector(vendors.client("pay"), retry=ONCE, observer=vendors.exchanges.append)
    with pytest.raises(VendorError) as caught:
        await pay.get_intent("pi_1")
    assert caught.value.code is ErrorCode.UNAVAILABLE and caught.value.status == 502
    assert "<h1>502 Bad Gateway</h1>" in vendors.exchanges[-1].response_body
