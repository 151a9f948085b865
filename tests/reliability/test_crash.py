"""SIGKILL at every journal point of every saga, then `agentcli resume`: always consistent.

The vendors run in their own process (`agentcli sandbox serve`), so they stay alive across the
kill, exactly as remote vendors would. Each case kills a real `agentcli chat` (or `agentcli
resume`) right after one journal write; then one `agentcli resume` finishes every saga, and
the vendors' state must satisfy the money invariants with every step performed once.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from agentcli.trace import Recorder, Store
from agentcli.workflows.engine import LocalSagaEngine
from agentcli.workflows.journal import Journal
from agentcli.workflows.retail import CANCEL_ORDER, PLACE_ORDER
from agentcli.workflows.saga import journal_points
from tests.reliability.crash import (
    NOTEBOOK,
    Audit,
    Crash,
    ForkServer,
    Served,
    audit_now,
    card_holders,
    fill_carts,
    resume,
    run_crashes,
    served,
)

DECLINE_CAPTURES = """\
rules:
  - vendor: pay
    endpoint: POST /v1/payment_intents/*/capture
    fault: decline
"""
FORWARD = [p for p in journal_points(PLACE_ORDER) if ":compensate:" not in p]
UNDO = [p for p in journal_points(PLACE_ORDER)
        if ":compensate:" in p and ":capture_payment:" not in p]
UNDO_CAPTURE = [p for p in journal_points(PLACE_ORDER) if ":capture_payment:compensate:" in p]
CANCEL = journal_points(CANCEL_ORDER)


def checkout(email: str) -> list[str]:
    return [f"I'm {email}", "checkout with my card", "yes"]


@dataclass
class Scenario:
    crashes: list[Crash]
    resume_code: int
    outcomes: list[dict[str, Any]]
    audit: Audit


async def _place_orders(world: Served, users: list[str]) -> dict[str, str]:
    """Orders placed through the agent's saga (in-process) for the cancel cases."""
    store = Store.open(world.db)
    store.create_run("SETUP", command="test setup")
    services = world.services()
    placed = {}
    try:
        engine = LocalSagaEngine(Journal(store), Recorder(store, "SETUP"), services)
        for n, user_id in enumerate(users):
            await services.shop.add_to_cart(user_id, NOTEBOOK, 1)
            user = await services.shop.get_user(user_id)
            card = next(m["id"] for m in user["payment_methods"].values()
                        if m["source"] == "credit_card")
            saga_input = {"user_id": user_id, "payment_method_id": card, "amount": 28.59,
                          "currency": "usd", "items": [{"item_id": NOTEBOOK, "quantity": 1,
                                                        "price": 28.59, "name": "Notebook"}]}
            result = await engine.run(PLACE_ORDER, f"SETUP-{n}", saga_input)
            assert result.ok, result
            placed[user_id] = result.outputs["create_order"]["order_id"]
    finally:
        await services.aclose()
        store.close()
    return placed


def _saga_of(world: Served, user_id: str, name: str) -> str:
    store = Store.open(world.db)
    try:
        row = store.db.execute(
            "SELECT id FROM sagas WHERE name = ? AND json_extract(input, '$.user_id') = ? "
            "ORDER BY created_at DESC LIMIT 1", [name, user_id]).fetchone()
        return str(row[0])
    finally:
        store.close()


@pytest.fixture(scope="module")
def forks() -> Any:
    server = ForkServer()
    yield server
    server.close()


@pytest.fixture(scope="module")
def plain_world(scratch: Path, forks: ForkServer) -> Any:
    """Forward kills of place_order, rollback kills in its compensations, cancel_order kills."""
    people = card_holders()
    forward = people[:len(FORWARD)]
    rollback = people[len(FORWARD):len(FORWARD) + len(UNDO_CAPTURE)]
    cancelling = people[len(FORWARD) + len(UNDO_CAPTURE):][:len(CANCEL)]
    with served(scratch / "crash-plain") as world:
        asyncio.run(fill_carts(world, [u for u, _ in forward + rollback]))
        orders = asyncio.run(_place_orders(world, [u for u, _ in cancelling]))
        crashes = [Crash("place_order", p, checkout(email))
                   for p, (_, email) in zip(FORWARD, forward, strict=True)]
        crashes += [Crash("place_order", "place_order:capture_payment:forward:done",
                          checkout(email)) for _, email in rollback]
        crashes += [Crash("cancel_order", p, [f"I'm {email}",
                                              f"cancel order {orders[u]}, I ordered by mistake",
                                              "yes"])
                    for p, (u, email) in zip(CANCEL, cancelling, strict=True)]
        run_crashes(world, crashes, forks)
        rollbacks = [Crash("place_order", p, command=["resume", "--rollback",
                                                      _saga_of(world, u, "place_order")])
                     for p, (u, _) in zip(UNDO_CAPTURE, rollback, strict=True)]
        run_crashes(world, rollbacks, forks)
        code, outcomes, _ = resume(world)
        yield Scenario(crashes + rollbacks, code, outcomes, audit_now(world)), {
            "forward": [u for u, _ in forward], "rollback": [u for u, _ in rollback],
            "cancel": [u for u, _ in cancelling]}


@pytest.fixture(scope="module")
def declining_world(scratch: Path, forks: ForkServer) -> Any:
    """Captures are declined, so every checkout compensates: kills inside the compensations."""
    people = card_holders()[:len(UNDO)]
    with served(scratch / "crash-declining", DECLINE_CAPTURES) as world:
        asyncio.run(fill_carts(world, [u for u, _ in people]))
        crashes = [Crash("place_order", p, checkout(email))
                   for p, (_, email) in zip(UNDO, people, strict=True)]
        run_crashes(world, crashes, forks)
        code, outcomes, _ = resume(world)
        yield Scenario(crashes, code, outcomes, audit_now(world))


def _statuses(scenario: Scenario, users: list[str], name: str) -> list[str]:
    return [s["status"] for s in scenario.audit.sagas.values()
            if s["name"] == name and s["input"].get("user_id") in users
            and not s["id"].startswith("SETUP")]


def test_every_process_died_at_its_journal_point(
    plain_world: Any, declining_world: Scenario,
    reliability_report: dict[str, list[dict[str, Any]]],
) -> None:
    scenario, _ = plain_world
    crashes = scenario.crashes + declining_world.crashes
    reliability_report["crash"] = [
        {"saga": c.saga, "point": c.point, "process": c.command[0], "killed": c.killed}
        for c in crashes]
    assert [(c.point, c.returncode, c.output[-1500:]) for c in crashes if not c.killed] == []
    assert len(crashes) == len(FORWARD) + 2 * len(UNDO_CAPTURE) + len(CANCEL) + len(UNDO)


def test_resume_completes_every_checkout_killed_going_forward(plain_world: Any) -> None:
    scenario, users = plain_world
    assert scenario.resume_code == 0
    assert _statuses(scenario, users["forward"], "place_order") == ["completed"] * len(FORWARD)


def test_resume_finishes_compensations_killed_halfway(
    plain_world: Any, declining_world: Scenario,
) -> None:
    scenario, users = plain_world
    rolled = _statuses(scenario, users["rollback"], "place_order")
    assert rolled == ["compensated"] * len(UNDO_CAPTURE)
    assert declining_world.resume_code == 0
    assert [s["status"] for s in declining_world.audit.sagas.values()] == \
        ["compensated"] * len(UNDO)


def test_resume_completes_every_cancellation(plain_world: Any) -> None:
    scenario, users = plain_world
    assert _statuses(scenario, users["cancel"], "cancel_order") == ["completed"] * len(CANCEL)


def test_after_resume_the_vendors_hold_every_money_invariant_and_saw_each_step_once(
    plain_world: Any, declining_world: Scenario,
    reliability_report: dict[str, list[dict[str, Any]]],
) -> None:
    scenario, _ = plain_world
    for world in (scenario, declining_world):
        assert world.audit.violations == []
        assert world.audit.broken_chains == []
        place_orders = [s for s in world.audit.sagas if world.audit.sagas[s]["name"] ==
                        "place_order"]
        assert {world.audit.intents_per_saga.get(s) for s in place_orders} == {1}
    reliability_report["crash_audit"] = [
        {"world": name, "sagas": len(w.audit.sagas), "violations": len(w.audit.violations),
         "broken_audit_chains": len(w.audit.broken_chains),
         "statuses": sorted({s["status"] for s in w.audit.sagas.values()})}
        for name, w in (("plain", scenario), ("declining", declining_world))]
