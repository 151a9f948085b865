"""What the merchant answers becomes data or a canonical error, never a crash."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from acp_double import CREATE, PAYMENT, MerchantDouble, connector, session

from connectors.acp.connector import OutgoingBreach
from connectors.acp.errors import session_messages
from connectors.errors import ErrorCode, VendorError


def _envelope(code: str, kind: str = "invalid_request") -> dict[str, str]:
    return {"type": kind, "code": code, "message": f"merchant says {code}"}


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (400, _envelope("invalid"), ErrorCode.INVALID_REQUEST),
        (400, _envelope("out_of_stock"), ErrorCode.OUT_OF_STOCK),
        (400, _envelope("payment_declined"), ErrorCode.PAYMENT_DECLINED),
        (400, _envelope("requires_3ds"), ErrorCode.INVALID_STATE),
        (400, _envelope("idempotency_key_required"), ErrorCode.INVALID_REQUEST),
        (422, _envelope("idempotency_conflict"), ErrorCode.CONFLICT),
        (404, _envelope("not_found"), ErrorCode.NOT_FOUND),
        (404, _envelope("session_missing"), ErrorCode.NOT_FOUND),  # unknown code: the status
        (405, _envelope("not_cancelable"), ErrorCode.INVALID_STATE),
        (401, _envelope("unauthorized"), ErrorCode.UNAUTHORIZED),
        (400, _envelope("invalid_signature"), ErrorCode.UNAUTHORIZED),
        (500, _envelope("boom", "processing_error"), ErrorCode.UNAVAILABLE),
        (502, b"<html>bad gateway</html>", ErrorCode.UNAVAILABLE),  # not an envelope
        (400, {"error": "not ACP"}, ErrorCode.INVALID_REQUEST),
    ],
)
async def test_an_error_answer_maps_to_its_canonical_code(
    status: int, body: Any, expected: ErrorCode
) -> None:
    merchant = MerchantDouble()
    for _ in range(3):
        merchant.answer(status, body)
    acp = connector(httpx.ASGITransport(app=merchant))

    with pytest.raises(VendorError) as caught:
        await acp.create_session(CREATE)

    assert caught.value.code is expected
    if isinstance(body, dict) and "message" in body:
        assert caught.value.message == body["message"]


async def test_an_idempotent_request_in_flight_is_waited_for_and_sent_again() -> None:
    merchant = MerchantDouble()
    merchant.answer(409, _envelope("idempotency_in_flight"), **{"Retry-After": "0"})
    merchant.answer(201, session())
    acp = connector(httpx.ASGITransport(app=merchant))

    assert (await acp.create_session(CREATE))["id"] == "cs_1"
    first, second = merchant.received
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"]


@pytest.mark.parametrize(
    "answer",
    [
        {key: value for key, value in session().items() if key != "status"},
        session(totals=[{"type": "total", "display_text": "Total", "amount": "19.99"}]),
        session(status="almost_done"),
        [session()],
        b"<html>welcome</html>",
    ],
    ids=["no-status", "amount-as-text", "unknown-status", "a-list", "not-json"],
)
async def test_an_answer_that_breaks_the_schema_is_protocol(answer: Any) -> None:
    merchant = MerchantDouble()
    merchant.answer(201, answer)
    acp = connector(httpx.ASGITransport(app=merchant))

    with pytest.raises(VendorError) as caught:
        await acp.create_session(CREATE)

    assert caught.value.code is ErrorCode.PROTOCOL
    assert caught.value.raw is not None


async def test_an_answer_about_another_session_is_protocol() -> None:
    merchant = MerchantDouble()
    merchant.answer(200, session("cs_other"))
    acp = connector(httpx.ASGITransport(app=merchant))

    with pytest.raises(VendorError) as caught:
        await acp.get_session("cs_1")

    assert caught.value.code is ErrorCode.PROTOCOL
    assert "cs_other" in caught.value.message


async def test_a_completed_answer_without_its_order_is_protocol() -> None:
    merchant = MerchantDouble()
    merchant.answer(200, session(status="completed"))
    acp = connector(httpx.ASGITransport(app=merchant))

    with pytest.raises(VendorError) as caught:
        await acp.complete_session("cs_1", PAYMENT)

    assert caught.value.code is ErrorCode.PROTOCOL
    assert "order" in caught.value.message


async def test_a_request_that_breaks_the_schema_never_leaves() -> None:
    merchant = MerchantDouble()
    acp = connector(httpx.ASGITransport(app=merchant))

    with pytest.raises(OutgoingBreach, match="line_items"):
        await acp.create_session({"currency": "usd", "line_items": [], "capabilities": {}})
    with pytest.raises(OutgoingBreach, match="payment_data"):
        await acp.complete_session("cs_1", {"buyer": {"email": "a@b.example"}})

    assert merchant.received == []


async def test_a_session_keeps_its_messages_with_canonical_codes_for_errors() -> None:
    merchant = MerchantDouble()
    messages = [
        {"type": "info", "content_type": "plain", "content": "Free shipping over $50"},
        {
            "type": "error",
            "code": "out_of_stock",
            "param": "$.line_items[0]",
            "content_type": "plain",
            "content": "Sold out.",
        },
    ]
    merchant.answer(200, session(status="not_ready_for_payment", messages=messages))
    acp = connector(httpx.ASGITransport(app=merchant))

    found = session_messages(await acp.get_session("cs_1"))

    assert [(m.type, m.canonical) for m in found] == [
        ("info", None),
        ("error", ErrorCode.OUT_OF_STOCK),
    ]
    assert found[1].param == "$.line_items[0]"
