"""The same confirmed checkout submitted 20 times at once charges the customer once.

Twice over: 20 concurrent submissions through one orchestrator (a UI or planner retrying), and
20 engines on their own threads, event loops, trace connections and vendor clients sharing
the trace database and the vendors (as separate agentcli processes would).
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

from agentcli.actions.retail import PlaceOrder
from agentcli.audit.world import audit_world
from agentcli.orchestrator.services import sandbox_services
from agentcli.trace import Recorder, Store
from agentcli.workflows.engine import LocalSagaEngine
from agentcli.workflows.journal import Journal
from agentcli.workflows.retail import PLACE_ORDER
from sandbox.world import SandboxWorld
from tests.reliability.runner import (
    HARPER_GIFT,
    RUN_ID,
    Bench,
    open_bench,
    place_order,
    reopen_bench,
)

SUBMISSIONS = 20
ACTION = PlaceOrder(action="place_order", payment_method_id=HARPER_GIFT)


async def _charges(bench: Bench) -> dict[str, Any]:
    intents = await bench.services.pay.list_intents("harper_khan_9597")
    user = await bench.services.shop.get_user("harper_khan_9597")
    orders = [await bench.services.shop.get_order(o) for o in user["orders"]]
    violations = audit_world(bench.world, bench.store)
    return {
        "submissions": SUBMISSIONS,
        "authorisations": len(intents),
        "charges": sum(1 for i in intents if i["amount_received"] > 0),
        "orders": sum(1 for o in orders if o.get("payment_reference")),
        "violations": [v.to_dict() for v in violations],
    }


async def test_twenty_concurrent_submissions_through_one_orchestrator_charge_once(
    case_dir: Path,
    world_template: Path,
    reliability_report: dict[str, list[dict[str, Any]]],
) -> None:
    bench = open_bench(case_dir, world_template)
    try:
        saga_input = await place_order(bench)
        preview = await bench.orchestrator.preview(ACTION, bench.conv)
        assert preview.saga_input == saga_input
        observations = await asyncio.gather(
            *(
                bench.orchestrator.execute(
                    ACTION, bench.conv, saga_id=f"{RUN_ID}-7", preview=preview
                )
                for _ in range(SUBMISSIONS)
            )
        )
        facts = await _charges(bench)
    finally:
        await bench.close()
    reliability_report.setdefault("duplicates", []).append({"mode": "one orchestrator", **facts})
    assert {o.ok for o in observations} == {True}
    assert len({o.data["outputs"]["create_order"]["order_id"] for o in observations}) == 1
    assert (facts["authorisations"], facts["charges"], facts["orders"]) == (1, 1, 1)
    assert facts["violations"] == []


def test_twenty_engines_at_once_charge_once(
    case_dir: Path,
    world_template: Path,
    reliability_report: dict[str, list[dict[str, Any]]],
) -> None:
    bench = open_bench(case_dir, world_template)
    saga_input = asyncio.run(place_order(bench))
    asyncio.run(bench.close())
    gate = threading.Barrier(SUBMISSIONS)
    statuses: list[str] = []

    async def submit(n: int) -> None:
        store = Store.open(case_dir / "trace.sqlite")
        store.create_run(f"PROCESS{n}", command="duplicate")
        services = sandbox_services(SandboxWorld(case_dir / "sandbox"))
        engine = LocalSagaEngine(Journal(store), Recorder(store, f"PROCESS{n}"), services)
        try:
            gate.wait()
            statuses.append((await engine.run(PLACE_ORDER, "SAME-ACTION", saga_input)).status)
        finally:
            await services.aclose()
            store.close()

    threads = [threading.Thread(target=asyncio.run, args=(submit(n),)) for n in range(SUBMISSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    bench = reopen_bench(case_dir)
    facts = asyncio.run(_read_and_close(bench))
    reliability_report.setdefault("duplicates", []).append({"mode": "20 engines", **facts})
    assert statuses == ["completed"] * SUBMISSIONS
    assert (facts["authorisations"], facts["charges"], facts["orders"]) == (1, 1, 1)
    assert facts["violations"] == []


class _ReadJustBeforeTheEnd(Journal):
    """A journal whose first read of the saga is the one a waiting engine took a moment
    before its owner finished: running, under the owner that has since stopped."""

    def __init__(self, store: Store, stale: dict[str, Any]) -> None:
        super().__init__(store)
        self.stale: dict[str, Any] | None = stale

    def get(self, saga_id: str) -> dict[str, Any] | None:
        stale, self.stale = self.stale, None
        return stale if stale is not None else super().get(saga_id)


async def test_an_engine_that_saw_the_saga_running_does_not_undo_it_once_finished(
    case_dir: Path, world_template: Path
) -> None:
    # one of twenty engines read the saga running, its owner finished and stopped, and the
    # late engine took the finished saga over and compensated it: a completed order refunded
    bench = open_bench(case_dir, world_template)
    saga_input = await place_order(bench)
    await bench.close()
    store = Store.open(case_dir / "trace.sqlite")
    services = sandbox_services(SandboxWorld(case_dir / "sandbox"))
    try:
        for run in ("OWNER", "LATE"):
            store.create_run(run, command="duplicate")
        owner = LocalSagaEngine(Journal(store), Recorder(store, "OWNER"), services)
        assert (await owner.run(PLACE_ORDER, "SAME-ACTION", saga_input)).status == "completed"
        stale = {**Journal(store).get("SAME-ACTION"), "status": "running"}  # type: ignore[dict-item]
        late = LocalSagaEngine(
            _ReadJustBeforeTheEnd(store, stale), Recorder(store, "LATE"), services
        )
        result = await late.run(PLACE_ORDER, "SAME-ACTION", saga_input)
    finally:
        await services.aclose()
    bench = reopen_bench(case_dir)
    facts = await _read_and_close(bench)
    assert result.status == "completed" and not result.compensated
    assert Journal(store).status("SAME-ACTION") == "completed"
    assert (facts["authorisations"], facts["charges"], facts["orders"]) == (1, 1, 1)
    assert facts["violations"] == []


async def _read_and_close(bench: Bench) -> dict[str, Any]:
    try:
        return await _charges(bench)
    finally:
        await bench.close()
