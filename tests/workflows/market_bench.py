"""A world for saga tests of the marketplace and travel sagas: real vendors, faults, a clock."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from agentcli.conversation import Conversation
from agentcli.orchestrator.dispatch import Orchestrator
from agentcli.orchestrator.services import Services, sandbox_services
from agentcli.trace import Recorder, Store
from agentcli.workflows.engine import LocalSagaEngine
from agentcli.workflows.journal import Journal
from connectors.base import RetryPolicy
from connectors.harness import parse_fault_plan
from sandbox import trips as trips_vendor
from sandbox.faults import FaultPlan
from sandbox.world import VENDORS, SandboxWorld

HARPER = "harper_khan_9597"
HARPER_CARD = "credit_card_1719121"
SHOP_NOTEBOOK = "9799386954"  # A5 soft cover, $28.59
BAZAAR_NOTEBOOK = "BZ-NTBK-0023-WLC"  # A4 soft cover, $28.49, 16 in stock
PARIS_HOTEL = "HO-PAR02-STD-20261210-2"  # $320.00, free until 2026-12-08 15:00, fee $149
NYC_PARIS = "FO-BL106-20261210"  # $574.99 a seat, free until 2026-12-09 10:35, fee $150 each
RUN_ID = "SAGAS"
NO_WAIT = RetryPolicy(attempts=3, base_delay=0.0, max_delay=0.0)


def moment(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


class Clock:
    """The trips vendor's clock, moved by the test."""

    def __init__(self, now: str = "2026-11-30T09:00") -> None:
        self.now = moment(now)

    def __call__(self) -> float:
        return self.now


async def no_sleep(seconds: float) -> None:
    return None


@dataclass
class Bench:
    world: SandboxWorld
    store: Store
    services: Services
    engine: LocalSagaEngine
    orchestrator: Orchestrator
    clock: Clock
    conv: Conversation

    def faults(self, plan: str) -> None:
        chosen = parse_fault_plan(plan)
        for injector in self.world.injectors.values():
            injector.use(chosen)

    async def close(self) -> None:
        await self.services.aclose()
        self.store.close()


def open_bench(root: Path) -> Bench:
    """Every vendor over fresh state; trips obeys `bench.clock`; the engine never waits."""
    clock = Clock()
    modules: dict[str, Any] = {
        name: importlib.import_module(path) for name, path in VENDORS.items()
    }
    modules["trips"] = SimpleNamespace(
        init_db=trips_vendor.init_db,
        create_app=partial(trips_vendor.create_app, clock=clock),
        error_body=trips_vendor.error_body,
        stock_race=trips_vendor.stock_race,
    )
    world = SandboxWorld(root / "sandbox", modules)
    store = Store.open(root / "trace.sqlite")
    store.create_run(RUN_ID, command="saga-tests")
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
    orchestrator = Orchestrator(services, engine, journal)
    return Bench(world, store, services, engine, orchestrator, clock, Conversation(user_id=HARPER))
