"""The checkout state machine, totals, fulfillment options and messages of the ACP merchant,
with the shop's catalogue as its stock and the pay vendor as its payment processor."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from acp_helpers import (
    ADDRESS,
    ESPRESSO,
    NOTEBOOK,
    PUZZLE_GONE,
    Merchant,
    complete_body,
    create_body,
    problems,
)

from sandbox.world import SandboxWorld

Intents = Callable[[], list[dict[str, Any]]]


def amounts(session: dict[str, Any]) -> dict[str, int]:
    return {total["type"]: total["amount"] for total in session["totals"]}


async def test_a_session_moves_from_not_ready_to_ready_to_completed(
    merchant: Merchant, intents: Intents
) -> None:
    created = (
        await merchant.post("/checkout_sessions", create_body(NOTEBOOK, address=False))
    ).json()
    assert created["status"] == "not_ready_for_payment"
    sid = created["id"]

    early = await merchant.post(f"/checkout_sessions/{sid}/complete", complete_body())
    assert early.status_code == 400 and early.json()["code"] == "invalid_state"
    assert intents() == []  # nothing was charged from the wrong state

    ready = await merchant.post(
        f"/checkout_sessions/{sid}", {"fulfillment_details": {"address": ADDRESS}}
    )
    assert ready.json()["status"] == "ready_for_payment" and ready.json()["messages"] == []

    done = await merchant.post(f"/checkout_sessions/{sid}/complete", complete_body())
    assert done.status_code == 200, done.text
    order = done.json()["order"]
    [intent] = intents()
    assert intent["status"] == "succeeded"
    assert intent["amount_received"] == amounts(ready.json())["total"]
    assert intent["metadata"] == {"checkout_session_id": sid}

    got = (await merchant.get(f"/checkout_sessions/{sid}")).json()
    assert got["status"] == "completed" and got["metadata"] == {"order_id": order["id"]}
    assert problems("2026-04-17", "CheckoutSession", got) == []


async def test_an_ended_session_can_be_neither_changed_nor_completed_nor_cancelled_again(
    merchant: Merchant, intents: Intents
) -> None:
    sid = (await merchant.post("/checkout_sessions", create_body(NOTEBOOK))).json()["id"]
    cancelled = await merchant.post(f"/checkout_sessions/{sid}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "canceled"

    again = await merchant.post(f"/checkout_sessions/{sid}/cancel")
    assert again.status_code == 405 and again.json()["code"] == "not_cancelable"
    late = await merchant.post(f"/checkout_sessions/{sid}/complete", complete_body())
    assert late.status_code == 400 and late.json()["code"] == "invalid_state"
    changed = await merchant.post(f"/checkout_sessions/{sid}", {"line_items": [{"id": NOTEBOOK}]})
    assert changed.status_code == 400
    assert intents() == []

    paid = (await merchant.post("/checkout_sessions", create_body(NOTEBOOK))).json()["id"]
    assert (await merchant.post(f"/checkout_sessions/{paid}/complete", complete_body())).is_success
    undo = await merchant.post(f"/checkout_sessions/{paid}/cancel")
    assert undo.status_code == 405
    assert problems("2026-04-17", "Error", undo.json()) == []


async def test_totals_add_up_from_the_shops_prices(merchant: Merchant) -> None:
    body = create_body(NOTEBOOK, NOTEBOOK)
    session = (await merchant.post("/checkout_sessions", body)).json()
    [line] = session["line_items"]
    assert line["quantity"] == 2 and line["unit_amount"] == 2859  # the shop's $28.59
    line_totals = {total["type"]: total["amount"] for total in line["totals"]}
    assert line_totals == {
        "items_base_amount": 5718,
        "discount": 0,
        "subtotal": 5718,
        "tax": 457,  # 8 %, half up
        "total": 6175,
    }
    total = amounts(session)
    assert total["fulfillment"] == 500  # standard shipping, selected by default
    assert total["total"] == total["subtotal"] + total["fulfillment"] + total["tax"] == 6675

    express = await merchant.post(
        f"/checkout_sessions/{session['id']}",
        {
            "selected_fulfillment_options": [
                {"type": "shipping", "option_id": "ship_express", "item_ids": []}
            ]
        },
    )
    assert amounts(express.json())["total"] == 5718 + 457 + 1500


async def test_standard_shipping_is_free_from_a_hundred_dollars(merchant: Merchant) -> None:
    session = (await merchant.post("/checkout_sessions", create_body(*[NOTEBOOK] * 4))).json()
    assert amounts(session)["fulfillment"] == 0
    standard = next(o for o in session["fulfillment_options"] if o["id"] == "ship_standard")
    assert standard["totals"] == [{"type": "total", "display_text": "Standard", "amount": 0}]


async def test_an_unknown_option_or_item_is_refused_and_nothing_changes(merchant: Merchant) -> None:
    session = (await merchant.post("/checkout_sessions", create_body(NOTEBOOK))).json()
    wrong = await merchant.post(
        f"/checkout_sessions/{session['id']}",
        {
            "selected_fulfillment_options": [
                {"type": "shipping", "option_id": "teleport", "item_ids": []}
            ]
        },
    )
    assert wrong.status_code == 400
    assert wrong.json()["param"] == "$.selected_fulfillment_options[0].option_id"
    unknown = await merchant.post("/checkout_sessions", create_body(NOTEBOOK, "no-such-item"))
    assert unknown.status_code == 400
    assert unknown.json() == {
        "type": "invalid_request",
        "code": "invalid_item_id",
        "message": "The item ID 'no-such-item' does not exist.",
        "param": "$.line_items[1].id",
    }
    got = (await merchant.get(f"/checkout_sessions/{session['id']}")).json()
    assert got["selected_fulfillment_options"][0]["option_id"] == "ship_standard"


async def test_an_item_the_shop_cannot_sell_keeps_the_session_not_ready(merchant: Merchant) -> None:
    session = (await merchant.post("/checkout_sessions", create_body(NOTEBOOK, PUZZLE_GONE))).json()
    assert session["status"] == "not_ready_for_payment"
    assert [(m["type"], m["code"], m["param"]) for m in session["messages"]] == [
        ("error", "out_of_stock", "$.line_items[1]")
    ]
    fixed = await merchant.post(
        f"/checkout_sessions/{session['id']}", {"line_items": [{"id": NOTEBOOK}]}
    )
    assert fixed.json()["status"] == "ready_for_payment"


async def test_a_declined_card_leaves_the_session_open_with_a_message(
    merchant: Merchant, intents: Intents
) -> None:
    session = (await merchant.post("/checkout_sessions", create_body(*[ESPRESSO] * 16))).json()
    declined = await merchant.post(f"/checkout_sessions/{session['id']}/complete", complete_body())
    assert declined.status_code == 402
    assert declined.json()["code"] == "payment_declined"
    got = (await merchant.get(f"/checkout_sessions/{session['id']}")).json()
    assert got["status"] == "ready_for_payment"
    assert [m["code"] for m in got["messages"]] == ["payment_declined"]
    assert "order_id" not in got.get("metadata", {})
    assert intents() == []  # pay declined the authorisation: no intent exists

    smaller = await merchant.post(
        f"/checkout_sessions/{session['id']}", {"line_items": [{"id": ESPRESSO}]}
    )
    assert smaller.json()["messages"] == []
    paid = await merchant.post(f"/checkout_sessions/{session['id']}/complete", complete_body())
    assert paid.status_code == 200, paid.text
    assert [i["amount_received"] for i in intents()] == [amounts(smaller.json())["total"]]


async def test_the_buyer_of_the_completion_is_who_pay_charges(
    merchant: Merchant, intents: Intents
) -> None:
    sid = (await merchant.post("/checkout_sessions", create_body(NOTEBOOK))).json()["id"]
    body = complete_body(buyer={"email": "someone@example.com", "first_name": "Some"})
    done = (await merchant.post(f"/checkout_sessions/{sid}/complete", body)).json()
    assert done["buyer"] == body["buyer"]
    assert [i["customer"] for i in intents()] == ["someone@example.com"]
    assert [i["payment_method"] for i in intents()] == ["spt_sandbox_visa"]


async def test_when_pay_does_not_answer_nothing_is_kept_and_the_retry_runs_afresh(
    world: SandboxWorld, tmp_path: Path
) -> None:
    from sandbox.acp import create_app
    from sandbox.pay import init_db as init_pay

    world.ensure()
    pay_later = tmp_path / "pay-later.sqlite"
    app = create_app(world.path_of("acp"), pay_path=pay_later)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://acp.sandbox"
    ) as http:
        merchant = Merchant(http, world)
        sid = (await merchant.post("/checkout_sessions", create_body(NOTEBOOK))).json()["id"]
        path = f"/checkout_sessions/{sid}/complete"
        down = await merchant.post(path, complete_body(), key="retry-me")
        assert down.status_code == 503 and down.json()["type"] == "service_unavailable"
        assert problems("2026-04-17", "Error", down.json()) == []
        assert (await merchant.get(f"/checkout_sessions/{sid}")).json()["status"] == (
            "ready_for_payment"
        )
        init_pay(pay_later)
        again = await merchant.post(path, complete_body(), key="retry-me")
        assert again.status_code == 200 and "Idempotent-Replayed" not in again.headers
        assert again.json()["order"]["checkout_session_id"] == sid


async def test_the_merchants_books_name_the_pay_intent_of_each_order(
    merchant: Merchant, world: SandboxWorld, intents: Intents
) -> None:
    from sandbox.vendor_state import acp_orders

    sid = (await merchant.post("/checkout_sessions", create_body(NOTEBOOK))).json()["id"]
    order = (await merchant.post(f"/checkout_sessions/{sid}/complete", complete_body())).json()
    [intent] = intents()
    [kept] = acp_orders(world.path_of("acp"))
    assert kept["id"] == order["order"]["id"] and kept["checkout_session_id"] == sid
    assert (kept["payment_intent"], kept["amount_minor"]) == (intent["id"], intent["amount"])
