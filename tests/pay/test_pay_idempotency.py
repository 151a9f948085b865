"""Idempotency-Key on every POST: stored first answers, replays, conflicts, concurrency."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from pay_helpers import card, connector, intent_body, pay_client

from connectors.errors import ErrorCode, VendorError
from connectors.pay import PayConnector


async def count_intents(pay: PayConnector) -> int:
    return len((await pay.state())["payment_intents"])


async def test_replay_returns_the_same_intent_and_creates_no_other(pay: PayConnector) -> None:
    first = await pay.authorize(**card(idempotency_key="order-W1"))
    again = await pay.authorize(**card(idempotency_key="order-W1"))

    assert again == first
    assert await count_intents(pay) == 1


async def test_replay_is_marked_and_byte_identical(client: httpx.AsyncClient) -> None:
    headers = {"Idempotency-Key": "k1"}
    first = await client.post("/v1/payment_intents", json=intent_body(), headers=headers)
    again = await client.post("/v1/payment_intents", json=intent_body(), headers=headers)

    assert first.status_code == again.status_code == 200
    assert "idempotent-replayed" not in first.headers
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content


async def test_key_order_and_spacing_do_not_make_another_request(client: httpx.AsyncClient) -> None:
    headers = {"Idempotency-Key": "k1", "Content-Type": "application/json"}
    body = intent_body()
    shuffled = json.dumps(dict(reversed(list(body.items()))), indent=2)
    first = await client.post("/v1/payment_intents", json=body, headers=headers)
    again = await client.post("/v1/payment_intents", content=shuffled, headers=headers)

    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]


async def test_without_a_key_every_call_acts(pay: PayConnector) -> None:
    await pay.authorize(**card())
    await pay.authorize(**card())
    assert await count_intents(pay) == 2


async def test_same_key_other_body_is_conflict_and_changes_nothing(pay: PayConnector) -> None:
    first = await pay.authorize(**card(idempotency_key="k"))

    with pytest.raises(VendorError) as caught:
        await pay.authorize(**card(amount_cents=2600, idempotency_key="k"))

    assert caught.value.code is ErrorCode.CONFLICT
    assert await count_intents(pay) == 1
    assert await pay.authorize(**card(idempotency_key="k")) == first


async def test_same_key_on_another_path_is_conflict(pay: PayConnector) -> None:
    intent = await pay.authorize(**card(idempotency_key="k"))

    with pytest.raises(VendorError) as caught:
        await pay.capture(intent["id"], idempotency_key="k")

    assert caught.value.code is ErrorCode.CONFLICT
    assert (await pay.get_intent(intent["id"]))["status"] == "requires_capture"


async def test_a_replayed_capture_does_not_fail_as_already_captured(pay: PayConnector) -> None:
    intent = await pay.authorize(**card())
    first = await pay.capture(intent["id"], amount_cents=100, idempotency_key="cap")

    again = await pay.capture(intent["id"], amount_cents=100, idempotency_key="cap")

    assert again == first


async def test_a_replayed_refund_refunds_once(pay: PayConnector) -> None:
    intent = await pay.authorize(**card())
    await pay.capture(intent["id"])
    first = await pay.refund(intent["id"], amount_cents=500, idempotency_key="ref")

    again = await pay.refund(intent["id"], amount_cents=500, idempotency_key="ref")

    assert again == first
    assert (await pay.get_intent(intent["id"]))["amount_refunded"] == 500


async def test_a_decline_is_stored_and_replayed(client: httpx.AsyncClient) -> None:
    headers = {"Idempotency-Key": "big"}
    declined = intent_body(amount=6_000_000)
    first = await client.post("/v1/payment_intents", json=declined, headers=headers)
    again = await client.post("/v1/payment_intents", json=declined, headers=headers)

    assert first.status_code == again.status_code == 402
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert first.json()["error"]["code"] == "card_declined"


async def test_a_malformed_request_stores_nothing(client: httpx.AsyncClient) -> None:
    headers = {"Idempotency-Key": "typo"}
    bad = await client.post("/v1/payment_intents", json=intent_body(amount="1"), headers=headers)
    good = await client.post("/v1/payment_intents", json=intent_body(), headers=headers)

    assert (bad.status_code, good.status_code) == (400, 200)
    assert "idempotent-replayed" not in good.headers


async def test_an_overlong_key_is_invalid(pay: PayConnector) -> None:
    with pytest.raises(VendorError) as caught:
        await pay.authorize(**card(idempotency_key="k" * 256))
    assert caught.value.code is ErrorCode.INVALID_REQUEST


async def test_twenty_concurrent_calls_with_one_key_create_one_intent(
    pay: PayConnector,
) -> None:
    calls = [pay.authorize(**card(idempotency_key="same")) for _ in range(20)]

    intents = await asyncio.gather(*calls)

    assert len({i["id"] for i in intents}) == 1
    assert await count_intents(pay) == 1


def _authorize_in_own_loop(path: Path) -> list[str]:
    """Ten authorisations with one key from a fresh app and event loop (run in a thread)."""

    async def run() -> list[str]:
        async with pay_client(path) as client:
            pay = connector(client)
            return [
                (await pay.authorize(**card(idempotency_key="shared")))["id"] for _ in range(10)
            ]

    return asyncio.run(run())


async def test_apps_in_parallel_threads_on_one_file_create_one_intent(
    pay_path: Path, pay: PayConnector
) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(_authorize_in_own_loop, [pay_path] * 8))

    assert len({i for ids in results for i in ids}) == 1
    assert await count_intents(pay) == 1
