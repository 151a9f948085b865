"""Order look-ups and cancellations through the CLI, on orders from the τ² data."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.helpers import (
    HARPER,
    HARPER_DELIVERED,
    HARPER_GIFT,
    HARPER_ID,
    HARPER_PENDING,
    chat,
    cli,
    ensure_world,
    latest_run_json,
    shop_hash,
    shop_order,
    shop_user,
)


def test_cancelling_a_pending_order_refunds_the_gift_card(agentcli_home: Path) -> None:
    result = chat(f"I'm {HARPER}", f"cancel order {HARPER_PENDING}, I ordered by mistake", "yes")
    assert result.exit_code == 0, result.output
    assert f"Order {HARPER_PENDING} is cancelled" in result.stdout
    order = shop_order(agentcli_home, HARPER_PENDING)
    assert order["status"] == "cancelled"
    assert order["cancel_reason"] == "ordered by mistake"
    assert order["payment_history"][-1] == {
        "transaction_type": "refund",
        "amount": 4569.4,
        "payment_method_id": HARPER_GIFT,
    }
    gift = shop_user(agentcli_home, HARPER_ID)["payment_methods"][HARPER_GIFT]
    assert gift["balance"] == round(99.0 + 4569.4, 2)


def test_cancelling_a_delivered_order_is_refused_and_changes_nothing(agentcli_home: Path) -> None:
    ensure_world(agentcli_home)
    before = shop_hash(agentcli_home)
    result = chat(f"I'm {HARPER}", f"cancel order {HARPER_DELIVERED} I no longer need it", "yes")
    assert result.exit_code == 0
    assert "is delivered, so it can no longer be cancelled" in result.stdout
    assert "There is nothing waiting for your confirmation" in result.stdout
    assert shop_hash(agentcli_home) == before
    events = latest_run_json()["events"]
    assert not any(e["kind"] == "saga_started" for e in events)
    proposed = [e["payload"].get("action") for e in events if e["kind"] == "action_proposed"]
    assert "get_order" in proposed and "cancel_order" not in proposed  # read, then said


def test_someone_elses_order_is_not_found(agentcli_home: Path) -> None:
    result = chat(f"I'm {HARPER}", "where is order #W5918442")
    assert "I cannot find order #W5918442 on your account" in result.stdout


def test_unknown_customer_gets_a_plain_sentence(agentcli_home: Path) -> None:
    result = chat("I'm nobody@example.com")
    assert result.exit_code == 0
    assert "I could not find a customer with those details" in result.stdout
    results = [e for e in latest_run_json()["events"] if e["kind"] == "action_result"]
    assert results[0]["payload"]["error"]["code"] == "NOT_FOUND"


def test_malformed_lines_never_crash_the_loop(agentcli_home: Path) -> None:
    lines = (
        "\x00\x01\x02",
        "x" * 4000,
        "🛒🛒🛒 ???",
        "add 999999 of it",
        "checkout",
        "cancel",
        "yes",
        "where is order #W0000000",
        "   ",
    )
    result = chat(*lines)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    run = latest_run_json()
    said = [e for e in run["events"] if e["kind"] == "assistant_message"]
    assert len(said) >= 7
    assert not any(e["kind"] == "error" for e in run["events"])


def test_sandbox_state_persists_and_reset_restores_it(agentcli_home: Path) -> None:
    chat(f"I'm {HARPER}", f"cancel order {HARPER_PENDING}, ordered by mistake", "yes")
    assert shop_order(agentcli_home, HARPER_PENDING)["status"] == "cancelled"
    result = cli("sandbox", "reset")
    assert result.exit_code == 0
    assert shop_order(agentcli_home, HARPER_PENDING)["status"] == "pending"
