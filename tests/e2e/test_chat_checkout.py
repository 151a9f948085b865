"""A piped shopping session through the CLI changes the vendors exactly as the user agreed."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.helpers import (
    HARPER,
    HARPER_GIFT,
    HARPER_ID,
    SOFIA,
    SOFIA_ID,
    chat,
    ensure_world,
    latest_run_json,
    pay_intents,
    shop_hash,
    shop_order,
    shop_user,
)

CHECKOUT = (
    f"I'm {HARPER}",
    "find a notebook",
    "show me the second one",
    "add it",
    "what's in my cart",
    "checkout with my gift card",
)


def _orders_created(run: dict) -> list[str]:
    return [
        e["payload"]["result"]["order_id"]
        for e in run["events"]
        if e["kind"] == "step_succeeded" and e["payload"]["step"] == "create_order"
    ]


def test_checkout_creates_pending_order_and_captured_payment(agentcli_home: Path) -> None:
    result = chat(*CHECKOUT, "yes")
    assert result.exit_code == 0, result.output
    assert "Shall I go ahead? (yes/no)" in result.stdout
    assert "is placed" in result.stdout

    run = latest_run_json()
    [order_id] = _orders_created(run)
    order = shop_order(agentcli_home, order_id)
    assert order["status"] == "pending"
    assert order["user_id"] == HARPER_ID
    assert [i["name"] for i in order["items"]] == ["Notebook"]
    amount = order["payment_history"][0]["amount"]
    assert order["payment_history"] == [
        {"transaction_type": "payment", "amount": amount, "payment_method_id": HARPER_GIFT}
    ]
    gift = shop_user(agentcli_home, HARPER_ID)["payment_methods"][HARPER_GIFT]
    assert gift["balance"] == round(99.0 - amount, 2)

    [intent] = pay_intents(agentcli_home, HARPER_ID)
    assert intent["status"] == "succeeded"
    assert intent["amount_received"] == round(amount * 100)
    assert order["payment_reference"] == intent["id"]


def test_runs_show_json_lists_every_event_in_order(agentcli_home: Path) -> None:
    chat(*CHECKOUT, "yes")
    run = latest_run_json()
    seqs = [e["seq"] for e in run["events"]]
    assert seqs == list(range(1, len(seqs) + 1))
    kinds = [e["kind"] for e in run["events"]]
    for kind in (
        "user_message",
        "model_request",
        "model_response",
        "action_proposed",
        "policy_decision",
        "approval_requested",
        "approval_resolved",
        "saga_started",
        "step_started",
        "step_succeeded",
        "domain_event",
        "http_exchange",
        "action_result",
        "assistant_message",
    ):
        assert kind in kinds, kind
    assert kinds[-1] == "run_finished"
    assert kinds.index("approval_resolved") < kinds.index("saga_started")
    assert run["run"]["outcome"] == "purchase"
    assert [s["status"] for s in run["sagas"]] == ["completed"]
    for earlier, later in zip(run["events"], run["events"][1:], strict=False):
        assert later["prev_hash"] == earlier["hash"]


def test_a_second_chat_finds_the_order_by_its_id(agentcli_home: Path) -> None:
    chat(*CHECKOUT, "yes")
    [order_id] = _orders_created(latest_run_json())
    again = chat(f"I'm {HARPER}", f"where is order {order_id}")
    assert again.exit_code == 0
    assert f"Order {order_id} is pending" in again.stdout


def test_saying_no_at_the_confirmation_performs_no_write(agentcli_home: Path) -> None:
    result = chat(*CHECKOUT, "no")
    assert result.exit_code == 0
    assert "OK, I won't place an order" in result.stdout
    run = latest_run_json()
    assert _orders_created(run) == []
    assert not any(e["kind"] == "saga_started" for e in run["events"])
    assert pay_intents(agentcli_home, HARPER_ID) == []
    gift = shop_user(agentcli_home, HARPER_ID)["payment_methods"][HARPER_GIFT]
    assert gift["balance"] == 99.0


def test_anything_but_an_explicit_yes_is_not_consent(agentcli_home: Path) -> None:
    result = chat(*CHECKOUT, "sure, whatever you think")
    assert result.exit_code == 0
    assert "no explicit yes" in result.stdout
    assert pay_intents(agentcli_home, HARPER_ID) == []


BIG_ORDER = (f"I'm {SOFIA}", "find a laptop", "add the first one", "checkout with my card", "yes")


def test_order_above_threshold_is_denied_without_an_operator(agentcli_home: Path) -> None:
    ensure_world(agentcli_home)
    before = shop_hash(agentcli_home)
    result = chat(*BIG_ORDER)
    assert result.exit_code == 0, result.output
    assert "an operator must approve it too" in result.stdout
    assert "did not approve it, so nothing was ordered or charged" in result.stdout
    assert pay_intents(agentcli_home, SOFIA_ID) == []
    assert shop_hash(agentcli_home) == before  # τ² state: no order, no balance change
    kinds = [(e["kind"], e["payload"].get("by")) for e in latest_run_json()["events"]]
    assert ("approval_resolved", "operator") in kinds


def test_order_above_threshold_goes_through_with_approve_all(agentcli_home: Path) -> None:
    result = chat(*BIG_ORDER, args=("--approve-all",))
    assert result.exit_code == 0, result.output
    assert "is placed" in result.stdout
    [intent] = pay_intents(agentcli_home, SOFIA_ID)
    assert intent["status"] == "succeeded" and intent["amount"] > 100_000
