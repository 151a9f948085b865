"""Every canonical error PayConnector raises, each produced by a real pay vendor response."""

from __future__ import annotations

from typing import Any

import pytest
from pay_helpers import card

from connectors.errors import ErrorCode, VendorError
from connectors.pay import PayConnector


async def vendor_error(call: Any) -> VendorError:
    with pytest.raises(VendorError) as caught:
        await call
    return caught.value


def vendor_code(error: VendorError) -> tuple[int | None, str, str]:
    """(HTTP status, envelope type, envelope code) of the vendor's answer."""
    envelope = error.raw["error"]
    return error.status, envelope["type"], envelope["code"]


async def test_unknown_intent_is_not_found(pay: PayConnector) -> None:
    for call in (
        pay.get_intent("pi_000000000000000000000000"),
        pay.capture("pi_missing"),
        pay.void("pi_missing"),
        pay.refund("pi_missing"),
        pay.list_refunds("pi_missing"),
    ):
        error = await vendor_error(call)
        assert error.code is ErrorCode.NOT_FOUND
        assert vendor_code(error) == (404, "invalid_request_error", "resource_missing")


async def test_an_id_with_a_slash_stays_one_path_segment(pay: PayConnector) -> None:
    error = await vendor_error(pay.get_intent("../refunds"))
    assert error.code is ErrorCode.NOT_FOUND
    assert "../refunds" in error.message


@pytest.mark.parametrize(
    "overrides",
    [
        {"amount_cents": 0},
        {"amount_cents": -5},
        {"amount_cents": 19.99},
        {"amount_cents": 100.0},
        {"amount_cents": "2599"},
        {"amount_cents": True},
        {"amount_cents": None},
        {"currency": "USD"},
        {"currency": "us"},
        {"currency": "usdx"},
        {"currency": "usd\n"},
        {"currency": 840},
        {"payment_method": ""},
        {"payment_method": "   "},
        {"payment_method": 4421},
        {"customer": ""},
        {"customer": None},
        {"description": 7},
        {"metadata": {"order": 1}},
        {"metadata": ["order"]},
    ],
)
async def test_bad_authorisation_parameters(pay: PayConnector, overrides: dict[str, Any]) -> None:
    error = await vendor_error(pay.authorize(**card(**overrides)))

    assert error.code is ErrorCode.INVALID_REQUEST
    assert vendor_code(error) == (400, "invalid_request_error", "parameter_invalid")
    assert await pay.list_intents("sofia_rossi_8776") == []


@pytest.mark.parametrize("amount", [0, -1, 1.5, "10"])
async def test_bad_capture_and_refund_amounts(pay: PayConnector, amount: Any) -> None:
    intent = await pay.authorize(**card())
    capture_error = await vendor_error(pay.capture(intent["id"], amount_cents=amount))
    await pay.capture(intent["id"])
    refund_error = await vendor_error(pay.refund(intent["id"], amount_cents=amount))

    for error in (capture_error, refund_error):
        assert error.code is ErrorCode.INVALID_REQUEST
        assert vendor_code(error)[2] == "parameter_invalid"


async def test_capture_of_a_canceled_intent_is_invalid_state(pay: PayConnector) -> None:
    intent = await pay.authorize(**card())
    await pay.void(intent["id"])

    error = await vendor_error(pay.capture(intent["id"]))

    assert error.code is ErrorCode.INVALID_STATE
    assert vendor_code(error) == (409, "invalid_request_error", "payment_intent_unexpected_state")


async def test_capture_twice_and_void_after_capture_are_invalid_state(pay: PayConnector) -> None:
    intent = await pay.authorize(**card())
    await pay.capture(intent["id"])

    assert (await vendor_error(pay.capture(intent["id"]))).code is ErrorCode.INVALID_STATE
    assert (await vendor_error(pay.void(intent["id"]))).code is ErrorCode.INVALID_STATE
    assert (await pay.get_intent(intent["id"]))["status"] == "succeeded"


@pytest.mark.parametrize("void_first", [False, True])
async def test_refund_of_a_non_succeeded_intent_is_invalid_state(
    pay: PayConnector, void_first: bool
) -> None:
    intent = await pay.authorize(**card())
    if void_first:
        await pay.void(intent["id"])

    error = await vendor_error(pay.refund(intent["id"], amount_cents=1))

    assert error.code is ErrorCode.INVALID_STATE
    assert vendor_code(error)[2] == "payment_intent_unexpected_state"
    assert await pay.list_refunds(intent["id"]) == []


async def test_refund_above_what_was_captured_is_refused(pay: PayConnector) -> None:
    intent = await pay.authorize(**card(amount_cents=10_000))
    await pay.capture(intent["id"], amount_cents=6_000)

    above_capture = await vendor_error(pay.refund(intent["id"], amount_cents=6_001))
    await pay.refund(intent["id"], amount_cents=5_000)
    above_rest = await vendor_error(pay.refund(intent["id"], amount_cents=1_001))
    await pay.refund(intent["id"], amount_cents=1_000)
    nothing_left = await vendor_error(pay.refund(intent["id"]))

    for error in (above_capture, above_rest, nothing_left):
        assert error.code is ErrorCode.INVALID_REQUEST
        assert vendor_code(error) == (400, "invalid_request_error", "amount_too_large")
    assert (await pay.get_intent(intent["id"]))["amount_refunded"] == 6_000
    assert [r["amount"] for r in await pay.list_refunds(intent["id"])] == [1_000, 5_000]


async def test_capture_above_the_hold_is_refused(pay: PayConnector) -> None:
    intent = await pay.authorize(**card(amount_cents=1_000))

    error = await vendor_error(pay.capture(intent["id"], amount_cents=1_001))

    assert error.code is ErrorCode.INVALID_REQUEST
    assert vendor_code(error)[2] == "amount_too_large"
    assert (await pay.get_intent(intent["id"]))["status"] == "requires_capture"


async def test_amount_above_the_card_limit_is_declined(pay: PayConnector) -> None:
    at_limit = await pay.authorize(**card(amount_cents=5_000_000))

    error = await vendor_error(pay.authorize(**card(amount_cents=5_000_001)))

    assert at_limit["status"] == "requires_capture"
    assert error.code is ErrorCode.PAYMENT_DECLINED
    assert vendor_code(error) == (402, "card_error", "card_declined")
    assert [i["id"] for i in await pay.list_intents("sofia_rossi_8776")] == [at_limit["id"]]


async def test_huge_amount_is_declined_not_a_crash(pay: PayConnector) -> None:
    error = await vendor_error(pay.authorize(**card(amount_cents=10**30)))
    assert error.code is ErrorCode.PAYMENT_DECLINED


async def test_same_key_for_another_request_is_conflict(pay: PayConnector) -> None:
    await pay.authorize(**card(idempotency_key="order-1"))

    error = await vendor_error(pay.authorize(**card(amount_cents=1, idempotency_key="order-1")))

    assert error.code is ErrorCode.CONFLICT
    assert vendor_code(error) == (400, "idempotency_error", "idempotency_key_reused")


async def test_unknown_url_is_not_found(pay: PayConnector) -> None:
    error = await vendor_error(pay.request("GET", "/v1/charges"))
    assert error.code is ErrorCode.NOT_FOUND
    assert error.status == 404
