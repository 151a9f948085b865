"""The money invariants over a ledger of vendor state: each catches what it names."""

from __future__ import annotations

from typing import Any

from agentcli.suites.invariants import CHECKS, Ledger, check_invariants


def intent(id: str, amount: int = 1000, received: int = 0, refunded: int = 0,
           status: str = "succeeded", saga: str = "s1") -> dict[str, Any]:
    return {"id": id, "amount": amount, "amount_received": received,
            "amount_refunded": refunded, "status": status, "metadata": {"saga_id": saga},
            "customer": "u1"}


def order(id: str, reference: str, status: str = "pending",
          history: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"order_id": id, "payment_reference": reference, "status": status,
            "payment_history": history or []}


def problems(name: str, ledger: Ledger) -> list[str]:
    return list(CHECKS[name](ledger))


def test_a_clean_checkout_holds_every_invariant() -> None:
    ledger = Ledger({"pi_1": intent("pi_1", received=1000)}, {},
                    {"#W1": order("#W1", "pi_1")},
                    [{"id": "s1", "name": "place_order", "status": "completed"}])
    assert check_invariants(CHECKS, ledger) == []


def test_two_captures_for_one_saga_are_a_double_charge() -> None:
    ledger = Ledger({"pi_1": intent("pi_1", received=1000), "pi_2": intent("pi_2", received=1000)},
                    {}, {"#W1": order("#W1", "pi_1")}, [])
    assert problems("no_duplicate_charge", ledger) == ["saga s1 charged 2 times: pi_1, pi_2"]


def test_one_payment_behind_two_orders_is_a_double_charge() -> None:
    ledger = Ledger({"pi_1": intent("pi_1", received=1000)}, {},
                    {"#W1": order("#W1", "pi_1"), "#W2": order("#W2", "pi_1")}, [])
    assert problems("no_duplicate_charge", ledger) == [
        "one payment pi_1 backs 2 orders: #W1, #W2"]


def test_an_abort_that_kept_money_or_a_hold_breaks_compensation() -> None:
    sagas = [{"id": "s1", "name": "place_order", "status": "compensated"},
             {"id": "s2", "name": "place_order", "status": "needs_attention"}]
    ledger = Ledger({"pi_1": intent("pi_1", received=1000, saga="s1"),
                     "pi_2": intent("pi_2", status="requires_capture", saga="s2")},
                    {}, {"#W1": order("#W1", "pi_1", status="cancelled")}, sagas)
    assert problems("all_compensated_on_abort", ledger) == [
        "saga s2 (place_order) ended needs_attention",
        "aborted saga s1 kept 1000 cents of pi_1",
        "authorisation pi_2 left open (neither captured nor voided)",
    ]


def test_a_voided_payment_under_a_live_order_is_an_order_without_payment() -> None:
    ledger = Ledger({"pi_1": intent("pi_1", status="canceled")}, {},
                    {"#W1": order("#W1", "pi_1")}, [])
    assert problems("all_compensated_on_abort", ledger) == [
        "order #W1 is pending but its payment was voided"]


def test_refunds_above_the_capture_are_caught_at_pay_and_at_the_shop() -> None:
    refunds = {"re_1": {"payment_intent": "pi_1", "amount": 700},
               "re_2": {"payment_intent": "pi_1", "amount": 700}}
    history = [{"transaction_type": "payment", "amount": 10.0},
               {"transaction_type": "refund", "amount": 12.5}]
    ledger = Ledger({"pi_1": intent("pi_1", received=1000, refunded=1000)}, refunds,
                    {"#W1": order("#W1", "pi_1", status="cancelled", history=history)}, [])
    assert problems("refund_not_above_capture", ledger) == [
        "pi_1 refunded 1400 cents of 1000 captured", "order #W1 refunded 12.50 of 10.00 paid"]
