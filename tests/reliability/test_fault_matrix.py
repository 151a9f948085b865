"""Every step and compensation of every saga × every way a vendor call fails, once or always.

After each case the vendors' real state must hold the money invariants: no double charge, no
orphan authorisation, no order without payment, no lost compensation. A case whose saga
needed attention is resumed once the vendor behaves again, and must end consistent too.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from agentcli.workflows import registry
from agentcli.workflows.explain import failure_message
from tests.reliability.cases import ALL_CASES, Case
from tests.reliability.runner import run_batch, run_case

CHUNKS = 16

AFTER_COMMIT = {"5xx_after_commit", "timeout_after_commit", "connection_reset"}


def _after_point_of_no_return(case: Case) -> bool:
    steps = registry.sagas()[case.target.saga].steps
    names = [s.name for s in steps]
    pivots = [i for i, s in enumerate(steps) if s.irreversible]
    return bool(pivots) and names.index(case.target.step) > pivots[0]


def _expected_first(case: Case) -> set[str]:
    """What the saga's own run must end in, before any resume."""
    t = case.target
    if t.saga not in ("place_order", "cancel_order") or t.setup:
        if case.fault == "decline" and t.phase == "forward":
            # a refusal changes nothing: undo what came before, unless that cannot be undone
            return {"needs_attention"} if _after_point_of_no_return(case) else {"compensated"}
        return {"completed", "compensated", "needs_attention"}
    if case.scenario or case.fault == "stock_race":
        return {"compensated"}
    releases = t.phase == "compensate" and t.vendor == "pay" or t.step == "refund_payment"
    if releases and case.fault in AFTER_COMMIT:
        # a release reads the payment again: a void or refund that went through is seen
        return {"completed" if t.phase == "forward" else "compensated"}
    if t.phase == "compensate":
        return {"compensated"} if case.mode == "once" else {"needs_attention"}
    if t.saga == "cancel_order" and t.step == "refund_payment":
        # past the point of no return (the order is cancelled): retried, never undone
        if case.mode == "once" and case.fault != "decline":
            return {"completed"}
        return {"needs_attention"}
    if case.fault == "decline":
        return {"compensated"}
    if case.mode == "once":
        return {"completed"}
    if case.fault == "429":
        return {"compensated"}  # refused before the vendor acted: nothing to undo
    if t.saga == "cancel_order":
        return {"needs_attention"}  # the cancel may have happened: finish it, never guess
    if t.step in ("authorize_payment", "create_order"):
        # the outcome is unknown and the replay that would tell keeps failing too
        return {"needs_attention"}
    return {"compensated"}


@pytest.fixture(scope="module")
def matrix(scratch: Path, world_template: Path) -> dict[str, dict[str, Any]]:
    """Every case, run once in worker processes (one per core): outcomes by case id."""
    ids = [case.id for case in ALL_CASES]
    workers = max(2, min(4, os.cpu_count() or 2))
    chunks = [ids[i::CHUNKS] for i in range(CHUNKS)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        done = pool.map(run_batch, chunks, [str(scratch)] * CHUNKS,
                        [str(world_template)] * CHUNKS)
        return {row["outcome"]["case"]: row for rows in done for row in rows}


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.id for c in ALL_CASES])
def test_fault_matrix_case_keeps_the_money_invariants(
    case: Case, matrix: dict[str, dict[str, Any]],
    reliability_report: dict[str, list[dict[str, Any]]],
) -> None:
    outcome, report = matrix[case.id]["outcome"], matrix[case.id]["report"]
    reliability_report.setdefault("fault_matrix", []).append(outcome)
    assert outcome["violations"] == []
    assert outcome["trace_ok"]
    assert outcome["first_status"] in _expected_first(case), outcome
    assert outcome["final_status"] in ("completed", "compensated"), outcome
    if outcome["final_status"] == "compensated" and case.target.saga == "place_order":
        assert not report["charged"]


async def test_a_stock_race_before_capture_charges_nothing_and_says_so(
    case_dir: Path, world_template: Path,
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
        "charged.")
