"""Happy paths of the pay vendor through PayConnector: authorise, capture, void, refund, read."""

from __future__ import annotations

import re

from pay_helpers import card

from connectors.pay import PayConnector

INTENT_ID = re.compile(r"pi_[0-9a-f]{24}")
REFUND_ID = re.compile(r"re_[0-9a-f]{24}")


async def test_authorize_holds_the_amount(pay: PayConnector) -> None:
    intent = await pay.authorize(**card(description="order #W1", metadata={"order": "#W1"}))

    assert INTENT_ID.fullmatch(intent["id"])
    assert isinstance(intent["created"], int)
    assert {k: v for k, v in intent.items() if k not in ("id", "created")} == {
        "object": "payment_intent",
        "amount": 2599,
        "currency": "usd",
        "payment_method": "credit_card_4421",
        "customer": "sofia_rossi_8776",
        "description": "order #W1",
        "metadata": {"order": "#W1"},
        "status": "requires_capture",
        "amount_capturable": 2599,
        "amount_received": 0,
        "amount_refunded": 0,
    }
    assert await pay.get_intent(intent["id"]) == intent


async def test_capture_takes_the_whole_hold(pay: PayConnector) -> None:
    intent = await pay.authorize(**card())

    captured = await pay.capture(intent["id"])

    assert captured["status"] == "succeeded"
    assert (captured["amount_received"], captured["amount_capturable"]) == (2599, 0)


async def test_partial_capture_releases_the_rest(pay: PayConnector) -> None:
    intent = await pay.authorize(**card(amount_cents=10_000))

    captured = await pay.capture(intent["id"], amount_cents=6_000)

    assert captured["status"] == "succeeded"
    assert (captured["amount"], captured["amount_received"]) == (10_000, 6_000)
    assert captured["amount_capturable"] == 0


async def test_void_cancels_the_authorisation(pay: PayConnector) -> None:
    intent = await pay.authorize(**card())

    voided = await pay.void(intent["id"])

    assert (voided["status"], voided["amount_capturable"], voided["amount_received"]) == (
        "canceled",
        0,
        0,
    )


async def test_partial_then_full_refund(pay: PayConnector) -> None:
    intent = await pay.authorize(**card(amount_cents=5_000))
    await pay.capture(intent["id"], amount_cents=4_000)

    first = await pay.refund(intent["id"], amount_cents=1_500)
    rest = await pay.refund(intent["id"])

    assert REFUND_ID.fullmatch(first["id"])
    assert {k: first[k] for k in ("object", "amount", "payment_intent", "status")} == {
        "object": "refund",
        "amount": 1_500,
        "payment_intent": intent["id"],
        "status": "succeeded",
    }
    assert rest["amount"] == 2_500
    assert (await pay.get_intent(intent["id"]))["amount_refunded"] == 4_000
    refunds = await pay.list_refunds(intent["id"])
    assert [r["id"] for r in refunds] == [rest["id"], first["id"]]


async def test_list_intents_is_one_customers_newest_first(pay: PayConnector) -> None:
    mine = [await pay.authorize(**card(amount_cents=100 + n)) for n in range(3)]
    await pay.authorize(**card(customer="someone_else"))

    listed = await pay.list_intents("sofia_rossi_8776")

    assert [i["id"] for i in listed] == [i["id"] for i in reversed(mine)]
    assert await pay.list_intents("nobody") == []


async def test_list_intents_follows_every_page(pay: PayConnector) -> None:
    created = [await pay.authorize(**card(amount_cents=1 + n)) for n in range(105)]

    listed = await pay.list_intents("sofia_rossi_8776")

    assert [i["id"] for i in listed] == [i["id"] for i in reversed(created)]


async def test_state_lists_every_intent_and_refund(pay: PayConnector) -> None:
    intent = await pay.authorize(**card())
    await pay.capture(intent["id"])
    refund = await pay.refund(intent["id"], amount_cents=99)

    state = await pay.state()

    assert list(state) == ["payment_intents", "refunds"]
    assert state["payment_intents"][intent["id"]]["amount_refunded"] == 99
    assert state["refunds"][refund["id"]]["amount"] == 99
    assert "created" not in state["payment_intents"][intent["id"]]
