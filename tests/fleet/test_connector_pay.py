"""Every PayConnector call against the pay vendor, in-process and over sockets."""

from __future__ import annotations

from connectors.state import export_state, state_reader
from tests.fleet.env import Vendors

CUSTOMER = "harper_khan_9597"
CARD = "credit_card_1719121"


async def test_authorize_capture_part_and_refund(vendors: Vendors) -> None:
    pay = vendors.pay
    intent = await pay.authorize(
        5000,
        "usd",
        CARD,
        CUSTOMER,
        description="order",
        metadata={"order_id": "#W1"},
        idempotency_key="a",
    )
    assert (intent["status"], intent["amount_capturable"]) == ("requires_capture", 5000)
    captured = await pay.capture(intent["id"], 4000, idempotency_key="c")
    assert (captured["status"], captured["amount_received"]) == ("succeeded", 4000)
    refund = await pay.refund(intent["id"], 1500, idempotency_key="r")
    assert (refund["amount"], refund["status"]) == (1500, "succeeded")
    assert [r["id"] for r in await pay.list_refunds(intent["id"])] == [refund["id"]]
    assert (await pay.get_intent(intent["id"]))["amount_refunded"] == 1500


async def test_void_and_list(vendors: Vendors) -> None:
    pay = vendors.pay
    first = await pay.authorize(100, "usd", CARD, CUSTOMER)
    second = await pay.authorize(200, "usd", CARD, CUSTOMER)
    assert (await pay.void(first["id"], idempotency_key="v"))["status"] == "canceled"
    listed = await pay.list_intents(CUSTOMER)
    assert [i["id"] for i in listed] == [second["id"], first["id"]]  # newest first


async def test_state_and_its_hash(vendors: Vendors) -> None:
    intent = await vendors.pay.authorize(100, "usd", CARD, CUSTOMER)
    state = await vendors.pay.state()
    assert list(state["payment_intents"]) == [intent["id"]]
    export = await export_state(state_reader("pay", vendors.client("pay")))
    assert export.sha256 == await vendors.pay.state_hash()
