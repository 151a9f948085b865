"""Runs one fault-matrix case against the sandbox vendors and checks the money invariants."""

from __future__ import annotations

import asyncio
import importlib
import shutil
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from agentcli.actions import ActionBase
from agentcli.actions.retail import (
    CancelOrder,
    ModifyOrderItems,
    ModifyOrderPayment,
    PlaceOrder,
    ReturnItems,
)
from agentcli.actions.travel import BookTrip, CancelBooking
from agentcli.audit.world import audit_world, read_world_books
from agentcli.conversation import Conversation
from agentcli.orchestrator.dispatch import Orchestrator
from agentcli.orchestrator.services import Services, sandbox_services
from agentcli.trace import Recorder, Store
from agentcli.trace.audit import verify_run
from agentcli.workflows import registry
from agentcli.workflows.engine import LocalSagaEngine
from agentcli.workflows.journal import Journal
from agentcli.workflows.result import SagaResult
from agentcli.workflows.retail import PLACE_ORDER
from agentcli.workflows.saga import SagaDefinition
from connectors.base import RetryPolicy
from sandbox import trips as trips_vendor
from sandbox.faults import FaultPlan
from sandbox.shop.races import stock_race
from sandbox.world import VENDORS, SandboxWorld
from tests.reliability.cases import Case
from tests.workflows.market_bench import (
    BAZAAR_NOTEBOOK,
    HARPER,
    HARPER_CARD,
    NYC_PARIS,
    PARIS_HOTEL,
    SHOP_NOTEBOOK,
    Clock,
)

HARPER_GIFT = "gift_card_6445682"
HARPER_DELIVERED = "#W3134391"
A4_NOTEBOOK = "7579176349"  # the same notebook, A4 soft cover: $0.69 more
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
    #: cents the customer paid (less what came back) through the saga: negative for a refund
    paid: int = 0

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Bench:
    """One case's world: every vendor (trips on a fixed clock), trace store, engine."""

    world: SandboxWorld
    store: Store
    services: Services
    engine: LocalSagaEngine
    orchestrator: Orchestrator
    conv: Conversation

    def faults(self, plan: FaultPlan) -> None:
        for injector in self.world.injectors.values():
            injector.use(plan)

    async def preview(self, action: ActionBase) -> dict[str, Any]:
        return (await self.orchestrator.preview(action, self.conv)).saga_input

    async def close(self) -> None:
        await self.services.aclose()
        self.store.close()


def open_bench(root: Path, template: Path) -> Bench:
    """A fresh copy of the pristine world under `root`."""
    shutil.copytree(template, root / "sandbox")
    return reopen_bench(root)


def reopen_bench(root: Path) -> Bench:
    """The world and trace database under `root`, as they are."""
    modules: dict[str, Any] = {
        name: importlib.import_module(path) for name, path in VENDORS.items()
    }
    modules["trips"] = SimpleNamespace(
        init_db=trips_vendor.init_db,
        create_app=partial(trips_vendor.create_app, clock=Clock()),
        error_body=trips_vendor.error_body,
        stock_race=trips_vendor.stock_race,
    )
    world = SandboxWorld(root / "sandbox", modules)
    store = Store.open(root / "trace.sqlite")
    if not store.run_ids() or RUN_ID not in store.run_ids():
        store.create_run(RUN_ID, command="fault-matrix")
    services = sandbox_services(world, faults=FaultPlan(), timeout=5.0)
    for connector in (services.shop, services.pay, services.bazaar, services.trips):
        connector.retry = NO_WAIT  # type: ignore[union-attr]
    journal = Journal(store)
    engine = LocalSagaEngine(
        journal,
        Recorder(store, RUN_ID),
        services,
        sleep=no_sleep,
        compensation_retry=RetryPolicy(attempts=4, base_delay=0.0),
    )
    return Bench(
        world,
        store,
        services,
        engine,
        Orchestrator(services, engine, journal),
        Conversation(user_id=HARPER),
    )


Setup = Callable[[Bench], Awaitable[dict[str, Any]]]


async def _placed(bench: Bench, payment_method_id: str) -> str:
    """Harper checks out one notebook through the agent; the new order's id."""
    await bench.services.shop.add_to_cart(HARPER, SHOP_NOTEBOOK, 1)
    saga_input = await bench.preview(
        PlaceOrder(action="place_order", payment_method_id=payment_method_id)
    )
    placed = await bench.engine.run(PLACE_ORDER, f"{RUN_ID}-setup-order", saga_input)
    assert placed.ok, placed
    return str(placed.outputs["create_order"]["order_id"])


async def place_order(bench: Bench) -> dict[str, Any]:
    await bench.services.shop.add_to_cart(HARPER, SHOP_NOTEBOOK, 1)
    return await bench.preview(PlaceOrder(action="place_order", payment_method_id=HARPER_GIFT))


async def cancel_order(bench: Bench) -> dict[str, Any]:
    order_id = await _placed(bench, HARPER_GIFT)
    return await bench.preview(
        CancelOrder(action="cancel_order", order_id=order_id, reason="ordered by mistake")
    )


async def cross_marketplace_order(bench: Bench) -> dict[str, Any]:
    await bench.services.shop.add_to_cart(HARPER, SHOP_NOTEBOOK, 1)
    assert bench.services.bazaar is not None
    await bench.services.bazaar.add_to_cart(HARPER, BAZAAR_NOTEBOOK, 2)
    return await bench.preview(PlaceOrder(action="place_order", payment_method_id=HARPER_CARD))


TRIP = BookTrip(
    action="book_trip",
    hotel_offer_id=PARIS_HOTEL,
    flight_offer_id=NYC_PARIS,
    travellers=2,
    payment_method_id=HARPER_CARD,
)


async def book_trip(bench: Bench) -> dict[str, Any]:
    return await bench.preview(TRIP)


async def cancel_booking(bench: Bench) -> dict[str, Any]:
    booked = await bench.engine.run(
        registry.sagas()["book_trip"], f"{RUN_ID}-setup-trip", await bench.preview(TRIP)
    )
    assert booked.ok, booked
    booking_id = booked.outputs["book_trip"]["booking_id"]
    return await bench.preview(CancelBooking(action="cancel_booking", booking_id=booking_id))


async def modify_order_payment(bench: Bench) -> dict[str, Any]:
    order_id = await _placed(bench, HARPER_CARD)
    return await bench.preview(
        ModifyOrderPayment(
            action="modify_order_payment", order_id=order_id, payment_method_id=HARPER_GIFT
        )
    )


async def modify_order_items(bench: Bench) -> dict[str, Any]:
    order_id = await _placed(bench, HARPER_CARD)
    return await bench.preview(
        ModifyOrderItems(
            action="modify_order_items",
            order_id=order_id,
            item_ids=[SHOP_NOTEBOOK],
            new_item_ids=[A4_NOTEBOOK],
            payment_method_id=HARPER_CARD,
        )
    )


async def return_items(bench: Bench) -> dict[str, Any]:
    order = await bench.services.shop.get_order(HARPER_DELIVERED)
    return await bench.preview(
        ReturnItems(
            action="return_items",
            order_id=HARPER_DELIVERED,
            item_ids=[order["items"][0]["item_id"]],
            payment_method_id=order["payment_history"][0]["payment_method_id"],
        )
    )


async def _placed_in_both(bench: Bench) -> dict[str, Any]:
    """A cross-marketplace checkout through the agent's saga: its outputs."""
    saga_input = await cross_marketplace_order(bench)
    placed = await bench.engine.run(
        registry.sagas()["cross_marketplace_order"], f"{RUN_ID}-setup-both", saga_input
    )
    assert placed.ok, placed
    return placed.outputs


async def cancel_bazaar_order(bench: Bench) -> dict[str, Any]:
    """The bazaar half of a two-marketplace order is cancelled: only its part is refunded."""
    order_id = (await _placed_in_both(bench))["create_bazaar_order"]["order_id"]
    return await bench.preview(
        CancelOrder(action="cancel_order", order_id=order_id, reason="no longer needed")
    )


async def cancel_shop_part(bench: Bench) -> dict[str, Any]:
    """The shop half of a two-marketplace order is cancelled: only its part is refunded."""
    order_id = (await _placed_in_both(bench))["create_shop_order"]["order_id"]
    saga_input = await bench.preview(
        CancelOrder(action="cancel_order", order_id=order_id, reason="no longer needed")
    )
    assert saga_input.get("refund_cents"), saga_input
    return saga_input


SETUPS: dict[str, Setup] = {
    setup.__name__: setup
    for setup in (
        place_order,
        cancel_order,
        cross_marketplace_order,
        book_trip,
        cancel_booking,
        modify_order_payment,
        modify_order_items,
        return_items,
        cancel_bazaar_order,
        cancel_shop_part,
    )
}


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


def kept(bench: Bench) -> int:
    """Cents the customer is out of pocket at pay now, by the pay vendor's own books."""
    return sum(payment.kept for payment in read_world_books(bench.world).payments)


def definition_of(case: Case) -> SagaDefinition:
    return registry.sagas()[case.target.saga]


async def run_case(case: Case, root: Path, template: Path) -> tuple[Outcome, SagaResult]:
    """Run the case's saga under its faults; lift them and resume if it needs attention."""
    bench = open_bench(root, template)
    try:
        saga_input = await SETUPS[case.target.setup or case.target.saga](bench)
        definition = definition_of(case)
        if case.scenario == "stock_race_after_create":
            sell_out_after_create(bench)
        kept_before = kept(bench)
        bench.faults(FaultPlan(rules=case.rules))
        saga_id = f"{RUN_ID}-{case.id}"
        result = await bench.engine.run(definition, saga_id, saga_input)
        first = result.status
        bench.faults(FaultPlan())
        if first not in ("completed", "compensated"):
            result = await bench.engine.resume(definition, saga_id)
        violations = audit_world(bench.world, bench.store)
        outcome = Outcome(
            case.id,
            case.target.saga,
            case.target.step,
            case.target.phase,
            case.fault,
            case.mode,
            first,
            result.status,
            first != result.status,
            [v.to_dict() for v in violations],
            verify_run(bench.store, RUN_ID).ok,
            kept(bench) - kept_before,
        )
        return outcome, result
    finally:
        await bench.close()


def run_batch(case_ids: list[str], root: str, template: str) -> list[dict[str, Any]]:
    """Run these cases one after another (in a worker process); what each did, as data."""
    from tests.reliability.cases import ALL_CASES

    by_id = {case.id: case for case in ALL_CASES}

    async def batch() -> list[dict[str, Any]]:
        done = []
        for case_id in case_ids:
            where = Path(tempfile.mkdtemp(prefix="case-", dir=root))
            outcome, result = await run_case(by_id[case_id], where, Path(template))
            done.append({"outcome": outcome.to_dict(), "report": result.report()})
            shutil.rmtree(where, ignore_errors=True)
        return done

    return asyncio.run(batch())
