"""Credentials, retries, rate limits and trace headers, in-process and over sockets."""

from __future__ import annotations

import re
import time

from connectors.auth import TokenAuth
from connectors.base import RetryPolicy
from connectors.errors import ErrorCode
from connectors.pay import PayConnector
from connectors.ratelimit import TokenBucket
from connectors.shop import ShopConnector
from tests.fleet.env import Vendors
from tests.fleet.test_connector_errors import code_of
from tests.fleet.test_connector_shop import HARPER, HARPER_GIFT, NOTEBOOK_A5

TRACEPARENT = re.compile(r"^00-[0-9a-f]{32}-[0-9a-f]{16}-01$")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_token_is_fetched_once_and_renewed_before_it_expires(vendors: Vendors) -> None:
    clock = Clock()
    auth = TokenAuth(vendors.world.credentials()["shop"], clock=clock)
    shop = ShopConnector(vendors.client("shop", auth=auth))
    for _ in range(3):
        await shop.get_user(HARPER)
    assert auth.fetched == 1
    clock.now += 3600  # past the vendor's expires_in
    await shop.get_user(HARPER)
    assert auth.fetched == 2


async def test_a_401_gets_a_new_token_and_one_more_try(vendors: Vendors) -> None:
    auth = TokenAuth(vendors.world.credentials()["pay"])
    pay = PayConnector(vendors.client("pay", auth=auth), retry=RetryPolicy(attempts=1))
    await pay.list_intents(HARPER)
    vendors.faults("rules: [{vendor: pay, fault: status, status: 401, count: 1}]")
    assert await pay.list_intents(HARPER) == []
    assert auth.fetched == 2


async def test_reads_are_retried_writes_without_a_key_are_not(vendors: Vendors) -> None:
    vendors.faults("rules: [{vendor: shop, fault: status, status: 503, count: 1}]")
    assert (await vendors.shop.get_user(HARPER))["user_id"] == HARPER
    vendors.faults("rules: [{vendor: shop, fault: status, status: 503, count: 1}]")
    before = await vendors.shop.state_hash()
    added = vendors.shop.add_to_cart(HARPER, NOTEBOOK_A5)
    assert await code_of(added) is ErrorCode.UNAVAILABLE
    assert len(vendors.injected("shop")) == 1
    assert await vendors.shop.state_hash() == before


async def test_a_write_whose_answer_was_lost_is_retried_once_with_its_key(
    vendors: Vendors,
) -> None:
    vendors.faults("""
rules:
  - {vendor: pay, endpoint: "POST /v1/payment_intents/*/capture", fault: timeout, when: after,
     count: 1}
  - {vendor: shop, endpoint: POST /orders, fault: timeout, when: after, count: 1}
""")
    shop, pay = vendors.connectors(timeout=0.5)
    intent = await pay.authorize(2859, "usd", HARPER_GIFT, HARPER, idempotency_key="auth-1")
    captured = await pay.capture(intent["id"], idempotency_key="capture-1")
    assert captured["status"] == "succeeded" and captured["amount_received"] == 2859
    assert [i["amount_received"] for i in await pay.list_intents(HARPER)] == [2859]
    order = await shop.create_order(
        HARPER,
        [{"item_id": NOTEBOOK_A5, "quantity": 1}],
        HARPER_GIFT,
        intent["id"],
        idempotency_key="order-1",
    )
    orders = (await shop.get_user(HARPER))["orders"]
    assert orders.count(order["order_id"]) == 1 and len(orders) == 3
    assert [f.fault for f in vendors.injected("pay")] == ["timeout"]


async def test_retry_after_is_honoured_by_every_later_call(vendors: Vendors) -> None:
    vendors.faults(
        "rules: [{vendor: shop, fault: status, status: 429, retry_after: 0.3, count: 1}]"
    )
    started = time.perf_counter()
    assert (await vendors.shop.get_user(HARPER))["user_id"] == HARPER
    assert time.perf_counter() - started >= 0.3
    assert vendors.shop.limiter.waited >= 0.29


async def test_the_token_bucket_spaces_calls_out(vendors: Vendors) -> None:
    shop, _ = vendors.connectors(limiter=TokenBucket(rate=20, burst=1))
    started = time.perf_counter()
    for _ in range(5):
        await shop.get_item(NOTEBOOK_A5)
    assert time.perf_counter() - started >= 4 / 20 - 0.01


async def test_every_call_carries_a_traceparent_and_no_credentials_in_the_trace(
    vendors: Vendors,
) -> None:
    await vendors.shop.get_user(HARPER)
    await vendors.pay.authorize(100, "usd", HARPER_GIFT, HARPER, idempotency_key="k")
    assert len(vendors.exchanges) == 2
    for exchange in vendors.exchanges:
        assert TRACEPARENT.match(exchange.request_headers["traceparent"])
        assert not any(k.lower() == "authorization" for k in exchange.request_headers)
    assert vendors.exchanges[1].request_headers["Idempotency-Key"] == "k"
