"""Each write carries an idempotency key its retries reuse; a lost complete is settled by a read."""

from __future__ import annotations

import pytest
from acp_double import (
    CREATE,
    PAYMENT,
    LosingTransport,
    MerchantDouble,
    completed,
    connector,
    session,
)

from connectors.errors import ErrorCode, VendorError


async def test_every_write_carries_its_own_key_and_a_read_carries_none() -> None:
    merchant = MerchantDouble()
    for answer in (session(), session(), session(), session("cs_1", "canceled")):
        merchant.answer(200, answer)
    acp = connector(LosingTransport(merchant))

    await acp.create_session(CREATE)
    await acp.update_session("cs_1", {"line_items": [{"id": "item_123"}]})
    await acp.get_session("cs_1")
    await acp.cancel_session("cs_1")

    keys = [r.headers.get("idempotency-key") for r in merchant.received]
    assert keys[2] is None
    writes = [keys[0], keys[1], keys[3]]
    assert all(writes) and len(set(writes)) == 3


async def test_a_write_whose_answer_was_lost_is_sent_again_with_the_same_key_and_body() -> None:
    merchant = MerchantDouble()
    merchant.answer(201, session())
    merchant.answer(201, session())
    transport = LosingTransport(merchant)
    transport.lose = 1
    acp = connector(transport)

    created = await acp.create_session(CREATE, idempotency_key="key-from-the-journal")

    assert created["id"] == "cs_1"
    first, second = merchant.received
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"]
    assert first.headers["idempotency-key"] == "key-from-the-journal"
    assert first.body == second.body


async def test_a_lost_complete_that_took_effect_is_settled_by_reading_the_session() -> None:
    merchant = MerchantDouble()
    for _ in range(3):
        merchant.answer(200, completed())
    merchant.answer(200, session("cs_1", "completed"))
    transport = LosingTransport(merchant)
    transport.lose = 3  # every attempt's answer is lost
    acp = connector(transport)

    settled = await acp.complete_session("cs_1", PAYMENT)

    assert settled["status"] == "completed"
    completes = [r for r in merchant.received if r.path.endswith("/complete")]
    assert len(completes) == 3
    assert len({r.headers["idempotency-key"] for r in completes}) == 1
    assert merchant.received[-1].method == "GET"


async def test_a_failed_complete_that_did_not_take_effect_stays_failed() -> None:
    merchant = MerchantDouble()
    for _ in range(3):
        merchant.answer(503, {"type": "service_unavailable", "code": "down", "message": "later"})
    merchant.answer(200, session("cs_1", "ready_for_payment"))
    acp = connector(LosingTransport(merchant))

    with pytest.raises(VendorError) as caught:
        await acp.complete_session("cs_1", PAYMENT)

    assert caught.value.code is ErrorCode.UNAVAILABLE
    assert merchant.received[-1].method == "GET"


async def test_a_complete_the_merchant_declined_raises_its_message_as_a_canonical_code() -> None:
    merchant = MerchantDouble()
    declined = {
        "type": "error",
        "code": "payment_declined",
        "content_type": "plain",
        "content": "Your card was declined.",
    }
    merchant.answer(200, session(messages=[declined]))
    acp = connector(LosingTransport(merchant))

    with pytest.raises(VendorError) as caught:
        await acp.complete_session("cs_1", PAYMENT)

    assert caught.value.code is ErrorCode.PAYMENT_DECLINED
    assert caught.value.message == "Your card was declined."


async def test_a_complete_still_in_progress_is_an_unknown_outcome_to_retry_not_a_refusal() -> None:
    merchant = MerchantDouble()
    merchant.answer(200, session(status="complete_in_progress"))
    acp = connector(LosingTransport(merchant))

    with pytest.raises(VendorError) as caught:
        await acp.complete_session("cs_1", PAYMENT)

    # retried with the same key (or settled by a read), never compensated as a refusal
    assert caught.value.code is ErrorCode.UNAVAILABLE
    assert len(merchant.received) == 1
