"""Runs one fault-matrix case against the sandbox vendors and checks the money invariants."""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agentcli.actions.retail import CancelOrder, PlaceOrder
from agentcli.orchestrator.conversation import Conversation
from agentcli.orchestrator.dispatch import Orchestrator
from agentcli.orchestrator.services import Services, sandbox_services
from agentcli.trace import Recorder, Store
from agentcli.trace.audit import verify_run
from agentcli.workflows.engine import LocalSagaEngine
from agentcli.workflows.invariants import check_journal
from agentcli.workflows.journal import Journal
from agentcli.workflows.result import SagaResult
from agentcli.workflows.retail import CANCEL_ORDER, PLACE_ORDER
from agentcli.workflows.saga import SagaDefinition
from connectors.base import RetryPolicy
from connectors.sandbox.faults import FaultPlan
from connectors.sandbox.shop.races import stock_race
from connectors.sandbox.world import SandboxWorld
from tests.reliability.cases import Case

HARPER_ID = "harper_khan_9597"
HARPER_GIFT = "gift_card_6445682"
NOTEBOOK = "9799386954"
RUN_ID = "MATRIX"
NO_WAIT = RetryPolicy(attempts=3, base_delay=0.0, max_delay=0.0)


async def no_sleep(seconds: float) -> None:
    return None


@dataclass
class Outcome:
    """What one case did, as the reliability report lists it."""

    case: str
    saga: str
    step: str
    phase: str
    fault: str
    mode: str
    first_status: str
    final_status: str
    resumed: bool
    violations: list[dict[str, Any]] = field(default_factory=list)
    trace_ok: bool = True

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Bench:
    """One case's world: vendors, trace store, engine, orchestrator."""

    world: SandboxWorld
    store: Store
    services: Services
    engine: LocalSagaEngine
    orchestrator: Orchestrator

    def faults(self, plan: FaultPlan) -> None:
        for injector in self.world.injectors.values():
            injector.use(plan)

    async def close(self) -> None:
        await self.services.aclose()
        self.store.close()


def open_bench(root: Path, template: Path) -> Bench:
    shutil.copytree(template, root / "sandbox")
    world = SandboxWorld(root / "sandbox")
    store = Store.open(root / "trace.sqlite")
    store.create_run(RUN_ID, command="fault-matrix")
    services = sandbox_services(world, faults=FaultPlan())
    services.shop.retry = services.pay.retry = NO_WAIT
    journal = Journal(store)
    engine = LocalSagaEngine(journal, Recorder(store, RUN_ID), services, sleep=no_sleep,
                             compensation_retry=RetryPolicy(attempts=4, base_delay=0.0))
    return Bench(world, store, services, engine, Orchestrator(services, engine, journal))


Setup = Callable[[Bench], Awaitable[tuple[SagaDefinition, dict[str, Any]]]]


async def place_order_input(bench: Bench) -> tuple[SagaDefinition, dict[str, Any]]:
    """Harper's cart holds one notebook; she checks out with her gift card."""
    await bench.services.shop.add_to_cart(HARPER_ID, NOTEBOOK, 1)
    conv = Conversation(user_id=HARPER_ID)
    action = PlaceOrder(action="place_order", payment_method_id=HARPER_GIFT)
    preview = await bench.orchestrator.preview(action, conv)
    return PLACE_ORDER, preview.saga_input


async def cancel_order_input(bench: Bench) -> tuple[SagaDefinition, dict[str, Any]]:
    """Harper placed an order through the agent and now cancels it."""
    definition, saga_input = await place_order_input(bench)
    placed = await bench.engine.run(definition, f"{RUN_ID}-setup", saga_input)
    assert placed.ok, placed
    conv = Conversation(user_id=HARPER_ID)
    order_id = placed.outputs["create_order"]["order_id"]
    action = CancelOrder(action="cancel_order", order_id=order_id, reason="ordered by mistake")
    preview = await bench.orchestrator.preview(action, conv)
    return CANCEL_ORDER, preview.saga_input


SETUPS: dict[str, Setup] = {"place_order": place_order_input, "cancel_order": cancel_order_input}


def sell_out_after_create(bench: Bench) -> None:
    """Another buyer takes the last units right after the order is created (a stock race)."""
    shop = bench.services.shop
    create = shop.create_order
    path = bench.world.path_of("shop")

    async def create_then_sell_out(*args: Any, **kwargs: Any) -> Any:
        order = await create(*args, **kwargs)
        stock_race(path, {"items": [{"item_id": i["item_id"]} for i in order["items"]]})
        return order

    shop.create_order = create_then_sell_out  # type: ignore[method-assign]


async def run_case(case: Case, root: Path, template: Path) -> tuple[Outcome, SagaResult]:
    """Run the case's saga under its faults; lift them and resume if it needs attention."""
    bench = open_bench(root, template)
    try:
        definition, saga_input = await SETUPS[case.target.saga](bench)
        if case.scenario == "stock_race_after_create":
            sell_out_after_create(bench)
        bench.faults(FaultPlan(rules=case.rules))
        saga_id = f"{RUN_ID}-{case.id}"
        result = await bench.engine.run(definition, saga_id, saga_input)
        first = result.status
        bench.faults(FaultPlan())
        if first not in ("completed", "compensated"):
            result = await bench.engine.resume(definition, saga_id)
        violations = await check_journal(bench.engine.journal, bench.services)
        outcome = Outcome(
            case.id, case.target.saga, case.target.step, case.target.phase, case.fault,
            case.mode, first, result.status, first != result.status,
            [v.to_dict() for v in violations], verify_run(bench.store, RUN_ID).ok,
        )
        return outcome, result
    finally:
        await bench.close()
