"""Every step and compensation of every saga × every way a call fails, once or always.

Each case states exactly how it must end (`expected`): the saga's own verdict, the verdict
after `agentcli resume` once the vendor behaves again, and the money the customer paid through
it. After each, `agentcli audit money` (the world's books joined with the journal) must find
nothing: no double charge, no open authorisation, no order without payment, no money kept
for nothing.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from agentcli.conversation.explain import failure_message
from agentcli.workflows import registry
from tests.reliability.cases import ALL_CASES, Case
from tests.reliability.runner import run_batch, run_case

CHUNKS = 16

UNKNOWN = {
    "5xx",
    "5xx_after_commit",
    "timeout_before_commit",
    "timeout_after_commit",
    "connection_reset",
}
"""Faults after which nobody knows whether the vendor acted (it may have)."""
AFTER_COMMIT = {"5xx_after_commit", "timeout_after_commit", "connection_reset"}
"""Faults that come after the vendor acted: a step that reads the payment again sees it."""

RELEASES = {
    ("place_order", "capture_payment"),
    ("place_order", "authorize_payment"),
    ("cross_marketplace_order", "capture_payment"),
    ("cross_marketplace_order", "authorize_payment"),
    ("book_trip", "capture_payment"),
    ("book_trip", "authorize_payment"),
    ("modify_order_payment", "authorize_payment"),
    ("modify_order_items", "authorize_payment"),
}
"""Compensations that go through `payments.release`, which reads the payment before acting."""
RELEASING_STEPS = {"cancel_order-refund_payment", "modify_order_payment-refund_previous"}
"""Forward steps that also settle through `payments.release` (the shop-part cancel refunds a
part with `refund_part` instead, which does not)."""

MONEY = {
    "place_order": 2859,
    "cancel_order": -2859,
    "cancel_shop_part": -2859,
    "cancel_bazaar_order": -5698,
    "cancel_booking": -146998,
    "modify_order_items": 69,
    "modify_order_payment": 0,
    "return_items": 0,
}
"""Cents the customer pays through each saga that completes (negative: refunded); a saga
that is compensated moves no money. A changed payment method charges the new method what
it refunds to the old one; a return request moves none until the shop processes it."""


@dataclass(frozen=True)
class Expected:
    """How the case must end: the saga's own verdict, the verdict after `agentcli resume`, and
    the money the customer paid through it."""

    first: str
    final: str
    paid: int


def _position(case: Case) -> tuple[bool, str]:
    """(whether the target step is a read or undone without its result, where it sits against
    the saga's point of no return: "before", "at" or "after")."""
    steps = registry.sagas()[case.target.saga].steps
    index = [s.name for s in steps].index(case.target.step)
    step = steps[index]
    pivots = [i for i, s in enumerate(steps) if s.irreversible]
    where = "before" if not pivots or index < pivots[0] else "at" if index == pivots[0] else "after"
    settles = (step.compensate is None and not step.irreversible) or step.undo_without_result
    return settles and where == "before", where


def _first(case: Case) -> str:
    t = case.target
    if case.scenario or case.fault == "stock_race":
        return "compensated"  # sold out before the capture: the order is cancelled, no charge
    settles, where = _position(case)
    if t.phase == "compensate":
        if case.mode == "once":
            return "compensated"  # the compensation's retries absorb one failure
        if (t.saga, t.step) in RELEASES and case.fault in AFTER_COMMIT:
            return "compensated"  # the release reads the payment: the void or refund happened
        return "needs_attention"  # a compensation that keeps failing waits for an operator
    if case.mode == "once" and not (case.fault == "decline" and where == "after"):
        return "compensated" if case.fault == "decline" else "completed"
    if where == "after":
        if f"{t.setup or t.saga}-{t.step}" in RELEASING_STEPS and case.fault in AFTER_COMMIT:
            return "completed"  # it reads the payment again and sees the refund went through
        return "needs_attention"  # past the point of no return: finished, never undone
    if settles or case.fault not in UNKNOWN:
        return "compensated"  # a refusal (or a read) changed nothing: undo what came before
    return "needs_attention"  # the vendor may have acted, and the call that would tell fails


def expected(case: Case) -> Expected:
    first = _first(case)
    final = first
    if first == "needs_attention":
        _, where = _position(case)
        final = (
            "completed" if case.target.phase == "forward" and where != "before" else "compensated"
        )
    paid = MONEY[case.target.setup or case.target.saga] if final == "completed" else 0
    return Expected(first, final, paid)


@pytest.fixture(scope="module")
def matrix(scratch: Path, world_template: Path) -> dict[str, dict[str, Any]]:
    """Every case, run once in worker processes (one per core): outcomes by case id."""
    ids = [case.id for case in ALL_CASES]
    workers = max(2, min(4, os.cpu_count() or 2))
    chunks = [ids[i::CHUNKS] for i in range(CHUNKS)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        done = pool.map(run_batch, chunks, [str(scratch)] * CHUNKS, [str(world_template)] * CHUNKS)
        return {row["outcome"]["case"]: row for rows in done for row in rows}


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.id for c in ALL_CASES])
def test_fault_matrix_case_ends_as_stated_and_the_books_agree(
    case: Case,
    matrix: dict[str, dict[str, Any]],
    reliability_report: dict[str, list[dict[str, Any]]],
) -> None:
    outcome, report = matrix[case.id]["outcome"], matrix[case.id]["report"]
    reliability_report.setdefault("fault_matrix", []).append(outcome)
    assert outcome["violations"] == []
    assert outcome["trace_ok"]
    ended = Expected(outcome["first_status"], outcome["final_status"], outcome["paid"])
    assert ended == expected(case), outcome
    if ended.final == "compensated":
        assert not report["charged"]  # and the customer is told nothing was charged


async def test_a_stock_race_before_capture_charges_nothing_and_says_so(
    case_dir: Path,
    world_template: Path,
) -> None:
    [race] = [c for c in ALL_CASES if c.scenario == "stock_race_after_create"]
    outcome, result = await run_case(race, case_dir, world_template)
    assert outcome.first_status == "compensated"
    assert result.failed_step == "check_stock"
    assert result.error is not None and "sold out just before payment" in result.error.message
    assert result.compensated == ("create_order", "authorize_payment")
    assert result.undone[0].startswith("cancelled order #W")
    assert result.undone[1] == "released the $28.59 hold on your payment method"
    assert not result.charged
    assert failure_message(result.report()) == (
        "I could not place the order: Notebook sold out just before payment. So I "
        f"{result.undone[0]} and released the $28.59 hold on your payment method; nothing was "
        "charged."
    )
