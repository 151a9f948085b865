"""Runs one saga on either engine against a fresh sandbox world, and reads back what happened."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agentcli.orchestrator.services import sandbox_services
from agentcli.trace.recorder import Recorder
from agentcli.trace.store import Store
from agentcli.workflows.engine import LocalSagaEngine
from agentcli.workflows.journal import Journal
from agentcli.workflows.result import SagaResult
from agentcli.workflows.saga import SagaDefinition
from agentcli.workflows.temporal.activities import SagaActivities
from agentcli.workflows.temporal.config import StepTimeouts, TemporalSettings
from agentcli.workflows.temporal.engine import TemporalSagaEngine, connect, connectors_spec
from agentcli.workflows.temporal.worker import build_worker
from sandbox.faults import FaultPlan
from sandbox.world import SandboxWorld

USER = "noah_brown_6181"
CARD = "credit_card_7815826"
ITEM = {"item_id": "9612497925", "price": 50.88, "name": "T-Shirt"}
# generous heartbeats: a loaded machine must not turn a slow step into a "lost" try, which
# would change the story being compared (the worker-kill test sets its own short ones)
STEADY = StepTimeouts(start_to_close=30.0, heartbeat=15.0, workflow_task=10.0)


def order_input(units: int = 1) -> dict[str, Any]:
    return {
        "user_id": USER,
        "payment_method_id": CARD,
        "amount": round(ITEM["price"] * units, 2),
        "currency": "usd",
        "items": [{**ITEM, "quantity": units}],
    }


async def fill_cart(world: SandboxWorld, units: int) -> None:
    services = sandbox_services(world)
    try:
        await services.shop.add_to_cart(USER, str(ITEM["item_id"]), units)
    finally:
        await services.aclose()


def spec(world: SandboxWorld, faults: FaultPlan | None = None) -> dict[str, Any]:
    return connectors_spec(world.root, faults)


@dataclass
class Ran:
    """A saga run and the trace database it was recorded in."""

    result: SagaResult
    store: Store
    run_id: str
    saga_id: str

    def events(self) -> list[dict[str, Any]]:
        return [{"kind": e.kind.value, **e.payload} for e in self.store.events(self.run_id)]

    def journal_steps(self) -> list[tuple[int, str, str, int]]:
        return [
            (r["idx"], r["phase"], r["status"], r["attempts"])
            for r in Journal(self.store).steps(self.saga_id)
        ]


@asynccontextmanager
async def temporal_worker(address: str, queue: str) -> AsyncIterator[None]:
    client = await connect(TemporalSettings(address=address, task_queue=queue))
    activities = SagaActivities()
    try:
        async with build_worker(client, queue, activities, sticky_timeout=1.0):
            yield
    finally:
        await activities.aclose()


def _recording(tmp: Path) -> tuple[Store, Recorder, Journal, str]:
    store = Store.open(tmp / "traces.sqlite")
    run_id = f"run-{uuid.uuid4().hex[:12]}"
    store.create_run(run_id, command="test", connectors_mode="sandbox")
    return store, Recorder(store, run_id), Journal(store), run_id


async def run_local(
    tmp: Path,
    world: SandboxWorld,
    definition: SagaDefinition,
    saga_input: dict[str, Any],
    faults: FaultPlan | None = None,
    saga_id: str = "saga-1",
) -> Ran:
    store, recorder, journal, run_id = _recording(tmp)
    services = sandbox_services(
        SandboxWorld(world.root, faults=faults), observer=_exchange_recorder(recorder)
    )
    try:
        engine = LocalSagaEngine(journal, recorder, services)
        result = await engine.run(definition, saga_id, saga_input)
    finally:
        recorder.flush()
        await services.aclose()
    return Ran(result, store, run_id, saga_id)


async def run_temporal(
    tmp: Path,
    world: SandboxWorld,
    address: str,
    queue: str,
    definition: SagaDefinition,
    saga_input: dict[str, Any],
    faults: FaultPlan | None = None,
    saga_id: str = "saga-1",
) -> Ran:
    store, recorder, journal, run_id = _recording(tmp)
    client = await connect(TemporalSettings(address=address, task_queue=queue))
    engine = TemporalSagaEngine(
        journal, recorder, client, task_queue=queue, connectors=spec(world, faults), timeouts=STEADY
    )
    result = await engine.run(definition, f"{saga_id}-{uuid.uuid4().hex[:8]}", saga_input)
    recorder.flush()
    return Ran(result, store, run_id, result.saga_id)


def _exchange_recorder(recorder: Recorder) -> Any:
    from agentcli.trace.events import HttpExchange

    def record(exchange: Any) -> None:
        recorder.record(HttpExchange.from_exchange(exchange))

    return record


def normalised(ran: Ran) -> list[tuple[Any, ...]]:
    """The saga's story without ids and times: kinds, steps, tries, errors, events, calls."""
    story: list[tuple[Any, ...]] = []
    for e in ran.events():
        kind = e["kind"]
        if kind == "http_exchange":
            path = e["url"].split(".sandbox", 1)[-1]
            story.append((kind, e["method"], _shape(path), e["status"]))
        elif kind == "domain_event":
            story.append((kind, e["type"]))
        elif kind in ("saga_started", "saga_finished"):
            story.append((kind, e["saga"], e.get("status"), e.get("failed_step")))
        else:
            error = (e.get("error") or {}).get("code")
            story.append((kind, e["step"], e["attempt"], error, e.get("will_retry")))
    return story


def _shape(path: str) -> str:
    """A path with its generated ids blanked out."""
    return "/".join(
        "ID"
        if any(c.isdigit() for c in part) and "_" in part or part.isdigit() or part.startswith("#")
        else part
        for part in path.split("/")
    )
